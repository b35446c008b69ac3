//! The intake service's tables. The SQL is the same on PostgreSQL and SQLite
//! (`gongwen_store::sql`); numbering happens in `register_batch`, one
//! transaction for a whole batch of submissions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use gongwen_audit::Entry;
use gongwen_proto::intake::v1 as ipb;
use gongwen_store::{Database, Value, query};
use prost::Message;

use gongwen_rules::Rulebook;

use crate::{
    error::Result,
    registration::{self, Decision, Found},
};

pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn migrate(db: &Database) -> Result<(), gongwen_store::Error> {
    // The audit tables first: every change here appends to them.
    gongwen_audit::migrate(db).await?;
    db.migrate(&POSTGRES_MIGRATIONS, &SQLITE_MIGRATIONS).await
}

pub use crate::registration::{NewSubmission, Stored};

fn state_name(s: ipb::SubmissionState) -> &'static str {
    match s {
        ipb::SubmissionState::Registered => "REGISTERED",
        _ => "RETURNED",
    }
}

/// Stores a batch in one transaction: takes the year counters' locks, reads
/// what is known of the batch's keys and contents, lets
/// `registration::decide` number and judge it, and writes rows, events and
/// audit entries. All or nothing, and a fixed number of statements whatever
/// the batch size.
pub async fn register_batch(db: &Database, batch: &[NewSubmission], rulebook: &Rulebook) -> Result<Vec<Stored>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = db.begin_write().await?;
    let mut years: Vec<i32> = batch.iter().map(|n| n.receipt_year).collect();
    years.sort_unstable();
    years.dedup();
    let mut last: HashMap<i32, i64> = HashMap::new();
    for y in &years {
        // Upsert that changes nothing but locks the row until commit (sorted: no deadlocks).
        let row = tx
            .fetch_one(
                query(
                    "INSERT INTO intake_receipt_counters (year, last) VALUES ($1, 0)
                     ON CONFLICT (year) DO UPDATE SET last = intake_receipt_counters.last
                     RETURNING last",
                )
                .bind(*y),
            )
            .await?;
        last.insert(*y, row.get(0)?);
    }

    let known = tx
        .fetch_all(
            query("SELECT idempotency_key, request_sha256, payload FROM intake_submissions WHERE idempotency_key IN ")
                .push_list(batch.iter().map(|n| n.idempotency_key.as_str())),
        )
        .await?
        .into_iter()
        .map(|r| Ok((r.get::<String>(0)?, (r.get::<String>(1)?, r.get::<Vec<u8>>(2)?))))
        .collect::<Result<_>>()?;
    let registered = tx
        .fetch_all(
            query(
                "SELECT content_sha256, receipt_number FROM intake_submissions
                 WHERE state = 'REGISTERED' AND content_sha256 IN ",
            )
            .push_list(batch.iter().map(|n| n.submission.content_sha256.as_str())),
        )
        .await?
        .into_iter()
        .map(|r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))
        .collect::<Result<_>>()?;

    let Decision { outcomes: out, last } = registration::decide(batch, rulebook, Found { known, registered, last })?;
    let new: Vec<&ipb::Submission> =
        out.iter().filter_map(|s| if let Stored::New(s) = s { Some(s) } else { None }).collect();
    if !new.is_empty() {
        let rows: Vec<Row<'_>> = new.iter().map(|s| Row::of(s, batch)).collect();
        let submissions = rows.iter().map(|r| {
            vec![
                Value::from(&r.s.id),
                (&r.s.idempotency_key).into(),
                r.request_sha256.into(),
                state_name(r.s.state()).into(),
                r.registered.then_some(r.s.receipt_year).into(),
                r.registered.then_some(r.s.receipt_seq).into(),
                r.registered.then_some(r.s.receipt_number.as_str()).into(),
                r.unit.into(),
                (&r.s.content_sha256).into(),
                (&r.s.rulebook).into(),
                r.received_at.into(),
                r.s.encode_to_vec().into(),
            ]
        });
        tx.execute(
            query(
                "INSERT INTO intake_submissions (id, idempotency_key, request_sha256, state, receipt_year, receipt_seq,
                 receipt_number, submitting_unit, content_sha256, rulebook, received_at, payload) ",
            )
            .push_values(submissions),
        )
        .await?;
        let events = rows.iter().map(|r| {
            vec![
                Value::from(&r.s.id),
                state_name(r.s.state()).into(),
                r.registered.then_some(r.s.receipt_number.as_str()).into(),
                r.unit.into(),
                r.received_at.into(),
                r.traceparent.into(),
            ]
        });
        tx.execute(
            query(
                "INSERT INTO intake_events (submission_id, state, receipt_number, submitting_unit, occurred_at, traceparent) ",
            )
            .push_values(events),
        )
        .await?;
        let audit: Vec<Entry> = rows
            .iter()
            .map(|r| {
                let actor = batch.iter().find(|n| n.idempotency_key == r.s.idempotency_key).map_or("", |n| &n.actor);
                let action = if r.registered { "intake.register" } else { "intake.return" };
                Entry::new(actor, r.unit, action, &r.s.id, r.received_at).states(None, Some(&r.s.encode_to_vec()))
            })
            .collect();
        gongwen_audit::append(&mut tx, crate::AUDIT_CHAIN, &audit).await?;
    }
    for (y, l) in &last {
        tx.execute(query("UPDATE intake_receipt_counters SET last = $2 WHERE year = $1").bind(*y).bind(*l)).await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// Stores the office's return of a registered submission (`after`, decided
/// by `review::return_after_review` from `before`), its event and its audit
/// entry, in one transaction. False when the submission was no longer
/// registered (someone returned it first).
pub async fn return_after_review(
    db: &Database,
    before: &[u8],
    after: &ipb::Submission,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let unit = after.envelope.as_ref().map_or("", |e| e.submitting_unit.as_str());
    let payload = after.encode_to_vec();
    let mut tx = db.begin_write().await?;
    // The row keeps its receipt number (Get by number still finds it) but
    // gives up the (year, seq) pair the table reserves for registrations;
    // the counter never issues a number twice, so nothing is reused.
    let changed = tx
        .execute(
            query(
                "UPDATE intake_submissions SET state = 'RETURNED', receipt_year = NULL, receipt_seq = NULL, payload = $2
                 WHERE id = $1 AND state = 'REGISTERED'",
            )
            .bind(&after.id)
            .bind(&payload),
        )
        .await?;
    if changed == 0 {
        return Ok(false);
    }
    tx.execute(
        query(
            "INSERT INTO intake_events (submission_id, state, receipt_number, submitting_unit, occurred_at, traceparent)
             VALUES ($1, 'RETURNED', $2, $3, $4, $5)",
        )
        .bind(&after.id)
        .bind(&after.receipt_number)
        .bind(unit)
        .bind(at)
        .bind(gongwen_runtime::telemetry::traceparent()),
    )
    .await?;
    let entry =
        Entry::new(actor, unit, "intake.return_after_review", &after.id, at).states(Some(before), Some(&payload));
    gongwen_audit::append(&mut tx, crate::AUDIT_CHAIN, &[entry]).await?;
    tx.commit().await?;
    Ok(true)
}

/// The columns of one new submission row.
struct Row<'a> {
    s: &'a ipb::Submission,
    request_sha256: &'a str,
    unit: &'a str,
    registered: bool,
    received_at: DateTime<Utc>,
    traceparent: &'a str,
}

