//! `gongwen`: every service on one port over one database, and the CLI.

use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use gongwen_runtime::{boot, server::Services};

mod calendar_cmd;
mod rulebook_cmd;

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
    /// Inspect the rulebooks.
    #[command(subcommand)]
    Rulebook(rulebook_cmd::RulebookCommand),
    /// Working days and deadlines.
    #[command(subcommand)]
    Calendar(calendar_cmd::CalendarCommand),
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
        Command::Rulebook(cmd) => rulebook_cmd::run(cmd),
        Command::Calendar(cmd) => calendar_cmd::run(cmd),
    }
}

async fn serve(args: boot::ServeArgs) -> anyhow::Result<()> {
    let cfg = args.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen");
    // The server never starts on a rulebook or directory it cannot fully read.
    let rulebook = Arc::new(gongwen_rules::load(&cfg.rulebook).context("loading the rulebook")?);
    let directory = Arc::new(
        gongwen_org::Directory::load(&cfg.directory, &rulebook.rulebook.directory).context("loading the directory")?,
    );
    let clock = boot::clock(&cfg)?;
    let (rulebook_for_approval, directory_for_approval, clock_for_approval) =
        (rulebook.clone(), directory.clone(), clock.clone());
    let db = boot::open_database(&cfg).await?;
    let mut services = Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
    let options = gongwen_countersign::Options {
        trust_department_header: cfg.dev_identity_header,
        office_hours_end: cfg.office_hours_end().map_err(anyhow::Error::msg)?,
        sweep_every: std::time::Duration::from_millis(cfg.sweep_interval_ms),
        max_message_bytes: cfg.max_message_bytes,
    };
    let countersign = gongwen_countersign::build(
        db.clone(),
        rulebook.clone(),
        directory.clone(),
        clock,
        options,
        services.draining(),
    )
    .await?;
    services.routes().add_service(countersign);
    services.serving(gongwen_countersign::SERVICE_NAME).await;
    // Intake verifies certificates over gRPC, by default with this same server.
    let countersign_url =
        if cfg.countersign_url.is_empty() { format!("http://{}", cfg.listen) } else { cfg.countersign_url.clone() };
    let verifier = Arc::new(gongwen_intake::verifier::GrpcVerifier::connect_lazy(&countersign_url)?);
    let intake = gongwen_intake::build(
        db.clone(),
        rulebook,
        directory,
        cfg.max_message_bytes,
        services.draining(),
        Some(verifier),
    )
    .await?;
    services.routes().add_service(intake);
    services.serving(gongwen_intake::SERVICE_NAME).await;
    let intake_url = if cfg.intake_url.is_empty() { format!("http://{}", cfg.listen) } else { cfg.intake_url.clone() };
    let approval = gongwen_approval::build(
        db.clone(),
        rulebook_for_approval,
        directory_for_approval,
        clock_for_approval,
        cfg.dev_identity_header,
        intake_url,
        cfg.max_message_bytes,
        services.draining(),
    )
    .await?;
    services.routes().add_service(approval);
    services.serving(gongwen_approval::SERVICE_NAME).await;
    boot::serve(&cfg, services, "gongwen").await?;
    db.close().await;
    Ok(())
}
