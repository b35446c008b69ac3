//! Deadlines recounted when a holiday notice is published while running: a
//! loop per replica watches the calendar's notices and, on a change, recounts
//! every running step and supervision deadline (each item under its lock; one
//! already recounted does not move again).

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

use crate::{route, service::Shared, store};

/// How often the loop looks at the calendar's notices (they change rarely; a replica reads them back every 2 s).
const LOOK_EVERY: Duration = Duration::from_secs(1);

pub fn spawn(shared: Arc<Shared>, mut draining: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut counted_on = shared.calendar.notices().generation();
        loop {
            tokio::select! {
                () = tokio::time::sleep(LOOK_EVERY) => {}
                _ = draining.changed() => return,
            }
            let generation = shared.calendar.notices().generation();
            if generation == counted_on {
                continue;
            }
            match recount_all(&shared).await {
                Ok(moved) => {
                    counted_on = generation;
                    if moved > 0 {
                        tracing::info!(moved, "approval deadlines recounted on a published holiday notice");
                        shared.changed.send_modify(|c| *c += 1);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "recounting deadlines failed; retrying"),
            }
        }
    });
}

async fn recount_all(shared: &Shared) -> crate::error::Result<usize> {
    let mut moved = 0;
    for id in store::items_with_deadlines(&shared.db).await? {
        let cal = &shared.calendar;
        moved += store::recount_item(&shared.db, &id, shared.clock.now(), |i| route::recount(i, cal)).await?;
    }
    Ok(moved)
}
