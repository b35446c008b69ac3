//! The approval tables. An item is stored whole (its protobuf) and changed
//! under its row lock; the inbox index is the pending step's leader.

use chrono::{DateTime, Utc};
use gongwen_audit::Entry;
use gongwen_proto::{approval::v1 as pb, stored};
use gongwen_store::{Database, Query, Tx, query};
use prost::Message;

use crate::{
    AUDIT_CHAIN,
    error::{Error, Result},
};

pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn migrate(db: &Database) -> Result<(), gongwen_store::Error> {
    // The audit tables first: every change here appends to them.
    gongwen_audit::migrate(db).await?;
    db.migrate(&POSTGRES_MIGRATIONS, &SQLITE_MIGRATIONS).await
}

/// What routing needs besides the item: the matter's subject and the departments it touches.
#[derive(Debug, Clone, Default)]
pub struct Matter {
    pub subject: String,
    pub concerned: Vec<String>,
}

/// Moves the intake cursor forward (never back: replicas may race).
fn set_cursor_query(cursor: i64) -> Query {
    query(
        "INSERT INTO approval_cursor (name, position) VALUES ('intake', $1)
         ON CONFLICT (name) DO UPDATE SET position = CASE WHEN excluded.position > approval_cursor.position
         THEN excluded.position ELSE approval_cursor.position END",
    )
    .bind(cursor)
}

/// Appends an item event (inside the caller's transaction): its last decision, if any.
async fn item_event(tx: &mut Tx, item: &pb::Item, at: DateTime<Utc>) -> Result<()> {
    let detail = match item.decisions.last() {
        Some(d) => format!("{}: {}", d.decided_by, d.meaning),
        None => String::new(),
    };
    item_event_saying(tx, item, detail, at).await
}

/// Appends an item event with its own detail (inside the caller's transaction).
async fn item_event_saying(tx: &mut Tx, item: &pb::Item, detail: String, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        query(
            "INSERT INTO approval_events (item_id, submission_id, submitting_unit, state, detail, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&item.id)
        .bind(&item.submission_id)
        .bind(&item.submitting_unit)
        .bind(stored::name(item.state().as_str_name(), "ITEM_STATE_"))
        .bind(detail)
        .bind(at),
    )
    .await?;
    Ok(())
}

/// Stores a new item (once per submission: a replayed event stores nothing) with its audit entry.
pub async fn insert_item(db: &Database, item: &pb::Item, matter: &Matter, audit: Entry) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let inserted = tx
        .execute(
            query(
                "INSERT INTO approval_items (id, submission_id, state, current_leader, urgent, subject, concerned, payload, traceparent)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (submission_id) DO NOTHING",
            )
            .bind(&item.id)
            .bind(&item.submission_id)
            .bind(stored::name(item.state().as_str_name(), "ITEM_STATE_"))
            .bind(&item.current_leader)
            .bind(item.urgent)
            .bind(&matter.subject)
            .bind(matter.concerned.join(","))
            .bind(item.encode_to_vec())
            // The routing span, in the submission's trace.
            .bind(gongwen_runtime::telemetry::traceparent()),
        )
        .await?
        == 1;
    if inserted {
        item_event(&mut tx, item, audit.at).await?;
        gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit.states(None, Some(&item.encode_to_vec()))]).await?;
    }
    tx.commit().await?;
    Ok(inserted)
}

pub async fn set_cursor(db: &Database, cursor: i64) -> Result<()> {
    db.execute(set_cursor_query(cursor)).await?;
    Ok(())
}

pub async fn cursor(db: &Database) -> Result<i64> {
    let row = db.fetch_optional(query("SELECT position FROM approval_cursor WHERE name = 'intake'")).await?;
    Ok(row.map(|r| r.get(0)).transpose()?.unwrap_or(0))
}

