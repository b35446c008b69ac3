//! `gongwen`: every service on one port over one database, and the CLI.

use clap::{Parser, Subcommand};
use gongwen_runtime::boot;

mod bench;
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
    /// Apply the database migrations of one service (or of all) and exit: the
    /// job run before a rollout whose services start with migrate_on_start off.
    Migrate(MigrateArgs),
    /// Measure a scenario under load in this process, next to its ceilings (BENCHMARKS.md).
    Bench(bench::BenchArgs),
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
    /// Print every error code the services answer with (docs/errors.md).
    Errors,
    /// Print the API reference generated from the proto comments (docs/api.md).
    ApiDoc,
}

fn main() -> std::process::ExitCode {
    gongwen::allocator_options();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // One line per error for the operator; the chain, not a backtrace.
    match runtime.block_on(run(Cli::parse())) {
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
        Command::Migrate(args) => migrate(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Bench(args) => bench::run(args).await,
        Command::Rulebook(cmd) => rulebook_cmd::run(cmd),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Calendar(cmd) => calendar_cmd::run(cmd).await,
        Command::Token(cmd) => security_cmd::token(cmd),
        Command::Pki(cmd) => security_cmd::pki(cmd),
        Command::ApiDoc => {
            out!("{}", gongwen::api_doc::markdown().trim_end());
            Ok(())
        }
        Command::Errors => {
            out!("{}", gongwen::errors::markdown().trim_end());
            Ok(())
        }
        Command::Audit(cmd) => {
            anyhow::ensure!(security_cmd::audit(cmd).await?, "the audit log has been tampered with");
            Ok(())
        }
    }
}

#[derive(clap::Args)]
struct MigrateArgs {
    /// Whose tables: a service, or all of them (`gongwen serve`'s database).
    #[arg(long, value_enum, default_value = "all")]
    part: gongwen::assemble::Part,
    #[command(flatten)]
    config: boot::ServeArgs,
}

async fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    let cfg = args.config.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen");
    let db = boot::open_database(&cfg).await?;
    gongwen::assemble::migrate(&db, args.part).await?;
    db.close().await;
    out!("migrated: {} on {}", args.part.name(), boot::redact(&cfg.effective_database_url()));
    Ok(())
}

async fn serve(args: boot::ServeArgs) -> anyhow::Result<()> {
    let cfg = args.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen");
    gongwen::assemble::run(&cfg, gongwen::assemble::Part::All).await
}
