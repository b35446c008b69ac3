//! The countersign service through a real client, with a driven clock.

use gongwen_proto::Resource;
use gongwen_proto::common::v1::Verdict;
use std::time::Duration;

use chrono::{DateTime, Utc};
use gongwen_proto::{
    countersign::v1::countersign_service_client::CountersignServiceClient as CountersignClient,
    countersign::v1::{self as cpb, RoundState, TaskState},
    intake::v1 as ipb,
};
use sha2::{Digest, Sha256};
use tonic::Code;

use crate::harness::{TestServer, on_both_backends, request};

use crate::harness::{cst, server_at as server};

fn body_sha(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

/// A round on the sample audit draft (its content is `body`), opened under `key`.
pub(crate) fn open(lead: &str, participants: &[&str], body: &str, key: &str) -> cpb::OpenRoundRequest {
    cpb::OpenRoundRequest {
        lead_department: lead.into(),
        draft: Some(cpb::Draft {
            title: "关于开展政府投资项目专项审计的请示（送审稿）".into(),
            doc_type: gongwen_proto::common::v1::DocType::Request as i32,
            summary: "专项审计".into(),
            content_sha256: body_sha(body),
        }),
        participants: participants.iter().map(|p| (*p).to_owned()).collect(),
        limit: cpb::LimitKind::RulebookDefault as i32,
        limit_working_days: 0,
        idempotency_key: key.into(),
    }
}

fn reply(round: &str, dept: &str, verdict: Verdict, comments: &str) -> cpb::ReplyRequest {
    cpb::ReplyRequest {
        request_id: String::new(),
        round_id: round.into(),
        department: dept.into(),
        verdict: verdict as i32,
        comments: comments.into(),
        // The principal head the sample directories name (jining 五十六: 主要负责人会签).
        signed_by: gongwen_org::builtin("jining")
            .unwrap()
            .department(dept)
            .map_or("负责人", |d| d.principal_head.as_str())
            .to_owned(),
    }
}

fn due(round: &cpb::Round, dept: &str) -> DateTime<Utc> {
    let t = round.tasks.iter().find(|t| t.department == dept).unwrap();
    let ts = t.due_time.as_ref().unwrap();
    DateTime::from_timestamp(ts.seconds, ts.nanos as u32).unwrap()
}

/// Waits until the deadline worker has fired (the clock was moved past it).
async fn wait_for(s: &mut TestServer, round: &str, dept: &str, state: TaskState) -> cpb::Round {
    for _ in 0..200 {
        let r = s.countersign.get(cpb::GetRequest { round_id: round.into() }).await.unwrap().into_inner().resource();
        if r.tasks.iter().any(|t| t.department == dept && t.state() == state) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{dept} never became {state:?}");
}

on_both_backends! {
    async fn two_replies_and_a_silent_consent_give_a_certificate_that_intake_accepts(backend) {
        // Jining 五十九: 3 working days; opened Thursday 2026-04-30, across 劳动节 → ends 2026-05-08.
        let mut s = server(backend, "jining", "2026-04-30T10:00:00").await;
        let (doc, mut env) = request();
        let req = open("audit", &["finance", "drc", "justice"], &doc.body, "round-1");
        let round = s.countersign.open_round(TestServer::as_dept("audit", req)).await.unwrap().into_inner().resource();
        assert_eq!(round.limit_working_days, 3);
        assert!(round.limit_source.starts_with("jining 五十九"));
        assert_eq!(due(&round, "justice"), cst("2026-05-09T00:00:00"));
        s.countersign.reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Agreed, ""))).await.unwrap();
        s.countersign.reply(TestServer::as_dept("drc", reply(&round.id, "drc", Verdict::AgreedWithComments, "建议压缩经费"))).await.unwrap();
        // Not yet due: concluding now is refused.
        let err = s.countersign.conclude(TestServer::as_dept("audit", cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() })).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        s.clock.set(cst("2026-05-09T00:00:01"));
        let r = wait_for(&mut s, &round.id, "justice", TaskState::DeemedConsent).await;
        let justice = r.tasks.iter().find(|t| t.department == "justice").unwrap();
        assert!(justice.deemed_time.is_some() && justice.reply_time.is_none(), "recorded as deemed, not given");
        assert!(justice.deemed_article.contains("jining 五十九"));
        // Replying after the deadline is refused.
        let late = s.countersign.reply(TestServer::as_dept("justice", reply(&round.id, "justice", Verdict::Agreed, ""))).await.unwrap_err();
        assert_eq!(late.code(), Code::FailedPrecondition);
        let cert = s.countersign.conclude(TestServer::as_dept("audit", cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() })).await.unwrap().into_inner().resource();
        assert_eq!(cert.verdicts.len(), 3);
        assert!(cert.verdicts.iter().any(|v| v.department == "justice" && v.deemed));

        env.concerned_departments = vec!["finance".into(), "drc".into(), "justice".into()];
        env.countersign = Some(ipb::CountersignCertificate { round_id: cert.round_id.clone(), digest: cert.digest.clone(), ..Default::default() });
        let sub = s.client.submit(ipb::SubmitRequest { document: Some(doc.clone()), envelope: Some(env.clone()), idempotency_key: "with-cert".into() })
            .await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);

        // A forged digest, or a certificate for another text, is returned (I-6).
        let mut forged = env.clone();
        forged.countersign.as_mut().unwrap().digest = "0".repeat(64);
        let mut other = doc.clone();
        other.doc_number = "济审发〔2026〕99号".into();
        let sub = s.client.submit(ipb::SubmitRequest { document: Some(other.clone()), envelope: Some(forged), idempotency_key: "forged".into() })
            .await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Returned);
        assert!(sub.findings.iter().any(|f| f.code == "COUNTERSIGNED" && f.message_en.contains("digest")), "{:?}", sub.findings);
        other.body.push_str("（修改稿）");
        let sub = s.client.submit(ipb::SubmitRequest { document: Some(other), envelope: Some(env), idempotency_key: "other-text".into() })
            .await.unwrap().into_inner().submission.unwrap();
        assert!(sub.findings.iter().any(|f| f.code == "COUNTERSIGNED" && f.message_en.contains("another text")), "{:?}", sub.findings);
        s.stop().await;
    }
}

