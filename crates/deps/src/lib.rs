//! `Deps`: what every domain service is built from, made once by the
//! composition root (`services/gongwen/src/assemble.rs`) and handed to each
//! service's `build(&Deps, Options)`, so no service loads, parses or reads
//! anything of its own (the rulebook, the directory, the calendar, the clock).

use std::sync::Arc;

use gongwen_auth::Outbound;
use gongwen_calendar::{Calendar, Clock};
use gongwen_guard::Guard;
use gongwen_org::Directory;
use gongwen_rules::Rulebook;
use gongwen_store::Database;
use tokio::sync::watch;

#[derive(Clone)]
pub struct Deps {
    pub db: Database,
    pub rulebook: Arc<Rulebook>,
    pub directory: Arc<Directory>,
    /// The rulebook's calendar (its regional overlay) with the configured
    /// close of business: every due date of every service is counted on it.
    pub calendar: Calendar,
    /// The only source of the time.
    pub clock: Arc<dyn Clock>,
    /// How this process calls the other services.
    pub outbound: Outbound,
    /// Turns true when shutdown begins: long-lived streams end on it.
    pub draining: watch::Receiver<bool>,
    /// Largest message a service decodes or encodes.
    pub max_message_bytes: usize,
    /// The longest a call runs: the server drops it then (`request_timeout_secs`).
    pub call_timeout: std::time::Duration,
}

impl Deps {
    /// The door of a service whose refusals go to audit chain `chain`.
    pub fn guard(&self, chain: &'static str) -> Guard {
        Guard::new(self.db.clone(), self.directory.clone(), self.clock.clone(), chain)
    }

    /// A service's answers by request_id, in its `table`, refusing in `domain`.
    pub fn idempotency(&self, table: &'static str, domain: &'static str) -> gongwen_guard::idempotency::Idempotency {
        gongwen_guard::idempotency::Idempotency::new(self.db.clone(), table, domain, self.call_timeout)
    }
}
