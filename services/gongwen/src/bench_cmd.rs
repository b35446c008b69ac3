//! `gongwen bench SCENARIO`: the suite under closed-loop load in this process
//! (every service on one port, the configured database), each scenario next
//! to its ceilings measured in the same run on the same machine: a trivial
//! RPC on the same server (grpc.health.v1 Check) and single-row inserts into
//! the same database at the same concurrency. Ratios, not absolute numbers,
//! are what compare across machines (BENCHMARKS.md).

use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::Context;
use gongwen::assemble::{Part, Plan};
use gongwen_auth::{Clearance, Role};
use gongwen_load::{Load, Report};
use gongwen_proto::{
    common::v1 as pb,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_runtime::{Config, server::Limits};
use gongwen_store::{Database, query};
use serde::Serialize;
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Scenario {
    /// Precheck of a 1,000-character request, authenticated (the rules, no write).
    Precheck,
    /// Submit: checks, gapless receipt number, audit, event; every call a new document.
    Submit,
    /// `gongwen serve` started as a new process: time to its first answered Precheck, and its
    /// resident memory once idle (after --duration).
    Startup,
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(value_enum)]
    scenario: Scenario,
    /// The database (default: a new SQLite file in a temporary directory). For PostgreSQL give an
    /// empty database: the run creates its tables.
    #[arg(long)]
    database_url: Option<String>,
    /// Calls in flight at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// HTTP/2 connections the calls share.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Unmeasured time before each measurement.
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    warmup: Duration,
    /// Measured time of each measurement.
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    duration: Duration,
    /// Also write the results as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// No progress line.
    #[arg(long)]
    quiet: bool,
}

/// A run: the scenario, its ceilings, the ratios.
#[derive(Serialize)]
struct Results {
    scenario: String,
    backend: String,
    cores: usize,
    build: &'static str,
    reports: Vec<Report>,
    ratios: Vec<(String, f64)>,
    /// Precheck only: the rules' own time per document, measured in the same run.
    rules_us: Option<f64>,
    /// Absolute measures (startup: seconds to the first answer, idle RSS in MiB).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    measures: Vec<(String, f64)>,
    target: String,
}

/// The reading benchmark's 1,000-character request, made unique by `n`.
fn request(n: u64) -> (pb::Document, ipb::Envelope) {
    let body = gongwen_rules::intake::fixtures::long_request_body(n);
    (
        pb::Document {
            doc_type: pb::DocType::Request as i32,
            issuing_body: "济宁市审计局".into(),
            doc_number: format!("济审发〔2026〕{}号", n + 1),
            title: "济宁市审计局关于新建东部片区小学的请示".into(),
            main_recipient: "市政府".into(),
            body,
            request_matters: vec!["批准新建东部片区小学立项".into()],
            signed_off_by: "韦正".into(),
            date_of_writing: "2026年3月5日".into(),
            ..Default::default()
        },
        ipb::Envelope {
            submitting_unit: "audit".into(),
            addressee: ipb::AddresseeKind::Government as i32,
            ..Default::default()
        },
    )
}