on_both_backends! {
    async fn an_extension_moves_the_deadline_only_when_granted(backend) {
        let mut s = server(backend, "urumqi", "2025-06-04T10:00:00").await;
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance", "drc"], "正文", "r"))).await.unwrap().into_inner().resource();
        // Urumqi 四十九: 7 working days; 古尔邦节 6/6–10 is off in Xinjiang → ends 2025-06-18, at
        // the close of Xinjiang's summer hours (20:00, the rulebook's close_of_business).
        assert_eq!(due(&round, "finance"), cst("2025-06-18T20:00:00"));
        for dept in ["finance", "drc"] {
            let ask = cpb::RequestExtensionRequest { request_id: String::new(), round_id: round.id.clone(), department: dept.into(), working_days: 10, reason: "需征求下属单位意见".into() };
            s.countersign.request_extension(TestServer::as_dept(dept, ask)).await.unwrap();
        }
        let grant = cpb::DecideExtensionRequest { request_id: String::new(), round_id: round.id.clone(), department: "finance".into(), grant: true, note: "同意".into() };
        // Only the lead department decides.
        let err = s.countersign.decide_extension(TestServer::as_dept("finance", grant.clone())).await.unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied);
        let r = s.countersign.decide_extension(TestServer::as_dept("audit", grant)).await.unwrap().into_inner().resource();
        assert_eq!(due(&r, "finance"), cst("2025-06-23T20:00:00"), "10 working days from 06-04");
        let refuse = cpb::DecideExtensionRequest { request_id: String::new(), round_id: round.id.clone(), department: "drc".into(), grant: false, note: "不同意".into() };
        let r = s.countersign.decide_extension(TestServer::as_dept("audit", refuse)).await.unwrap().into_inner().resource();
        assert_eq!(due(&r, "drc"), cst("2025-06-18T20:00:00"));
        s.clock.set(cst("2025-06-20T09:00:00"));
        wait_for(&mut s, &round.id, "drc", TaskState::DeemedConsent).await;
        // finance still may reply within its extension.
        s.countersign.reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Agreed, ""))).await.unwrap();
        s.stop().await;
    }
}

