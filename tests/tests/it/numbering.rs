//! Receipt numbers are gapless and unique under concurrent submissions.

use std::collections::BTreeSet;

use gongwen_proto::intake::v1::{SubmissionState, intake_service_client::IntakeServiceClient as IntakeClient};

use crate::harness::{TestServer, channel, nth_request, on_both_backends};

on_both_backends! {
    async fn five_hundred_concurrent_submissions_get_receipts_one_to_five_hundred(backend) {
        let s = TestServer::start(backend, "jining").await;
        let ch = channel(s.addr).await;
        let tasks: Vec<_> = (0..500)
            .map(|n| {
                let mut c = IntakeClient::new(ch.clone());
                tokio::spawn(async move { c.submit(nth_request(n)).await.unwrap().into_inner().submission.unwrap() })
            })
            .collect();
        let mut seqs = BTreeSet::new();
        for t in tasks {
            let sub = t.await.unwrap();
            assert_eq!(sub.state(), SubmissionState::Registered, "{:?}", sub.findings);
            assert!(seqs.insert(sub.receipt_seq), "duplicate receipt {}", sub.receipt_seq);
            assert_eq!(sub.receipt_number, format!("收文〔{}〕{}号", sub.receipt_year, sub.receipt_seq));
        }
        assert_eq!(seqs, (1..=500).collect::<BTreeSet<i64>>(), "numbers 1…500 with no gap");
        s.stop().await;
    }
}

/// Two identical documents racing under different keys: exactly one is registered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_documents_racing_register_once() {
    let s = TestServer::start(gongwen_store::Backend::Postgres, "jining").await;
    let ch = channel(s.addr).await;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let mut c = IntakeClient::new(ch.clone());
            let mut req = nth_request(0);
            req.idempotency_key = format!("race-{n}");
            tokio::spawn(async move { c.submit(req).await.unwrap().into_inner().submission.unwrap() })
        })
        .collect();
    let mut registered = 0;
    for t in tasks {
        if t.await.unwrap().state() == SubmissionState::Registered {
            registered += 1;
        }
    }
    assert_eq!(registered, 1);
    s.stop().await;
}