fn authed<T>(token: &str, msg: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(msg);
    r.metadata_mut().insert("authorization", format!("Bearer {token}").parse().expect("a token is ASCII"));
    r
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if let Scenario::Startup = args.scenario {
        return startup(args).await;
    }
    let dir = tempfile::tempdir()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let cfg = Config {
        listen: addr,
        data_dir: dir.path().to_owned(),
        database_url: args.database_url.clone().unwrap_or_default(),
        ..Config::default()
    };
    let (deps, mut services) = gongwen::assemble::load(&cfg, Part::All).await?;
    let backend = format!("{:?}", deps.db.backend());
    let rulebook = deps.rulebook.clone();
    let directory = deps.directory.clone();
    gongwen::assemble::assemble(&deps, &mut services, &Plan::from_config(&cfg, Part::All)).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(services.serve(listener, Limits::from(&cfg), async {
        let _ = stopped.await;
    }));
    let token = gongwen_runtime::security::dev_minter(&cfg.data_dir, &cfg)?.mint(
        &Role::Department("audit".into()),
        Clearance::TopSecret,
        Duration::from_secs(24 * 3600),
    )?;
    let mut channels = Vec::new();
    for _ in 0..args.connections.max(1) {
        channels.push(Channel::from_shared(format!("http://{addr}"))?.tcp_nodelay(true).connect().await?);
    }
    let channels = Arc::new(channels);
    let load = Load { concurrency: args.concurrency, warmup: args.warmup, duration: args.duration };
    let progress = !args.quiet;
    let mut reports = Vec::new();

    // Ceiling 1: the trivial RPC on the same server, through the same layers (health skips auth).
    let chs = channels.clone();
    let trivial = gongwen_load::run("ceiling: health Check", load, progress, move |n| {
        let ch = chs[n as usize % chs.len()].clone();
        async move { HealthClient::new(ch).check(HealthCheckRequest::default()).await.map(|_| ()) }
    })
    .await;
    println!("{}", trivial.line());

    let (ratios, rules_us, target) = match args.scenario {
        Scenario::Precheck => {
            // The rules' own time per document, single-threaded, on the request the calls send.
            let (doc, env) = request(0);
            let (d, e) = gongwen_intake::convert::submission(Some(&doc), Some(&env), &directory)?;
            let sender = directory.department("audit").context("the sample sender")?;
            let facts = gongwen_rules::document::Facts::default();
            let input = gongwen_rules::intake::Input {
                rulebook: &rulebook,
                directory: &directory,
                document: &d,
                envelope: &e,
                sender,
                facts: &facts,
            };
            let rounds = 2_000;
            let started = tokio::time::Instant::now();
            for _ in 0..rounds {
                std::hint::black_box(gongwen_rules::intake::run(std::hint::black_box(&input)));
            }
            let rules = started.elapsed().as_secs_f64() / f64::from(rounds);
            let (chs, token) = (channels.clone(), token.clone());
            let precheck = gongwen_load::run("precheck", load, progress, move |n| {
                let ch = chs[n as usize % chs.len()].clone();
                let (document, envelope) = request(n);
                let req = authed(&token, ipb::PrecheckRequest { document: Some(document), envelope: Some(envelope) });
                async move { IntakeClient::new(ch).precheck(req).await.map(|_| ()) }
            })
            .await;
            println!("{}", precheck.line());
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
            // What the service could reach if it added nothing to the trivial RPC but the rules.
            let bound = 1.0 / (1.0 / trivial.rps + rules / cores);
            let ratios = vec![
                ("precheck / trivial RPC".to_owned(), precheck.rps / trivial.rps),
                ("precheck / bound(trivial, rules)".to_owned(), precheck.rps / bound),
            ];
            reports.push(precheck);
            (ratios, Some(rules * 1e6), "precheck ≥ 0.80 × 1/(1/RPS_trivial + t_rules/cores)".to_owned())
        }
        Scenario::Submit => {
            // Ceiling 2: single-row inserts into the same database at the same concurrency.
            let db = Database::connect(&cfg.effective_database_url(), cfg.max_db_connections).await?;
            db.execute(query("CREATE TABLE IF NOT EXISTS bench_ceiling (n BIGINT NOT NULL, payload TEXT NOT NULL)"))
                .await?;
            let ceiling_db = db.clone();
            let insert = gongwen_load::run("ceiling: single-row INSERT", load, progress, move |n| {
                let db = ceiling_db.clone();
                async move {
                    db.execute(
                        query("INSERT INTO bench_ceiling (n, payload) VALUES ($1, $2)")
                            .bind(n as i64)
                            .bind("收文〔2026〕号 济宁市审计局关于新建东部片区小学的请示"),
                    )
                    .await
                    .map(|_| ())
                }
            })
            .await;
            println!("{}", insert.line());
            let (chs, token) = (channels.clone(), token.clone());
            let submit = gongwen_load::run("submit", load, progress, move |n| {
                let ch = chs[n as usize % chs.len()].clone();
                let (document, envelope) = request(n);
                let key = format!("bench-{n}");
                let req = authed(
                    &token,
                    ipb::SubmitRequest { document: Some(document), envelope: Some(envelope), idempotency_key: key },
                );
                async move {
                    let sub = IntakeClient::new(ch).submit(req).await?.into_inner().submission.unwrap_or_default();
                    // A returned document is a measurement of something else.
                    match sub.state() {
                        ipb::SubmissionState::Registered => Ok(()),
                        _ => Err(tonic::Status::failed_precondition(format!("not registered: {:?}", sub.findings))),
                    }
                }
            })
            .await;
            println!("{}", submit.line());
            // Gapless: every registered number from 1 to the count, once.
            let row = db
                .fetch_one(query(
                    "SELECT count(*), count(DISTINCT receipt_seq), coalesce(max(receipt_seq), 0) FROM intake_submissions \
                     WHERE state = 'REGISTERED'",
                ))
                .await?;
            let (count, distinct, max): (i64, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            anyhow::ensure!(
                count == distinct && count == max,
                "receipts not gapless: {count} rows, {distinct} numbers, max {max}"
            );
            println!("receipts: {count} registered, numbered 1…{max} without a gap");
            let ratios = vec![
                ("submit / INSERT throughput".to_owned(), submit.rps / insert.rps),
                ("submit p99 / INSERT p99".to_owned(), submit.p99_ms / insert.p99_ms),
            ];
            reports.push(insert);
            reports.push(submit);
            (ratios, None, "submit ≥ 0.80 × INSERT throughput, p99 ≤ 1.2 × INSERT p99".to_owned())
        }
        Scenario::Startup => unreachable!("measured by `startup`, before the in-process server starts"),
    };
    reports.insert(0, trivial);
    if let Some(us) = rules_us {
        println!("rules: {us:.0} µs per document (single-threaded, same run)");
    }
    for (what, ratio) in &ratios {
        println!("{what:<40} {ratio:.2}");
    }
    println!("target: {target}");
    let results = Results {
        scenario: format!("{:?}", args.scenario).to_lowercase(),
        backend,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        build: if cfg!(debug_assertions) { "debug" } else { "release" },
        reports,
        ratios,
        rules_us,
        measures: Vec::new(),
        target,
    };
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&results)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// Starts `gongwen serve` (this executable) on a fresh data directory, waits for
/// its first answered Precheck, lets it idle for `--duration`, reads its
/// resident set from /proc, and stops it.
async fn startup(args: BenchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let mut command = tokio::process::Command::new(std::env::current_exe()?);
    command.arg("serve").arg("--listen").arg(addr.to_string()).arg("--data-dir").arg(dir.path());
    if let Some(url) = &args.database_url {
        command.arg("--database-url").arg(url);
    }
    let log = std::fs::File::create(dir.path().join("serve.log"))?;
    command.stdout(log.try_clone()?).stderr(log).kill_on_drop(true);
    let started = tokio::time::Instant::now();
    let mut child = command.spawn().context("starting gongwen serve")?;
    let pid = child.id().context("the server's pid")?;
    // Ready: the health check answers SERVING (connection refused until the port is bound).
    let channel = loop {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "gongwen serve did not start within 60 s");
        if let Some(status) = child.try_wait()? {
            anyhow::bail!("gongwen serve exited with {status}: see {}", dir.path().join("serve.log").display());
        }
        if let Ok(ch) = Channel::from_shared(format!("http://{addr}"))?.connect().await {
            let serving = HealthClient::new(ch.clone()).check(HealthCheckRequest::default()).await.is_ok_and(|r| {
                r.into_inner().status() == tonic_health::pb::health_check_response::ServingStatus::Serving
            });
            if serving {
                break ch;
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let ready = started.elapsed();
    let cfg = Config { data_dir: dir.path().to_owned(), ..Config::default() };
    let token = gongwen_runtime::security::dev_minter(&cfg.data_dir, &cfg)?.mint(
        &Role::Department("audit".into()),
        Clearance::TopSecret,
        Duration::from_secs(3600),
    )?;
    let (document, envelope) = request(0);
    IntakeClient::new(channel.clone())
        .precheck(authed(&token, ipb::PrecheckRequest { document: Some(document), envelope: Some(envelope) }))
        .await?;
    let first_call = started.elapsed();
    if !args.quiet {
        eprintln!("idling {:?} before reading the resident set…", args.duration);
    }
    tokio::time::sleep(args.duration).await;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).context("reading /proc (Linux only)")?;
    let kib = |field: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let rss = kib("VmRSS:").context("VmRSS in /proc/<pid>/status")? / 1024.0;
    let peak = kib("VmHWM:").unwrap_or(0.0) / 1024.0;
    child.start_kill()?;
    child.wait().await?;
    let measures = vec![
        ("ready (health SERVING), s".to_owned(), ready.as_secs_f64()),
        ("first Precheck answered, s".to_owned(), first_call.as_secs_f64()),
        ("idle RSS, MiB".to_owned(), rss),
        ("peak RSS, MiB".to_owned(), peak),
    ];
    for (what, value) in &measures {
        println!("{what:<40} {value:.3}");
    }
    let target = "first call ≤ 1 s after start; idle RSS ≤ 40 MiB".to_owned();
    println!("target: {target}");
    let results = Results {
        scenario: "startup".into(),
        backend: if args.database_url.as_deref().is_some_and(|u| u.starts_with("postgres")) {
            "Postgres".into()
        } else {
            "Sqlite".into()
        },
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        build: if cfg!(debug_assertions) { "debug" } else { "release" },
        reports: Vec::new(),
        ratios: Vec::new(),
        rules_us: None,
        measures,
        target,
    };
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&results)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
