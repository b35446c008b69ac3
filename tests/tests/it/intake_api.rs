//! The intake API through a real tonic client, on both backends.

use futures::StreamExt;
use gongwen_proto::Resource;
use gongwen_proto::{common::v1 as pb, intake::v1 as ipb};
use tonic::Code;
use tonic_types::StatusExt;

use crate::harness::{TestServer, nth_request, on_both_backends, request};

fn submit(doc: pb::Document, env: ipb::Envelope, key: &str) -> ipb::SubmitRequest {
    ipb::SubmitRequest { document: Some(doc), envelope: Some(env), idempotency_key: key.into() }
}

on_both_backends! {
    async fn a_well_formed_request_is_registered_and_can_be_read_back(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let (doc, env) = request();
        let r = s.client.submit(submit(doc, env, "k1")).await.unwrap().into_inner();
        let sub = r.submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
        assert_eq!(sub.receipt_number, "收文〔2026〕1号");
        assert!(!r.replayed);
        let by_receipt = s.client.get(ipb::GetRequest::by_receipt_number(sub.receipt_number.clone())).await.unwrap().into_inner().resource();
        assert_eq!(by_receipt.id, sub.id);
        let by_id = s.client.get(ipb::GetRequest::by_id(sub.id.clone())).await.unwrap().into_inner().resource();
        assert_eq!(by_id.document.unwrap().title, "济宁市审计局关于开展政府投资项目专项审计的请示");
        s.stop().await;
    }
}

