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
pub mod route;
pub mod service;
pub mod store;
pub mod supervision;

use std::sync::Arc;

use gongwen_calendar::Clock;
use gongwen_org::Directory;
use gongwen_proto::approval::v1::approval_server::ApprovalServer;
use gongwen_rules::Rulebook;
use gongwen_store::Database;
use tokio::sync::watch;

pub use service::ApprovalService;

/// The audit chain this service appends to.
pub const AUDIT_CHAIN: &str = "approval";

pub const SERVICE_NAME: &str = "gongwen.approval.v1.Approval";

/// Applies the migrations, starts taking intake's registrations over
/// `intake` (a channel with approval's credentials) and builds the service.
pub async fn build(
    db: Database,
    rulebook: Arc<Rulebook>,
    directory: Arc<Directory>,
    clock: Arc<dyn Clock>,
    intake: gongwen_auth::AuthedChannel,
    max_message_bytes: usize,
    draining: watch::Receiver<bool>,
) -> anyhow::Result<ApprovalServer<ApprovalService>> {
    store::migrate(&db).await?;
    let calendar = gongwen_calendar::Calendar::with_overlay(rulebook.calendar.regional_overlay.value.as_deref())?;
    let guard = gongwen_runtime::guard::Guard::new(db.clone(), directory.clone(), clock.clone(), AUDIT_CHAIN);
    let shared =
        Arc::new(service::Shared { db, rulebook, directory, clock, calendar, changed: watch::Sender::new(0), guard });
    consumer::spawn(shared.clone(), intake, draining.clone());
    Ok(ApprovalServer::new(ApprovalService::new(shared, draining))
        .max_decoding_message_size(max_message_bytes)
        .max_encoding_message_size(max_message_bytes))
}
