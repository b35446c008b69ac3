//! The deadline worker: fires every due deadline (silent consent, or a lapse
//! where the rulebook has none). Several replicas may run it on one
//! PostgreSQL; each deadline takes effect once.

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

use crate::{round, service::Shared, store};

/// Rounds claimed per sweep transaction.
const BATCH: i64 = 200;

pub fn spawn(shared: Arc<Shared>, every: Duration, mut draining: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        // The calendar's notices as last recounted against (0: the built-in data, as at start).
        let mut counted_on = shared.calendar.notices().generation();
        loop {
            let generation = shared.calendar.notices().generation();
            if generation != counted_on {
                match recount_all(&shared).await {
                    Ok(moved) => {
                        counted_on = generation;
                        if moved > 0 {
                            tracing::info!(moved, "countersign deadlines recounted on a published holiday notice");
                            shared.changed.send_modify(|c| *c += 1);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "recounting deadlines failed; retrying"),
                }
            }
            loop {
                let rb = shared.rulebook.clone();
                let now = shared.clock.now();
                // What fired, counted once the sweep's transaction commits.
                let fired = std::sync::Mutex::new(Vec::new());
                let lapse = |r: &mut gongwen_proto::countersign::v1::Round| {
                    let events = round::lapse_due(r, &rb, now);
                    fired.lock().unwrap_or_else(|p| p.into_inner()).extend(events.iter().map(|e| e.kind));
                    events
                };
                match store::sweep_due(&shared.db, now, BATCH, &lapse).await {
                    Ok(0) => break,
                    Ok(n) => {
                        crate::metrics::fired(&fired.lock().unwrap_or_else(|p| p.into_inner()));
                        tracing::info!(fired = n, "countersign deadlines fired");
                        shared.changed.send_modify(|c| *c += 1);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "deadline sweep failed; retrying");
                        break;
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                _ = draining.changed() => return,
            }
        }
    })
}

/// Recounts every pending deadline on the calendar as it is now. Replicas may
/// race: each round is recounted under its lock, and one already recounted
/// does not move again.
async fn recount_all(shared: &Shared) -> crate::error::Result<usize> {
    let mut moved = 0;
    for id in store::pending_rounds(&shared.db).await? {
        let cal = &shared.calendar;
        moved += store::recount_round(&shared.db, &id, shared.clock.now(), |r| round::recount(r, cal)).await?;
    }
    Ok(moved)
}