/// Applies `op` to the item under its lock and stores it, with `audit`
/// (which `op` may complete; digests of the item before and after are filled in).
pub async fn mutate(
    db: &Database,
    id: &str,
    mut audit: Entry,
    op: impl FnOnce(&mut pb::Item, &Matter, &mut Entry) -> Result<()>,
) -> Result<pb::Item> {
    let mut tx = db.begin_write().await?;
    let row = tx
        .fetch_for_update(query("SELECT payload, subject, concerned FROM approval_items WHERE id = $1").bind(id))
        .await?;
    let row = row.ok_or_else(|| Error::NotFound(id.to_owned()))?;
    let (payload, subject, concerned): (Vec<u8>, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
    let matter =
        Matter { subject, concerned: concerned.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect() };
    let mut item = pb::Item::decode(payload.as_slice())?;
    op(&mut item, &matter, &mut audit)?;
    tx.execute(
        query("UPDATE approval_items SET state = $2, current_leader = $3, payload = $4 WHERE id = $1")
            .bind(id)
            .bind(stored::name(item.state().as_str_name(), "ITEM_STATE_"))
            .bind(&item.current_leader)
            .bind(item.encode_to_vec()),
    )
    .await?;
    item_event(&mut tx, &item, audit.at).await?;
    mirror_tasks(&mut tx, &item).await?;
    let audit = audit.states(Some(&payload), Some(&item.encode_to_vec()));
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok(item)
}

/// Mirrors an item's forwarded tasks for the overdue listing (inside the caller's transaction).
async fn mirror_tasks(tx: &mut Tx, item: &pb::Item) -> Result<()> {
    tx.execute(query("DELETE FROM approval_tasks WHERE item_id = $1").bind(&item.id)).await?;
    let leader = item.route.first().map(|s| s.leader.clone()).unwrap_or_default();
    for t in &item.supervision {
        tx.execute(
            query(
                "INSERT INTO approval_tasks (item_id, department, state, due_at, leader, receipt_number)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&item.id)
            .bind(&t.department)
            .bind(stored::name(t.state().as_str_name(), "SUPERVISION_STATE_"))
            .bind(crate::supervision::due(t))
            .bind(&leader)
            .bind(&item.receipt_number),
        )
        .await?;
    }
    Ok(())
}

/// Who the audit log names when a published holiday notice moves a deadline.
pub const CALENDAR_ACTOR: &str = "system:calendar-notice";

/// Items with a deadline running: a leader's step, or an open supervision task.
pub async fn items_with_deadlines(db: &Database) -> Result<Vec<String>> {
    let rows = db
        .fetch_all(query(
            "SELECT id FROM approval_items WHERE state = 'WITH_LEADERS'
             UNION SELECT DISTINCT item_id FROM approval_tasks WHERE state IN ('ASSIGNED', 'REPORTED')",
        ))
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect::<Result<_, sqlx::Error>>()?)
}

/// Recounts one item's running deadlines under its lock (`recount` decides);
/// stores, announces and audits only when one moved. How many moved.
pub async fn recount_item(
    db: &Database,
    id: &str,
    at: DateTime<Utc>,
    recount: impl FnOnce(&mut pb::Item) -> Result<Vec<String>>,
) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let Some(row) = tx.fetch_for_update(query("SELECT payload FROM approval_items WHERE id = $1").bind(id)).await?
    else {
        return Ok(0);
    };
    let before: Vec<u8> = row.get(0)?;
    let mut item = pb::Item::decode(before.as_slice())?;
    let moved = recount(&mut item)?;
    if moved.is_empty() {
        return Ok(0); // dropped: rolled back, nothing written
    }
    tx.execute(query("UPDATE approval_items SET payload = $2 WHERE id = $1").bind(id).bind(item.encode_to_vec()))
        .await?;
    item_event_saying(&mut tx, &item, format!("DEADLINE_MOVED: {}", moved.join("; ")), at).await?;
    mirror_tasks(&mut tx, &item).await?;
    let audit = Entry::new(CALENDAR_ACTOR, &item.submitting_unit, "approval.recount", id, at)
        .states(Some(&before), Some(&item.encode_to_vec()));
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok(moved.len())
}

