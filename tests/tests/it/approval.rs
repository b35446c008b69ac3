//! The approval service through a real client: documents registered by intake
//! reach the office, then the leaders by portfolio; decisions, substitution.

use gongwen_proto::Resource;
use std::time::Duration;

use chrono::Utc;
use gongwen_proto::{
    approval::v1::{self as apb, DecisionKind, ItemState, StepReason},
    common::v1 as pb,
    intake::v1 as ipb,
};
use tonic::{Code, Request};

use crate::harness::{TestServer, cst, on_both_backends};

fn as_leader<T>(leader: &str, msg: T) -> Request<T> {
    crate::harness::as_subject(&format!("leader:{leader}"), msg)
}

fn as_office<T>(msg: T) -> Request<T> {
    TestServer::as_dept("office", msg)
}

/// Submits a document from `unit` and waits until approval has taken it.
async fn submitted(
    s: &mut TestServer,
    unit: &str,
    head: &str,
    doc_type: pb::DocType,
    urgency: pb::Urgency,
    n: u32,
) -> apb::Item {
    let body = if doc_type == pb::DocType::Report {
        "现将我局2026年上半年工作情况报告如下：完成重点任务12项，推进项目建设38个，群众满意度明显提升。特此报告。"
    } else {
        "为保障重点项目建设用地需求，我局拟调整年度用地计划指标，涉及新增建设用地120公顷。恳请市政府批准调整方案。妥否，请批示。"
    };
    let doc = pb::Document {
        doc_type: doc_type as i32,
        issuing_body: "市直部门".into(),
        doc_number: format!("市发〔2026〕{n}号"),
        title: format!("关于有关事项的{}", if doc_type == pb::DocType::Report { "报告" } else { "请示" }),
        main_recipient: "市政府".into(),
        body: format!("{body}（{n}）"),
        request_matters: if doc_type == pb::DocType::Request { vec!["批准调整方案".into()] } else { vec![] },
        urgency: urgency as i32,
        signed_off_by: head.into(),
        date_of_writing: "2026年3月5日".into(),
        ..Default::default()
    };
    let env = ipb::Envelope {
        submitting_unit: unit.into(),
        addressee: ipb::AddresseeKind::Government as i32,
        ..Default::default()
    };
    let sub = s
        .client
        .submit(TestServer::as_dept(
            unit,
            ipb::SubmitRequest { document: Some(doc), envelope: Some(env), idempotency_key: format!("a-{n}") },
        ))
        .await
        .unwrap()
        .into_inner()
        .submission
        .unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
    for _ in 0..200 {
        if let Ok(item) = s.approval.get(apb::GetRequest::by_submission_id(sub.id.clone())).await {
            return item.into_inner().resource();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("approval never received {}", sub.receipt_number);
}

fn decision(id: &str, kind: DecisionKind, opinion: &str) -> apb::DecideRequest {
    apb::DecideRequest {
        id: id.into(),
        kind: kind as i32,
        opinion: opinion.into(),
        signed_name: "签名".into(),
        signed_date: "2026年3月9日".into(),
        ..Default::default()
    }
}

fn propose(id: &str, major: bool, co: &[&str]) -> apb::ProposeRequest {
    apb::ProposeRequest {
        request_id: String::new(),
        id: id.into(),
        proposal: "拟请分管副市长审批".into(),
        major,
        co_approvers: co.iter().map(|c| (*c).to_owned()).collect(),
        forward_to_department: String::new(),
        instructed_by: String::new(),
        expedite: false,
    }
}

on_both_backends! {
    async fn a_major_request_goes_office_then_deputy_then_co_approver_then_mayor(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 1).await;
        assert_eq!(item.state(), ItemState::OfficeReview);
        // The route the directory gives is shown before the office's review.
        assert_eq!(item.route.iter().map(|r| r.leader.as_str()).collect::<Vec<_>>(), ["vm-zhao"]);
        let queue = s.approval.inbox(apb::InboxRequest { office_queue: true, ..Default::default() }).await.unwrap().into_inner();
        assert_eq!(queue.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [item.id.as_str()], "in the office's queue");
        // Leaders do not decide what the office has not reviewed (jining 五十九).
        let err = s.approval.decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意"))).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        let err = s.approval.propose(as_leader("vm-zhao", propose(&item.id, true, &[]))).await.unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied, "only the office writes 拟办");
        let item = s.approval.propose(as_office(propose(&item.id, true, &["vm-sun"]))).await.unwrap().into_inner().resource();
        let route: Vec<(String, StepReason)> = item.route.iter().map(|r| (r.leader.clone(), r.reason())).collect();
        assert_eq!(route, [("vm-zhao".into(), StepReason::InCharge), ("vm-sun".into(), StepReason::CoApproval), ("mayor".into(), StepReason::MajorMatter)]);
        let inbox = s.approval.inbox(apb::InboxRequest { leader: "vm-zhao".into(), ..Default::default() }).await.unwrap().into_inner();
        assert_eq!(inbox.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [item.id.as_str()]);
        let err = s.approval.decide(as_leader("vm-sun", decision(&item.id, DecisionKind::Approve, "同意"))).await.unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied, "not vm-sun's step yet");
        let mut undated = decision(&item.id, DecisionKind::Approve, "");
        undated.signed_date = "3月9日".into();
        let err = s.approval.decide(as_leader("vm-zhao", undated)).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        assert!(err.message().contains("jining 五十七"), "{}", err.message());
        s.approval.decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意，报市长审定"))).await.unwrap();
        // jining 五十七: a request with a specific ask needs a written opinion; 圈阅 decides nothing.
        let err = s.approval.decide(as_leader("vm-sun", decision(&item.id, DecisionKind::Circle, ""))).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        assert!(err.message().contains("jining 五十七"), "{}", err.message());
        let item = s.approval.decide(as_leader("vm-sun", decision(&item.id, DecisionKind::Approve, "同意"))).await.unwrap().into_inner().resource();
        assert_eq!(item.decisions[1].meaning, "consent");
        let item = s.approval.decide(as_leader("mayor", decision(&item.id, DecisionKind::Approve, "同意"))).await.unwrap().into_inner().resource();
        assert_eq!(item.state(), ItemState::Decided);
        // The submitting department sees the outcome.
        let seen = s.approval.get(apb::GetRequest::by_submission_id(item.submission_id.clone())).await.unwrap().into_inner().resource();
        assert_eq!(seen.decisions.len(), 3);
        // …and follows it on the Watch stream.
        let mut events = s.approval.watch(apb::WatchRequest { after_event_id: 0, submitting_unit: "natres".into() }).await.unwrap().into_inner();
        let mut states = Vec::new();
        while let Ok(Some(Ok(e))) = tokio::time::timeout(Duration::from_secs(5), futures::StreamExt::next(&mut events)).await {
            let e = e.resource();
            states.push((e.state(), e.detail));
            if states.last().unwrap().0 == ItemState::Decided {
                break;
            }
        }
        assert_eq!(states.first().map(|s| s.0), Some(ItemState::OfficeReview));
        assert_eq!(states.last(), Some(&(ItemState::Decided, "mayor: consent".to_owned())), "{states:?}");
        s.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn circling_a_report_records_read_and_forwarding_adds_a_co_approver() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "ziyang").await;
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Report, pb::Urgency::Normal, 2).await;
    s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap();
    let mut fwd = decision(&item.id, DecisionKind::Forward, "请孙副市长阅");
    fwd.forward_to = "vm-sun".into();
    let item = s.approval.decide(as_leader("vm-zhao", fwd)).await.unwrap().into_inner().resource();
    assert_eq!(item.current_leader, "vm-sun");
    let item = s
        .approval
        .decide(as_leader("vm-sun", decision(&item.id, DecisionKind::Circle, "")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(item.decisions.last().unwrap().meaning, "read", "圈阅 on a report is read (ziyang 四十八)");
    assert_eq!(item.state(), ItemState::Decided);
    s.stop().await;
}

async fn away(s: &mut TestServer, leader: &str) -> Result<apb::Absence, tonic::Status> {
    let now = Utc::now();
    let ts = |t: chrono::DateTime<Utc>| prost_types::Timestamp { seconds: t.timestamp(), nanos: 0 };
    let req = apb::SetAbsenceRequest {
        request_id: String::new(),
        leader: leader.into(),
        start_time: Some(ts(now - chrono::Duration::hours(1))),
        end_time: Some(ts(now + chrono::Duration::days(3))),
        reason: "出访".into(),
    };
    s.approval.set_absence(as_office(req)).await.map(|r| r.into_inner().resource())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absent_deputys_items_go_to_the_executive_deputy_in_ziyang_57_and_the_backup_in_jining_8() {
    // ziyang 五十七's A/B pairs are for 部分政务活动 (public engagements), not documents.
    for (rulebook, substitute) in [("ziyang", "exec-vm"), ("jining", "vm-zhou")] {
        let mut s = TestServer::start(gongwen_store::Backend::Sqlite, rulebook).await;
        away(&mut s, "vm-sun").await.unwrap();
        // 市教育局 is in vm-sun's portfolio.
        let item = submitted(&mut s, "education", "文博", pb::DocType::Request, pb::Urgency::Normal, 3).await;
        let item = s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap().into_inner().resource();
        assert_eq!((item.current_leader.as_str(), item.acting_leader.as_str()), ("vm-sun", substitute), "{rulebook}");
        let inbox = s
            .approval
            .inbox(apb::InboxRequest { leader: substitute.into(), ..Default::default() })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(inbox.items.len(), 1, "{rulebook}");
        let item = s
            .approval
            .decide(as_leader(substitute, decision(&item.id, DecisionKind::Approve, "同意")))
            .await
            .unwrap()
            .into_inner()
            .resource();
        let d = &item.decisions[0];
        assert_eq!(
            (d.decided_by.as_str(), d.on_behalf_of.as_str()),
            (substitute, "vm-sun"),
            "{rulebook}: on behalf of"
        );
        s.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_partners_away_goes_to_the_executive_deputy_and_the_mayor_and_executive_are_not_away_together() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "ziyang").await;
    away(&mut s, "vm-sun").await.unwrap();
    away(&mut s, "vm-zhao").await.unwrap();
    let item = submitted(&mut s, "education", "文博", pb::DocType::Request, pb::Urgency::Normal, 4).await;
    let item = s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap().into_inner().resource();
    assert_eq!(item.acting_leader, "exec-vm", "ziyang: a deputy away → the executive deputy");
    away(&mut s, "mayor").await.unwrap();
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ziyang_76_the_mayor_and_the_executive_away_together_is_accepted_with_a_warning() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "ziyang").await;
    let first = away(&mut s, "mayor").await.unwrap();
    assert!(first.warnings.is_empty());
    let second = away(&mut s, "exec-vm").await.unwrap();
    assert!(
        second.warnings.iter().any(|w| w.starts_with("BOTH_AWAY") && w.contains("ziyang 七十六")),
        "{:?}",
        second.warnings
    );
    let log = s
        .audit
        .list_audit(as_office(gongwen_proto::audit::v1::ListAuditRequest {
            chain: "approval".into(),
            page_size: 1000,
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert!(log.entries.iter().any(|e| e.action == "approval.set_absence.both_away" && e.subject == second.id));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ziyang_51_the_office_may_expedite_an_urgent_document_jining_59_reviews_every_one() {
    let expedite =
        |id: &str| apb::ProposeRequest { expedite: true, proposal: String::new(), ..propose(id, false, &[]) };
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "ziyang").await;
    // 必要时: the office decides per document; an urgent item waits for it like any other.
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::ExtraUrgent, 5).await;
    assert_eq!(item.state(), ItemState::OfficeReview);
    let item = s.approval.propose(as_office(expedite(&item.id))).await.unwrap().into_inner().resource();
    assert_eq!(item.state(), ItemState::WithLeaders, "ziyang 五十一: 急事急办");
    assert!(item.expedited && item.proposal.contains("ziyang 五十一"), "{}", item.proposal);
    let normal = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 7).await;
    let err = s.approval.propose(as_office(expedite(&normal.id))).await.unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition, "only urgent documents are expedited");
    s.stop().await;
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::ExtraUrgent, 6).await;
    assert_eq!(item.state(), ItemState::OfficeReview, "jining 五十九: no decision without the office's review");
    let err = s.approval.propose(as_office(expedite(&item.id))).await.unwrap_err();
    assert!(err.message().contains("jining 五十九"), "{}", err.message());
    let sa = s
        .approval
        .signing_authority(apb::SigningAuthorityRequest {
            issuer: apb::Issuer::Government as i32,
            direction: apb::Direction::Upward as i32,
            subject: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sa.signers, ["mayor", "executive_deputy_mayor"]);
    assert!(sa.source.starts_with("jining 六十一(一)"));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwarded_item_goes_yellow_then_red_and_closes_after_report_and_verification() {
    use gongwen_proto::approval::v1::{Flag, SupervisionState};
    // Monday 2026-03-02.
    let mut s = crate::harness::server_at(gongwen_store::Backend::Postgres, "jining", "2026-03-02T10:00:00").await;
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 7).await;
    s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap();
    let item = s
        .approval
        .decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意，转市自然资源和规划局办理")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(item.state(), ItemState::Decided);
    let fwd = apb::ForwardRequest {
        request_id: String::new(),
        id: item.id.clone(),
        departments: vec!["natres".into()],
        instruction: "按批示办理并报告结果".into(),
        due_working_days: 5,
    };
    assert_eq!(s.approval.forward(as_leader("vm-zhao", fwd.clone())).await.unwrap_err().code(), Code::PermissionDenied);
    let item = s.approval.forward(as_office(fwd)).await.unwrap().into_inner().resource();
    let task = &item.supervision[0];
    assert_eq!((task.flag(), task.working_days_left), (Flag::Blue, 5), "due at the end of Monday 03-09");
    // Friday 03-06: one working day left → yellow (jining 七十: 蓝黄红).
    s.clock.set(cst("2026-03-06T10:00:00"));
    let get = apb::GetRequest::by_id(item.id.clone());
    let item = s.approval.get(get.clone()).await.unwrap().into_inner().resource();
    assert_eq!((item.supervision[0].flag(), item.supervision[0].working_days_left), (Flag::Yellow, 1));
    assert!(s.approval.overdue(apb::OverdueRequest::default()).await.unwrap().into_inner().entries.is_empty());
    // Wednesday 03-11: two working days late → red, listed by department and by leader.
    s.clock.set(cst("2026-03-11T10:00:00"));
    let item = s.approval.get(get.clone()).await.unwrap().into_inner().resource();
    assert_eq!(item.supervision[0].flag(), Flag::Red);
    let overdue = s.approval.overdue(apb::OverdueRequest::default()).await.unwrap().into_inner();
    assert_eq!(overdue.entries.len(), 1);
    assert_eq!((overdue.entries[0].department.as_str(), overdue.entries[0].working_days_late), ("natres", 2));
    assert_eq!(overdue.by_department.get("natres"), Some(&1));
    assert_eq!(overdue.by_leader.get("vm-zhao"), Some(&1));
    // 反馈 by the department itself, 核查 and 销号 by the office.
    let report = apb::ReportRequest {
        request_id: String::new(),
        id: item.id.clone(),
        department: "natres".into(),
        report: "已按批示完成，报告如下……".into(),
    };
    assert_eq!(
        s.approval.report(TestServer::as_dept("drc", report.clone())).await.unwrap_err().code(),
        Code::PermissionDenied
    );
    s.approval.report(TestServer::as_dept("natres", report)).await.unwrap();
    let close = apb::CloseRequest { request_id: String::new(), id: item.id.clone(), department: "natres".into() };
    assert_eq!(
        s.approval.close(as_office(close.clone())).await.unwrap_err().code(),
        Code::FailedPrecondition,
        "销号 only after 核查"
    );
    s.approval
        .verify(as_office(apb::VerifyRequest {
            request_id: String::new(),
            id: item.id.clone(),
            department: "natres".into(),
            accepted: true,
            note: "核查属实".into(),
        }))
        .await
        .unwrap();
    let item = s.approval.close(as_office(close)).await.unwrap().into_inner().resource();
    assert_eq!(item.supervision[0].state(), SupervisionState::Closed);
    assert!(s.approval.overdue(apb::OverdueRequest::default()).await.unwrap().into_inner().entries.is_empty());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_routed_twice_across_a_restart_and_a_clear_matter_goes_straight_to_its_department() {
    let mut s = TestServer::start(gongwen_store::Backend::Postgres, "ziyang").await;
    let first = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 8).await;
    let (url, dir) = s.stop().await;
    // Restarted: the consumer resumes from its stored cursor.
    let mut s = TestServer::start_on(&url, "ziyang", dir).await;
    let second = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 9).await;
    let again = s
        .approval
        .get(apb::GetRequest::by_submission_id(first.submission_id.clone()))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(again.id, first.id);
    let items: i64 =
        s.db.fetch_one(gongwen_store::query("SELECT count(*) FROM approval_items")).await.unwrap().get(0).unwrap();
    assert_eq!(items, 2, "one item per registered submission");
    // Within the department's remit and answerable: forwarded straight to it (ziyang 四十七).
    // ziyang 四十七: 由市政府秘书长、副秘书长批示后直接转交 — not without their instruction.
    let mut req = propose(&second.id, false, &[]);
    req.forward_to_department = "natres".into();
    let err = s.approval.propose(as_office(req.clone())).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().contains("ziyang 四十七"), "{}", err.message());
    req.instructed_by = "vm-zhao".into();
    assert_eq!(
        s.approval.propose(as_office(req.clone())).await.unwrap_err().code(),
        Code::InvalidArgument,
        "a deputy mayor is not the secretary-general"
    );
    req.instructed_by = "dsg".into();
    let item = s.approval.propose(as_office(req)).await.unwrap().into_inner().resource();
    assert_eq!((item.state(), item.forwarded_to.as_str()), (ItemState::ForwardedToDepartment, "natres"));
    assert_eq!(item.forward_instructed_by, "dsg");
    s.stop().await;
}

