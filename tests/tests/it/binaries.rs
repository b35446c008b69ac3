//! The service binaries as operators run them.

use gongwen_proto::Resource;
use std::time::{Duration, Instant};

use futures::StreamExt;
use gongwen_proto::intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient};

use crate::harness::{Child, TestServer, channel, nth_request};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_and_exits_cleanly_even_with_a_watch_stream_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::spawn(&["--data-dir", &dir.path().display().to_string()]).await;
    let mut c = IntakeClient::new(channel(child.addr).await);
    c.submit(nth_request(0)).await.unwrap();
    let mut watch = c.watch(TestServer::as_dept("office", ipb::WatchRequest::default())).await.unwrap().into_inner();
    assert!(watch.next().await.unwrap().is_ok());
    let pid = child.process.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.process.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running 10 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    // The open stream ended instead of holding the shutdown.
    assert!(watch.next().await.is_none_or(|r| r.is_err()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_intake_binary_runs_alone_on_postgres() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let child = Child::spawn_bin("gongwen-intake", &[], &["--database-url", &url, "--rulebook", "urumqi"], &[]).await;
    let mut c = IntakeClient::new(channel(child.addr).await);
    let sub = c.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
    assert_eq!(sub.rulebook, "urumqi");
    // Without a countersign service configured, a certificate cannot be verified: a finding, not a pass.
    let mut req = nth_request(1);
    let env = req.envelope.as_mut().unwrap();
    env.concerned_departments = vec!["finance".into()];
    env.countersign =
        Some(ipb::CountersignCertificate { round_id: "r".into(), digest: "d".into(), ..Default::default() });
    let sub = c.submit(req).await.unwrap().into_inner().submission.unwrap();
    assert!(sub.findings.iter().any(|f| f.code == "COUNTERSIGNED" && f.message_en.contains("no countersign service")));
    // Every binary serves the calendar, on its rulebook's region (Urumqi: Xinjiang's overlay).
    let mut cal =
        gongwen_proto::calendar::v1::calendar_service_client::CalendarServiceClient::new(channel(child.addr).await);
    let req = gongwen_proto::calendar::v1::AddWorkingDaysRequest {
        date: "2026-12-24".into(),
        working_days: 7,
        ..Default::default()
    };
    assert_eq!(cal.add_working_days(req).await.unwrap().into_inner().last_day, "2027-01-05");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approval_binary_takes_intakes_registrations_over_grpc_on_postgres() {
    use gongwen_proto::approval::v1::{self as apb, approval_service_client::ApprovalServiceClient as ApprovalClient};
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let intake = Child::spawn_bin("gongwen-intake", &[], &["--database-url", &url], &[]).await;
    let intake_url = format!("http://{}", intake.addr);
    // Approval calls intake with a service token it is given (no development key here).
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("approval.token");
    std::fs::write(&token_file, crate::harness::token("service:approval")).unwrap();
    let approval = Child::spawn_bin(
        "gongwen-approval",
        &[],
        &["--database-url", &url, "--intake-url", &intake_url, "--data-dir", &dir.path().display().to_string()],
        &[("GONGWEN_SERVICE_TOKEN_FILE", token_file.to_str().unwrap())],
    )
    .await;
    let sub = IntakeClient::new(channel(intake.addr).await)
        .submit(nth_request(0))
        .await
        .unwrap()
        .into_inner()
        .submission
        .unwrap();
    let mut a = ApprovalClient::new(channel(approval.addr).await);
    let start = Instant::now();
    let item = loop {
        if let Ok(item) = a.get(apb::GetRequest::by_submission_id(sub.id.clone())).await {
            break item.into_inner().resource();
        }
        assert!(start.elapsed() < Duration::from_secs(20), "approval never received the registration");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(item.receipt_number, sub.receipt_number);
    assert_eq!(item.state(), apb::ItemState::OfficeReview);
}
