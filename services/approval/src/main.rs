//! `gongwen-approval`: the approval service on its own (production: PostgreSQL).

use std::sync::Arc;

use clap::Parser;
use gongwen_runtime::{boot, server::Services};

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
    let rulebook = Arc::new(gongwen_rules::load(&cfg.rulebook)?);
    let directory = Arc::new(gongwen_org::Directory::load(&cfg.directory, &rulebook.rulebook.directory)?);
    let clock = boot::clock(&cfg)?;
    let db = boot::open_database(&cfg).await?;
    let mut services = Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
    let approval = gongwen_approval::build(
        db.clone(),
        rulebook,
        directory,
        clock,
        cfg.dev_identity_header,
        cfg.intake_url.clone(),
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