pub async fn get(db: &Database, id: &str, submission_id: &str) -> Result<pb::Item> {
    let row = db
        .fetch_optional(
            query(
                "SELECT payload FROM approval_items WHERE ($1 <> '' AND id = $1) OR ($2 <> '' AND submission_id = $2)",
            )
            .bind(id)
            .bind(submission_id),
        )
        .await?;
    let row = row.ok_or_else(|| Error::NotFound(format!("{id}{submission_id}")))?;
    Ok(pb::Item::decode(row.get::<Vec<u8>>(0)?.as_slice())?)
}

/// Keyset position in an inbox ordered urgent first, then newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub urgent: bool,
    pub pos: i64,
}

impl Cursor {
    pub fn token(self) -> String {
        format!("{}.{}", u8::from(self.urgent), self.pos)
    }

    pub fn parse(token: &str) -> Option<Self> {
        let (u, p) = token.split_once('.')?;
        Some(Self { urgent: u == "1", pos: p.parse().ok()? })
    }
}

/// One page of an inbox: the office's queue (`leaders` empty) or the items
/// whose pending step belongs to one of `leaders`; urgent first, newest first.
pub async fn inbox(
    db: &Database,
    leaders: &[String],
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<(Cursor, pb::Item)>> {
    let mut q = query("SELECT urgent, pos, payload FROM approval_items WHERE ");
    q = if leaders.is_empty() {
        q.push("state = 'OFFICE_REVIEW'")
    } else {
        q.push("state = 'WITH_LEADERS' AND current_leader IN ").push_list(leaders)
    };
    // Resumed by a seek of the index within the cursor's urgency (not a row value: SQLite
    // seeks on its first column only and would scan every item before the cursor).
    q = match after {
        Some(Cursor { urgent: false, pos }) => {
            q.push(" AND urgent = ").push_bind(false).push(" AND pos < ").push_bind(pos)
        }
        Some(Cursor { urgent: true, pos }) => q
            .push(" AND ((urgent = ")
            .push_bind(true)
            .push(" AND pos < ")
            .push_bind(pos)
            .push(") OR urgent = ")
            .push_bind(false)
            .push(")"),
        None => q,
    };
    let rows = db.fetch_all(q.push(" ORDER BY urgent DESC, pos DESC LIMIT ").push_bind(limit)).await?;
    rows.iter()
        .map(|r| {
            let cursor = Cursor { urgent: r.get(0)?, pos: r.get(1)? };
            Ok((cursor, pb::Item::decode(r.get::<Vec<u8>>(2)?.as_slice())?))
        })
        .collect()
}

pub async fn insert_absence(
    db: &Database,
    a: &pb::Absence,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    audit: Entry,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    tx.execute(
        query(
            "INSERT INTO approval_absences (id, leader, from_at, to_at, reason, ended) VALUES ($1, $2, $3, $4, $5, FALSE)",
        )
        .bind(&a.id)
        .bind(&a.leader)
        .bind(from)
        .bind(to)
        .bind(&a.reason),
    )
    .await?;
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit.states(None, Some(&a.encode_to_vec()))]).await?;
    tx.commit().await?;
    Ok(())
}

/// The leader an absence is of.
pub async fn absence_leader(db: &Database, id: &str) -> Result<String> {
    let row = db.fetch_optional(query("SELECT leader FROM approval_absences WHERE id = $1").bind(id)).await?;
    Ok(row.ok_or_else(|| Error::NotFound(id.to_owned()))?.get(0)?)
}

pub async fn end_absence(
    db: &Database,
    id: &str,
    audit: Entry,
) -> Result<(String, DateTime<Utc>, DateTime<Utc>, String)> {
    let mut tx = db.begin_write().await?;
    let row = tx
        .fetch_optional(
            query("UPDATE approval_absences SET ended = TRUE WHERE id = $1 RETURNING leader, from_at, to_at, reason")
                .bind(id),
        )
        .await?;
    let row = row.ok_or_else(|| Error::NotFound(id.to_owned()))?;
    let ended = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &[audit]).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Absences not ended that overlap [from, to].
