//! The intake service (收文初审): checks every document sent to the
//! government against the active rulebook, then registers it with a gapless
//! receipt number or returns it (退文) with every reason and its article.
//!
//! - `convert`: protobuf in, validated domain types out (InvalidArgument otherwise)
//! - `authz`: who may submit and read what (pure)
//! - `service`: the gRPC service
//! - `registrar`: batches submissions into one numbering transaction
//! - `registration`: replay, duplicate (I-16), register or return, and the receipt numbers (pure)
//! - `review`: the office's return of a registered document after 拟办 (pure)
//! - `store`: the SQL (PostgreSQL and SQLite)

pub mod authz;
pub mod convert;
pub mod error;
mod metrics;
pub mod registrar;
pub mod registration;
pub mod review;
pub mod service;
pub mod store;
pub mod verifier;

use std::sync::Arc;

use gongwen_deps::Deps;
use gongwen_proto::intake::v1::intake_service_server::IntakeServiceServer as IntakeServer;

pub use service::IntakeService;

/// What intake needs beyond [`Deps`].
#[derive(Default)]
pub struct Options {
    /// Checks countersign certificates; None: they cannot be verified, and
    /// a document that cites one is returned.
    pub verifier: Option<Arc<dyn verifier::CertificateVerifier>>,
}

/// Builds the gRPC service (its tables migrated: `gongwen::assemble::migrate`).
pub async fn build(deps: &Deps, options: Options) -> Result<IntakeServer<IntakeService>, gongwen_store::Error> {
    Ok(IntakeServer::new(IntakeService::new(deps, options.verifier))
        .max_decoding_message_size(deps.max_message_bytes)
        .max_encoding_message_size(deps.max_message_bytes))
}

/// The audit chain this service appends to.
pub const AUDIT_CHAIN: &str = "intake";

/// The gRPC service name, for health reporting.
pub const SERVICE_NAME: &str = "gongwen.intake.v1.IntakeService";
