//! The countersign tables. A round is stored whole (its protobuf) and
//! changed under its row lock: load, apply a pure operation, write back,
//! mirror the tasks, append the events — one transaction.

use chrono::{DateTime, Utc};
use gongwen_proto::countersign::v1 as pb;
use gongwen_store::{Backend, Database, on_pool};
use prost::Message;

use gongwen_audit::Entry;

use crate::{
    AUDIT_CHAIN,
    error::{Error, Result},
    round::{Event, instant},
};

/// Stores a round's payload, its task rows and new events (inside a transaction).
/// A macro because the same statements run on either backend's transaction.
macro_rules! write_back {
    ($tx:expr, $round:expr, $events:expr, $at:expr) => {{
        sqlx::query("UPDATE countersign_rounds SET state = $2, payload = $3 WHERE id = $1")
            .bind(&$round.id)
            .bind(state_name($round.state()))
            .bind($round.encode_to_vec())
            .execute(&mut **$tx)
            .await?;
        for t in &$round.tasks {
            sqlx::query("UPDATE countersign_tasks SET state = $3, due_at = $4 WHERE round_id = $1 AND department = $2")
                .bind(&$round.id)
                .bind(&t.department)
                .bind(task_state(t.state()))
                .bind(instant(&t.due_at))
                .execute(&mut **$tx)
                .await?;
        }
        for e in $events {
            sqlx::query(
                "INSERT INTO countersign_events (round_id, kind, department, detail, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&$round.id)
            .bind(e.kind)
            .bind(&e.department)
            .bind(&e.detail)
            .bind($at)
            .execute(&mut **$tx)
            .await?;
        }
    }};
}

/// Who the audit log names when a deadline (not a person) changes a round.
pub const DEADLINE_ACTOR: &str = "system:countersign-deadline";

pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn migrate(db: &Database) -> Result<(), gongwen_store::Error> {
    // The audit tables first: every change here appends to them.
    gongwen_audit::migrate(db).await?;
    db.migrate(&POSTGRES_MIGRATIONS, &SQLITE_MIGRATIONS).await
}

fn state_name(s: pb::RoundState) -> &'static str {
    s.as_str_name()
}

fn task_state(s: pb::TaskState) -> &'static str {
    s.as_str_name()
}

/// A new round, or the one stored before under the same idempotency key.
pub async fn insert_round(
    db: &Database,
    round: &pb::Round,
    key: &str,
    at: DateTime<Utc>,
    audit: Entry,
) -> Result<(pb::Round, bool)> {
    on_pool!(db, |pool| {
        let mut tx = gongwen_store::begin_write!(db, pool)?;
        let inserted = sqlx::query(
            "INSERT INTO countersign_rounds (id, idempotency_key, lead_department, state, payload)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&round.id)
        .bind(key)
        .bind(&round.lead_department)
        .bind(state_name(round.state()))
        .bind(round.encode_to_vec())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            let payload: Vec<u8> =
                sqlx::query_scalar("SELECT payload FROM countersign_rounds WHERE idempotency_key = $1")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok((pb::Round::decode(payload.as_slice())?, true));
        }
        for t in &round.tasks {
            sqlx::query("INSERT INTO countersign_tasks (round_id, department, state, due_at) VALUES ($1, $2, $3, $4)")
                .bind(&round.id)
                .bind(&t.department)
                .bind(task_state(t.state()))
                .bind(instant(&t.due_at))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO countersign_events (round_id, kind, department, detail, at) VALUES ($1, 'OPENED', $2, $3, $4)",
        )
        .bind(&round.id)
        .bind(&round.lead_department)
        .bind(format!("{} participants, {} ({})", round.tasks.len(), round.limit_working_days, round.limit_source))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let audit = audit.states(None, Some(&round.encode_to_vec()));
        gongwen_audit::append(&mut *tx, AUDIT_CHAIN, &[audit]).await?;
        tx.commit().await?;
        Ok((round.clone(), false))
    })
}

/// Applies `op` to the round under its lock and stores the result (and the
/// certificate it produced, if any), with
/// `audit` (digests of the round before and after filled in).
pub async fn mutate<T: Outcome>(
    db: &Database,
    id: &str,
    at: DateTime<Utc>,
    audit: Entry,
    op: impl FnOnce(&mut pb::Round) -> Result<(Vec<Event>, T)>,
) -> Result<(pb::Round, T)> {
    on_pool!(db, |pool| {
        let mut tx = gongwen_store::begin_write!(db, pool)?;
        let select = match db.backend() {
            Backend::Postgres => "SELECT payload FROM countersign_rounds WHERE id = $1 FOR UPDATE",
            Backend::Sqlite => "SELECT payload FROM countersign_rounds WHERE id = $1",
        };
        let payload: Option<Vec<u8>> = sqlx::query_scalar(select).bind(id).fetch_optional(&mut *tx).await?;
        let before = payload.ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let mut round = pb::Round::decode(before.as_slice())?;
        let (events, out) = op(&mut round)?;
        write_back!(&mut tx, round, &events, at);
        // A conclusion's certificate is stored with it: never a concluded round without one.
        if let Some(cert) = out.certificate() {
            sqlx::query("UPDATE countersign_rounds SET certificate = $2 WHERE id = $1")
                .bind(id)
                .bind(cert.encode_to_vec())
                .execute(&mut *tx)
                .await?;
        }
        let audit = audit.states(Some(&before), Some(&round.encode_to_vec()));
        gongwen_audit::append(&mut *tx, AUDIT_CHAIN, &[audit]).await?;
        tx.commit().await?;
        Ok((round, out))
    })
}

