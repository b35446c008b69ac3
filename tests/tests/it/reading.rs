//! The text reading through the intake API: a sure finding returns the
//! document with its matters and the sentences it rests on; an unsure one
//! registers it with an advisory the office sees at 拟办 and may uphold with
//! one audited call (ReturnAfterReview).

use gongwen_proto::Resource;
use gongwen_proto::{approval::v1 as apb, common::v1 as pb, intake::v1 as ipb};
use tonic::Code;
use tonic_types::StatusExt;

use crate::harness::{TestServer, approval_item, on_both_backends, request};

fn office<T>(msg: T) -> tonic::Request<T> {
    TestServer::as_dept("office", msg)
}

fn submit(title: &str, body: &str, key: &str) -> ipb::SubmitRequest {
    let (mut doc, env) = request();
    doc.title = title.into();
    doc.body = body.into();
    doc.request_matters.clear();
    ipb::SubmitRequest { document: Some(doc), envelope: Some(env), idempotency_key: key.into() }
}

on_both_backends! {
    async fn a_request_with_two_matters_is_returned_with_its_matters_and_sentences(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let body = "我局审计任务逐年加重。恳请市政府批准为我局增加行政编制5名，并拨付审计数据分析设备购置经费120万元。妥否，请批示。";
        let sub = s.client.submit(submit("济宁市审计局关于增加编制并拨付设备经费的请示", body, "two")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Returned);
        let f = sub.findings.iter().find(|f| f.code == "ONE_MATTER_PER_REQUEST").expect("I-1");
        assert_eq!(f.severity(), pb::Severity::Return);
        assert_eq!(f.matters.len(), 2, "{f:?}");
        assert!(f.matters[0].contains("编制") && f.matters[1].contains("设备"), "{:?}", f.matters);
        let chars: Vec<char> = body.chars().collect();
        for e in f.evidence.iter().filter(|e| e.field == "document.body") {
            let quoted: String = chars[e.start as usize..e.end as usize].iter().collect();
            assert_eq!(quoted, e.text, "offsets are code points into the body");
        }
        assert!(f.evidence.iter().any(|e| e.text.contains("增加行政编制5名")), "{:?}", f.evidence);
        s.stop().await;
    }
}

on_both_backends! {
    async fn an_unsure_reading_registers_with_an_advisory_the_office_may_uphold(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let body = "为加强审计监督，我局拟于2026年开展两项专项审计。恳请市政府批准开展全市政府投资项目专项审计。恳请市政府批准开展全市国有企业负责人经济责任审计。妥否，请批示。";
        let sub = s.client.submit(submit("济宁市审计局关于开展专项审计的请示", body, "unsure")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
        assert_eq!(sub.receipt_number, "收文〔2026〕1号");
        let f = &sub.findings[0];
        assert_eq!((f.code.as_str(), f.severity()), ("ONE_MATTER_PER_REQUEST", pb::Severity::Advisory));
        assert_eq!(f.evidence.len(), 2);

        // The office sees it in its queue, with the advisory and its sentences.
        let item = approval_item(&mut s, &sub.id).await;
        assert_eq!(item.advisories.len(), 1);
        assert_eq!(item.advisories[0].evidence, f.evidence);
        let queue = s.approval.inbox(office(apb::InboxRequest { office_queue: true, ..Default::default() })).await.unwrap().into_inner();
        assert!(queue.items.iter().any(|i| i.id == item.id));

        // Only the office returns after review, and only on an advisory it carries, with a reason.
        let ret = |upheld: &[&str], reason: &str| ipb::ReturnAfterReviewRequest { request_id: String::new(),
            id: sub.id.clone(),
            upheld_codes: upheld.iter().map(|c| c.to_string()).collect(),
            reason: reason.into(),
        };
        let err = s.client.return_after_review(TestServer::as_dept("audit", ret(&["ONE_MATTER_PER_REQUEST"], "一文两事"))).await.unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied);
        let err = s.client.return_after_review(office(ret(&["COUNTERSIGNED"], "一文两事"))).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        assert_eq!(err.get_details_precondition_failure().unwrap().violations[0].r#type, "NOT_AN_ADVISORY");
        let err = s.client.return_after_review(office(ret(&["ONE_MATTER_PER_REQUEST"], ""))).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);

        let back = s.client.return_after_review(office(ret(&["ONE_MATTER_PER_REQUEST"], "一文两事，请分别行文"))).await.unwrap().into_inner().resource();
        assert_eq!(back.state(), ipb::SubmissionState::Returned);
        assert_eq!(back.receipt_number, "收文〔2026〕1号", "the number stays used");
        assert_eq!(back.findings[0].severity(), pb::Severity::Return);
        assert_eq!(back.returned_by_office_reason, "一文两事，请分别行文");
        let err = s.client.return_after_review(office(ret(&[], "再退"))).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition, "returned once");

        // Approval follows: the item leaves the office's queue.
        let mut closed = None;
        for _ in 0..200 {
            let i = s.approval.get(office(apb::GetRequest::by_id(item.id.clone()))).await.unwrap().into_inner().resource();
            if i.state() == apb::ItemState::ReturnedToSender {
                closed = Some(i);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(closed.is_some(), "approval closes the item");
        let queue = s.approval.inbox(office(apb::InboxRequest { office_queue: true, ..Default::default() })).await.unwrap().into_inner();
        assert!(queue.items.iter().all(|i| i.id != item.id));

        // The next registration takes the next number; the return is audited and the chains verify.
        let ok = s.client.submit(ipb::SubmitRequest { idempotency_key: "next".into(), ..crate::harness::nth_request(2) }).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(ok.receipt_number, "收文〔2026〕2号");
        let log = s.audit.list_audit(office(gongwen_proto::audit::v1::ListAuditRequest { chain: "intake".into(), page_size: 1000, ..Default::default() })).await.unwrap().into_inner();
        assert!(log.entries.iter().any(|e| e.action == "intake.return_after_review" && e.subject == sub.id));
        let v = s.audit.verify_audit(office(gongwen_proto::audit::v1::VerifyAuditRequest::default())).await.unwrap().into_inner();
        assert!(v.intact, "{v:?}");
        s.stop().await;
    }
}
