//! The authorisation matrix through real gRPC calls: every service, every
//! role, every denial — each a PermissionDenied whose ErrorInfo names the
//! rule, and each recorded in the audit log. Plus classified content shown
//! only to cleared principals with a role in its circulation.

use gongwen_auth::Clearance;
use gongwen_proto::Resource;
use gongwen_proto::{
    approval::v1 as apb,
    audit::v1 as aupb,
    common::v1 as pb,
    countersign::v1::{self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient},
    intake::v1 as ipb,
};
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

use crate::harness::{TestServer, approval_item, approve, as_subject, nth_request, raw_channel, token_with};

/// A request from `subject` with `clearance`.
fn as_cleared<T>(subject: &str, clearance: Clearance, msg: T) -> Request<T> {
    let mut r = Request::new(msg);
    r.metadata_mut().insert("authorization", format!("Bearer {}", token_with(subject, clearance)).parse().unwrap());
    r
}

/// The outcome of one call, as the matrix compares it: Ok, or the code and
/// the ErrorInfo reason.
type Outcome = Result<(), (Code, String)>;

fn outcome<T>(r: Result<tonic::Response<T>, Status>) -> Outcome {
    match r {
        Ok(_) => Ok(()),
        Err(s) => Err((s.code(), s.get_details_error_info().map(|i| i.reason).unwrap_or_default())),
    }
}

fn denied(rule: &str) -> Outcome {
    Err((Code::PermissionDenied, rule.to_owned()))
}

