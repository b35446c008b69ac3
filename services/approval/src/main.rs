//! `gongwen-approval`: the approval service on its own (production: PostgreSQL).

use clap::Parser;
use gongwen_runtime::boot;

#[derive(Parser)]
#[command(version, about = "The gongwen approval service (呈批)")]
struct Cli {
    #[command(flatten)]
    serve: boot::ServeArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cfg = Cli::parse().serve.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen-approval");
    anyhow::ensure!(!cfg.intake_url.is_empty(), "--intake-url is required: approval takes its documents from intake");
    let boot::Boot { rulebook, directory, clock, db, mut services, outbound } =
        boot::Boot::load(&cfg, "approval", false).await?;
    let intake = outbound.connect_lazy(&cfg.intake_url)?;
    let approval = gongwen_approval::build(
        db.clone(),
        rulebook,
        directory,
        clock,
        intake,
        cfg.max_message_bytes,
        services.draining(),
    )
    .await?;
    services.routes().add_service(approval);
    services.serving(gongwen_approval::SERVICE_NAME).await;
    boot::serve(&cfg, services, "gongwen-approval").await?;
    db.close().await;
    Ok(())
}
