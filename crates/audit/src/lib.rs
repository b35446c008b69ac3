//! The audit log (留痕): every state change in every service appends an
//! entry — who, on whose behalf, what, when, and SM3 digests of the state
//! before and after — in the same transaction as the change.
//!
//! Entries form one hash chain per service (`chain`): each entry's hash is
//! SM3 (GM/T 0004-2012) over the previous entry's hash and its own fields, so
//! changing, removing or reordering a stored entry breaks every link after
//! it. [`verify`] recomputes the chains and reports the first broken link.
//! An entry is written to `audit_pending` in its change's transaction (no
//! lock: writers never wait for each other's commits) and chained by
//! [`seal`]: the background sealer of any process, or a reader before it
//! reads, links a batch under the chain's head row with one head update.
//! `audit_heads` keeps each chain's last seq and hash, so a removed tail is
//! caught against it.

use chrono::{DateTime, SecondsFormat, Utc};
use gongwen_store::{Database, Row, Tx, Value, query};
use sm3::{Digest, Sm3};

pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Creates the audit tables (each service calls this with its own migrations).
pub async fn migrate(db: &Database) -> Result<(), gongwen_store::Error> {
    db.migrate(&POSTGRES_MIGRATIONS, &SQLITE_MIGRATIONS).await
}

/// SM3 of `bytes`, hex: the digest of a stored state.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sm3::digest(bytes))
}

/// One state change, as a service describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Who acted: a principal (`department:audit`, `leader:vm-zhao`, `office`,
    /// `service:approval`) or `system:<worker>` for the service's own timers.
    pub actor: String,
    /// Whom the act was for: the submitting unit, the absent leader a
    /// substitute stands in for, the department whose silence lapsed.
    pub on_behalf_of: String,
    /// What was done, `<service>.<verb>`, e.g. `countersign.reply`.
    pub action: String,
    /// The record changed (its id).
    pub subject: String,
    /// SM3 of the stored state before (empty when the record is new).
    pub before_digest: String,
    /// SM3 of the stored state after (empty when nothing was stored, e.g. a denial).
    pub after_digest: String,
    pub at: DateTime<Utc>,
}

impl Entry {
    /// An entry at `at`, the service's clock's time (never the wall clock: tests drive it).
    pub fn new(
        actor: impl Into<String>,
        on_behalf_of: impl Into<String>,
        action: &str,
        subject: &str,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            actor: actor.into(),
            on_behalf_of: on_behalf_of.into(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            before_digest: String::new(),
            after_digest: String::new(),
            at,
        }
    }

    /// Digests of the stored bytes before and after the change.
    pub fn states(mut self, before: Option<&[u8]>, after: Option<&[u8]>) -> Self {
        self.before_digest = before.map(digest).unwrap_or_default();
        self.after_digest = after.map(digest).unwrap_or_default();
        self
    }
}

