//! The approval service (呈批): the office's proposed handling (拟办),
//! routing by the leaders' portfolios (co-approval, the mayor for major
//! matters), explicit decisions (圈阅 means consent on a request, "read" on
//! a report), and substitution when a leader is away.
//!
//! - `route`: routing, substitution and decisions (pure)
//! - `consumer`: takes intake's registrations over gRPC
//! - `store`: the SQL; `service`: gRPC

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

pub use service::{ApprovalService, DEPARTMENT_HEADER, LEADER_HEADER};

pub const SERVICE_NAME: &str = "gongwen.approval.v1.Approval";

/// Applies the migrations, starts taking intake's registrations from
/// `intake_url` and builds the service.
#[allow(clippy::too_many_arguments)]
pub async fn build(
    db: Database,
    rulebook: Arc<Rulebook>,
    directory: Arc<Directory>,
    clock: Arc<dyn Clock>,
    trust_identity_headers: bool,
    intake_url: String,
    max_message_bytes: usize,
    draining: watch::Receiver<bool>,
) -> anyhow::Result<ApprovalServer<ApprovalService>> {
    store::migrate(&db).await?;
    let calendar = gongwen_calendar::Calendar::with_overlay(rulebook.calendar.regional_overlay.value.as_deref())?;
    let shared = Arc::new(service::Shared { db, rulebook, directory, clock, calendar, changed: watch::Sender::new(0) });
    consumer::spawn(shared.clone(), intake_url, draining.clone());
    Ok(ApprovalServer::new(ApprovalService::new(shared, trust_identity_headers, draining))
        .max_decoding_message_size(max_message_bytes)
        .max_encoding_message_size(max_message_bytes))
}