pub async fn absences_overlapping(db: &Database, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<String>> {
    let rows = db
        .fetch_all(
            query("SELECT leader FROM approval_absences WHERE NOT ended AND from_at <= $2 AND to_at >= $1")
                .bind(from)
                .bind(to),
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect::<Result<_, _>>()?)
}

/// Where a page of the overdue report starts after: (due, item id, department).
pub type OverdueKey = (DateTime<Utc>, String, String);

/// Up to `limit` open tasks past due at `now`, in due order after `after`:
/// (item id, receipt, department, leader, due).
pub async fn overdue(
    db: &Database,
    now: DateTime<Utc>,
    after: Option<&OverdueKey>,
    limit: i64,
) -> Result<Vec<(String, String, String, String, DateTime<Utc>)>> {
    let mut q = query(
        "SELECT item_id, receipt_number, department, leader, due_at FROM approval_tasks
         WHERE state IN ('ASSIGNED', 'REPORTED') AND due_at < ",
    )
    .push_bind(now);
    if let Some((due, item, department)) = after {
        q = q.push(" AND (due_at, item_id, department) > (").push_bind(*due).push(", ").push_bind(item.clone());
        q = q.push(", ").push_bind(department.clone()).push(")");
    }
    let rows = db.fetch_all(q.push(" ORDER BY due_at, item_id, department LIMIT ").push_bind(limit)).await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// How many open tasks are past due at `now`, by `column` (department or leader).
pub async fn overdue_counts(db: &Database, now: DateTime<Utc>, by_leader: bool) -> Result<Vec<(String, i64)>> {
    let column = if by_leader { "leader" } else { "department" };
    let rows = db
        .fetch_all(
            query(&format!(
                "SELECT {column}, COUNT(*) FROM approval_tasks
                 WHERE state IN ('ASSIGNED', 'REPORTED') AND due_at < $1 GROUP BY {column}"
            ))
            .bind(now),
        )
        .await?;
    Ok(rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect::<Result<_, sqlx::Error>>()?)
}

/// The trace item `id` was routed in ("" if none).
pub async fn traceparent(db: &Database, id: &str) -> Result<String> {
    let row = db.fetch_optional(query("SELECT traceparent FROM approval_items WHERE id = $1").bind(id)).await?;
    Ok(row.map(|r| r.get::<Option<String>>(0)).transpose()?.flatten().unwrap_or_default())
}

/// When every open task (assigned or reported, not yet verified) is due.
pub async fn open_task_dues(db: &Database) -> Result<Vec<DateTime<Utc>>> {
    let rows = db.fetch_all(query("SELECT due_at FROM approval_tasks WHERE state IN ('ASSIGNED', 'REPORTED')")).await?;
    Ok(rows.iter().map(|r| r.get(0)).collect::<Result<_, _>>()?)
}

/// Item events after `after`, oldest first.
pub async fn events_after(db: &Database, after: i64, unit: &str, limit: i64) -> Result<Vec<pb::ItemEvent>> {
    type Row = (i64, String, String, String, String, String, DateTime<Utc>);
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT id, item_id, submission_id, submitting_unit, state, detail, at FROM approval_events
                 WHERE id > $1 AND ($2 = '' OR submitting_unit = $2) ORDER BY id LIMIT $3",
            )
            .bind(after)
            .bind(unit)
            .bind(limit),
        )
        .await?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(rows
        .into_iter()
        .map(|(event_id, item_id, submission_id, submitting_unit, state, detail, at)| pb::ItemEvent {
            event_id,
            item_id,
            submission_id,
            submitting_unit,
            state: pb::ItemState::from_str_name(&stored::wire(&state, "ITEM_STATE_")).unwrap_or_default() as i32,
            detail,
            event_time: Some(gongwen_proto::time::timestamp(at)),
        })
        .collect())
}