/// A stored entry with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub chain: String,
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub on_behalf_of: String,
    pub action: String,
    pub subject: String,
    pub before_digest: String,
    pub after_digest: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Record {
    /// The hash this record should carry: SM3 over the previous hash and a
    /// canonical (JSON array) encoding of every field.
    pub fn expected_hash(&self) -> String {
        let fields = serde_json::json!([
            self.chain,
            self.seq,
            self.at,
            self.actor,
            self.on_behalf_of,
            self.action,
            self.subject,
            self.before_digest,
            self.after_digest
        ]);
        let mut h = Sm3::new();
        h.update(self.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(fields.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    fn from_row(r: &Row) -> Result<Self, sqlx::Error> {
        Ok(Self {
            chain: r.get(0)?,
            seq: r.get(1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            on_behalf_of: r.get(4)?,
            action: r.get(5)?,
            subject: r.get(6)?,
            before_digest: r.get(7)?,
            after_digest: r.get(8)?,
            prev_hash: r.get(9)?,
            hash: r.get(10)?,
        })
    }

    /// The record with its hash computed.
    fn sealed(mut self) -> Self {
        self.hash = self.expected_hash();
        self
    }
}

/// Appends `entries` to `chain` inside `tx`, the transaction of the change
/// they record. On PostgreSQL: one INSERT into `audit_pending`, no lock; they
/// are chained (given their seq and hash) by [`seal`] — the sealer every
/// process runs, or any reader first — so concurrent writers never wait on
/// the chain's head. On SQLite, whose one writer holds the database through
/// the transaction anyway, they are chained at once.
pub async fn append(tx: &mut Tx, chain: &str, entries: &[Entry]) -> Result<(), sqlx::Error> {
    if entries.is_empty() || bench::paused() {
        return Ok(());
    }
    if tx.backend() == gongwen_store::Backend::Sqlite {
        let pending: Vec<Pending> = entries.iter().map(Pending::of).collect();
        return chain_in(tx, chain, &pending).await.map(|_| ());
    }
    let rows = entries.iter().map(|e| {
        vec![
            Value::from(chain.to_owned()),
            e.at.to_rfc3339_opts(SecondsFormat::Micros, true).into(),
            e.actor.clone().into(),
            e.on_behalf_of.clone().into(),
            e.action.clone().into(),
            e.subject.clone().into(),
            e.before_digest.clone().into(),
            e.after_digest.clone().into(),
        ]
    });
    tx.execute(
        query(
            "INSERT INTO audit_pending (chain, at, actor, on_behalf_of, action, subject, before_digest, after_digest) ",
        )
        .push_values(rows),
    )
    .await?;
    Ok(())
}

/// What audit costs, measured: `gongwen bench` runs a scenario with and
/// without it in the same run (BENCHMARKS.md). There is no setting for it —
/// the server never records a change without its entry — only this guard,
/// which nothing but the benchmark tool takes.
pub mod bench {
    use std::sync::atomic::{AtomicBool, Ordering};

    static PAUSED: AtomicBool = AtomicBool::new(false);

    /// While it lives, [`append`](super::append) records nothing in this process.
    #[must_use = "appends resume when the guard is dropped"]
    pub struct Paused(());

    impl Drop for Paused {
        fn drop(&mut self) {
            PAUSED.store(false, Ordering::SeqCst);
        }
    }

    /// Benchmarks only: stops recording until the guard is dropped.
    pub fn pause() -> Paused {
        PAUSED.store(true, Ordering::SeqCst);
        Paused(())
    }

    pub(super) fn paused() -> bool {
        PAUSED.load(Ordering::Relaxed)
    }
}

/// An entry as it waits to be chained.
struct Pending {
    at: String,
    actor: String,
    on_behalf_of: String,
    action: String,
    subject: String,
    before_digest: String,
    after_digest: String,
}

impl Pending {
    fn of(e: &Entry) -> Self {
        Self {
            at: e.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            actor: e.actor.clone(),
            on_behalf_of: e.on_behalf_of.clone(),
            action: e.action.clone(),
            subject: e.subject.clone(),
            before_digest: e.before_digest.clone(),
            after_digest: e.after_digest.clone(),
        }
    }

    fn from_row(r: &Row) -> Result<Self, sqlx::Error> {
        Ok(Self {
            at: r.get(1)?,
            actor: r.get(2)?,
            on_behalf_of: r.get(3)?,
            action: r.get(4)?,
            subject: r.get(5)?,
            before_digest: r.get(6)?,
            after_digest: r.get(7)?,
        })
    }
}

/// Links `entries` after the head of `chain` inside `tx` and moves the head: the head row
/// is locked (created if new) until `tx` commits. How many were linked.
async fn chain_in(tx: &mut Tx, chain: &str, entries: &[Pending]) -> Result<u64, sqlx::Error> {
    // An upsert that changes nothing but locks the chain's head and returns it: one round trip.
    let head = tx
        .fetch_one(
            query(
                "INSERT INTO audit_heads (chain, seq, hash) VALUES ($1, 0, $2)
                 ON CONFLICT (chain) DO UPDATE SET seq = audit_heads.seq
                 RETURNING seq, hash",
            )
            .bind(chain)
            .bind(GENESIS),
        )
        .await?;
    link_after(tx, chain, (head.get(0)?, head.get(1)?), entries).await
}

/// Links `entries` after `head` (the chain's locked head) and moves it.
async fn link_after(tx: &mut Tx, chain: &str, head: (i64, String), entries: &[Pending]) -> Result<u64, sqlx::Error> {
    let (mut seq, mut hash) = head;
    let mut records = Vec::with_capacity(entries.len());
    for e in entries {
        seq += 1;
        let r = Record {
            chain: chain.to_owned(),
            seq,
            at: e.at.clone(),
            actor: e.actor.clone(),
            on_behalf_of: e.on_behalf_of.clone(),
            action: e.action.clone(),
            subject: e.subject.clone(),
            before_digest: e.before_digest.clone(),
            after_digest: e.after_digest.clone(),
            prev_hash: hash,
            hash: String::new(),
        }
        .sealed();
        hash = r.hash.clone();
        records.push(r);
    }
    for slice in records.chunks(INSERT_SLICE) {
        let rows = slice.iter().cloned().map(|r| {
            vec![
                Value::from(r.chain),
                r.seq.into(),
                r.at.into(),
                r.actor.into(),
                r.on_behalf_of.into(),
                r.action.into(),
                r.subject.into(),
                r.before_digest.into(),
                r.after_digest.into(),
                r.prev_hash.into(),
                r.hash.into(),
            ]
        });
        tx.execute(
            query(
                "INSERT INTO audit_log (chain, seq, at, actor, on_behalf_of, action, subject,
                     before_digest, after_digest, prev_hash, hash) ",
            )
            .push_values(rows),
        )
        .await?;
    }
    tx.execute(query("UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain = $3").bind(seq).bind(&hash).bind(chain))
        .await?;
    Ok(entries.len() as u64)
}

/// Entries one sealing transaction chains at most (SQLite binds at most 32,766
/// values a statement: 11 a record, so the inserts go in slices).
const SEAL_BATCH: i64 = 5000;
const INSERT_SLICE: usize = 2000;

/// Whether [`seal`] waits for another sealer of the same chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// A reader: everything committed before the call is chained when it returns.
    Yes,
    /// The background sealer: another process is sealing it, so leave it.
    No,
}

/// Chains the pending entries of `chain` (or of every chain with some), in
/// the order they were written: each batch under the chain's head row, one
/// head update for the batch. Returns how many were chained.
pub async fn seal(db: &Database, chain: Option<&str>, wait: Wait) -> Result<u64, sqlx::Error> {
    let chains: Vec<String> = match chain {
        Some(c) => vec![c.to_owned()],
        None => db
            .fetch_all(query("SELECT DISTINCT chain FROM audit_pending"))
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?,
    };
    let mut sealed = 0;
    for chain in chains {
        loop {
            let n = seal_batch(db, &chain, wait).await?;
            sealed += n;
            if n < SEAL_BATCH as u64 {
                break;
            }
        }
    }
    Ok(sealed)
}

async fn seal_batch(db: &Database, chain: &str, wait: Wait) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    tx.execute(
        query("INSERT INTO audit_heads (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain) DO NOTHING")
            .bind(chain)
            .bind(GENESIS),
    )
    .await?;
    // The head row is the chain's one lock (SQLite's write transaction is exclusive already).
    let lock = match (tx.backend(), wait) {
        (gongwen_store::Backend::Sqlite, _) => "SELECT seq, hash FROM audit_heads WHERE chain = $1",
        (_, Wait::Yes) => "SELECT seq, hash FROM audit_heads WHERE chain = $1 FOR UPDATE",
        (_, Wait::No) => "SELECT seq, hash FROM audit_heads WHERE chain = $1 FOR UPDATE SKIP LOCKED",
    };
    let Some(head) = tx.fetch_optional(query(lock).bind(chain)).await? else {
        return Ok(0); // another process is sealing this chain
    };
    let pending = tx
        .fetch_all(
            query(
                "SELECT id, at, actor, on_behalf_of, action, subject, before_digest, after_digest
                 FROM audit_pending WHERE chain = $1 ORDER BY id LIMIT $2",
            )
            .bind(chain)
            .bind(SEAL_BATCH),
        )
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = pending.iter().map(|r| r.get(0)).collect::<Result<_, _>>()?;
    let entries: Vec<Pending> = pending.iter().map(Pending::from_row).collect::<Result<_, _>>()?;
    let linked = link_after(&mut tx, chain, (head.get(0)?, head.get(1)?), &entries).await?;
    // Exactly the rows chained: one committed meanwhile with a smaller id waits for the next batch.
    for slice in ids.chunks(INSERT_SLICE) {
        tx.execute(query("DELETE FROM audit_pending WHERE id IN ").push_list(slice.iter().copied())).await?;
    }
    tx.commit().await?;
    Ok(linked)
}

/// Seals every chain every `every` until `draining` turns true (or its sender goes): the
/// one background task each process runs. Several processes may: each chain is sealed by
/// one at a time, the others skip it.
pub fn spawn_sealer(
    db: Database,
    every: std::time::Duration,
    mut draining: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = seal(&db, None, Wait::No).await {
                tracing::warn!(error = %e, "sealing the audit log failed; retrying");
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                changed = draining.changed() => {
                    if changed.is_err() || *draining.borrow() {
                        // What the last writes left, chained before the process goes.
                        let _ = seal(&db, None, Wait::No).await;
                        return;
                    }
                }
            }
        }
    })
}

