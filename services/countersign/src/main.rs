//! `gongwen-countersign`: the countersign service on its own (production: PostgreSQL).

use std::{sync::Arc, time::Duration};

use clap::Parser;
use gongwen_runtime::{boot, server::Services};

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
    let rulebook = Arc::new(gongwen_rules::load(&cfg.rulebook)?);
    let directory = Arc::new(gongwen_org::Directory::load(&cfg.directory, &rulebook.rulebook.directory)?);
    let clock = boot::clock(&cfg)?;
    let db = boot::open_database(&cfg).await?;
    let mut services = Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
    let options = gongwen_countersign::Options {
        trust_department_header: cfg.dev_identity_header,
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