on_both_backends! {
    /// The cursor crosses from the urgent items to the others inside a page (the index seek
    /// of `store::inbox` has one branch for each).
    async fn inboxes_page_urgent_first_then_newest_with_keyset_tokens(backend) {
    let mut s = TestServer::start(backend, "jining").await;
    let mut ids = Vec::new();
    for (n, urgency) in [
        (10, pb::Urgency::Normal),
        (11, pb::Urgency::Urgent),
        (12, pb::Urgency::Normal),
        (13, pb::Urgency::ExtraUrgent),
        (14, pb::Urgency::Normal),
    ] {
        ids.push((n, submitted(&mut s, "natres", "邱土根", pb::DocType::Request, urgency, n).await.id));
    }
    let expected: Vec<String> =
        [13, 11, 14, 12, 10].iter().map(|n| ids.iter().find(|(m, _)| m == n).unwrap().1.clone()).collect();
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = s
            .approval
            .inbox(apb::InboxRequest { office_queue: true, page_size: 2, page_token: token, ..Default::default() })
            .await
            .unwrap()
            .into_inner();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|i| i.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, expected, "urgent first, newest first, no repeats");
    let err = s
        .approval
        .inbox(apb::InboxRequest { office_queue: true, page_token: "x".into(), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    s.stop().await;
}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urgent_documents_get_shorter_time_limits_per_step() {
    // Monday 2026-03-02.
    let mut s = crate::harness::server_at(gongwen_store::Backend::Sqlite, "ziyang", "2026-03-02T10:00:00").await;
    let due = |item: &apb::Item| item.route[0].due_time.as_ref().map(|t| t.seconds);
    // 特急, expedited by the office (ziyang 五十一): one working day → end of 03-03.
    let urgent = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::ExtraUrgent, 20).await;
    let req = apb::ProposeRequest { expedite: true, ..propose(&urgent.id, false, &[]) };
    let urgent = s.approval.propose(as_office(req)).await.unwrap().into_inner().resource();
    assert_eq!(due(&urgent), Some(cst("2026-03-04T00:00:00").timestamp()));
    // Normal: five working days from the office's proposal → end of 03-09.
    let normal = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 21).await;
    let normal = s.approval.propose(as_office(propose(&normal.id, false, &[]))).await.unwrap().into_inner().resource();
    assert_eq!(due(&normal), Some(cst("2026-03-10T00:00:00").timestamp()));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_mayor_is_away_the_executive_deputy_decides_on_the_mayors_behalf_until_the_absence_ends() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let absence = away(&mut s, "mayor").await.unwrap();
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 31).await;
    s.approval.propose(as_office(propose(&item.id, true, &[]))).await.unwrap();
    let item = s
        .approval
        .decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意，报市长")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!((item.current_leader.as_str(), item.acting_leader.as_str()), ("mayor", "exec-vm"), "jining 六");
    // The mayor is back: the step is the mayor's again.
    s.approval
        .end_absence(as_office(apb::EndAbsenceRequest { request_id: String::new(), id: absence.id }))
        .await
        .unwrap();
    let item = s.approval.get(apb::GetRequest::by_id(item.id.clone())).await.unwrap().into_inner().resource();
    assert_eq!(item.acting_leader, "mayor");
    away(&mut s, "mayor").await.unwrap();
    let item = s
        .approval
        .decide(as_leader("exec-vm", decision(&item.id, DecisionKind::Approve, "同意")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    let d = item.decisions.last().unwrap();
    assert_eq!((d.decided_by.as_str(), d.on_behalf_of.as_str()), ("exec-vm", "mayor"));
    assert_eq!(item.state(), ItemState::Decided);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ziyang_48_a_circle_on_a_request_is_consent() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "ziyang").await;
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 3).await;
    s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap();
    let leader = s
        .approval
        .get(as_office(apb::GetRequest::by_id(item.id.clone())))
        .await
        .unwrap()
        .into_inner()
        .resource()
        .current_leader;
    let item = s
        .approval
        .decide(as_leader(&leader, decision(&item.id, DecisionKind::Circle, "")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(item.decisions[0].meaning, "consent", "ziyang 四十八: 对请示性公文圈阅视为同意");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jining_69_a_leaders_written_instruction_on_a_report_forwards_it_and_opens_supervision() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Report, pb::Urgency::Normal, 40).await;
    let item = s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap().into_inner().resource();
    let leader = item.current_leader.clone();
    let mut instruct = decision(&item.id, DecisionKind::Instruct, "请市住建局研究办理，十个工作日内报结果");
    let err = s.approval.decide(as_leader(&leader, instruct.clone())).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "an instruction names its departments and limit");
    instruct.instruct_departments = vec!["housing".into()];
    instruct.due_working_days = 10;
    let item = s.approval.decide(as_leader(&leader, instruct)).await.unwrap().into_inner().resource();
    assert_eq!(item.decisions[0].meaning, "instructed");
    let task = item
        .supervision
        .iter()
        .find(|t| t.department == "housing")
        .expect("a supervision task (jining 六十九(六): 批示件)");
    assert_eq!(task.instruction, "请市住建局研究办理，十个工作日内报结果");
    assert!(task.due_time.is_some() && task.due_basis.is_some());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ziyang_73_an_extra_urgent_item_on_a_holiday_goes_to_the_leader_on_duty_in_hours() {
    // 2026-10-02, National Day: the sample roster has vm-zhao on duty from 10-01 to 10-04.
    let mut s = crate::harness::server_at(gongwen_store::Backend::Sqlite, "ziyang", "2026-10-02T10:00:00").await;
    let item = submitted(&mut s, "education", "文博", pb::DocType::Request, pb::Urgency::ExtraUrgent, 50).await;
    let req = apb::ProposeRequest { expedite: true, ..propose(&item.id, false, &[]) };
    let item = s.approval.propose(as_office(req)).await.unwrap().into_inner().resource();
    assert_eq!(
        (item.current_leader.as_str(), item.acting_leader.as_str()),
        ("vm-sun", "vm-zhao"),
        "the leader on duty acts"
    );
    assert_eq!(
        item.route[0].due_time.as_ref().unwrap().seconds,
        cst("2026-10-03T10:00:00").timestamp(),
        "24 hours, not working days"
    );
    let inbox = |leader: &str| apb::InboxRequest { leader: leader.into(), ..Default::default() };
    let duty = s.approval.inbox(as_leader("vm-zhao", inbox("vm-zhao"))).await.unwrap().into_inner();
    assert_eq!(
        duty.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [item.id.as_str()],
        "in the duty leader's inbox"
    );
    let own = s.approval.inbox(as_leader("vm-sun", inbox("vm-sun"))).await.unwrap().into_inner();
    assert!(own.items.is_empty(), "not in the step leader's while the duty leader acts");
    let item = s
        .approval
        .decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(item.decisions[0].on_behalf_of, "vm-sun");
    // A normal item on the same holiday waits for its leader, in working days.
    let normal = submitted(&mut s, "education", "文博", pb::DocType::Request, pb::Urgency::Normal, 51).await;
    let normal = s.approval.propose(as_office(propose(&normal.id, false, &[]))).await.unwrap().into_inner().resource();
    assert_eq!(normal.acting_leader, "vm-sun");
    s.stop().await;
}

