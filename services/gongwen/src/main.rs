//! `gongwen`: every service on one port over one database, and the CLI.

use std::sync::Arc;

use clap::{Parser, Subcommand};
use gongwen_runtime::{Config, boot, server::Services};

mod calendar_cmd;
mod demo;
mod rulebook_cmd;
mod rules_cmd;
mod security_cmd;

/// Prints a line; a closed pipe (`| head`) ends the program quietly instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

#[derive(Parser)]
#[command(version, about = "gongwen (公文): official documents through a municipal government, over gRPC")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every service on one port (embedded SQLite unless --database-url).
    Serve(boot::ServeArgs),
    /// Play one full circulation in this process (embedded database, driven clock) and print its timeline.
    Demo(demo::DemoArgs),
    /// Inspect the rulebooks.
    #[command(subcommand)]
    Rulebook(rulebook_cmd::RulebookCommand),
    /// Measure the intake rules on a labelled corpus.
    #[command(subcommand)]
    Rules(rules_cmd::RulesCommand),
    /// Working days and deadlines.
    #[command(subcommand)]
    Calendar(calendar_cmd::CalendarCommand),
    /// Bearer tokens.
    #[command(subcommand)]
    Token(security_cmd::TokenCommand),
    /// Certificates for mutual TLS.
    #[command(subcommand)]
    Pki(security_cmd::PkiCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(security_cmd::AuditCommand),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // One line per error for the operator; the chain, not a backtrace.
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Rulebook(cmd) => rulebook_cmd::run(cmd),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Calendar(cmd) => calendar_cmd::run(cmd),
        Command::Token(cmd) => security_cmd::token(cmd),
        Command::Pki(cmd) => security_cmd::pki(cmd),
        Command::Audit(cmd) => {
            anyhow::ensure!(security_cmd::audit(cmd).await?, "the audit log has been tampered with");
            Ok(())
        }
    }
}

async fn serve(args: boot::ServeArgs) -> anyhow::Result<()> {
    let cfg = args.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen");
    let boot = boot::Boot::load(&cfg, "gongwen", true).await?;
    let db = boot.db.clone();
    let services = assemble(&cfg, boot).await?;
    boot::serve(&cfg, services, "gongwen").await?;
    db.close().await;
    Ok(())
}

/// Every service over one database; intake and approval call the others
/// over gRPC with their credentials, by default on this same server
/// (`cfg.listen`).
async fn assemble(cfg: &Config, boot: boot::Boot) -> anyhow::Result<Services> {
    let boot::Boot { rulebook, directory, clock, db, mut services, outbound } = boot;
    let options = gongwen_countersign::Options {
        office_hours_end: cfg.office_hours_end().map_err(anyhow::Error::msg)?,
        sweep_every: std::time::Duration::from_millis(cfg.sweep_interval_ms),
        max_message_bytes: cfg.max_message_bytes,
    };
    let countersign = gongwen_countersign::build(
        db.clone(),
        rulebook.clone(),
        directory.clone(),
        clock.clone(),
        options,
        services.draining(),
    )
    .await?;
    services.routes().add_service(countersign);
    services.serving(gongwen_countersign::SERVICE_NAME).await;
    // The platforms' working-day arithmetic, on the rulebook's calendar and close of business.
    let served = gongwen_calendar::Calendar::with_overlay(rulebook.calendar.regional_overlay.value.as_deref())?
        .office_end(cfg.office_hours_end().map_err(anyhow::Error::msg)?);
    services.routes().add_service(gongwen_calendar_service::build(served)?);
    services.serving(gongwen_calendar_service::SERVICE_NAME).await;
    let own = boot::Boot::own_url(cfg);
    let or_own = |url: &str| if url.is_empty() { own.clone() } else { url.to_owned() };
    let verifier =
        Arc::new(gongwen_intake::verifier::GrpcVerifier::connect_lazy(&outbound, &or_own(&cfg.countersign_url))?);
    let intake = gongwen_intake::build(
        db.clone(),
        rulebook.clone(),
        directory.clone(),
        clock.clone(),
        cfg.max_message_bytes,
        services.draining(),
        Some(verifier),
    )
    .await?;
    services.routes().add_service(intake);
    services.serving(gongwen_intake::SERVICE_NAME).await;
    let approval = gongwen_approval::build(
        db,
        rulebook,
        directory,
        clock,
        outbound.connect_lazy(&or_own(&cfg.intake_url))?,
        cfg.max_message_bytes,
        services.draining(),
    )
    .await?;
    services.routes().add_service(approval);
    services.serving(gongwen_approval::SERVICE_NAME).await;
    Ok(services)
}
