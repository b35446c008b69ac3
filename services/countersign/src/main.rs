//! `gongwen-countersign`: the countersign service on its own (production: PostgreSQL).

use std::time::Duration;

use clap::Parser;
use gongwen_runtime::boot;

#[derive(Parser)]
#[command(version, about = "The gongwen countersign service (会签)")]
struct Cli {
    #[command(flatten)]
    serve: boot::ServeArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cfg = Cli::parse().serve.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen-countersign");
    let boot::Boot { rulebook, directory, clock, db, mut services, .. } =
        boot::Boot::load(&cfg, "countersign", false).await?;
    let options = gongwen_countersign::Options {
        office_hours_end: cfg.office_hours_end().map_err(anyhow::Error::msg)?,
        sweep_every: Duration::from_millis(cfg.sweep_interval_ms),
        max_message_bytes: cfg.max_message_bytes,
    };
    let countersign =
        gongwen_countersign::build(db.clone(), rulebook, directory, clock, options, services.draining()).await?;
    services.routes().add_service(countersign);
    services.serving(gongwen_countersign::SERVICE_NAME).await;
    boot::serve(&cfg, services, "gongwen-countersign").await?;
    db.close().await;
    Ok(())
}