/// Appends in a transaction of its own: for acts that change nothing else
/// (a refused call is recorded, though nothing was stored).
pub async fn append_alone(db: &Database, chain: &str, entries: &[Entry]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    append(&mut tx, chain, entries).await?;
    tx.commit().await
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub chain: String,
    pub seq: i64,
    pub reason: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Entries checked, across the chains.
    pub entries: u64,
    pub chains: Vec<String>,
    /// The first broken link (in chain order, then seq), if any.
    pub first_broken: Option<Break>,
}

const PAGE: i64 = 1000;

/// Recomputes `chain` (or every chain) from the start.
pub async fn verify(db: &Database, chain: Option<&str>) -> Result<Report, sqlx::Error> {
    seal(db, chain, Wait::Yes).await?;
    let heads = db
        .fetch_all(
            query("SELECT chain, seq, hash FROM audit_heads WHERE ($1 = '' OR chain = $1) ORDER BY chain")
                .bind(chain.unwrap_or("")),
        )
        .await?
        .into_iter()
        .map(|r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?, r.get::<String>(2)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut report = Report::default();
    for (name, head_seq, head_hash) in heads {
        report.chains.push(name.clone());
        let broken = |seq: i64, reason: String| Break { chain: name.clone(), seq, reason };
        let (mut prev, mut expected_seq) = (GENESIS.to_owned(), 1i64);
        'chain: loop {
            // Up to the head read above: entries appended while verifying are
            // the next verification's (and are not a broken tail).
            let page = list_range(db, &name, expected_seq - 1, head_seq, PAGE).await?;
            for r in &page {
                report.entries += 1;
                let problem = if r.seq != expected_seq {
                    Some(format!("entry {expected_seq} is missing (found {} next)", r.seq))
                } else if r.prev_hash != prev {
                    Some("its previous-hash does not match the entry before it".to_owned())
                } else if r.expected_hash() != r.hash {
                    Some("its contents do not match its hash".to_owned())
                } else {
                    None
                };
                if let Some(reason) = problem {
                    report.first_broken.get_or_insert(broken(expected_seq, reason));
                    break 'chain;
                }
                prev = r.hash.clone();
                expected_seq += 1;
            }
            if (page.len() as i64) < PAGE {
                break;
            }
        }
        if report.first_broken.is_none() && (expected_seq - 1 != head_seq || prev != head_hash) {
            report.first_broken = Some(broken(
                expected_seq,
                format!("the chain ends at {} but its head records {head_seq}", expected_seq - 1),
            ));
        }
        if report.first_broken.is_some() {
            break;
        }
    }
    Ok(report)
}

