//! The door of every domain service: the authenticated caller, checked
//! against the government's directory, and refusals recorded in the audit
//! log before they are answered.

pub mod error;
pub mod idempotency;

use std::sync::Arc;

use gongwen_audit::Entry;
use gongwen_auth::{Denied, Principal, Role};
use gongwen_calendar::Clock;
use gongwen_org::Directory;
use gongwen_store::Database;

/// Why a call was not let in.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("no authenticated caller")]
    Unauthenticated,
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The refusal could not be recorded: nothing is answered unrecorded.
    #[error("database: {0}")]
    Audit(#[from] sqlx::Error),
}

pub struct Guard {
    db: Database,
    directory: Arc<Directory>,
    clock: Arc<dyn Clock>,
    /// The audit chain (and action prefix) of the service.
    chain: &'static str,
}

/// A principal naming a unit or leader this government does not have.
pub const UNKNOWN_PRINCIPAL: &str = "UNKNOWN_PRINCIPAL";

impl Guard {
    pub fn new(db: Database, directory: Arc<Directory>, clock: Arc<dyn Clock>, chain: &'static str) -> Self {
        Self { db, directory, clock, chain }
    }

    /// The time now, by the service's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The caller the authentication layer found; a department or leader
    /// must be one of this government's.
    pub async fn caller<T>(&self, req: &tonic::Request<T>) -> Result<Principal, Refusal> {
        let p = Principal::of(req).cloned().ok_or(Refusal::Unauthenticated)?;
        let known = match &p.role {
            Role::Department(d) => self.directory.department(d).is_some(),
            Role::Leader(l) => self.directory.leader(l).is_some(),
            Role::Office | Role::Service(_) => true,
        };
        if !known {
            let d = Denied::new(UNKNOWN_PRINCIPAL, format!("{p} is not part of this government"));
            return Err(self.refused(&p, "call", "", d).await);
        }
        Ok(p)
    }

    /// Passes `verdict` through, recording a refusal first.
    pub async fn check(
        &self,
        p: &Principal,
        action: &str,
        subject: &str,
        verdict: Result<(), Denied>,
    ) -> Result<(), Refusal> {
        match verdict {
            Ok(()) => Ok(()),
            Err(d) => Err(self.refused(p, action, subject, d).await),
        }
    }

    /// Records that `p` was refused `action` on `subject`.
    pub async fn refused(&self, p: &Principal, action: &str, subject: &str, denied: Denied) -> Refusal {
        tracing::info!(caller = %p, action, subject, rule = denied.rule, "refused");
        let entry = Entry::new(
            p.to_string(),
            p.to_string(),
            &format!("{}.denied.{action}:{}", self.chain, denied.rule),
            subject,
            self.clock.now(),
        );
        match gongwen_audit::append_alone(&self.db, self.chain, &[entry]).await {
            Ok(()) => Refusal::Denied(denied),
            Err(e) => Refusal::Audit(e),
        }
    }
}

impl From<Refusal> for tonic::Status {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Unauthenticated => gongwen_runtime::status::unauthenticated(),
            Refusal::Denied(d) => {
                let zh = crate::error::COMMON.iter().find(|c| c.reason == d.rule).map_or("", |c| c.zh);
                gongwen_runtime::status::permission_denied(&d, "gongwen", zh)
            }
            Refusal::Audit(e) => gongwen_runtime::status::database(&e, "gongwen.audit"),
        }
    }
}
