//! Durable deadlines with real processes: deadlines that fall due while the
//! service is down fire once after restart; three replicas on one PostgreSQL
//! fire 10,000 due deadlines, none twice.

use std::time::{Duration, Instant};

use gongwen_proto::Resource;
use gongwen_proto::countersign::v1::{
    self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient,
};
use gongwen_store::Database;

use crate::harness::{Child, TestServer, channel};

const OPENED: &str = "2026-11-02T09:00:00+08:00"; // Jining: 3 working days → due 2026-11-06 00:00
const LATER: &str = "2026-11-20T09:00:00+08:00";
const PARTICIPANTS: [&str; 5] = ["finance", "drc", "justice", "natres", "housing"];

async fn open_rounds(addr: std::net::SocketAddr, rounds: usize) {
    let ch = channel(addr).await;
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    let tasks: Vec<_> = (0..rounds)
        .map(|i| {
            let mut c = CountersignClient::new(ch.clone());
            let sem = sem.clone();
            tokio::spawn(async move {
                let _permit = sem.acquire().await.unwrap();
                let req = cpb::OpenRoundRequest {
                    lead_department: "audit".into(),
                    draft: Some(cpb::Draft {
                        title: format!("会签稿{i}"),
                        content_sha256: "a".repeat(64),
                        ..Default::default()
                    }),
                    participants: PARTICIPANTS.iter().map(|p| (*p).to_owned()).collect(),
                    limit: cpb::LimitKind::RulebookDefault as i32,
                    limit_working_days: 0,
                    idempotency_key: format!("round-{i}"),
                };
                c.open_round(TestServer::as_dept("audit", req)).await.unwrap();
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

async fn counts(db: &Database) -> (i64, i64, i64) {
    let r = db
        .fetch_one(gongwen_store::query(
            "SELECT (SELECT count(*) FROM countersign_tasks WHERE state = 'PENDING'),
                    (SELECT count(*) FROM countersign_events WHERE kind = 'DEEMED_CONSENT'),
                    (SELECT count(*) FROM (SELECT DISTINCT round_id, department FROM countersign_events WHERE kind = 'DEEMED_CONSENT') d)",
        ))
        .await
        .unwrap();
    (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap())
}

async fn wait_until_fired(db: &Database, expected: i64, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let (pending, events, distinct) = counts(db).await;
        if pending == 0 {
            assert_eq!(events, expected, "every deadline fired exactly once");
            assert_eq!(distinct, expected);
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{pending} deadlines still pending after {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_due_while_the_service_was_killed_fire_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let common = ["--data-dir", data.as_str(), "--rulebook", "jining"];
    let metrics_at = std::net::SocketAddr::from(([127, 0, 0, 1], crate::harness::free_port()));
    let metrics = metrics_at.to_string();
    let env = [("GONGWEN_METRICS_LISTEN", metrics.as_str())];
    let child = Child::spawn_bin("gongwen", &["serve"], &[&common[..], &["--dev-clock", OPENED]].concat(), &env).await;
    open_rounds(child.addr, 40).await;
    // One more round, whose finance asks for an extension the lead grants: counted.
    let ch = channel(child.addr).await;
    let mut c = CountersignClient::new(ch);
    let req = crate::countersign::open("audit", &["finance"], "延期", "extended");
    let round = c.open_round(TestServer::as_dept("audit", req)).await.unwrap().into_inner().resource();
    let ask = cpb::RequestExtensionRequest {
        round_id: round.id.clone(),
        department: "finance".into(),
        working_days: 5,
        reason: "需征求下属单位意见".into(),
        ..Default::default()
    };
    c.request_extension(TestServer::as_dept("finance", ask)).await.unwrap();
    let grant = cpb::DecideExtensionRequest {
        round_id: round.id.clone(),
        department: "finance".into(),
        grant: true,
        note: "同意".into(),
        ..Default::default()
    };
    c.decide_extension(TestServer::as_dept("audit", grant)).await.unwrap();
    let text = crate::telemetry::scrape(metrics_at).await;
    let extensions =
        |outcome| crate::telemetry::series(&text, "gongwen_countersign_extensions_total", &[("outcome", outcome)]);
    assert_eq!((extensions("requested"), extensions("granted"), extensions("refused")), (Some(1.0), Some(1.0), None));
    child.kill9();
    // Restarted after the deadlines: the worker finds them in the database.
    let child = Child::spawn_bin("gongwen", &["serve"], &[&common[..], &["--dev-clock", LATER]].concat(), &env).await;
    let db = Database::connect(&format!("sqlite://{data}/gongwen.db"), 1).await.unwrap();
    // The 200 tasks of the 40 rounds, and the extended one (5 working days from 11-02).
    wait_until_fired(&db, 201, Duration::from_secs(60)).await;
    // Every silent consent counted once, by the process that fired it.
    let start = Instant::now();
    loop {
        let text = crate::telemetry::scrape(metrics_at).await;
        let fired = crate::telemetry::series(
            &text,
            "gongwen_countersign_deadlines_fired_total",
            &[("outcome", "deemed_consent")],
        );
        if fired == Some(201.0) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "deadlines fired: {fired:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Killed and restarted again: nothing fires twice.
    child.kill9();
    let _child = Child::spawn(&[&common[..], &["--dev-clock", LATER]].concat()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(counts(&db).await, (0, 201, 201));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_fire_ten_thousand_deadlines_none_twice() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let common = ["--database-url", url.as_str(), "--rulebook", "jining"];
    let opener =
        Child::spawn_bin("gongwen-countersign", &[], &[&common[..], &["--dev-clock", OPENED]].concat(), &[]).await;
    open_rounds(opener.addr, 2000).await;
    opener.kill9();
    let db = Database::connect(&url, 2).await.unwrap();
    assert_eq!(counts(&db).await, (10_000, 0, 0));
    let env = [("GONGWEN_SWEEP_INTERVAL_MS", "20")];
    let args = [&common[..], &["--dev-clock", LATER]].concat();
    let start = Instant::now();
    let mut replicas = Vec::new();
    for _ in 0..3 {
        replicas.push(Child::spawn_bin("gongwen-countersign", &[], &args, &env).await);
    }
    // One replica dies mid-way; the others finish its work.
    tokio::time::sleep(Duration::from_millis(300)).await;
    replicas.remove(0).kill9();
    wait_until_fired(&db, 10_000, Duration::from_secs(300)).await;
    // From the replicas' start (process start-up included) to the last deadline.
    let took = start.elapsed();
    println!(
        "3 replicas (one killed): 10000 deadlines fired in {took:?} ({:.0}/s, {} build)",
        10_000.0 / took.as_secs_f64(),
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    // The replicas appended to one audit chain concurrently, one killed mid-way:
    // still one unbroken chain, one entry per round whose deadline passed.
    let report = gongwen_audit::verify(&db, Some("countersign")).await.unwrap();
    assert_eq!(report.first_broken, None);
    let lapsed: i64 = db
        .fetch_one(gongwen_store::query(
            "SELECT count(*) FROM audit_log WHERE chain = 'countersign' AND action = 'countersign.deadline'",
        ))
        .await
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(lapsed, 2000, "one audited lapse per round (its five tasks share the deadline)");
}
