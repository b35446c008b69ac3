//! The countersign tables. A round is stored whole (its protobuf) and
//! changed under its row lock: load, apply a pure operation, write back,
//! mirror the tasks, append the events — one transaction.

use chrono::{DateTime, Utc};
use gongwen_proto::{countersign::v1 as pb, stored};
use gongwen_store::{Backend, Database, Tx, Value, query};
use prost::Message;

use gongwen_audit::Entry;

use crate::{
    AUDIT_CHAIN,
    error::{Error, Result},
    round::{Event, instant},
};

/// Stores a round's payload, its task rows and new events (inside a transaction).
async fn write_back(tx: &mut Tx, round: &pb::Round, events: &[Event], at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        query("UPDATE countersign_rounds SET state = $2, payload = $3 WHERE id = $1")
            .bind(&round.id)
            .bind(state_name(round.state()))
            .bind(round.encode_to_vec()),
    )
    .await?;
    for t in &round.tasks {
        tx.execute(
            query("UPDATE countersign_tasks SET state = $3, due_at = $4 WHERE round_id = $1 AND department = $2")
                .bind(&round.id)
                .bind(&t.department)
                .bind(task_state(t.state()))
                .bind(instant(&t.due_time)),
        )
        .await?;
    }
    for e in events {
        tx.execute(
            query(
                "INSERT INTO countersign_events (round_id, kind, department, detail, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&round.id)
            .bind(event_kind(e.kind))
            .bind(&e.department)
            .bind(&e.detail)
            .bind(at),
        )
        .await?;
    }
    Ok(())
}

/// [`write_back`] for many rounds at once (the deadline sweep): one statement for the
/// rounds, one for their tasks, one for the events, whatever the batch holds.
async fn write_back_many(tx: &mut Tx, changed: &[(pb::Round, Vec<Event>)], at: DateTime<Utc>) -> Result<()> {
    if changed.is_empty() {
        return Ok(());
    }
    // VALUES columns are column1, column2 … on both backends.
    let rounds = changed
        .iter()
        .map(|(r, _)| vec![Value::from(&r.id), state_name(r.state()).into(), Value::from(r.encode_to_vec())]);
    tx.execute(
        query("UPDATE countersign_rounds SET state = v.column2, payload = v.column3 FROM (")
            .push_values(rounds)
            .push(") AS v WHERE countersign_rounds.id = v.column1"),
    )
    .await?;
    let tasks = changed.iter().flat_map(|(r, _)| {
        r.tasks.iter().map(|t| {
            vec![
                Value::from(&r.id),
                Value::from(&t.department),
                task_state(t.state()).into(),
                instant(&t.due_time).into(),
            ]
        })
    });
    tx.execute(
        query("UPDATE countersign_tasks SET state = v.column3, due_at = v.column4 FROM (")
            .push_values(tasks)
            .push(") AS v WHERE countersign_tasks.round_id = v.column1 AND countersign_tasks.department = v.column2"),
    )
    .await?;
    let events: Vec<Vec<Value>> = changed
        .iter()
        .flat_map(|(r, events)| {
            events.iter().map(|e| {
                vec![
                    Value::from(&r.id),
                    event_kind(e.kind).into(),
                    Value::from(&e.department),
                    Value::from(&e.detail),
                    at.into(),
                ]
            })
        })
        .collect();
    if !events.is_empty() {
        tx.execute(
            query("INSERT INTO countersign_events (round_id, kind, department, detail, at) ").push_values(events),
        )
        .await?;
    }
    Ok(())
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
    stored::name(s.as_str_name(), "ROUND_STATE_")
}

fn task_state(s: pb::TaskState) -> &'static str {
    stored::name(s.as_str_name(), "TASK_STATE_")
}

fn event_kind(k: pb::RoundEventKind) -> &'static str {
    stored::name(k.as_str_name(), "ROUND_EVENT_KIND_")
}