const ALLOWED: Outcome = Ok(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_matrix_through_grpc_and_every_denial_audited() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let sub = s.client.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered);
    let open = cpb::OpenRoundRequest {
        lead_department: "audit".into(),
        draft: Some(cpb::Draft { title: "会签稿".into(), content_sha256: "a".repeat(64), ..Default::default() }),
        participants: vec!["finance".into(), "drc".into()],
        limit: cpb::LimitKind::RulebookDefault as i32,
        idempotency_key: "m-1".into(),
        ..Default::default()
    };
    let round =
        s.countersign.open_round(as_subject("department:audit", open.clone())).await.unwrap().into_inner().resource();
    let item = approval_item(&mut s, &sub.id).await;
    let propose =
        apb::ProposeRequest { id: item.id.clone(), proposal: "拟请领导审批".into(), ..Default::default() };
    let item = s.approval.propose(as_subject("office", propose.clone())).await.unwrap().into_inner().resource();
    let wrong_leader =
        ["mayor", "exec-vm", "vm-zhao", "vm-sun", "vm-zhou"].into_iter().find(|l| *l != item.acting_leader).unwrap();
    let decide = approve(&item.id);
    let (i, r) = (item.id.clone(), round.id.clone());
    let ext = |dept: &str| cpb::DecideExtensionRequest {
        request_id: String::new(),
        round_id: r.clone(),
        department: dept.into(),
        grant: true,
        note: String::new(),
    };
    let reply = |dept: &str| cpb::ReplyRequest {
        round_id: r.clone(),
        department: dept.into(),
        verdict: gongwen_proto::common::v1::Verdict::Agreed as i32,
        signed_by: "负责人".into(),
        ..Default::default()
    };
    let mut other = nth_request(1);
    other.envelope.as_mut().unwrap().submitting_unit = "finance".into();

    let (mut ic, mut cc, mut ac, mut au) =
        (s.client.clone(), s.countersign.clone(), s.approval.clone(), s.audit.clone());
    let mut rows: Vec<(&str, &str, Outcome, Outcome)> = Vec::new();
    macro_rules! row {
        ($who:expr, $what:expr, $call:expr, $expect:expr) => {
            rows.push(($who, $what, outcome($call.await), $expect));
        };
    }
    // intake
    row!(
        "department:finance",
        "submit for audit",
        ic.submit(as_subject("department:finance", nth_request(2))),
        denied("DEPARTMENT_SUBMITS_FOR_ITSELF")
    );
    row!("office", "submit", ic.submit(as_subject("office", nth_request(3))), denied("DEPARTMENT_SUBMITS_FOR_ITSELF"));
    row!(
        "leader:mayor",
        "submit",
        ic.submit(as_subject("leader:mayor", nth_request(4))),
        denied("DEPARTMENT_SUBMITS_FOR_ITSELF")
    );
    row!(
        "department:audit",
        "precheck for finance",
        ic.precheck(as_subject(
            "department:audit",
            ipb::PrecheckRequest { document: other.document.clone(), envelope: other.envelope.clone() }
        )),
        denied("DEPARTMENT_SUBMITS_FOR_ITSELF")
    );
    row!(
        "department:nowhere",
        "list",
        ic.list(as_subject("department:nowhere", ipb::ListRequest::default())),
        denied("UNKNOWN_PRINCIPAL")
    );
    row!(
        "department:finance",
        "get audit's",
        ic.get(as_subject("department:finance", ipb::GetRequest::by_id(sub.id.clone()))),
        denied("ROLE_IN_CIRCULATION")
    );
    row!(
        "department:audit",
        "get own",
        ic.get(as_subject("department:audit", ipb::GetRequest::by_id(sub.id.clone()))),
        ALLOWED
    );
    row!("leader:mayor", "get", ic.get(as_subject("leader:mayor", ipb::GetRequest::by_id(sub.id.clone()))), ALLOWED);
    row!(
        "department:audit",
        "list all",
        ic.list(as_subject("department:audit", ipb::ListRequest::default())),
        denied("ROLE_IN_CIRCULATION")
    );
    row!(
        "department:audit",
        "list own",
        ic.list(as_subject(
            "department:audit",
            ipb::ListRequest { submitting_unit: "audit".into(), ..Default::default() }
        )),
        ALLOWED
    );
    row!(
        "department:finance",
        "watch audit's",
        ic.watch(as_subject(
            "department:finance",
            ipb::WatchRequest { submitting_unit: "audit".into(), ..Default::default() }
        )),
        denied("ROLE_IN_CIRCULATION")
    );
    // countersign
    row!(
        "department:finance",
        "open for audit",
        cc.open_round(as_subject(
            "department:finance",
            cpb::OpenRoundRequest { idempotency_key: "m-2".into(), ..open.clone() }
        )),
        denied("DEPARTMENT_ACTS_FOR_ITSELF")
    );
    row!(
        "department:drc",
        "reply for finance",
        cc.reply(as_subject("department:drc", reply("finance"))),
        denied("DEPARTMENT_ACTS_FOR_ITSELF")
    );
    row!(
        "office",
        "reply for finance",
        cc.reply(as_subject("office", reply("finance"))),
        denied("DEPARTMENT_ACTS_FOR_ITSELF")
    );
    row!(
        "department:health",
        "reply (no task)",
        cc.reply(as_subject("department:health", reply("health"))),
        denied("ROLE_IN_ROUND")
    );
    row!(
        "department:finance",
        "grant extension",
        cc.decide_extension(as_subject("department:finance", ext("drc"))),
        denied("LEAD_DEPARTMENT_ONLY")
    );
    row!(
        "department:finance",
        "escalate",
        cc.escalate(as_subject(
            "department:finance",
            cpb::EscalateRequest { round_id: r.clone(), ..Default::default() }
        )),
        denied("LEAD_DEPARTMENT_ONLY")
    );
    row!(
        "office",
        "conclude",
        cc.conclude(as_subject("office", cpb::ConcludeRequest { round_id: r.clone(), ..Default::default() })),
        denied("LEAD_DEPARTMENT_ONLY")
    );
    row!(
        "department:drc",
        "withdraw",
        cc.withdraw(as_subject(
            "department:drc",
            cpb::WithdrawRequest { request_id: String::new(), round_id: r.clone(), reason: "x".into() }
        )),
        denied("LEAD_DEPARTMENT_ONLY")
    );
    row!(
        "department:health",
        "get round",
        cc.get(as_subject("department:health", cpb::GetRequest { round_id: r.clone() })),
        denied("ROLE_IN_ROUND")
    );
    row!(
        "department:finance",
        "get round",
        cc.get(as_subject("department:finance", cpb::GetRequest { round_id: r.clone() })),
        ALLOWED
    );
    row!(
        "department:health",
        "list audit's",
        cc.list(as_subject(
            "department:health",
            cpb::ListRequest { lead_department: "audit".into(), ..Default::default() }
        )),
        denied("ROLE_IN_ROUND")
    );
    row!(
        "department:audit",
        "watch all",
        cc.watch(as_subject("department:audit", cpb::WatchRequest::default())),
        denied("OFFICE_OR_SERVICE_ONLY")
    );
    row!("department:finance", "reply own", cc.reply(as_subject("department:finance", reply("finance"))), ALLOWED);
    // approval
    row!(
        "department:audit",
        "propose",
        ac.propose(as_subject("department:audit", propose.clone())),
        denied("OFFICE_ONLY")
    );
    row!("leader:mayor", "propose", ac.propose(as_subject("leader:mayor", propose.clone())), denied("OFFICE_ONLY"));
    row!("office", "decide", ac.decide(as_subject("office", decide.clone())), denied("LEADER_ONLY"));
    row!(
        "department:audit",
        "decide",
        ac.decide(as_subject("department:audit", decide.clone())),
        denied("LEADER_ONLY")
    );
    row!(
        "leader (not routed)",
        "decide",
        ac.decide(as_subject(&format!("leader:{wrong_leader}"), decide.clone())),
        denied("STEP_ROUTED_TO_YOU")
    );
    row!(
        "leader:vm-zhao",
        "absence of vm-sun",
        ac.set_absence(as_subject(
            "leader:vm-zhao",
            apb::SetAbsenceRequest { leader: "vm-sun".into(), ..Default::default() }
        )),
        denied("OWN_ABSENCE")
    );
    row!(
        "department:audit",
        "forward",
        ac.forward(as_subject("department:audit", apb::ForwardRequest { id: i.clone(), ..Default::default() })),
        denied("OFFICE_ONLY")
    );
    row!(
        "department:finance",
        "report for audit",
        ac.report(as_subject(
            "department:finance",
            apb::ReportRequest {
                request_id: String::new(),
                id: i.clone(),
                department: "audit".into(),
                report: "x".into()
            }
        )),
        denied("OWN_TASK")
    );
    row!(
        "leader:mayor",
        "verify",
        ac.verify(as_subject("leader:mayor", apb::VerifyRequest { id: i.clone(), ..Default::default() })),
        denied("OFFICE_ONLY")
    );
    row!(
        "department:audit",
        "close",
        ac.close(as_subject("department:audit", apb::CloseRequest { id: i.clone(), ..Default::default() })),
        denied("OFFICE_ONLY")
    );
    row!(
        "department:finance",
        "get audit's item",
        ac.get(as_subject("department:finance", apb::GetRequest::by_id(i.clone()))),
        denied("ROLE_IN_CIRCULATION")
    );
    row!(
        "department:audit",
        "get own item",
        ac.get(as_subject("department:audit", apb::GetRequest::by_id(i.clone()))),
        ALLOWED
    );
    row!(
        "leader:vm-zhao",
        "mayor's inbox",
        ac.inbox(as_subject("leader:vm-zhao", apb::InboxRequest { leader: "mayor".into(), ..Default::default() })),
        denied("OWN_INBOX")
    );
    row!(
        "department:audit",
        "office queue",
        ac.inbox(as_subject("department:audit", apb::InboxRequest { office_queue: true, ..Default::default() })),
        denied("OWN_INBOX")
    );
    row!(
        "department:audit",
        "overdue",
        ac.overdue(as_subject("department:audit", apb::OverdueRequest::default())),
        denied("OFFICE_ONLY")
    );
    row!(
        "department:finance",
        "watch audit's items",
        ac.watch(as_subject(
            "department:finance",
            apb::WatchRequest { submitting_unit: "audit".into(), ..Default::default() }
        )),
        denied("ROLE_IN_CIRCULATION")
    );
    // audit log
    row!(
        "department:audit",
        "verify audit",
        au.verify_audit(as_subject("department:audit", aupb::VerifyAuditRequest::default())),
        denied("AUDIT_READERS_ONLY")
    );
    row!(
        "leader:mayor",
        "verify audit",
        au.verify_audit(as_subject("leader:mayor", aupb::VerifyAuditRequest::default())),
        ALLOWED
    );

    let wrong: Vec<String> = rows
        .iter()
        .filter(|(_, _, got, want)| got != want)
        .map(|(who, what, got, want)| format!("{who} / {what}: got {got:?}, want {want:?}"))
        .collect();
    assert!(wrong.is_empty(), "the matrix disagrees:\n{}", wrong.join("\n"));

    // Every denial is in the audit log, under the rule that refused.
    let mut recorded = 0;
    for chain in ["intake", "countersign", "approval", "audit"] {
        let entries = au
            .list_audit(aupb::ListAuditRequest { chain: chain.into(), page_size: 1000, ..Default::default() })
            .await
            .unwrap()
            .into_inner()
            .entries;
        recorded += entries.iter().filter(|e| e.action.contains(".denied.")).count();
    }
    let denials = rows.iter().filter(|(_, _, got, _)| got.is_err()).count();
    assert_eq!(recorded, denials, "every denial is audited");

    // No credentials: Unauthenticated with an ErrorInfo, on every service.
    let mut anonymous = CountersignClient::new(raw_channel(s.addr).await);
    let err = anonymous.get(cpb::GetRequest { round_id: r.clone() }).await.unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);
    assert_eq!(err.get_details_error_info().unwrap().reason, "UNAUTHENTICATED");
    assert_eq!(err.get_details_localized_message().unwrap().locale, "zh-CN", "localized like every error");
    let forged = Request::new(ipb::ListRequest::default());
    let mut forged = forged;
    forged.metadata_mut().insert("authorization", "Bearer eyJhbGciOiJFZERTQSJ9.e30.AAAA".parse().unwrap());
    assert_eq!(s.client.list(forged).await.unwrap_err().code(), Code::Unauthenticated);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn classified_content_goes_only_to_cleared_principals_with_a_role() {
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let mut req = nth_request(0);
    let doc = req.document.as_mut().unwrap();
    doc.classification = pb::Classification::Secret as i32; // 机密
    doc.classification_term = "1年".into();
    doc.copy_number = "000003".into();
    let body = doc.body.clone();
    let sub = s
        .client
        .submit(as_cleared("department:audit", Clearance::Confidential, req))
        .await
        .unwrap()
        .into_inner()
        .submission
        .unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
    assert!(sub.content_withheld, "a 秘密 clearance does not read a 机密 document, even its own");
    let get = |id: &str| ipb::GetRequest::by_id(id);
    for (who, clearance, shown) in [
        ("department:audit", Clearance::Secret, true),
        ("office", Clearance::TopSecret, true),
        ("office", Clearance::Confidential, false),
        ("leader:mayor", Clearance::Unclassified, false),
    ] {
        let got = s.client.get(as_cleared(who, clearance, get(&sub.id))).await.unwrap().into_inner().resource();
        let doc = got.document.unwrap();
        assert_eq!(!got.content_withheld, shown, "{who} {clearance:?}");
        assert_eq!(doc.body == body, shown, "{who} {clearance:?}: body");
        assert_eq!(doc.title, "济宁市审计局关于开展政府投资项目专项审计的请示", "metadata is always shown");
    }
    let listed = s
        .client
        .list(as_cleared("office", Clearance::Unclassified, ipb::ListRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert!(listed.submissions.iter().all(|x| x.content_withheld && x.document.as_ref().unwrap().body.is_empty()));

    // In approval, the office's 拟办 opinion on it is withheld the same way.
    let item = approval_item(&mut s, &sub.id).await;
    assert_eq!(item.classification, pb::Classification::Secret as i32);
    let propose =
        apb::ProposeRequest { id: item.id.clone(), proposal: "拟请领导审批".into(), ..Default::default() };
    let item = s.approval.propose(as_subject("office", propose)).await.unwrap().into_inner().resource();
    assert_eq!(item.proposal, "拟请领导审批");
    let seen = s
        .approval
        .get(as_cleared("department:audit", Clearance::Confidential, apb::GetRequest::by_id(item.id.clone())))
        .await
        .unwrap()
        .into_inner()
        .resource();
    assert!(seen.content_withheld && seen.proposal.is_empty());
    assert_eq!(seen.receipt_number, item.receipt_number);
    s.stop().await;
}