/// What an operation on a round produces besides the round: a certificate
/// when it concludes.
pub trait Outcome {
    fn certificate(&self) -> Option<&pb::Certificate> {
        None
    }
}

impl Outcome for () {}

impl Outcome for pb::Certificate {
    fn certificate(&self) -> Option<&pb::Certificate> {
        Some(self)
    }
}

pub async fn get(db: &Database, id: &str) -> Result<(pb::Round, Option<pb::Certificate>)> {
    let row: Option<(Vec<u8>, Option<Vec<u8>>)> =
        on_pool!(db, |pool| sqlx::query_as("SELECT payload, certificate FROM countersign_rounds WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?);
    let (payload, cert) = row.ok_or_else(|| Error::NotFound(id.to_owned()))?;
    Ok((pb::Round::decode(payload.as_slice())?, cert.map(|c| pb::Certificate::decode(c.as_slice())).transpose()?))
}

pub struct ListFilter<'a> {
    pub lead: &'a str,
    pub pending_for: &'a str,
    pub state: &'a str,
    pub before_pos: i64,
    pub limit: i64,
}

pub async fn list(db: &Database, f: &ListFilter<'_>) -> Result<Vec<(i64, pb::Round)>> {
    let rows: Vec<(i64, Vec<u8>)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT r.pos, r.payload FROM countersign_rounds r
         WHERE ($1 = '' OR r.lead_department = $1) AND ($3 = '' OR r.state = $3) AND r.pos < $4
           AND ($2 = '' OR EXISTS (SELECT 1 FROM countersign_tasks t
                                   WHERE t.round_id = r.id AND t.department = $2 AND t.state = 'PENDING'))
         ORDER BY r.pos DESC LIMIT $5"
    )
    .bind(f.lead)
    .bind(f.pending_for)
    .bind(f.state)
    .bind(f.before_pos)
    .bind(f.limit)
    .fetch_all(pool)
    .await?);
    rows.into_iter().map(|(pos, p)| Ok((pos, pb::Round::decode(p.as_slice())?))).collect()
}

pub async fn events_after(db: &Database, after: i64, round: &str, limit: i64) -> Result<Vec<pb::RoundEvent>> {
    let rows: Vec<(i64, String, String, String, String, DateTime<Utc>)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, round_id, kind, department, detail, at FROM countersign_events
         WHERE id > $1 AND ($2 = '' OR round_id = $2) ORDER BY id LIMIT $3"
    )
    .bind(after)
    .bind(round)
    .bind(limit)
    .fetch_all(pool)
    .await?);
    Ok(rows
        .into_iter()
        .map(|(event_id, round_id, kind, department, detail, at)| pb::RoundEvent {
            event_id,
            round_id,
            kind,
            department,
            detail,
            at: Some(crate::round::ts(at)),
        })
        .collect())
}

/// Fires due deadlines. Claims rounds that have a due pending task, up to
/// `limit` of them, skipping rounds another replica or a reply holds (their
/// lock is the only one anybody takes first, so the sweep never waits and
/// never deadlocks), applies `lapse` to each and stores it. Returns how many
/// tasks changed. A task changes only while PENDING, under its round's lock:
/// each deadline takes effect once, whatever the number of replicas.
pub async fn sweep_due(
    db: &Database,
    now: DateTime<Utc>,
    limit: i64,
    lapse: &(dyn Fn(&mut pb::Round) -> Vec<Event> + Sync),
) -> Result<usize> {
    on_pool!(db, |pool| {
        let mut tx = gongwen_store::begin_write!(db, pool)?;
        // Candidates come from the partial index on due_at, a few times more
        // than one replica takes, so that replicas find different rounds.
        let claim = match db.backend() {
            Backend::Postgres => {
                "SELECT r.id, r.payload FROM countersign_rounds r
                 WHERE r.id IN (SELECT t.round_id FROM countersign_tasks t
                                WHERE t.state = 'PENDING' AND t.due_at <= $1 ORDER BY t.due_at LIMIT $3)
                 LIMIT $2 FOR UPDATE OF r SKIP LOCKED"
            }
            Backend::Sqlite => {
                "SELECT r.id, r.payload FROM countersign_rounds r
                 WHERE r.id IN (SELECT t.round_id FROM countersign_tasks t
                                WHERE t.state = 'PENDING' AND t.due_at <= $1 ORDER BY t.due_at LIMIT $3)
                 LIMIT $2"
            }
        };
        let claimed: Vec<(String, Vec<u8>)> =
            sqlx::query_as(claim).bind(now).bind(limit).bind(limit * 4).fetch_all(&mut *tx).await?;
        let mut fired = 0;
        let mut audit = Vec::new();
        for (_, payload) in claimed {
            let mut round = pb::Round::decode(payload.as_slice())?;
            let events = lapse(&mut round);
            if events.is_empty() {
                continue;
            }
            fired += events.len();
            write_back!(&mut tx, round, &events, now);
            // The deadline acted, for the departments whose time ran out.
            let silent: Vec<&str> = events.iter().map(|e| e.department.as_str()).collect();
            audit.push(
                Entry::new(DEADLINE_ACTOR, silent.join(","), "countersign.deadline", &round.id, now)
                    .states(Some(&payload), Some(&round.encode_to_vec())),
            );
        }
        gongwen_audit::append(&mut *tx, AUDIT_CHAIN, &audit).await?;
        tx.commit().await?;
        Ok(fired)
    })
}
