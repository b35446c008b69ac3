//! Server streams fed from a table of events: first what is stored after the
//! caller's cursor, then new events as they are committed — woken by this
//! process's commits, and polling for other replicas'. The stream ends when
//! the caller goes away or the server drains.

use std::{future::Future, time::Duration};

use tokio::sync::{mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;
use tonic::Status;

/// Events fetched per query.
pub const PAGE: usize = 100;
/// How often a caught-up stream looks again for other replicas' events.
pub const POLL: Duration = Duration::from_millis(500);

/// `fetch(cursor)` returns up to [`PAGE`] events after `cursor`, oldest first;
/// `cursor_of` gives an event's position.
pub fn event_stream<T, F, Fut>(
    after: i64,
    mut changed: watch::Receiver<u64>,
    mut draining: watch::Receiver<bool>,
    fetch: F,
    cursor_of: fn(&T) -> i64,
) -> ReceiverStream<Result<T, Status>>
where
    T: Send + 'static,
    F: Fn(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Status>> + Send,
{
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        let mut cursor = after;
        loop {
            if *draining.borrow() {
                return; // ends the stream so shutdown can finish
            }
            let events = match fetch(cursor).await {
                Ok(e) => e,
                Err(status) => {
                    let _ = tx.send(Err(status)).await;
                    return;
                }
            };
            let caught_up = events.len() < PAGE;
            for e in events {
                cursor = cursor_of(&e);
                if tx.send(Ok(e)).await.is_err() {
                    return; // the watcher went away
                }
            }
            if caught_up {
                tokio::select! {
                    _ = changed.changed() => {}
                    () = tokio::time::sleep(POLL) => {}
                    () = tx.closed() => return,
                    _ = draining.changed() => {}
                }
            }
        }
    });
    ReceiverStream::new(rx)
}
