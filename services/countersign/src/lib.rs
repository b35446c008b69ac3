//! The countersign service (会签): rounds between departments, reply
//! deadlines in working days, extensions by agreement, silent consent at the
//! deadline where the rulebook provides it, escalation level by level, and a
//! certificate that intake verifies.
//!
//! - `round`: the rules of a round (pure); `authz`: who may do what (pure)
//! - `store`: the SQL, with the audit entry of every change in its
//!   transaction; `worker`: the deadline sweep; `service`: gRPC

pub mod authz;
pub mod error;
mod metrics;
pub mod round;
pub mod service;
pub mod store;
pub mod worker;

use std::{sync::Arc, time::Duration};

use gongwen_deps::Deps;
use gongwen_proto::countersign::v1::countersign_service_server::CountersignServiceServer as CountersignServer;
use tokio::sync::watch;

pub use service::CountersignService;

/// The audit chain this service appends to.
pub const AUDIT_CHAIN: &str = "countersign";

pub const SERVICE_NAME: &str = "gongwen.countersign.v1.CountersignService";

/// What countersign needs beyond [`Deps`].
pub struct Options {
    /// How often the deadline worker looks for due deadlines.
    pub sweep_every: Duration,
}

/// Starts the deadline worker and builds the service (its tables migrated:
/// `gongwen::assemble::migrate`).
pub async fn build(deps: &Deps, options: Options) -> anyhow::Result<CountersignServer<CountersignService>> {
    let shared = Arc::new(service::Shared {
        db: deps.db.clone(),
        rulebook: deps.rulebook.clone(),
        directory: deps.directory.clone(),
        calendar: deps.calendar.clone(),
        clock: deps.clock.clone(),
        changed: watch::Sender::new(0),
        guard: deps.guard(AUDIT_CHAIN),
        idempotency: deps.idempotency("countersign_requests", "gongwen.countersign"),
    });
    worker::spawn(shared.clone(), options.sweep_every, deps.draining.clone());
    Ok(CountersignServer::new(CountersignService::new(shared, deps.draining.clone()))
        .max_decoding_message_size(deps.max_message_bytes)
        .max_encoding_message_size(deps.max_message_bytes))
}
