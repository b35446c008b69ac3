//! kill -9 in the middle of a burst of submissions: every acknowledged
//! submission is there after restart, and numbering carries on with no gap.

use gongwen_proto::Resource;
use std::collections::BTreeSet;

use gongwen_proto::intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient};

use crate::harness::{Child, TestServer, channel, nth_request};

async fn crash_and_recover(db_args: Vec<String>) {
    let args: Vec<&str> = db_args.iter().map(String::as_str).collect();
    let child = Child::spawn(&args).await;
    let ch = channel(child.addr).await;
    let tasks: Vec<_> = (0..300)
        .map(|n| {
            let mut c = IntakeClient::new(ch.clone());
            tokio::spawn(async move { c.submit(nth_request(n)).await.ok().map(|r| r.into_inner().submission.unwrap()) })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    child.kill9();
    let mut acknowledged = Vec::new();
    for t in tasks {
        if let Some(sub) = t.await.unwrap() {
            acknowledged.push(sub);
        }
    }
    let child = Child::spawn(&args).await;
    let mut c = IntakeClient::new(channel(child.addr).await);
    for sub in &acknowledged {
        let back = c.get(ipb::GetRequest::by_id(sub.id.clone())).await.unwrap().into_inner().resource();
        assert_eq!(&back, sub, "an acknowledged submission was lost");
    }
    // Everything stored is numbered 1…n without a gap, acknowledged or not.
    let mut seqs = BTreeSet::new();
    let mut token = String::new();
    loop {
        let page = c
            .list(TestServer::as_dept(
                "office",
                ipb::ListRequest { page_size: 500, page_token: token, ..Default::default() },
            ))
            .await
            .unwrap()
            .into_inner();
        seqs.extend(page.submissions.iter().map(|s| s.receipt_seq));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let n = seqs.len() as i64;
    assert!(n >= acknowledged.len() as i64);
    assert_eq!(seqs, (1..=n).collect::<BTreeSet<i64>>());
    // Retrying every request after the crash registers each exactly once.
    for i in 0..300 {
        c.submit(nth_request(i)).await.unwrap();
    }
    let last = c.submit(nth_request(300)).await.unwrap().into_inner().submission.unwrap();
    assert_eq!(last.receipt_seq, 301, "every retry was either replayed or numbered next");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_loses_no_acknowledged_submission_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    crash_and_recover(vec!["--data-dir".into(), dir.path().display().to_string()]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_loses_no_acknowledged_submission_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    crash_and_recover(vec!["--data-dir".into(), dir.path().display().to_string(), "--database-url".into(), url]).await;
}
