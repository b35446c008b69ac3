//! The composition root: the one place the suite is assembled. The three
//! service binaries, `gongwen serve`, the demo, the integration tests and
//! the benchmarks all build their servers here, from one [`Deps`] each.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use clap::{Args, FromArgMatches};
use gongwen_calendar::{Calendar, Clock, OffsetClock, SystemClock};
use gongwen_deps::Deps;
use gongwen_rules::Rulebook;
use gongwen_runtime::{
    Config,
    boot::{self, ServeArgs},
    security::Security,
    server::Services,
};

/// How often each process chains the audit log's pending entries (readers seal first anyway).
const AUDIT_SEAL_EVERY: Duration = Duration::from_millis(50);

/// What one process serves. Every process also serves the audit log over its
/// database and the calendar, with health and reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Every service on one port (`gongwen serve`).
    All,
    Intake,
    Countersign,
    Approval,
}

impl Part {
    /// The binary's name, and the identity on its own outgoing calls (`service:<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Part::All => "gongwen",
            Part::Intake => "gongwen-intake",
            Part::Countersign => "gongwen-countersign",
            Part::Approval => "gongwen-approval",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Part::All => "Every gongwen service on one port",
            Part::Intake => "The gongwen intake service (收文初审)",
            Part::Countersign => "The gongwen countersign service (会签)",
            Part::Approval => "The gongwen approval service (呈批)",
        }
    }

    fn serves(self, other: Part) -> bool {
        self == Part::All || self == other
    }
}

/// How the services of one process reach the others, and what they need
/// beyond [`Deps`].
#[derive(Debug, Clone)]
pub struct Plan {
    pub part: Part,
    /// Where intake verifies countersign certificates; empty: nowhere (they are findings).
    pub countersign_url: String,
    /// Where approval takes registered documents from (required when it is served).
    pub intake_url: String,
    pub sweep_every: Duration,
    /// Apply the migrations of what is served before building it (else a job did: `gongwen migrate`).
    pub migrate: bool,
}

impl Plan {
    /// From the configuration; in `gongwen serve` an empty URL means this same server.
    pub fn from_config(cfg: &Config, part: Part) -> Self {
        let own = |url: &str| match (part, url.is_empty()) {
            (Part::All, true) => boot::own_url(cfg),
            _ => url.to_owned(),
        };
        Self {
            part,
            countersign_url: own(&cfg.countersign_url),
            intake_url: own(&cfg.intake_url),
            sweep_every: Duration::from_millis(cfg.sweep_interval_ms),
            migrate: cfg.migrate_on_start,
        }
    }
}

/// The rulebook's calendar (its regional overlay) ending each working day at
/// `office_end`: the one every service counts due dates on.
pub fn calendar(rulebook: &Rulebook, office_end: Option<chrono::NaiveTime>) -> anyhow::Result<Calendar> {
    // A rulebook's seasonal hours (Urumqi's summer and winter close) win over the configured close.
    let seasons = rulebook.calendar.seasons().map_err(anyhow::Error::msg)?;
    Ok(Calendar::with_overlay(rulebook.calendar.regional_overlay.value.as_deref())?
        .office_end(office_end)
        .seasonal_close(seasons))
}

/// The clock: the system's, or (development only) one started at `dev_clock`.
pub fn clock(cfg: &Config) -> anyhow::Result<Arc<dyn Clock>> {
    if cfg.dev_clock.is_empty() {
        return Ok(Arc::new(SystemClock));
    }
    let start = chrono::DateTime::parse_from_rfc3339(&cfg.dev_clock)
        .with_context(|| format!("dev_clock {:?} is not an RFC 3339 instant", cfg.dev_clock))?;
    tracing::warn!(start = %start, "DEVELOPMENT MODE: the clock is shifted");
    Ok(Arc::new(OffsetClock::starting_at(start.to_utc())))
}

/// Loads what the services are built from, as configured: the rulebook and
/// directory (never started on one it cannot fully read), the calendar, the
/// clock, the database; and the server kit, secured as configured, its probe
/// port answering (NOT_SERVING) while the database is awaited.
pub async fn load(cfg: &Config, part: Part) -> anyhow::Result<(Deps, Services)> {
    let rulebook = Arc::new(gongwen_rules::load(&cfg.rulebook).context("loading the rulebook")?);
    let directory = Arc::new(
        gongwen_org::Directory::load(&cfg.directory, &rulebook.rulebook.directory).context("loading the directory")?,
    );
    let calendar = calendar(&rulebook, cfg.office_hours_end().map_err(anyhow::Error::msg)?)?;
    let security = Security::from_config(cfg, part.name(), part == Part::All)?;
    security.watch(Duration::from_secs(cfg.credentials_refresh_secs.max(1)));
    let mut services = Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
    services.reflection(cfg.reflection);
    if let Some(addr) = cfg.health_listen {
        let bound = services.probe_on(addr).await.with_context(|| format!("binding the probe port {addr}"))?;
        tracing::info!(health_listen = %bound, "probes served in plaintext");
    }
    if let Some(addr) = cfg.metrics_listen {
        let bound =
            gongwen_runtime::metrics::serve(addr).await.with_context(|| format!("binding the metrics port {addr}"))?;
        tracing::info!(metrics_listen = %bound, "Prometheus metrics at /metrics");
    }
    let db = boot::open_database(cfg).await?;
    services.ready_with(db.clone());
    services.secure(security.authenticator, security.tls);
    let deps = Deps {
        db,
        rulebook,
        directory,
        calendar,
        clock: clock(cfg)?,
        outbound: security.outbound,
        draining: services.draining(),
        max_message_bytes: cfg.max_message_bytes,
        call_timeout: cfg.request_timeout(),
    };
    Ok((deps, services))
}