on_both_backends! {
    async fn a_defective_document_is_returned_with_every_reason_and_article(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let (mut doc, mut env) = request();
        doc.doc_type = pb::DocType::Report as i32;
        doc.request_matters.clear();
        doc.body = "现将我局上半年审计工作情况报告如下：共完成审计项目21个，查出问题金额3.2亿元。下半年拟增加审计人员5名。妥否，请批示。".into();
        doc.main_recipient = "市政府、市财政局".into();
        doc.signed_off_by = "李副局长".into();
        env.addressee = ipb::AddresseeKind::Leader as i32;
        env.addressee_leader = "vm-zhao".into();
        let sub = s.client.submit(submit(doc, env, "k-bad")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(sub.state(), ipb::SubmissionState::Returned);
        assert!(sub.receipt_number.is_empty());
        let codes: Vec<&str> = sub.findings.iter().map(|f| f.code.as_str()).collect();
        for code in ["NO_REQUEST_IN_REPORT", "NO_DIRECT_TO_LEADER", "ONE_MAIN_RECIPIENT", "SIGNED_BY_PRINCIPAL_HEAD"] {
            assert!(codes.contains(&code), "{code} missing in {codes:?}");
        }
        let i2 = sub.findings.iter().find(|f| f.code == "NO_REQUEST_IN_REPORT").unwrap();
        assert_eq!(i2.check, "I-2");
        assert!(i2.articles.contains(&"jining 五十六".to_string()));
        assert!(!i2.message_zh.is_empty() && !i2.message_en.is_empty());
        // A return does not consume a receipt number.
        let (doc, env) = request();
        let ok = s.client.submit(submit(doc, env, "k-good")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(ok.receipt_number, "收文〔2026〕1号");
        s.stop().await;
    }
}

on_both_backends! {
    async fn the_same_key_replays_the_first_outcome_and_a_different_request_under_it_is_refused(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let (doc, env) = request();
        let first = s.client.submit(submit(doc.clone(), env.clone(), "same")).await.unwrap().into_inner();
        let again = s.client.submit(submit(doc.clone(), env.clone(), "same")).await.unwrap().into_inner();
        assert!(again.replayed);
        assert_eq!(first.submission, again.submission);
        let mut other = doc;
        other.title.push_str("（修订）");
        let err = s.client.submit(submit(other, env, "same")).await.unwrap_err();
        assert_eq!(err.code(), Code::FailedPrecondition);
        let pf = err.get_details_precondition_failure().expect("PreconditionFailure details");
        assert_eq!(pf.violations[0].r#type, "IDEMPOTENCY_KEY_REUSED");
        s.stop().await;
    }
}

on_both_backends! {
    async fn the_same_document_under_a_new_key_or_to_a_second_recipient_is_recognised(backend) {
        let mut s = TestServer::start(backend, "ziyang").await;
        let (mut doc, env) = request();
        doc.signed_off_by = "韦正".into();
        let first = s.client.submit(submit(doc.clone(), env.clone(), "a")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(first.state(), ipb::SubmissionState::Registered, "{:?}", first.findings);
        doc.main_recipient = "市政府办公室".into();
        let second = s.client.submit(submit(doc, env, "b")).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(second.state(), ipb::SubmissionState::Returned);
        let dup = second.findings.iter().find(|f| f.code == "NO_DUPLICATE_SUBMISSION").expect("I-16");
        assert!(dup.message_zh.contains(&first.receipt_number), "{}", dup.message_zh);
        assert!(dup.articles.iter().any(|a| a.starts_with("ziyang 四十五")));
        // A duplicate with another defect is returned with both reasons.
        let (mut doc, env) = request();
        doc.signed_off_by = "李副局长".into();
        let third = s.client.submit(submit(doc, env, "c")).await.unwrap().into_inner().submission.unwrap();
        let codes: Vec<&str> = third.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(codes.contains(&"SIGNED_BY_PRINCIPAL_HEAD") && codes.contains(&"NO_DUPLICATE_SUBMISSION"), "{codes:?}");
        // Precheck sees the duplicate too, without storing anything.
        let (doc, env) = request();
        let pre = s.client.precheck(ipb::PrecheckRequest { document: Some(doc), envelope: Some(env) }).await.unwrap().into_inner();
        assert!(pre.findings.iter().any(|f| f.code == "NO_DUPLICATE_SUBMISSION"));
        s.stop().await;
    }
}

on_both_backends! {
    async fn precheck_reports_findings_and_stores_nothing(backend) {
        let mut s = TestServer::start(backend, "urumqi").await;
        let (mut doc, env) = request();
        doc.signed_off_by = String::new();
        let r = s.client.precheck(ipb::PrecheckRequest { document: Some(doc), envelope: Some(env) }).await.unwrap().into_inner();
        assert!(!r.would_register);
        assert_eq!(r.rulebook, "urumqi");
        assert!(r.findings.iter().any(|f| f.code == "SIGNED_BY_PRINCIPAL_HEAD" && f.articles.contains(&"urumqi 五十二".to_string())));
        let list = s.client.list(TestServer::as_dept("office", ipb::ListRequest::default())).await.unwrap().into_inner();
        assert!(list.submissions.is_empty());
        s.stop().await;
    }
}

on_both_backends! {
    async fn bad_input_gets_invalid_argument_with_every_field_violation_and_stores_nothing(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let (mut doc, mut env) = request();
        doc.doc_type = 99;
        doc.doc_number = "审计局12号".into();
        doc.body = "字".repeat(200_001);
        env.submitting_unit = "nobody".into();
        let err = s.client.submit(submit(doc, env, "")).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        let br = err.get_details_bad_request().expect("BadRequest details");
        let fields: Vec<&str> = br.field_violations.iter().map(|v| v.field.as_str()).collect();
        for f in ["idempotency_key", "document.doc_type", "document.doc_number", "document.body", "envelope.submitting_unit"] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        let err = s.client.submit(ipb::SubmitRequest { idempotency_key: "x".into(), ..Default::default() }).await.unwrap_err();
        let fields: Vec<String> = err.get_details_bad_request().unwrap().field_violations.into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["document", "envelope"]);
        let err = s.client.get(ipb::GetRequest::default()).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        let err = s.client.get(ipb::GetRequest::by_id("nope")).await.unwrap_err();
        assert_eq!(err.code(), Code::NotFound);
        let err = s.client.list(TestServer::as_dept("office", ipb::ListRequest { page_token: "garbage".into(), ..Default::default() })).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        assert!(s.client.list(TestServer::as_dept("office", ipb::ListRequest::default())).await.unwrap().into_inner().submissions.is_empty());
        s.stop().await;
    }
}

on_both_backends! {
    async fn list_pages_newest_first_with_filters(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        for n in 0..7 {
            s.client.submit(nth_request(n)).await.unwrap();
        }
        let (mut doc, env) = request();
        doc.signed_off_by = "某人".into();
        s.client.submit(submit(doc, env, "returned")).await.unwrap();
        let mut seen = Vec::new();
        let mut token = String::new();
        loop {
            let page = s.client.list(TestServer::as_dept("office", ipb::ListRequest { page_size: 3, page_token: token.clone(), state: ipb::SubmissionState::Registered as i32, ..Default::default() })).await.unwrap().into_inner();
            assert!(page.submissions.len() <= 3);
            seen.extend(page.submissions.into_iter().map(|s| s.receipt_seq));
            if page.next_page_token.is_empty() { break; }
            token = page.next_page_token;
        }
        assert_eq!(seen, vec![7, 6, 5, 4, 3, 2, 1]);
        let returned = s.client.list(TestServer::as_dept("office", ipb::ListRequest { state: ipb::SubmissionState::Returned as i32, ..Default::default() })).await.unwrap().into_inner();
        assert_eq!(returned.submissions.len(), 1);
        let other_unit = s.client.list(TestServer::as_dept("office", ipb::ListRequest { submitting_unit: "finance".into(), ..Default::default() })).await.unwrap().into_inner();
        assert!(other_unit.submissions.is_empty());
        s.stop().await;
    }
}

on_both_backends! {
    async fn watch_replays_past_events_then_streams_new_ones(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        s.client.submit(nth_request(0)).await.unwrap();
        let mut stream = s.client.watch(TestServer::as_dept("office", ipb::WatchRequest::default())).await.unwrap().into_inner();
        let first = stream.next().await.unwrap().unwrap().resource();
        assert_eq!(first.receipt_number, "收文〔2026〕1号");
        s.client.submit(nth_request(1)).await.unwrap();
        let second = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next()).await.unwrap().unwrap().unwrap().resource();
        assert_eq!(second.receipt_number, "收文〔2026〕2号");
        assert!(second.event_id > first.event_id);
        assert_eq!(second.state(), ipb::SubmissionState::Registered);
        drop(stream);
        // A cursor skips what the watcher has seen.
        let mut later = s.client.watch(TestServer::as_dept("office", ipb::WatchRequest { after_event_id: first.event_id, ..Default::default() })).await.unwrap().into_inner();
        assert_eq!(later.next().await.unwrap().unwrap().resource().event_id, second.event_id);
        s.stop().await;
    }
}

on_both_backends! {
    async fn a_registration_survives_a_restart(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        let sub = s.client.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
        let (url, dir) = s.stop().await;
        let mut s = TestServer::start_on(&url, "jining", dir).await;
        let back = s.client.get(ipb::GetRequest::by_id(sub.id.clone())).await.unwrap().into_inner().resource();
        assert_eq!(back, sub);
        let next = s.client.submit(nth_request(1)).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(next.receipt_seq, 2);
        s.stop().await;
    }
}

on_both_backends! {
    async fn the_receipt_year_follows_the_clock_across_new_year(backend) {
        use crate::harness::{cst, server_at};
        let mut s = server_at(backend, "jining", "2026-12-31T23:59:30").await;
        let last = s.client.submit(nth_request(1)).await.unwrap().into_inner().submission.unwrap();
        assert_eq!(last.receipt_number, "收文〔2026〕1号");
        // Thirty seconds later, in Beijing it is a new year: its first receipt.
        s.clock.set(cst("2027-01-01T00:00:10"));
        let first = s.client.submit(nth_request(2)).await.unwrap().into_inner().submission.unwrap();
        assert_eq!((first.receipt_number.as_str(), first.receipt_year), ("收文〔2027〕1号", 2027));
        assert_eq!(first.receive_time.unwrap().seconds, cst("2027-01-01T00:00:10").timestamp(), "received at the clock's time");
        s.stop().await;
    }
}

/// Every list pages under one policy (gongwen_runtime::page): 0 is the default page,
/// up to 1000 is taken as asked, more is refused with the field named, never clamped.
#[tokio::test]
async fn every_list_refuses_a_page_above_the_maximum_and_names_the_field() {
    use gongwen_proto::{approval::v1 as apb, audit::v1 as aupb, countersign::v1 as cpb};
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let field = |e: tonic::Status| {
        assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
        e.get_details_bad_request()
            .expect("BadRequest")
            .field_violations
            .into_iter()
            .map(|v| v.field)
            .collect::<Vec<_>>()
    };
    let too_big = 1001;
    let e = s
        .client
        .list(TestServer::as_dept("office", ipb::ListRequest { page_size: too_big, ..Default::default() }))
        .await
        .unwrap_err();
    assert_eq!(field(e), ["page_size"]);
    let e = s
        .countersign
        .list(cpb::ListRequest { page_size: too_big, page_token: "x".into(), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(field(e), ["page_size", "page_token"]);
    let e = s
        .approval
        .inbox(apb::InboxRequest { office_queue: true, page_size: too_big, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(field(e), ["page_size"]);
    let e = s
        .audit
        .list_audit(TestServer::as_dept(
            "office",
            aupb::ListAuditRequest { chain: "intake".into(), page_size: -1, ..Default::default() },
        ))
        .await
        .unwrap_err();
    assert_eq!(field(e), ["page_size"]);
    // The maximum itself is taken as asked.
    s.approval.inbox(apb::InboxRequest { office_queue: true, page_size: 1000, ..Default::default() }).await.unwrap();
    s.client
        .list(TestServer::as_dept("office", ipb::ListRequest { page_size: 1000, ..Default::default() }))
        .await
        .unwrap();
    s.stop().await;
}

/// Bytes that are not the request message: the sender's fault, INVALID_ARGUMENT with an
/// ErrorInfo — not INTERNAL, which a client would take for a server fault and retry.
#[tokio::test]
async fn undecodable_request_bytes_are_invalid_argument_on_every_service() {
    use crate::harness::Raw;

    let s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let ch = crate::harness::raw_channel(s.addr).await;
    for (path, garbage) in [
        ("/gongwen.intake.v1.IntakeService/Submit", vec![0xff, 0xff, 0xff, 0xff]),
        ("/gongwen.countersign.v1.CountersignService/OpenRound", vec![0x0a, 0x10, 0x41]), // a field longer than the message
        ("/gongwen.approval.v1.ApprovalService/Decide", vec![0x0f]),                      // wire type 7 does not exist
        ("/gongwen.calendar.v1.CalendarService/AddWorkingDays", vec![0x0a, 0x02, 0xc3, 0x28]), // invalid UTF-8 in a string
    ] {
        let mut grpc = tonic::client::Grpc::new(ch.clone());
        grpc.ready().await.unwrap();
        let req = crate::harness::as_subject("office", garbage);
        let err = grpc.unary(req, http::uri::PathAndQuery::from_static(path), Raw).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{path}: {err:?}");
        let info = err.get_details_error_info().expect("ErrorInfo");
        assert_eq!(info.reason, gongwen_proto::codec::UNDECODABLE, "{path}");
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_in_process_service_answers_as_the_server_does_behind_the_same_layers() {
    use gongwen_proto::intake::v1::intake_service_client::IntakeServiceClient;
    let mut s = TestServer::start(gongwen_store::Backend::Sqlite, "jining").await;
    let (doc, env) = request();
    let pre = ipb::PrecheckRequest { document: Some(doc), envelope: Some(env) };
    let mut local = IntakeServiceClient::new(s.in_process.clone());
    // Authentication is one of the layers: no token, no answer.
    let err = local.precheck(pre.clone()).await.unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);
    assert_eq!(err.get_details_error_info().unwrap().reason, "UNAUTHENTICATED");
    let mut req = tonic::Request::new(pre.clone());
    let auth = format!("Bearer {}", crate::harness::token("department:audit")).parse().unwrap();
    req.metadata_mut().insert("authorization", auth);
    let in_process = local.precheck(req).await.unwrap().into_inner();
    let networked = s.client.precheck(pre).await.unwrap().into_inner();
    assert_eq!(in_process, networked);
    s.stop().await;
}
