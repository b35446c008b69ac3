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
pub mod round;
pub mod service;
pub mod store;
pub mod worker;

use std::{sync::Arc, time::Duration};

use gongwen_calendar::{Calendar, Clock};
use gongwen_org::Directory;
use gongwen_proto::countersign::v1::countersign_server::CountersignServer;
use gongwen_rules::Rulebook;
use gongwen_store::Database;
use tokio::sync::watch;

pub use service::CountersignService;

/// The audit chain this service appends to.
pub const AUDIT_CHAIN: &str = "countersign";

pub const SERVICE_NAME: &str = "gongwen.countersign.v1.Countersign";

pub struct Options {
    /// Close of business at which limits end (None: 24:00).
    pub office_hours_end: Option<chrono::NaiveTime>,
    pub sweep_every: Duration,
    pub max_message_bytes: usize,
}

/// Applies the migrations, starts the deadline worker and builds the service.
pub async fn build(
    db: Database,
    rulebook: Arc<Rulebook>,
    directory: Arc<Directory>,
    clock: Arc<dyn Clock>,
    options: Options,
    draining: watch::Receiver<bool>,
) -> anyhow::Result<CountersignServer<CountersignService>> {
    store::migrate(&db).await?;
    let calendar = Calendar::with_overlay(rulebook.calendar.regional_overlay.value.as_deref())?
        .office_end(options.office_hours_end);
    let guard = gongwen_runtime::guard::Guard::new(db.clone(), directory.clone(), clock.clone(), AUDIT_CHAIN);
    let shared =
        Arc::new(service::Shared { db, rulebook, directory, calendar, clock, changed: watch::Sender::new(0), guard });
    worker::spawn(shared.clone(), options.sweep_every, draining.clone());
    Ok(CountersignServer::new(CountersignService::new(shared, draining))
        .max_decoding_message_size(options.max_message_bytes)
        .max_encoding_message_size(options.max_message_bytes))
}
