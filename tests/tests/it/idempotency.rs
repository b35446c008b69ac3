//! `request_id` on mutating RPCs: a retry after a lost answer gets the first
//! answer and changes nothing more; the same id with another request is
//! refused; a malformed id is INVALID_ARGUMENT; a failed call can be retried.

use gongwen_proto::Resource;
use gongwen_proto::countersign::v1 as cpb;
use tonic::Code;
use tonic_types::StatusExt;

use crate::harness::{TestServer, on_both_backends, server_at};

fn open(key: &str) -> tonic::Request<cpb::OpenRoundRequest> {
    TestServer::as_dept("audit", crate::countersign::open("audit", &["finance", "drc"], key, key))
}

fn reply(round: &str, request_id: &str, comments: &str) -> tonic::Request<cpb::ReplyRequest> {
    let signed_by = gongwen_org::builtin("jining").unwrap().department("finance").unwrap().principal_head.clone();
    TestServer::as_dept(
        "finance",
        cpb::ReplyRequest {
            round_id: round.into(),
            department: "finance".into(),
            verdict: gongwen_proto::common::v1::Verdict::AgreedWithComments as i32,
            comments: comments.into(),
            signed_by,
            request_id: request_id.into(),
        },
    )
}

on_both_backends! {
    async fn a_retried_reply_gets_the_first_answer_and_changes_nothing_more(backend) {
        let mut s = server_at(backend, "jining", "2026-04-30T10:00:00").await;
        let round = s.countersign.open_round(open("idem-1")).await.unwrap().into_inner().resource();
        let id = "6f1c1f3e-2a55-4c1e-9a57-0b6a2f1d9c01";
        let first = s.countersign.reply(reply(&round.id, id, "建议压缩审计周期")).await.unwrap().into_inner().resource();
        // The answer was lost; the client retries: the same answer, not "already replied".
        let again = s.countersign.reply(reply(&round.id, id, "建议压缩审计周期")).await.unwrap().into_inner().resource();
        assert_eq!(first, again);
        let log = s.audit.list_audit(gongwen_proto::audit::v1::ListAuditRequest { chain: "countersign".into(), page_size: 1000, ..Default::default() }).await.unwrap().into_inner();
        assert_eq!(log.entries.iter().filter(|e| e.action == "countersign.reply").count(), 1, "applied once");
        // The same id with another request is refused.
        let err = s.countersign.reply(reply(&round.id, id, "另有意见")).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        assert_eq!(err.get_details_error_info().unwrap().reason, "REQUEST_ID_REUSED");
        let zh = err.get_details_localized_message().expect("a Chinese message for the clerk's screen");
        assert_eq!(zh.locale, "zh-CN");
        assert!(zh.message.contains("请求编号"), "{}", zh.message);
        // Another caller cannot collect the answer with the same id.
        let mut stolen = reply(&round.id, id, "建议压缩审计周期");
        *stolen.metadata_mut() = TestServer::as_dept("drc", ()).metadata().clone();
        let err = s.countersign.reply(stolen).await.unwrap_err();
        assert_eq!(err.get_details_error_info().unwrap().reason, "REQUEST_ID_REUSED");
        // Not a UUID: INVALID_ARGUMENT naming the field.
        let err = s.countersign.reply(reply(&round.id, "retry-1", "x")).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        assert_eq!(err.get_details_bad_request().unwrap().field_violations[0].field, "request_id");
        // A call that failed gives its id back: the retry runs (and fails the same way, honestly).
        let lost = "0b7d3c1a-8e2f-4f6a-b1c9-2d4e6f8a0b1c";
        let err = s.countersign.reply(reply("no-such-round", lost, "x")).await.unwrap_err();
        assert_eq!(err.code(), Code::NotFound);
        let err = s.countersign.reply(reply("no-such-round", lost, "x")).await.unwrap_err();
        assert_eq!(err.code(), Code::NotFound);
        s.stop().await;
    }
}

on_both_backends! {
    async fn a_claim_left_by_a_dead_replica_is_taken_over_once_no_call_can_still_be_running(backend) {
        use prost::Message;
        use sha2::{Digest, Sha256};
        let mut s = server_at(backend, "jining", "2026-04-30T10:00:00").await;
        let round = s.countersign.open_round(open("idem-dead")).await.unwrap().into_inner().resource();
        let id = "3d6e0a52-7b1f-4c0e-8f2a-5b9c1d7e4a60";
        // What a replica killed between claiming the id and answering leaves behind.
        let req = reply(&round.id, id, "请补充测算依据");
        let sha = hex::encode(Sha256::new_with_prefix(b"Reply department:finance").chain_update(req.get_ref().encode_to_vec()).finalize());
        s.db.execute(gongwen_store::query("INSERT INTO countersign_requests (request_id, method, request_sha256, claimed_at) VALUES ($1, $2, $3, $4)")
            .bind(id).bind("Reply department:finance").bind(sha.as_str()).bind(gongwen_calendar::Clock::now(&s.clock))).await.unwrap();
        // Within the longest a call may run (the harness's 30 s timeout + 5 s skew): still running.
        s.clock.advance(chrono::Duration::seconds(34));
        let err = s.countersign.reply(reply(&round.id, id, "请补充测算依据")).await.unwrap_err();
        assert_eq!((err.code(), err.get_details_error_info().unwrap().reason.as_str()), (Code::Unavailable, "REQUEST_IN_PROGRESS"));
        assert!(err.get_details_retry_info().is_some());
        // Past it, no call can still hold the claim: the retry runs, once.
        s.clock.advance(chrono::Duration::seconds(2));
        let first = s.countersign.reply(reply(&round.id, id, "请补充测算依据")).await.unwrap().into_inner().resource();
        let again = s.countersign.reply(reply(&round.id, id, "请补充测算依据")).await.unwrap().into_inner().resource();
        assert_eq!(first, again);
        assert!(first.tasks.iter().any(|t| t.department == "finance" && t.comments == "请补充测算依据"));
        s.stop().await;
    }
}
