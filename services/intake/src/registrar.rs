//! The registrar: one writer per process that stores submissions in batches.
//!
//! Gapless numbers need a lock held until commit; taking it once per
//! submission queues every submission behind the one before. The registrar
//! instead collects whatever submissions are waiting, numbers and stores them
//! all in one transaction, and answers each. Several replicas on PostgreSQL
//! still serialise on the per-year counter row, batch by batch.

use std::sync::Arc;

use gongwen_rules::Rulebook;
use gongwen_store::Database;
use tokio::sync::{mpsc, oneshot, watch};
use tracing::Instrument as _;

use crate::{
    error::{Error, Result},
    store::{self, NewSubmission, Stored},
};

/// Most submissions stored in one transaction.
pub const MAX_BATCH: usize = 256;

struct Job {
    item: NewSubmission,
    reply: oneshot::Sender<Result<Stored>>,
}

#[derive(Clone)]
pub struct Registrar {
    jobs: mpsc::Sender<Job>,
}

impl Registrar {
    /// Starts the writer task; `stored` is bumped after every commit so
    /// watchers look for new events.
    pub fn start(db: Database, rulebook: Arc<Rulebook>, stored: watch::Sender<u64>) -> Self {
        let (jobs, rx) = mpsc::channel(MAX_BATCH * 4);
        tokio::spawn(run(db, rulebook, rx, stored));
        Self { jobs }
    }

    pub async fn register(&self, item: NewSubmission) -> Result<Stored> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { item, reply }).await.map_err(|_| shutting_down())?;
        answer.await.map_err(|_| shutting_down())?
    }
}

async fn run(db: Database, rulebook: Arc<Rulebook>, mut rx: mpsc::Receiver<Job>, stored: watch::Sender<u64>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let items: Vec<NewSubmission> = jobs.iter().map(|j| j.item.clone()).collect();
        // One span per batch, linked to the trace of each submission in it.
        let span = tracing::info_span!("intake.register_batch", batch = items.len());
        crate::metrics::batch(items.len());
        for item in &items {
            gongwen_runtime::telemetry::link_to(&span, &item.traceparent);
        }
        match store::register_batch(&db, &items, &rulebook).instrument(span).await {
            Ok(results) => {
                for (job, result) in jobs.drain(..).zip(results) {
                    let _ = job.reply.send(Ok(result));
                }
            }
            Err(e) if jobs.len() == 1 => {
                let _ = jobs.pop().expect("one job").reply.send(Err(e));
            }
            // One bad submission (a reused key, a key racing another replica)
            // must not fail the others: store them one by one.
            Err(e) => {
                tracing::warn!(error = %e, batch = jobs.len(), "batch failed; storing its submissions one by one");
                for job in jobs.drain(..) {
                    let result = store::register_batch(&db, std::slice::from_ref(&job.item), &rulebook).await;
                    let _ = job.reply.send(result.map(|mut v| v.remove(0)));
                }
            }
        }
        stored.send_modify(|n| *n += 1);
    }
}

fn shutting_down() -> Error {
    Error::refused(crate::error::Code::ShuttingDown, "the service is shutting down")
}