/// A new round, or the one stored before under the same idempotency key.
pub async fn insert_round(
    db: &Database,
    round: &pb::Round,
    key: &str,
    at: DateTime<Utc>,
    audit: Entry,
) -> Result<(pb::Round, bool)> {
    let mut tx = db.begin_write().await?;
    let inserted = tx
        .execute(
            query(
                "INSERT INTO countersign_rounds (id, idempotency_key, lead_department, state, payload, traceparent)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
            )
            .bind(&round.id)
            .bind(key)
            .bind(&round.lead_department)
            .bind(state_name(round.state()))
            .bind(round.encode_to_vec())
            .bind(gongwen_runtime::telemetry::traceparent()),
        )
        .await?;
    if inserted == 0 {
        let row =
            tx.fetch_one(query("SELECT payload FROM countersign_rounds WHERE idempotency_key = $1").bind(key)).await?;
        return Ok((pb::Round::decode(row.get::<Vec<u8>>(0)?.as_slice())?, true));
    }
    for t in &round.tasks {
        tx.execute(
            query("INSERT INTO countersign_tasks (round_id, department, state, due_at) VALUES ($1, $2, $3, $4)")
                .bind(&round.id)
                .bind(&t.department)
                .bind(task_state(t.state()))
                .bind(instant(&t.due_time)),
        )
        .await?;
    }
    tx.execute(
        query(
            "INSERT INTO countersign_events (round_id, kind, department, detail, at) VALUES ($1, 'OPENED', $2, $3, $4)",
        )
        .bind(&round.id)
        .bind(&round.lead_department)
        .bind(format!("{} participants, {} ({})", round.tasks.len(), round.limit_working_days, round.limit_source))
        .bind(at),
    )
    .await?;
    let audit = audit.states(None, Some(&round.encode_to_vec()));
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok((round.clone(), false))
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
    let mut tx = db.begin_write().await?;
    let row = tx.fetch_for_update(query("SELECT payload FROM countersign_rounds WHERE id = $1").bind(id)).await?;
    let before: Vec<u8> = row.ok_or_else(|| Error::NotFound(id.to_owned()))?.get(0)?;
    let mut round = pb::Round::decode(before.as_slice())?;
    let (events, out) = op(&mut round)?;
    write_back(&mut tx, &round, &events, at).await?;
    // A conclusion's certificate is stored with it: never a concluded round without one.
    if let Some(cert) = out.certificate() {
        tx.execute(
            query("UPDATE countersign_rounds SET certificate = $2 WHERE id = $1").bind(id).bind(cert.encode_to_vec()),
        )
        .await?;
    }
    let audit = audit.states(Some(&before), Some(&round.encode_to_vec()));
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok((round, out))
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

/// A round, and its certificate once concluded (carrying the trace the round was opened in).
pub async fn get(db: &Database, id: &str) -> Result<(pb::Round, Option<pb::Certificate>)> {
    let row = db
        .fetch_optional(
            query("SELECT payload, certificate, traceparent FROM countersign_rounds WHERE id = $1").bind(id),
        )
        .await?;
    let row = row.ok_or_else(|| Error::NotFound(id.to_owned()))?;
    let (payload, cert, trace): (Vec<u8>, Option<Vec<u8>>, Option<String>) = (row.get(0)?, row.get(1)?, row.get(2)?);
    let cert = cert.map(|c| pb::Certificate::decode(c.as_slice())).transpose()?.map(|mut c| {
        c.traceparent = trace.unwrap_or_default();
        c
    });
    Ok((pb::Round::decode(payload.as_slice())?, cert))
}

pub struct ListFilter<'a> {
    pub lead: &'a str,
    pub pending_for: &'a str,
    pub state: &'a str,
    pub before_pos: i64,
    pub limit: i64,
}

pub async fn list(db: &Database, f: &ListFilter<'_>) -> Result<Vec<(i64, pb::Round)>> {
    let rows = db
        .fetch_all(
            query(
                "SELECT r.pos, r.payload FROM countersign_rounds r
                 WHERE ($1 = '' OR r.lead_department = $1) AND ($3 = '' OR r.state = $3) AND r.pos < $4
                   AND ($2 = '' OR EXISTS (SELECT 1 FROM countersign_tasks t
                                           WHERE t.round_id = r.id AND t.department = $2 AND t.state = 'PENDING'))
                 ORDER BY r.pos DESC LIMIT $5",
            )
            .bind(f.lead)
            .bind(f.pending_for)
            .bind(f.state)
            .bind(f.before_pos)
            .bind(f.limit),
        )
        .await?;
    rows.iter().map(|r| Ok((r.get(0)?, pb::Round::decode(r.get::<Vec<u8>>(1)?.as_slice())?))).collect()
}