on_both_backends! {
    async fn across_new_year_intake_numbers_afresh_and_approval_counts_to_the_configured_close_of_business(backend) {
        use gongwen_calendar::ManualClock;
        let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let url = gongwen_store::testing::fresh_url(backend, dir.path()).await.unwrap();
        let clock = ManualClock::new(cst("2026-12-31T16:00:00"));
        let close = chrono::NaiveTime::from_hms_opt(17, 30, 0);
        let mut s = TestServer::start_with(&url, "ziyang", dir, clock, close).await;
        let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 31).await;
        assert_eq!(item.receipt_number, "收文〔2026〕1号");
        // Five working days from Thursday 12-31: 元旦 (2027 is provisional) and the weekend are not
        // counted, so 01-04 … 01-08, ending at the configured 17:30, not at midnight.
        let item = s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap().into_inner().resource();
        assert_eq!(item.route[0].due_time.as_ref().unwrap().seconds, cst("2027-01-08T17:30:00").timestamp());
        assert_eq!(item.route[0].due_basis.as_ref().unwrap().provisional_years, [2027]);
        // A (test) 2027 notice with 元旦 to 01-04 is published: the step is recounted to
        // 01-05 … 01-11, audited and announced.
        let notice = "region = \"national\"\n[[years]]\nyear = 2027\nsource = \"测试通知（测试用）\"\nholidays = [ { name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-04\" } ]\nworkdays = []\n";
        let mut cal = gongwen_proto::calendar::v1::calendar_service_client::CalendarServiceClient::new(crate::harness::as_default(crate::harness::raw_channel(s.addr).await, Some("office")));
        cal.publish_notice(gongwen_proto::calendar::v1::PublishNoticeRequest { request_id: String::new(), notice_toml: notice.into() }).await.unwrap();
        let mut moved = None;
        for _ in 0..100 {
            let now = s.approval.get(as_office(apb::GetRequest::by_id(item.id.clone()))).await.unwrap().into_inner().resource();
            if now.route[0].due_time.as_ref().unwrap().seconds == cst("2027-01-11T17:30:00").timestamp() {
                moved = Some(now);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let moved = moved.expect("the step's deadline is recounted");
        assert!(moved.route[0].due_basis.as_ref().unwrap().provisional_years.is_empty());
        let log = s.audit.list_audit(gongwen_proto::audit::v1::ListAuditRequest { chain: "approval".into(), page_size: 1000, ..Default::default() }).await.unwrap().into_inner();
        assert_eq!(log.entries.iter().filter(|e| e.action == "approval.recount" && e.subject == item.id).count(), 1);
        // Past midnight in Beijing: the new year's first receipt.
        s.clock.set(cst("2027-01-01T00:00:10"));
        let next = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, 32).await;
        assert_eq!(next.receipt_number, "收文〔2027〕1号");
        s.stop().await;
    }
}