/// Opens a complex-matter round in Jining at `now` and returns its due instant.
async fn complex_due(now: &str) -> DateTime<Utc> {
    let mut s = server(gongwen_store::Backend::Sqlite, "jining", now).await;
    let mut req = open("audit", &["finance"], "正文", "c");
    req.limit = cpb::LimitKind::ComplexMatter as i32;
    let round = s.countersign.open_round(TestServer::as_dept("audit", req)).await.unwrap().into_inner().resource();
    assert_eq!(round.limit_working_days, 5);
    assert!(round.limit_source.starts_with("jining 五十九"), "{}", round.limit_source);
    s.stop().await;
    due(&round, "finance")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jining_59_a_complex_matter_gets_a_working_week_never_less_than_the_ordinary_three_days() {
    // National Day: from 09-30 the ordinary 3 working days end 10-10 (a make-up Saturday); a
    // calendar week would end 10-08, before them. A working week: 10-08, 09, 10, 12, 13.
    assert_eq!(complex_due("2026-09-30T10:00:00").await, cst("2026-10-14T00:00:00"));
    // Spring Festival 2026 (02-15 to 02-23, make-up days 02-14 and 02-28): from 02-12,
    // 02-13, 02-14, 02-24, 02-25, 02-26.
    assert_eq!(complex_due("2026-02-12T10:00:00").await, cst("2026-02-27T00:00:00"));
    // Labour Day 2026 (05-01 to 05-05, make-up Saturday 05-09): from 04-30, 05-06, 07, 08, 09, 11.
    assert_eq!(complex_due("2026-04-30T10:00:00").await, cst("2026-05-12T00:00:00"));

    let mut s = server(gongwen_store::Backend::Sqlite, "jining", "2026-09-28T10:00:00").await;
    let mut lead_set = open("audit", &["finance"], "正文", "d");
    lead_set.limit = cpb::LimitKind::LeadSet as i32;
    lead_set.limit_working_days = 1;
    let round = s.countersign.open_round(TestServer::as_dept("audit", lead_set)).await.unwrap().into_inner().resource();
    assert_eq!(due(&round, "finance"), cst("2026-09-30T00:00:00"));
    // Urumqi has no complex-matter limit.
    let mut s2 = server(gongwen_store::Backend::Sqlite, "urumqi", "2026-09-28T10:00:00").await;
    let mut req = open("audit", &["finance"], "正文", "e");
    req.limit = cpb::LimitKind::ComplexMatter as i32;
    let err = s2.countersign.open_round(TestServer::as_dept("audit", req)).await.unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition);
    s.stop().await;
    s2.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_right_department_may_act() {
    let mut s = server(gongwen_store::Backend::Sqlite, "jining", "2026-03-02T10:00:00").await;
    let mut anonymous = CountersignClient::new(crate::harness::raw_channel(s.addr).await);
    let err = anonymous.open_round(open("audit", &["finance"], "正文", "x")).await.unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);
    let err = s
        .countersign
        .open_round(TestServer::as_dept("finance", open("audit", &["finance"], "正文", "x")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    let round = s
        .countersign
        .open_round(TestServer::as_dept("audit", open("audit", &["finance"], "正文", "x")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    let err = s
        .countersign
        .reply(TestServer::as_dept("drc", reply(&round.id, "finance", Verdict::Agreed, "")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied, "drc may not reply for finance");
    let err = s
        .countersign
        .reply(TestServer::as_dept("drc", reply(&round.id, "drc", Verdict::Agreed, "")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied, "drc is not a participant");
    let err = s
        .countersign
        .withdraw(TestServer::as_dept(
            "finance",
            cpb::WithdrawRequest { request_id: String::new(), round_id: round.id.clone(), reason: "x".into() },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    let err = s
        .countersign
        .reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Disagreed, "")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "a disagreement needs its reasons");
    // A withdrawn round cannot be concluded.
    s.countersign
        .withdraw(TestServer::as_dept(
            "audit",
            cpb::WithdrawRequest { request_id: String::new(), round_id: round.id.clone(), reason: "撤回".into() },
        ))
        .await
        .unwrap();
    let err = s
        .countersign
        .conclude(TestServer::as_dept(
            "audit",
            cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition);
    let bad = cpb::OpenRoundRequest { lead_department: "audit".into(), ..Default::default() };
    let err = s.countersign.open_round(TestServer::as_dept("audit", bad)).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    s.stop().await;
}

on_both_backends! {
    async fn ziyang_escalates_level_by_level_then_concludes_with_every_partys_position(backend) {
        let mut s = server(backend, "ziyang", "2026-03-02T10:00:00").await;
        let (doc, mut env) = request();
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance", "drc"], &doc.body, "z"))).await.unwrap().into_inner().resource();
        s.countersign.reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Disagreed, "经费应由部门预算解决"))).await.unwrap();
        // Ziyang has no silent consent: drc's silence lapses without a verdict.
        s.clock.set(cst("2026-03-20T09:00:00"));
        let r = wait_for(&mut s, &round.id, "drc", TaskState::Lapsed).await;
        assert_eq!(r.state(), RoundState::Disputed);
        let mut coordinators = Vec::new();
        for level in 1..=3 {
            let esc = cpb::EscalateRequest { request_id: String::new(), round_id: round.id.clone(), outcome: format!("第{level}级协调未达成一致"), agreed: false };
            let r = s.countersign.escalate(TestServer::as_dept("audit", esc)).await.unwrap().into_inner().resource();
            coordinators.push(r.escalations.last().unwrap().coordinator.clone());
        }
        assert_eq!(coordinators, ["lead_principal_head", "liaison_deputy_secretary_general", "leader_in_charge"]);
        let esc = cpb::EscalateRequest { request_id: String::new(), round_id: round.id.clone(), outcome: "再协调".into(), agreed: false };
        assert_eq!(s.countersign.escalate(TestServer::as_dept("audit", esc)).await.unwrap_err().code(), Code::FailedPrecondition);
        let without_record = cpb::ConcludeRequest { request_id: String::new(), round_id: round.id.clone(), positions: "审计局…；财政局…".into(), proposal: "建议…".into(), coordination_record: String::new() };
        assert_eq!(s.countersign.conclude(TestServer::as_dept("audit", without_record.clone())).await.unwrap_err().code(), Code::InvalidArgument);
        let full = cpb::ConcludeRequest { coordination_record: "经三级逐级协调".into(), ..without_record };
        let cert = s.countersign.conclude(TestServer::as_dept("audit", full)).await.unwrap().into_inner().resource();
        assert!(cert.disputed);
        // Intake (ziyang 四十六): finance's dispute with every party's positions, and drc's lapse with
        // the coordination it had, go to the government together: the consultation did not block.
        assert!(cert.verdicts.iter().any(|v| v.department == "drc" && v.verdict() == Verdict::Lapsed));
        env.concerned_departments = vec!["finance".into(), "drc".into()];
        env.countersign = Some(ipb::CountersignCertificate { round_id: cert.round_id.clone(), digest: cert.digest.clone(), ..Default::default() });
        let sub = s.client.submit(ipb::SubmitRequest { document: Some(doc), envelope: Some(env), idempotency_key: "z1".into() })
            .await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
        s.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_are_listed_by_lead_by_pending_task_and_by_state_and_watched() {
    use futures::StreamExt;
    let mut s = server(gongwen_store::Backend::Postgres, "jining", "2026-03-02T10:00:00").await;
    let a = s
        .countersign
        .open_round(TestServer::as_dept("audit", open("audit", &["finance", "drc"], "甲", "a")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    let b = s
        .countersign
        .open_round(TestServer::as_dept("finance", open("finance", &["drc"], "乙", "b")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    s.countersign.reply(TestServer::as_dept("finance", reply(&a.id, "finance", Verdict::Agreed, ""))).await.unwrap();
    let list = |lead: &str, pending: &str| cpb::ListRequest {
        lead_department: lead.into(),
        pending_for: pending.into(),
        ..Default::default()
    };
    let ids = |r: cpb::ListResponse| r.rounds.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(s.countersign.list(list("audit", "")).await.unwrap().into_inner()), std::slice::from_ref(&a.id));
    assert_eq!(ids(s.countersign.list(list("", "drc")).await.unwrap().into_inner()), [b.id.clone(), a.id.clone()]);
    assert!(ids(s.countersign.list(list("", "finance")).await.unwrap().into_inner()).is_empty(), "finance has replied");
    let mut events = s
        .countersign
        .watch(cpb::WatchRequest { round_id: a.id.clone(), ..Default::default() })
        .await
        .unwrap()
        .into_inner();
    let kinds = [
        events.next().await.unwrap().unwrap().resource().kind(),
        events.next().await.unwrap().unwrap().resource().kind(),
    ];
    assert_eq!(kinds, [cpb::RoundEventKind::Opened, cpb::RoundEventKind::Replied]);
    s.countersign.reply(TestServer::as_dept("drc", reply(&a.id, "drc", Verdict::Agreed, ""))).await.unwrap();
    let next = tokio::time::timeout(Duration::from_secs(5), events.next()).await.unwrap().unwrap().unwrap().resource();
    assert_eq!((next.kind(), next.department.as_str()), (cpb::RoundEventKind::Replied, "drc"));
    drop(events);
    // Idempotent opening: the same key gives the same round.
    let again = s
        .countersign
        .open_round(TestServer::as_dept("audit", open("audit", &["finance", "drc"], "甲", "a")))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert_eq!(again.id, a.id);
    s.stop().await;
}

on_both_backends! {
    async fn rounds_opened_before_the_new_year_get_provisional_due_dates(backend) {
        // No 2027 notice yet: Jining's 3 working days from 2026-12-29 end on 2027-01-04 (元旦
        // computed from the rules in force), and the task says what its date rests on.
        let mut s = server(backend, "jining", "2026-12-29T10:00:00").await;
        let body = "我局拟开展专项审计。恳请市政府批准。";
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance"], body, "ny"))).await.unwrap().into_inner().resource();
        assert_eq!(due(&round, "finance"), cst("2027-01-05T00:00:00"));
        let basis = round.tasks[0].due_basis.clone().expect("due basis");
        assert_eq!(basis.provisional_years, [2027]);
        assert!(!basis.calendar_version.is_empty());
        s.stop().await;

        // Urumqi: 7 working days from 2026-12-24, with Xinjiang's overlay: 2027-01-05, ending at
        // the close of winter hours (19:30).
        let mut s = server(backend, "urumqi", "2026-12-24T10:00:00").await;
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance"], body, "ny"))).await.unwrap().into_inner().resource();
        assert_eq!(due(&round, "finance"), cst("2027-01-05T19:30:00"));
        assert_eq!(round.tasks[0].due_basis.as_ref().unwrap().provisional_years, [2027]);
        s.stop().await;

        // A round counted wholly on published data says none.
        let mut s = server(backend, "jining", "2026-11-24T10:00:00").await;
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance"], body, "ny"))).await.unwrap().into_inner().resource();
        assert!(round.tasks[0].due_basis.as_ref().unwrap().provisional_years.is_empty());
        s.stop().await;
    }
}

on_both_backends! {
    async fn ziyang_46_a_lapse_does_not_block_a_late_reply_counts_and_a_lapse_is_escalated(backend) {
        // Ziyang has no silent consent: a department that never replies lapses, and must not block for ever.
        let mut s = server(backend, "ziyang", "2026-03-02T10:00:00").await;
        let (doc, _) = request();
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance", "drc"], &doc.body, "l1"))).await.unwrap().into_inner().resource();
        s.countersign.reply(TestServer::as_dept("drc", reply(&round.id, "drc", Verdict::Agreed, ""))).await.unwrap();
        s.clock.set(cst("2026-03-20T09:00:00"));
        wait_for(&mut s, &round.id, "finance", TaskState::Lapsed).await;
        // A late reply is accepted until the round concludes.
        let r = s.countersign.reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Agreed, ""))).await.unwrap().into_inner().resource();
        assert_eq!(r.tasks.iter().find(|t| t.department == "finance").unwrap().state(), TaskState::Agreed);

        // Another round: the lapse is escalated up the ladder like a disagreement, and concluded with
        // the coordination it had.
        let round = s.countersign.open_round(TestServer::as_dept("audit", open("audit", &["finance"], &doc.body, "l2"))).await.unwrap().into_inner().resource();
        s.clock.set(cst("2026-04-10T09:00:00"));
        wait_for(&mut s, &round.id, "finance", TaskState::Lapsed).await;
        let esc = cpb::EscalateRequest { request_id: String::new(), round_id: round.id.clone(), outcome: "审计局主要负责人协调，财政局仍未回复".into(), agreed: false };
        let r = s.countersign.escalate(TestServer::as_dept("audit", esc)).await.unwrap().into_inner().resource();
        assert_eq!(r.escalations[0].coordinator, "lead_principal_head");
        let bare = cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() };
        let err = s.countersign.conclude(TestServer::as_dept("audit", bare.clone())).await.unwrap_err();
        assert!(err.message().contains("ziyang 四十六"), "{}", err.message());
        let cert = s.countersign.conclude(TestServer::as_dept("audit", cpb::ConcludeRequest { coordination_record: "经主办单位主要负责人协调，财政局逾期未复".into(), ..bare })).await.unwrap().into_inner().resource();
        assert_eq!(cert.verdicts[0].verdict(), Verdict::Lapsed);
        // After the conclusion a late reply is refused: the record is closed.
        let err = s.countersign.reply(TestServer::as_dept("finance", reply(&round.id, "finance", Verdict::Agreed, ""))).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        s.stop().await;
    }
}
