//! The intake store, called directly, on both backends: numbering per year,
//! replays inside one batch, key reuse, events.

use gongwen_intake::store::{self, NewSubmission, Stored};
use gongwen_proto::intake::v1 as ipb;
use gongwen_store::Database;

use crate::harness::on_both_backends;

async fn fresh(backend: gongwen_store::Backend, dir: &std::path::Path) -> Database {
    let url = gongwen_store::testing::fresh_url(backend, dir).await.unwrap();
    let db = Database::connect(&url, 4).await.unwrap();
    store::migrate(&db).await.unwrap();
    db
}

fn item(key: &str, year: i32, content: &str, state: ipb::SubmissionState) -> NewSubmission {
    NewSubmission {
        traceparent: String::new(),
        idempotency_key: key.into(),
        request_sha256: format!("req-{key}"),
        receipt_year: year,
        submission: ipb::Submission {
            id: uuid_like(key),
            state: state as i32,
            content_sha256: content.into(),
            rulebook: "jining".into(),
            envelope: Some(ipb::Envelope { submitting_unit: "audit".into(), ..Default::default() }),
            ..Default::default()
        },
        actor: "department:audit".into(),
    }
}

fn uuid_like(key: &str) -> String {
    format!("id-{key}")
}

/// Jining: receipts 收文〔year〕n号, duplicates returned under I-16.
fn jining() -> gongwen_rules::Rulebook {
    gongwen_rules::builtin("jining").unwrap()
}

fn sub(s: &Stored) -> &ipb::Submission {
    match s {
        Stored::New(s) | Stored::Replayed(s) => s,
    }
}

on_both_backends! {
    async fn numbers_are_per_year_and_returns_take_none(backend) {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh(backend, dir.path()).await;
        let batch = vec![
            item("a", 2025, "c1", ipb::SubmissionState::Registered),
            item("b", 2026, "c2", ipb::SubmissionState::Registered),
            item("c", 2026, "c3", ipb::SubmissionState::Returned),
            item("d", 2025, "c4", ipb::SubmissionState::Registered),
        ];
        let out = store::register_batch(&db, &batch, &jining()).await.unwrap();
        let numbers: Vec<&str> = out.iter().map(|s| sub(s).receipt_number.as_str()).collect();
        assert_eq!(numbers, ["收文〔2025〕1号", "收文〔2026〕1号", "", "收文〔2025〕2号"]);
        let out = store::register_batch(&db, &[item("e", 2026, "c5", ipb::SubmissionState::Registered)], &jining()).await.unwrap();
        assert_eq!(sub(&out[0]).receipt_number, "收文〔2026〕2号");
        let events = store::events_after(&db, 0, "", 100).await.unwrap();
        assert_eq!(events.len(), 5);
        assert!(events.windows(2).all(|w| w[0].event_id < w[1].event_id));
        let y2025 = store::list(&db, &store::ListFilter { state: None, submitting_unit: "", receipt_year: 2025, before_pos: None, limit: 10 }).await.unwrap();
        assert_eq!(y2025.len(), 2);
        db.close().await;
    }
}

on_both_backends! {
    async fn a_key_twice_in_one_batch_is_stored_once_and_a_duplicate_content_is_returned(backend) {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh(backend, dir.path()).await;
        let batch = vec![
            item("a", 2026, "same", ipb::SubmissionState::Registered),
            item("a", 2026, "same", ipb::SubmissionState::Registered),
            item("b", 2026, "same", ipb::SubmissionState::Registered),
        ];
        let out = store::register_batch(&db, &batch, &jining()).await.unwrap();
        assert!(matches!(out[0], Stored::New(_)));
        assert!(matches!(out[1], Stored::Replayed(_)));
        assert_eq!(sub(&out[0]).receipt_number, sub(&out[1]).receipt_number);
        let third = sub(&out[2]);
        assert_eq!(third.state(), ipb::SubmissionState::Returned);
        assert_eq!(third.findings[0].code, "NO_DUPLICATE_SUBMISSION");
        assert!(third.findings[0].message_zh.contains("已登记为收文〔2026〕1号"), "{}", third.findings[0].message_zh);
        // The counter did not move for the duplicate: the next number is 2.
        let out = store::register_batch(&db, &[item("c", 2026, "other", ipb::SubmissionState::Registered)], &jining()).await.unwrap();
        assert_eq!(sub(&out[0]).receipt_seq, 2);
        db.close().await;
    }
}

on_both_backends! {
    async fn a_reused_key_with_another_request_fails_the_batch_and_changes_nothing(backend) {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh(backend, dir.path()).await;
        store::register_batch(&db, &[item("a", 2026, "x", ipb::SubmissionState::Registered)], &jining()).await.unwrap();
        let mut reused = item("a", 2026, "y", ipb::SubmissionState::Registered);
        reused.request_sha256 = "different".into();
        let batch = vec![item("b", 2026, "z", ipb::SubmissionState::Registered), reused];
        let err = store::register_batch(&db, &batch, &jining()).await.unwrap_err();
        assert!(matches!(err, gongwen_intake::error::Error::Refused { code: gongwen_intake::error::Code::IdempotencyKeyReused, .. }), "{err}");
        // All or nothing: "b" was rolled back with its number.
        let stored: i64 = db
            .fetch_one(gongwen_store::query("SELECT count(*) FROM intake_submissions WHERE idempotency_key = 'b'"))
            .await
            .unwrap()
            .get(0)
            .unwrap();
        assert_eq!(stored, 0);
        let out = store::register_batch(&db, &[item("b", 2026, "z", ipb::SubmissionState::Registered)], &jining()).await.unwrap();
        assert_eq!(sub(&out[0]).receipt_seq, 2);
        db.close().await;
    }
}

/// In a cluster the database is reached over TLS (CloudNativePG serves it;
/// the URL says `sslmode=verify-full&sslrootcert=…`): the store speaks it.
#[tokio::test]
async fn postgres_is_reached_over_tls_when_the_url_asks_for_it() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let db = Database::connect(&format!("{url}?sslmode=require"), 1).await.unwrap();
    let Database::Postgres(pool) = &db else { panic!("a PostgreSQL URL opens PostgreSQL") };
    let (ssl,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetch_one(pool).await.unwrap();
    assert!(ssl, "the connection is encrypted");
    db.close().await;
}