on_both_backends! {
    async fn the_overdue_report_pages_in_due_order_and_counts_every_late_task(backend) {
        // Monday 2026-03-02: two decided items forwarded, one due in 3 working days, the other
        // in 5 to two departments; on 03-16 all three tasks are late.
        let mut s = crate::harness::server_at(backend, "jining", "2026-03-02T10:00:00").await;
        let mut ids = Vec::new();
        for (n, departments, days) in [(21, vec!["natres".to_owned(), "drc".to_owned()], 5), (22, vec!["natres".to_owned()], 3)] {
            let item = submitted(&mut s, "natres", "邱土根", pb::DocType::Request, pb::Urgency::Normal, n).await;
            s.approval.propose(as_office(propose(&item.id, false, &[]))).await.unwrap();
            s.approval.decide(as_leader("vm-zhao", decision(&item.id, DecisionKind::Approve, "同意，转有关部门办理"))).await.unwrap();
            let fwd = apb::ForwardRequest {
                request_id: String::new(),
                id: item.id.clone(),
                departments,
                instruction: "按批示办理并报告结果".into(),
                due_working_days: days,
            };
            s.approval.forward(as_office(fwd)).await.unwrap();
            ids.push(item.id);
        }
        s.clock.set(cst("2026-03-16T10:00:00"));
        let mut seen = Vec::new();
        let mut token = String::new();
        loop {
            let page = s
                .approval
                .overdue(apb::OverdueRequest { page_size: 1, page_token: token.clone() })
                .await
                .unwrap()
                .into_inner();
            // Every page counts every late task, not only its own.
            assert_eq!(page.by_department.get("natres"), Some(&2));
            assert_eq!(page.by_department.get("drc"), Some(&1));
            assert_eq!(page.by_leader.get("vm-zhao"), Some(&3));
            assert_eq!(page.entries.len(), 1);
            let e = &page.entries[0];
            seen.push((e.item_id.clone(), e.department.clone(), e.working_days_late));
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        // Due order: the 3-day task (late since 03-05's end: 03-06 … 03-16 = 7 working days),
        // then the 5-day item's two tasks (due 03-09) by department.
        assert_eq!(
            seen,
            [
                (ids[1].clone(), "natres".to_owned(), 7),
                (ids[0].clone(), "drc".to_owned(), 5),
                (ids[0].clone(), "natres".to_owned(), 5),
            ]
        );
        // A token is bound to its query: a made-up one is refused.
        let err = s.approval.overdue(apb::OverdueRequest { page_size: 1, page_token: "bm90IG91cnM".into() }).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        s.stop().await;
    }
}