/// Applies the migrations of what `part` serves (every process also serves
/// the audit log and the calendar). Each set has its own version range, so
/// several services may share one database.
pub async fn migrate(db: &gongwen_store::Database, part: Part) -> Result<(), gongwen_store::Error> {
    gongwen_audit::migrate(db).await?;
    gongwen_calendar_service::store::migrate(db).await?;
    if part.serves(Part::Countersign) {
        gongwen_countersign::store::migrate(db).await?;
    }
    if part.serves(Part::Intake) {
        gongwen_intake::store::migrate(db).await?;
    }
    if part.serves(Part::Approval) {
        gongwen_approval::store::migrate(db).await?;
    }
    Ok(())
}

/// Builds the services `plan` names from `deps` and adds them to `services`,
/// each reported SERVING once it is ready.
pub async fn assemble(deps: &Deps, services: &mut Services, plan: &Plan) -> anyhow::Result<()> {
    if plan.migrate {
        migrate(&deps.db, plan.part).await.context("applying the migrations")?;
    }
    // Chains what this process (and any other) appended to the audit log: writers never wait
    // on a chain's head, the sealer links their entries in batches.
    gongwen_audit::spawn_sealer(deps.db.clone(), AUDIT_SEAL_EVERY, deps.draining.clone());
    services.routes().add_service(gongwen_audit_service::build(deps));
    services.serving(gongwen_audit_service::SERVICE_NAME).await;
    // The platforms' working-day arithmetic, on the rulebook's calendar and close of business.
    services.routes().add_service(gongwen_calendar_service::build(deps).await?);
    services.serving(gongwen_calendar_service::SERVICE_NAME).await;
    if plan.part.serves(Part::Countersign) {
        let options = gongwen_countersign::Options { sweep_every: plan.sweep_every };
        services.routes().add_service(gongwen_countersign::build(deps, options).await?);
        services.serving(gongwen_countersign::SERVICE_NAME).await;
    }
    if plan.part.serves(Part::Intake) {
        let verifier: Option<Arc<dyn gongwen_intake::verifier::CertificateVerifier>> = if plan
            .countersign_url
            .is_empty()
        {
            tracing::warn!("no countersign URL: countersign certificates cannot be verified and are returned");
            None
        } else {
            Some(Arc::new(gongwen_intake::verifier::GrpcVerifier::connect_lazy(&deps.outbound, &plan.countersign_url)?))
        };
        services.routes().add_service(gongwen_intake::build(deps, gongwen_intake::Options { verifier }).await?);
        services.serving(gongwen_intake::SERVICE_NAME).await;
    }
    if plan.part.serves(Part::Approval) {
        anyhow::ensure!(
            !plan.intake_url.is_empty(),
            "--intake-url is required: approval takes its documents from intake"
        );
        let options = gongwen_approval::Options { intake: deps.outbound.connect_lazy(&plan.intake_url)? };
        services.routes().add_service(gongwen_approval::build(deps, options).await?);
        services.serving(gongwen_approval::SERVICE_NAME).await;
    }
    Ok(())
}

/// Loads, assembles and serves `part` as configured until SIGTERM or Ctrl-C.
pub async fn run(cfg: &Config, part: Part) -> anyhow::Result<()> {
    // A fixed port is bound once the database answers (no API before it). With --listen …:0 the
    // plan's own URL (approval → intake) needs the port the system gives: bound first, then.
    let early = match cfg.listen.port() {
        0 => Some(boot::bind(cfg).await?),
        _ => None,
    };
    let cfg = early.as_ref().map_or_else(|| cfg.clone(), |(_, bound)| bound.clone());
    let (deps, mut services) = load(&cfg, part).await?;
    assemble(&deps, &mut services, &Plan::from_config(&cfg, part)).await?;
    let (listener, cfg) = match early {
        Some(bound) => bound,
        None => boot::bind(&cfg).await?,
    };
    boot::serve(&cfg, listener, services, part.name()).await?;
    deps.db.close().await;
    Ok(())
}

/// The `main` of a one-service binary: its flags, its logs, [`run`].
pub fn standalone(part: Part) -> std::process::ExitCode {
    crate::allocator_options();
    let command =
        ServeArgs::augment_args(clap::Command::new(part.name()).version(env!("CARGO_PKG_VERSION")).about(part.about()));
    let started = ServeArgs::from_arg_matches(&command.get_matches()).map_err(anyhow::Error::from).and_then(|args| {
        let cfg = args.config()?;
        tokio::runtime::Runtime::new()?.block_on(async {
            let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, part.name());
            run(&cfg, part).await
        })
    });
    match started {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