impl<'a> Row<'a> {
    fn of(s: &'a ipb::Submission, batch: &'a [NewSubmission]) -> Self {
        let new = batch.iter().find(|n| n.idempotency_key == s.idempotency_key);
        Self {
            s,
            request_sha256: new.map_or("", |n| n.request_sha256.as_str()),
            traceparent: new.map_or("", |n| n.traceparent.as_str()),
            unit: s.envelope.as_ref().map_or("", |e| e.submitting_unit.as_str()),
            registered: s.state() == ipb::SubmissionState::Registered,
            received_at: gongwen_proto::time::instant(&s.receive_time).unwrap_or_default(),
        }
    }
}

/// The receipt number of a registered submission with this content, if any (I-16).
pub async fn registered_with_content(db: &Database, content_sha256: &str) -> Result<Option<String>> {
    let row = db
        .fetch_optional(
            query(
                "SELECT receipt_number FROM intake_submissions WHERE content_sha256 = $1 AND state = 'REGISTERED' LIMIT 1",
            )
            .bind(content_sha256),
        )
        .await?;
    Ok(row.map(|r| r.get(0)).transpose()?)
}

pub async fn get(db: &Database, id: &str, receipt_number: &str) -> Result<Option<ipb::Submission>> {
    let row = db
        .fetch_optional(
            query(
                "SELECT payload FROM intake_submissions WHERE ($1 <> '' AND id = $1) OR ($2 <> '' AND receipt_number = $2)",
            )
            .bind(id)
            .bind(receipt_number),
        )
        .await?;
    row.map(|r| Ok(ipb::Submission::decode(r.get::<Vec<u8>>(0)?.as_slice())?)).transpose()
}