/// Entries of `chain` after `after_seq`, in order.
pub async fn list(db: &Database, chain: &str, after_seq: i64, limit: i64) -> Result<Vec<Record>, sqlx::Error> {
    seal(db, Some(chain), Wait::Yes).await?;
    list_range(db, chain, after_seq, i64::MAX, limit).await
}

/// Entries of `chain` with `after_seq < seq <= up_to`, in order.
async fn list_range(
    db: &Database,
    chain: &str,
    after_seq: i64,
    up_to: i64,
    limit: i64,
) -> Result<Vec<Record>, sqlx::Error> {
    db.fetch_all(
        query(
            "SELECT chain, seq, at, actor, on_behalf_of, action, subject, before_digest, after_digest, prev_hash, hash
             FROM audit_log WHERE chain = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
        )
        .bind(chain)
        .bind(after_seq)
        .bind(up_to)
        .bind(limit),
    )
    .await?
    .iter()
    .map(Record::from_row)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed instant: the chain does not depend on when it is written.
    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    async fn db(dir: &std::path::Path) -> Database {
        let db = Database::connect(&format!("sqlite://{}", dir.join("a.db").display()), 2).await.unwrap();
        migrate(&db).await.unwrap();
        db
    }

    #[test]
    fn sm3_matches_the_standard_vector() {
        // GM/T 0004-2012 Appendix A, example 1: "abc".
        assert_eq!(digest(b"abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    #[tokio::test]
    async fn a_changed_entry_is_found_at_its_seq() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(dir.path()).await;
        for i in 0..5 {
            let e = Entry::new("department:audit", "audit", "intake.register", &format!("s{i}"), at())
                .states(None, Some(format!("v{i}").as_bytes()));
            append_alone(&db, "intake", &[e]).await.unwrap();
        }
        append_alone(
            &db,
            "countersign",
            &[Entry::new("department:finance", "finance", "countersign.reply", "r1", at())],
        )
        .await
        .unwrap();
        let ok = verify(&db, None).await.unwrap();
        assert_eq!((ok.entries, ok.first_broken.clone()), (6, None));
        assert_eq!(ok.chains, ["countersign", "intake"]);

        let Database::Sqlite(pool, _) = &db else { unreachable!() };
        // The table refuses updates; an intruder drops the guard first.
        assert!(sqlx::query("UPDATE audit_log SET actor = 'x' WHERE seq = 3").execute(pool).await.is_err());
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(pool).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor = 'department:finance' WHERE chain = 'intake' AND seq = 3")
            .execute(pool)
            .await
            .unwrap();
        let bad = verify(&db, Some("intake")).await.unwrap();
        let b = bad.first_broken.unwrap();
        assert_eq!((b.chain.as_str(), b.seq), ("intake", 3), "{}", b.reason);
        assert!(verify(&db, Some("countersign")).await.unwrap().first_broken.is_none());
    }

    #[tokio::test]
    async fn verifying_while_entries_are_appended_finds_no_break() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(dir.path()).await;
        let writer = {
            let db = db.clone();
            tokio::spawn(async move {
                for i in 0..200 {
                    let e = Entry::new("office", "office", "approval.propose", &i.to_string(), at());
                    append_alone(&db, "approval", &[e]).await.unwrap();
                }
            })
        };
        while !writer.is_finished() {
            let r = verify(&db, None).await.unwrap();
            assert_eq!(r.first_broken, None);
        }
        assert_eq!(verify(&db, None).await.unwrap().entries, 200);
    }

    #[tokio::test]
    async fn a_removed_tail_is_found_against_the_head() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(dir.path()).await;
        let entries: Vec<_> =
            (0..3).map(|i| Entry::new("office", "office", "approval.propose", &i.to_string(), at())).collect();
        append_alone(&db, "approval", &entries).await.unwrap();
        let Database::Sqlite(pool, _) = &db else { unreachable!() };
        sqlx::query("DROP TRIGGER audit_log_no_delete").execute(pool).await.unwrap();
        sqlx::query("DELETE FROM audit_log WHERE seq = 3").execute(pool).await.unwrap();
        let b = verify(&db, None).await.unwrap().first_broken.unwrap();
        assert_eq!(b.seq, 3, "{}", b.reason);
    }

    /// On PostgreSQL entries wait in `audit_pending` until sealed (SQLite chains them at once).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn entries_wait_unchained_until_sealed_and_a_rolled_back_change_leaves_none() {
        let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
        let db = Database::connect(&url, 8).await.unwrap();
        migrate(&db).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        append(&mut tx, "intake", &[Entry::new("department:audit", "audit", "intake.register", "gone", at())])
            .await
            .unwrap();
        drop(tx); // rolled back: its change and its entry with it
        append_alone(&db, "approval", &[Entry::new("office", "office", "approval.propose", "first", at())])
            .await
            .unwrap();
        let waiting = db.fetch_one(query("SELECT count(*) FROM audit_pending")).await.unwrap();
        assert_eq!(waiting.get::<i64>(0).unwrap(), 1, "written, not yet chained");
        assert_eq!(seal(&db, None, Wait::Yes).await.unwrap(), 1);
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let db = db.clone();
                tokio::spawn(async move {
                    for i in 0..50 {
                        let e = Entry::new("office", "office", "approval.propose", &format!("{w}-{i}"), at());
                        append_alone(&db, "approval", &[e]).await.unwrap();
                    }
                })
            })
            .collect();
        // Two sealers at once while the writers write: each entry chained once, in one chain.
        let sealers: Vec<_> = (0..2)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut n = 0;
                    for _ in 0..20 {
                        n += seal(&db, None, Wait::No).await.unwrap();
                        tokio::task::yield_now().await;
                    }
                    n
                })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        let mut sealed = 0;
        for s in sealers {
            sealed += s.await.unwrap();
        }
        sealed += seal(&db, None, Wait::Yes).await.unwrap();
        assert_eq!(sealed, 200, "every committed entry chained once");
        let r = verify(&db, None).await.unwrap();
        assert_eq!((r.entries, r.first_broken, r.chains), (201, None, vec!["approval".to_owned()]));
        let subjects: std::collections::HashSet<String> =
            list(&db, "approval", 0, 1000).await.unwrap().into_iter().map(|r| r.subject).collect();
        assert_eq!(subjects.len(), 201);
    }
}
