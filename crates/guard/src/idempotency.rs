//! `request_id` on every mutating RPC: a client that lost an answer retries
//! with the same id and gets the first answer, not a second change. The id
//! is claimed before the call runs (one row per id, in the service's own
//! `<service>_requests` table), the answer stored when it succeeds; a failed
//! call gives its claim back, so a retry runs again. Another request under
//! the same id is refused; a claim still running answers UNAVAILABLE with
//! RetryInfo, and one abandoned by a crashed replica is taken over once it is
//! older than the longest a call may run (the server's timeout drops a call
//! then) plus [`CLOCK_SKEW`]. Ids are remembered for [`REMEMBERED_FOR`].

use std::{future::Future, time::Duration};

use chrono::{DateTime, Utc};
use gongwen_runtime::{codes::ErrorCode, status};
use gongwen_store::{Database, query};
use prost::Message;
use sha2::{Digest, Sha256};
use tonic::{Code, Status};

/// How long an answer is kept for retries.
pub const REMEMBERED_FOR: Duration = Duration::from_secs(24 * 3600);
/// How far the clocks of two replicas may disagree: a claim is judged
/// abandoned on another replica's clock than the one that made it.
pub const CLOCK_SKEW: Duration = Duration::from_secs(5);

pub const REQUEST_ID_REUSED: ErrorCode = ErrorCode::new(
    "REQUEST_ID_REUSED",
    Code::FailedPrecondition,
    "the request_id was used for another request; choose a new one for a new change",
)
.zh("该请求编号已用于另一请求，新的请求请使用新编号");
pub const REQUEST_IN_PROGRESS: ErrorCode = ErrorCode::new(
    "REQUEST_IN_PROGRESS",
    Code::Unavailable,
    "a call with this request_id is still running; retry shortly for its answer",
)
.zh("同一请求编号的调用仍在处理中，请稍后重试");

/// A service's table of answers by request_id.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub db: Database,
    /// `<service>_requests`, from the service's migrations.
    pub table: &'static str,
    /// The service's error domain (`gongwen.countersign`).
    pub domain: &'static str,
    /// A claim without an answer this old was left by a crashed call: the next retry runs it.
    pub abandoned_after: Duration,
}

impl Idempotency {
    /// For calls that run at most `call_timeout` (the server drops them then).
    pub fn new(db: Database, table: &'static str, domain: &'static str, call_timeout: Duration) -> Self {
        Self { db, table, domain, abandoned_after: call_timeout + CLOCK_SKEW }
    }

    /// Runs `call` once per `request_id` (empty: every time, as before ids
    /// existed) and answers with its response. `request` is the encoded
    /// request; the caller is part of what an id stands for, so nobody else's
    /// retry gets the answer.
    pub async fn respond<Resp, F, Fut>(
        &self,
        caller: &gongwen_auth::Principal,
        method: &str,
        request_id: &str,
        request: Vec<u8>,
        now: DateTime<Utc>,
        call: F,
    ) -> Result<tonic::Response<Resp>, Status>
    where
        Resp: Message + Default,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Resp, Status>>,
    {
        let key = format!("{method} {caller}");
        once(self, &key, request_id, &request, now, call).await.map(tonic::Response::new)
    }
}

async fn once<Resp, F, Fut>(
    this: &Idempotency,
    method: &str,
    request_id: &str,
    request: &[u8],
    now: DateTime<Utc>,
    call: F,
) -> Result<Resp, Status>
where
    Resp: Message + Default,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Resp, Status>>,
{
    if request_id.is_empty() {
        return call().await;
    }
    let Idempotency { db, table, domain, abandoned_after } = this;
    let bad = |message: &str| {
        status::invalid_argument(
            format!("invalid request: request_id: {message}"),
            &[("request_id".to_owned(), message.to_owned())],
            domain,
        )
    };
    if uuid::Uuid::parse_str(request_id).is_err() {
        return Err(bad("must be a UUID"));
    }
    let sha = hex::encode(Sha256::new_with_prefix(method.as_bytes()).chain_update(request).finalize());
    let db_err = |e: sqlx::Error| status::database(&e, domain);
    let forget_before = now - chrono::Duration::from_std(REMEMBERED_FOR).expect("a day");
    db.execute(query(&format!("DELETE FROM {table} WHERE claimed_at < $1")).bind(forget_before))
        .await
        .map_err(db_err)?;
    let claimed = db
        .execute(
            query(&format!(
                "INSERT INTO {table} (request_id, method, request_sha256, claimed_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (request_id) DO NOTHING"
            ))
            .bind(request_id)
            .bind(method)
            .bind(&sha)
            .bind(now),
        )
        .await
        .map_err(db_err)?
        == 1;
    if !claimed {
        let row = db
            .fetch_one(
                query(&format!("SELECT request_sha256, response, claimed_at FROM {table} WHERE request_id = $1"))
                    .bind(request_id),
            )
            .await
            .map_err(db_err)?;
        let (stored_sha, response, claimed_at): (String, Option<Vec<u8>>, DateTime<Utc>) =
            (row.get(0).map_err(db_err)?, row.get(1).map_err(db_err)?, row.get(2).map_err(db_err)?);
        if stored_sha != sha {
            return Err(status::refused(
                format!("request_id {request_id} was used for another request"),
                REQUEST_ID_REUSED,
                domain,
                "request_id",
                REQUEST_ID_REUSED.meaning,
            ));
        }
        if let Some(bytes) = response {
            return Resp::decode(bytes.as_slice())
                .map_err(|e| status::internal(format!("stored answer: {e}"), "CORRUPT", domain));
        }
        // Running elsewhere, or abandoned: take an abandoned claim over, else ask to retry.
        let abandoned = chrono::Duration::from_std(*abandoned_after).ok().and_then(|d| now.checked_sub_signed(d));
        let taken = abandoned.is_some_and(|at| claimed_at < at)
            && db
                .execute(
                    query(&format!(
                        "UPDATE {table} SET claimed_at = $2 WHERE request_id = $1 AND claimed_at = $3 AND response IS NULL"
                    ))
                    .bind(request_id)
                    .bind(now)
                    .bind(claimed_at),
                )
                .await
                .map_err(db_err)?
                == 1;
        if !taken {
            return Err(status::refused(
                format!("a call with request_id {request_id} is still running"),
                REQUEST_IN_PROGRESS,
                domain,
                "request_id",
                REQUEST_IN_PROGRESS.meaning,
            ));
        }
    }
    match call().await {
        Ok(resp) => {
            db.execute(
                query(&format!("UPDATE {table} SET response = $2 WHERE request_id = $1"))
                    .bind(request_id)
                    .bind(resp.encode_to_vec()),
            )
            .await
            .map_err(db_err)?;
            Ok(resp)
        }
        Err(e) => {
            // Nothing was applied: give the id back so a retry runs again.
            db.execute(
                query(&format!("DELETE FROM {table} WHERE request_id = $1 AND response IS NULL")).bind(request_id),
            )
            .await
            .map_err(db_err)?;
            Err(e)
        }
    }
}
