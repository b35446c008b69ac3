//! `gongwen bench SCENARIO`: the suite under closed-loop load in this process
//! (every service on one port, the configured database), each scenario next
//! to its ceilings measured in the same run on the same machine: a trivial
//! RPC on the same server (grpc.health.v1 Check) and single-row inserts into
//! the same database at the same concurrency. Ratios, not absolute numbers,
//! are what compare across machines (BENCHMARKS.md).
//!
//! - `intake`: precheck, submit; `countersign`: a round, the deadline sweep;
//!   `approval`: circulation, inbox; `startup`: `gongwen serve` as a process.

mod approval;
mod countersign;
mod intake;
mod startup;

use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::Context;
use gongwen::assemble::{Part, Plan};
use gongwen_auth::{Clearance, Role, token::Minter};
use gongwen_calendar::ManualClock;
use gongwen_deps::Deps;
use gongwen_load::{Load, Report};
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
    /// A countersign round: open it with 3 participants, 2 reply; then the third's silent
    /// consent at the deadline, for every round opened.
    Countersign,
    /// One document through the government: submit → routed → 拟办 → the leader's decision.
    Circulation,
    /// --deadlines countersign deadlines fall due at once and are deemed consent by --workers
    /// replicas, while a submit load runs.
    Sweep,
    /// The first and a deep page of a leader's inbox holding --items items.
    Inbox,
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
    /// sweep: deadlines falling due at once (five countersign tasks a round).
    #[arg(long, default_value_t = 100_000)]
    deadlines: usize,
    /// sweep: countersign replicas firing them (PostgreSQL; SQLite has one writer, so one).
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// inbox: items waiting in the leader's inbox.
    #[arg(long, default_value_t = 100_000)]
    items: usize,
    /// submit, sweep: run the scenario a second time with audit paused, in the same run, and
    /// report what audit costs (`--audit-pair false` skips it).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    audit_pair: bool,
    /// Also write the results as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// No progress line.
    #[arg(long)]
    quiet: bool,
}

impl BenchArgs {
    fn load(&self) -> Load {
        Load { concurrency: self.concurrency, warmup: self.warmup, duration: self.duration }
    }
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
    /// Absolute measures (startup: seconds to the first answer; sweep: consents per second).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    measures: Vec<(String, f64)>,
    target: String,
}

/// What a scenario measured, besides the trivial ceiling every in-process run takes.
#[derive(Default)]
struct Outcome {
    reports: Vec<Report>,
    ratios: Vec<(String, f64)>,
    rules_us: Option<f64>,
    measures: Vec<(String, f64)>,
    target: String,
}