pub async fn events_after(db: &Database, after: i64, round: &str, limit: i64) -> Result<Vec<pb::RoundEvent>> {
    let rows: Vec<(i64, String, String, String, String, DateTime<Utc>)> = db
        .fetch_all(
            query(
                "SELECT id, round_id, kind, department, detail, at FROM countersign_events
                 WHERE id > $1 AND ($2 = '' OR round_id = $2) ORDER BY id LIMIT $3",
            )
            .bind(after)
            .bind(round)
            .bind(limit),
        )
        .await?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .collect::<Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(|(event_id, round_id, kind, department, detail, at)| pb::RoundEvent {
            event_id,
            round_id,
            kind: pb::RoundEventKind::from_str_name(&stored::wire(&kind, "ROUND_EVENT_KIND_")).unwrap_or_default()
                as i32,
            department,
            detail,
            event_time: Some(crate::round::ts(at)),
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
    let mut tx = db.begin_write().await?;
    // Candidates come from the partial index on due_at, a few times more
    // than one replica takes, so that replicas find different rounds.
    let claim = match tx.backend() {
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
    let claimed = tx.fetch_all(query(claim).bind(now).bind(limit).bind(limit * 4)).await?;
    let mut fired = 0;
    let mut audit = Vec::new();
    let mut changed = Vec::new();
    for row in claimed {
        let payload: Vec<u8> = row.get(1)?;
        let mut round = pb::Round::decode(payload.as_slice())?;
        let events = lapse(&mut round);
        if events.is_empty() {
            continue;
        }
        fired += events.len();
        // The deadline acted, for the departments whose time ran out.
        let silent: Vec<&str> = events.iter().map(|e| e.department.as_str()).collect();
        audit.push(
            Entry::new(DEADLINE_ACTOR, silent.join(","), "countersign.deadline", &round.id, now)
                .states(Some(&payload), Some(&round.encode_to_vec())),
        );
        changed.push((round, events));
    }
    write_back_many(&mut tx, &changed, now).await?;
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &audit).await?;
    tx.commit().await?;
    Ok(fired)
}

/// Who the audit log names when a published holiday notice moves a deadline.
pub const CALENDAR_ACTOR: &str = "system:calendar-notice";

/// Rounds with a pending task (whose deadlines a published notice may move).
pub async fn pending_rounds(db: &Database) -> Result<Vec<String>> {
    let rows = db
        .fetch_all(query(
            "SELECT DISTINCT r.id FROM countersign_rounds r JOIN countersign_tasks t ON t.round_id = r.id
             WHERE t.state = 'PENDING'",
        ))
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect::<std::result::Result<_, _>>()?)
}

/// Recounts one round's pending deadlines under its lock (`recount` decides);
/// stores, announces and audits only when one moved. How many moved.
pub async fn recount_round(
    db: &Database,
    id: &str,
    at: DateTime<Utc>,
    recount: impl FnOnce(&mut pb::Round) -> Result<Vec<Event>>,
) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let Some(row) = tx.fetch_for_update(query("SELECT payload FROM countersign_rounds WHERE id = $1").bind(id)).await?
    else {
        return Ok(0);
    };
    let before: Vec<u8> = row.get(0)?;
    let mut round = pb::Round::decode(before.as_slice())?;
    let events = recount(&mut round)?;
    if events.is_empty() {
        return Ok(0); // dropped: rolled back, nothing written
    }
    write_back(&mut tx, &round, &events, at).await?;
    let moved: Vec<&str> = events.iter().map(|e| e.department.as_str()).collect();
    let audit = Entry::new(CALENDAR_ACTOR, moved.join(","), "countersign.recount", id, at)
        .states(Some(&before), Some(&round.encode_to_vec()));
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok(events.len())
}
