//! `gongwen-intake`: the intake service on its own (production: PostgreSQL).

use std::sync::Arc;

use clap::Parser;
use gongwen_runtime::boot;

#[derive(Parser)]
#[command(version, about = "The gongwen intake service (收文初审)")]
struct Cli {
    #[command(flatten)]
    serve: boot::ServeArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cfg = Cli::parse().serve.config()?;
    let _telemetry = gongwen_runtime::telemetry::init(&cfg.log_format, "gongwen-intake");
    let boot::Boot { rulebook, directory, db, mut services, outbound, clock } =
        boot::Boot::load(&cfg, "intake", false).await?;
    let verifier: Option<Arc<dyn gongwen_intake::verifier::CertificateVerifier>> = if cfg.countersign_url.is_empty() {
        tracing::warn!("no --countersign-url: countersign certificates cannot be verified and are returned");
        None
    } else {
        Some(Arc::new(gongwen_intake::verifier::GrpcVerifier::connect_lazy(&outbound, &cfg.countersign_url)?))
    };
    let intake = gongwen_intake::build(
        db.clone(),
        rulebook,
        directory,
        clock,
        cfg.max_message_bytes,
        services.draining(),
        verifier,
    )
    .await?;
    services.routes().add_service(intake);
    services.serving(gongwen_intake::SERVICE_NAME).await;
    boot::serve(&cfg, services, "gongwen-intake").await?;
    db.close().await;
    Ok(())
}