impl Outcome {
    /// Prints what the reports' lines did not, and writes `--json`.
    fn finish(self, args: &BenchArgs, backend: String) -> anyhow::Result<()> {
        if let Some(us) = self.rules_us {
            println!("rules: {us:.0} µs per document (single-threaded, same run)");
        }
        for (what, value) in self.ratios.iter().chain(&self.measures) {
            println!("{what:<40} {value:.3}");
        }
        println!("target: {}", self.target);
        let results = Results {
            scenario: format!("{:?}", args.scenario).to_lowercase(),
            backend,
            cores: cores(),
            build: if cfg!(debug_assertions) { "debug" } else { "release" },
            reports: self.reports,
            ratios: self.ratios,
            rules_us: self.rules_us,
            measures: self.measures,
            target: self.target,
        };
        if let Some(path) = &args.json {
            std::fs::write(path, serde_json::to_string_pretty(&results)?)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn authed<T>(token: &str, msg: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(msg);
    r.metadata_mut().insert("authorization", format!("Bearer {token}").parse().expect("a token is ASCII"));
    r
}

/// Document numbers (and round numbers) of the unaudited half of a pair, clear of the audited half's.
const UNAUDITED_FROM: u64 = 50_000_000;

/// The whole suite served in this process on an ephemeral port, with clients.
struct Suite {
    cfg: Config,
    deps: Deps,
    channels: Arc<Vec<Channel>>,
    minter: Minter,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<Result<(), tonic::transport::Error>>,
    /// Further countersign replicas on the same database (sweep), kept alive with their workers.
    replicas: Vec<gongwen_runtime::server::Services>,
    _dir: tempfile::TempDir,
}

impl Suite {
    /// `gongwen serve`'s assembly on the configured database; with `clock`, every service
    /// reads that clock (the scenarios that move time: deadlines) and sweeps every 20 ms.
    async fn start(args: &BenchArgs, clock: Option<&ManualClock>) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let cfg = Config {
            listen: addr,
            data_dir: dir.path().to_owned(),
            database_url: args.database_url.clone().unwrap_or_default(),
            sweep_interval_ms: if clock.is_some() { 20 } else { Config::default().sweep_interval_ms },
            ..Config::default()
        };
        let (mut deps, mut services) = gongwen::assemble::load(&cfg, Part::All).await?;
        if let Some(clock) = clock {
            deps.clock = Arc::new(clock.clone());
        }
        gongwen::assemble::assemble(&deps, &mut services, &Plan::from_config(&cfg, Part::All)).await?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(services.serve(listener, Limits::from(&cfg), async {
            let _ = stopped.await;
        }));
        let mut channels = Vec::new();
        for _ in 0..args.connections.max(1) {
            channels.push(Channel::from_shared(format!("http://{addr}"))?.tcp_nodelay(true).connect().await?);
        }
        let minter = gongwen_runtime::security::dev_minter(&cfg.data_dir, &cfg)?;
        Ok(Self { cfg, deps, channels: Arc::new(channels), minter, stop, server, replicas: Vec::new(), _dir: dir })
    }

    /// Another countersign process on the same database and clock: its deadline worker
    /// runs until the suite stops (it serves no port: the sweep is what it is for).
    async fn add_countersign_replica(&mut self, clock: &ManualClock) -> anyhow::Result<()> {
        let cfg = Config { migrate_on_start: false, ..self.cfg.clone() };
        let (mut deps, mut services) = gongwen::assemble::load(&cfg, Part::Countersign).await?;
        deps.clock = Arc::new(clock.clone());
        gongwen::assemble::assemble(&deps, &mut services, &Plan::from_config(&cfg, Part::Countersign)).await?;
        self.replicas.push(services);
        Ok(())
    }

    fn backend(&self) -> String {
        format!("{:?}", self.deps.db.backend())
    }

    /// A day's bearer token for `role`.
    fn token(&self, role: Role) -> anyhow::Result<String> {
        Ok(self.minter.mint(&role, Clearance::TopSecret, Duration::from_secs(24 * 3600))?)
    }

    /// Entries in `chain` once everything committed is chained, the chain verified whole.
    async fn audit_entries(&self, chain: &str) -> anyhow::Result<u64> {
        let report = gongwen_audit::verify(&self.deps.db, Some(chain)).await?;
        anyhow::ensure!(report.first_broken.is_none(), "the {chain} audit chain is broken: {report:?}");
        Ok(report.entries)
    }

    /// Runs `phase` with audit paused in this process, and checks `chain` got no entry meanwhile
    /// (a pair that measured audit twice would report a cost of zero).
    async fn without_audit<F, Fut, T>(&self, chain: &str, phase: F) -> anyhow::Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = anyhow::Result<T>>,
    {
        let before = self.audit_entries(chain).await?;
        let out = {
            let _paused = gongwen_audit::bench::pause();
            phase().await?
        };
        let after = self.audit_entries(chain).await?;
        anyhow::ensure!(after == before, "{} {chain} entries were appended with audit paused", after - before);
        Ok(out)
    }

    /// The `n`th call's connection.
    fn channel(&self, n: u64) -> Channel {
        self.channels[n as usize % self.channels.len()].clone()
    }

    /// Ceiling: the trivial RPC on the same server, through the same layers (health skips auth).
    async fn trivial(&self, args: &BenchArgs) -> Report {
        let chs = self.channels.clone();
        let report = gongwen_load::run("ceiling: health Check", args.load(), !args.quiet, move |n| {
            let ch = chs[n as usize % chs.len()].clone();
            async move { HealthClient::new(ch).check(HealthCheckRequest::default()).await.map(|_| ()) }
        })
        .await;
        println!("{}", report.line());
        report
    }

    /// Ceiling: single-row inserts into the same database at the same concurrency, from a
    /// pool of the server's size.
    async fn insert_ceiling(&self, args: &BenchArgs) -> anyhow::Result<Report> {
        let db = Database::connect(&self.cfg.effective_database_url(), self.cfg.max_db_connections).await?;
        db.execute(query("CREATE TABLE IF NOT EXISTS bench_ceiling (n BIGINT NOT NULL, payload TEXT NOT NULL)"))
            .await?;
        let report = gongwen_load::run("ceiling: single-row INSERT", args.load(), !args.quiet, move |n| {
            let db = db.clone();
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
        println!("{}", report.line());
        Ok(report)
    }

    async fn stop(self) -> anyhow::Result<()> {
        drop(self.replicas);
        let _ = self.stop.send(());
        self.server.await??;
        self.deps.db.close().await;
        Ok(())
    }
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if let Scenario::Startup = args.scenario {
        let (outcome, backend) = startup::run(&args).await?;
        return outcome.finish(&args, backend);
    }
    // The scenarios with deadlines move time; the others read the system clock.
    let clock = match args.scenario {
        Scenario::Countersign | Scenario::Sweep => Some(ManualClock::new(countersign::opened())),
        _ => None,
    };
    let mut suite = Suite::start(&args, clock.as_ref()).await?;
    let trivial = suite.trivial(&args).await;
    let mut outcome = match (args.scenario, &clock) {
        (Scenario::Precheck, _) => intake::precheck(&suite, &args, &trivial).await?,
        (Scenario::Submit, _) => intake::submit(&suite, &args).await?,
        (Scenario::Countersign, Some(clock)) => countersign::round(&suite, &args, clock).await?,
        (Scenario::Sweep, Some(clock)) => countersign::sweep(&mut suite, &args, clock).await?,
        (Scenario::Circulation, _) => approval::circulation(&suite, &args).await?,
        (Scenario::Inbox, _) => approval::inbox(&suite, &args).await?,
        (scenario, _) => anyhow::bail!("{scenario:?} has no in-process run"),
    };
    outcome.reports.insert(0, trivial);
    let backend = suite.backend();
    suite.stop().await?;
    outcome.finish(&args, backend)
}
