//! Throughput and latency of registering submissions with gapless receipt
//! numbers, as ratios against plain inserts measured in the same run on the
//! same PostgreSQL (the machines are noisy; absolute numbers are not compared).
//!
//! `cargo bench -p gongwen --bench numbering` (env: BENCH_OPS, BENCH_CLIENTS,
//! GONGWEN_TEST_POSTGRES).
//!
//! Modes, each with the same number of concurrent clients:
//! - plain: one INSERT of the same row per operation, autocommit (the ceiling);
//! - per-row counter: the naive gapless design, counter row updated in each
//!   submission's own transaction;
//! - registrar: the intake service's batched numbering (what Submit uses);
//! - grpc Submit: the whole service over loopback (validation, 16 checks, I-16 lookup).
// A benchmark measures elapsed time with the monotonic clock (clippy.toml allows it here).
#![allow(clippy::disallowed_methods)]

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use gongwen_intake::{
    registrar::Registrar,
    store::{self, NewSubmission},
};
use gongwen_proto::{
    common::v1 as pb,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_store::{Database, query};
use prost::Message;
use tokio::sync::watch;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn document(n: usize) -> pb::Document {
    pb::Document {
        doc_type: pb::DocType::Request as i32,
        issuing_body: "济宁市审计局".into(),
        doc_number: format!("济审发〔2026〕{}号", n + 1),
        title: "济宁市审计局关于开展政府投资项目专项审计的请示".into(),
        main_recipient: "市政府".into(),
        body: format!(
            "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计，需使用审计专项经费120万元。恳请市政府批准开展该专项审计（第{}批）。妥否，请批示。",
            n + 1
        ),
        request_matters: vec!["批准开展政府投资项目专项审计".into()],
        signed_off_by: "韦正".into(),
        date_of_writing: "2026年3月5日".into(),
        ..Default::default()
    }
}

fn envelope() -> ipb::Envelope {
    ipb::Envelope {
        submitting_unit: "audit".into(),
        addressee: ipb::AddresseeKind::Government as i32,
        ..Default::default()
    }
}

fn new_submission(n: usize, run: &str) -> NewSubmission {
    NewSubmission {
        traceparent: String::new(),
        idempotency_key: format!("{run}-{n}"),
        request_sha256: format!("{n:064}"),
        receipt_year: 2026,
        submission: ipb::Submission {
            id: format!("{run}-{n}"),
            state: ipb::SubmissionState::Registered as i32,
            document: Some(document(n)),
            envelope: Some(envelope()),
            rulebook: "jining".into(),
            content_sha256: format!("{run}{n:060}"),
            ..Default::default()
        },
        actor: "department:audit".into(),
    }
}

struct Report {
    name: &'static str,
    ops: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Report {
    fn tps(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64()
    }
    fn pct(&self, p: f64) -> Duration {
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i]
    }
}

/// Runs `op(i)` for i in 0..ops from `clients` concurrent tasks.
async fn measure<F, Fut>(name: &'static str, ops: usize, clients: usize, op: F) -> Report
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let op = Arc::new(op);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (op, next) = (op.clone(), next.clone());
            tokio::spawn(async move {
                let mut lat = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= ops {
                        return lat;
                    }
                    let t = Instant::now();
                    op(i).await;
                    lat.push(t.elapsed());
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(ops);
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    Report { name, ops, elapsed, latencies }
}

#[tokio::main]
async fn main() {
    let ops = env("BENCH_OPS", 20_000);
    let clients = env("BENCH_CLIENTS", 64);
    let url = gongwen_store::testing::fresh_postgres_url().await.expect("PostgreSQL on 127.0.0.1:5432");
    let db = Database::connect(&url, clients as u32).await.unwrap();
    store::migrate(&db).await.unwrap();
    db.execute(query("CREATE TABLE bench_plain (id TEXT PRIMARY KEY, payload BYTEA NOT NULL)")).await.unwrap();
    let payload_len = new_submission(0, "x").submission.encode_to_vec().len();
    println!("PostgreSQL, {clients} concurrent clients, {ops} operations per mode, payload {payload_len} bytes\n");

    let mut reports = Vec::new();
    let d = db.clone();
    reports.push(
        measure("plain insert (ceiling)", ops, clients, move |i| {
            let d = d.clone();
            async move {
                let s = new_submission(i, "plain");
                d.execute(
                    query("INSERT INTO bench_plain (id, payload) VALUES ($1, $2)")
                        .bind(&s.submission.id)
                        .bind(s.submission.encode_to_vec()),
                )
                .await
                .unwrap();
            }
        })
        .await,
    );

    let d = db.clone();
    reports.push(
        measure("per-row counter (naive gapless)", ops / 4, clients, move |i| {
            let d = d.clone();
            async move {
                let s = new_submission(i, "naive");
                let mut tx = d.begin_write().await.unwrap();
                tx.fetch_one(query(
                    "INSERT INTO intake_receipt_counters (year, last) VALUES (1999, 1)
                     ON CONFLICT (year) DO UPDATE SET last = intake_receipt_counters.last + 1 RETURNING last",
                ))
                .await
                .unwrap();
                tx.execute(
                    query("INSERT INTO bench_plain (id, payload) VALUES ($1, $2)")
                        .bind(&s.submission.id)
                        .bind(s.submission.encode_to_vec()),
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
            }
        })
        .await,
    );

    let rulebook = Arc::new(gongwen_rules::builtin("jining").unwrap());
    let registrar = Registrar::start(db.clone(), rulebook.clone(), watch::channel(0).0);
    reports.push(
        measure("registrar (batched gapless)", ops, clients, move |i| {
            let r = registrar.clone();
            async move {
                r.register(new_submission(i, "reg")).await.unwrap();
            }
        })
        .await,
    );

    // The whole service over loopback.
    let directory = Arc::new(gongwen_org::builtin("jining").unwrap());
    let mut services = gongwen_runtime::server::Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
    // Authenticated as in production: every call verifies an Ed25519 token.
    let keys = tempfile::tempdir().unwrap();
    let (private, public) = gongwen_auth::token::ensure_dev_key(keys.path()).unwrap();
    let verifier = gongwen_auth::token::Verifier::from_files(&[public], "gongwen", "gongwen").unwrap();
    services.secure(Arc::new(gongwen_auth::Authenticator::new(Some(verifier), false)), None);
    let token = gongwen_auth::token::Minter::from_pem_file(&private, "gongwen", "gongwen")
        .unwrap()
        .mint(&"department:audit".parse().unwrap(), gongwen_auth::Clearance::Unclassified, Duration::from_secs(3600))
        .unwrap();
    let bearer: tonic::metadata::MetadataValue<_> = format!("Bearer {token}").parse().unwrap();
    let deps = gongwen_deps::Deps {
        db: db.clone(),
        calendar: gongwen::assemble::calendar(&rulebook, None).unwrap(),
        rulebook,
        directory,
        clock: Arc::new(gongwen_calendar::SystemClock),
        outbound: gongwen_auth::Outbound::default(),
        draining: services.draining(),
        max_message_bytes: 8 << 20,
        call_timeout: std::time::Duration::from_secs(30),
    };
    let plan = gongwen::assemble::Plan {
        part: gongwen::assemble::Part::Intake,
        countersign_url: String::new(),
        intake_url: String::new(),
        sweep_every: Duration::from_secs(1),
        migrate: true,
    };
    gongwen::assemble::assemble(&deps, &mut services, &plan).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = gongwen_runtime::server::Limits {
        request_timeout: Duration::from_secs(60),
        concurrency_limit: 4096,
        max_message_bytes: 8 << 20,
    };
    tokio::spawn(services.serve(listener, limits, std::future::pending()));
    let channel = tonic::transport::Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap();
    reports.push(
        measure("grpc Submit (whole service)", ops / 2, clients, move |i| {
            let mut c = IntakeClient::new(channel.clone());
            let bearer = bearer.clone();
            async move {
                let mut req = tonic::Request::new(ipb::SubmitRequest {
                    document: Some(document(i + 1_000_000)),
                    envelope: Some(envelope()),
                    idempotency_key: format!("grpc-{i}"),
                });
                req.metadata_mut().insert("authorization", bearer);
                let sub = c.submit(req).await.unwrap().into_inner().submission.unwrap();
                assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
            }
        })
        .await,
    );

    // Gapless check on what the registrar and the service numbered.
    let row = db
        .fetch_one(query("SELECT count(*), max(receipt_seq) FROM intake_submissions WHERE receipt_year = 2026"))
        .await
        .unwrap();
    let (count, max): (i64, Option<i64>) = (row.get(0).unwrap(), row.get(1).unwrap());
    assert_eq!(Some(count), max, "receipt numbers 1..{count} with no gap");

    let base = &reports[0];
    println!(
        "{:<34} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "mode", "ops/s", "×ceiling", "p50 ms", "p95 ms", "p99 ms", "p50 ×", "p99 ×"
    );
    for r in &reports {
        println!(
            "{:<34} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            r.name,
            r.tps(),
            r.tps() / base.tps(),
            r.pct(0.5).as_secs_f64() * 1e3,
            r.pct(0.95).as_secs_f64() * 1e3,
            r.pct(0.99).as_secs_f64() * 1e3,
            r.pct(0.5).as_secs_f64() / base.pct(0.5).as_secs_f64(),
            r.pct(0.99).as_secs_f64() / base.pct(0.99).as_secs_f64(),
        );
    }
    println!("\nreceipts numbered 1..{count}, no gap");
}
