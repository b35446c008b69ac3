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
        loop {
            loop {
                let rb = shared.rulebook.clone();
                let now = shared.clock.now();
                let lapse = move |r: &mut gongwen_proto::countersign::v1::Round| round::lapse_due(r, &rb, now);
                match store::sweep_due(&shared.db, now, BATCH, &lapse).await {
                    Ok(0) => break,
                    Ok(n) => {
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