pub struct ListFilter<'a> {
    pub state: Option<&'static str>,
    pub submitting_unit: &'a str,
    pub receipt_year: i32,
    /// Keyset cursor: only rows with a position below it (newest first).
    pub before_pos: Option<i64>,
    pub limit: i64,
}

/// One page, newest first, with each row's position for the next cursor.
pub async fn list(db: &Database, f: &ListFilter<'_>) -> Result<Vec<(i64, ipb::Submission)>> {
    let rows = db
        .fetch_all(
            query(
                "SELECT pos, payload FROM intake_submissions
                 WHERE ($1 = '' OR state = $1) AND ($2 = '' OR submitting_unit = $2)
                   AND ($3 = 0 OR receipt_year = $3) AND pos < $4
                 ORDER BY pos DESC LIMIT $5",
            )
            .bind(f.state.unwrap_or(""))
            .bind(f.submitting_unit)
            .bind(f.receipt_year)
            .bind(f.before_pos.unwrap_or(i64::MAX))
            .bind(f.limit),
        )
        .await?;
    rows.iter().map(|r| Ok((r.get(0)?, ipb::Submission::decode(r.get::<Vec<u8>>(1)?.as_slice())?))).collect()
}

/// Events after `after`, oldest first.
pub async fn events_after(db: &Database, after: i64, unit: &str, limit: i64) -> Result<Vec<ipb::SubmissionEvent>> {
    type EventRow = (i64, String, String, Option<String>, String, DateTime<Utc>, Option<String>);
    let rows: Vec<EventRow> = db
        .fetch_all(
            query(
                "SELECT id, submission_id, state, receipt_number, submitting_unit, occurred_at, traceparent FROM intake_events
                 WHERE id > $1 AND ($2 = '' OR submitting_unit = $2) ORDER BY id LIMIT $3",
            )
            .bind(after)
            .bind(unit)
            .bind(limit),
        )
        .await?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .collect::<Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(|(event_id, submission_id, state, receipt_number, submitting_unit, at, traceparent)| {
            ipb::SubmissionEvent {
                event_id,
                submission_id,
                state: if state == "REGISTERED" {
                    ipb::SubmissionState::Registered
                } else {
                    ipb::SubmissionState::Returned
                } as i32,
                receipt_number: receipt_number.unwrap_or_default(),
                submitting_unit,
                event_time: Some(gongwen_proto::time::timestamp(at)),
                traceparent: traceparent.unwrap_or_default(),
            }
        })
        .collect())
}
