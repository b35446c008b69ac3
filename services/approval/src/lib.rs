//! The approval service (呈批): the office's proposed handling (拟办),
//! routing by the leaders' portfolios (co-approval, the mayor for major
//! matters), explicit decisions (圈阅 means consent on a request, "read" on
//! a report), and substitution when a leader is away.
//!
//! - `route`: routing, substitution and decisions (pure); `authz`: who may
//!   do what, and what of a classified item they see (pure)
//! - `consumer`: takes intake's registrations over gRPC
//! - `store`: the SQL; `service`: gRPC

pub mod authz;
pub mod consumer;
pub mod error;
mod metrics;
mod recount;
pub mod route;
pub mod service;
pub mod store;
pub mod supervision;

use std::sync::Arc;

use gongwen_deps::Deps;
use gongwen_proto::approval::v1::approval_service_server::ApprovalServiceServer as ApprovalServer;
use tokio::sync::watch;

pub use service::ApprovalService;

/// The audit chain this service appends to.
pub const AUDIT_CHAIN: &str = "approval";

pub const SERVICE_NAME: &str = "gongwen.approval.v1.ApprovalService";

/// What approval needs beyond [`Deps`].
pub struct Options {
    /// Intake, where registered documents come from (a channel with
    /// approval's credentials).
    pub intake: gongwen_auth::AuthedChannel,
}

/// Starts taking intake's registrations and builds the service (its tables
/// migrated: `gongwen::assemble::migrate`).
pub async fn build(deps: &Deps, options: Options) -> anyhow::Result<ApprovalServer<ApprovalService>> {
    let shared = Arc::new(service::Shared {
        db: deps.db.clone(),
        rulebook: deps.rulebook.clone(),
        directory: deps.directory.clone(),
        clock: deps.clock.clone(),
        calendar: deps.calendar.clone(),
        changed: watch::Sender::new(0),
        guard: deps.guard(AUDIT_CHAIN),
        idempotency: deps.idempotency("approval_requests", "gongwen.approval"),
    });
    consumer::spawn(shared.clone(), options.intake, deps.draining.clone());
    recount::spawn(shared.clone(), deps.draining.clone());
    metrics::spawn(shared.clone(), deps.draining.clone());
    Ok(ApprovalServer::new(ApprovalService::new(shared, deps.draining.clone()))
        .max_decoding_message_size(deps.max_message_bytes)
        .max_encoding_message_size(deps.max_message_bytes))
}
