//! Holiday notices published while the suite runs (issue: the calendar as
//! living data): a round counted on a provisional 2027 is recounted when a
//! 2027 notice is published — audited and announced, without a restart, on
//! SQLite and PostgreSQL, and once with two replicas on one PostgreSQL.

use gongwen_proto::Resource;
use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use futures::StreamExt;
use gongwen_proto::{
    calendar::v1::{self as calpb, calendar_service_client::CalendarServiceClient as CalendarClient},
    countersign::v1 as cpb,
};
use tonic::Code;
use tonic_types::StatusExt;

use crate::harness::{TestChannel, TestServer, as_default, cst, on_both_backends, raw_channel, server_at};

/// A test notice for 2027 (not the State Council's): 元旦 runs 01-01 to 01-04,
/// one day longer than the rules in force compute.
const NOTICE_2027: &str = r#"
region = "national"

[[years]]
year = 2027
source = "测试通知：2027年元旦放假4天（测试用，非国务院办公厅通知）"
holidays = [ { name = "元旦", from = "2027-01-01", to = "2027-01-04" } ]
workdays = []
"#;

fn open_round(key: &str) -> tonic::Request<cpb::OpenRoundRequest> {
    TestServer::as_dept("audit", crate::countersign::open("audit", &["finance"], key, key))
}

fn due(round: &cpb::Round) -> DateTime<Utc> {
    gongwen_proto::time::instant(&round.tasks[0].due_time).unwrap()
}

async fn calendar(s: &TestServer, subject: &str) -> CalendarClient<TestChannel> {
    CalendarClient::new(as_default(raw_channel(s.addr).await, Some(subject)))
}

/// Polls the round until its task's due date is `expected` (the recount runs in the background).
async fn wait_for_due(s: &mut TestServer, id: &str, expected: DateTime<Utc>) -> cpb::Round {
    for _ in 0..200 {
        let round = s.countersign.get(cpb::GetRequest { round_id: id.into() }).await.unwrap().into_inner().resource();
        if due(&round) == expected {
            return round;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the round's deadline never moved to {expected}");
}

on_both_backends! {
    async fn a_published_notice_recounts_a_provisional_deadline_audited_and_announced(backend) {
        let mut s = server_at(backend, "jining", "2026-12-29T10:00:00").await;
        let round = s.countersign.open_round(open_round("n1")).await.unwrap().into_inner().resource();
        // Provisional 2027 (元旦 one day): 12-30, 12-31, 01-04 → the limit ends with 01-04.
        assert_eq!(due(&round), cst("2027-01-05T00:00:00"));
        assert_eq!(round.tasks[0].due_basis.as_ref().unwrap().provisional_years, [2027]);
        let mut watch = s
            .countersign
            .watch(cpb::WatchRequest { round_id: round.id.clone(), ..Default::default() })
            .await
            .unwrap()
            .into_inner();

        let published = calendar(&s, "office")
            .await
            .publish_notice(calpb::PublishNoticeRequest { request_id: String::new(), notice_toml: NOTICE_2027.into() })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(published.published[0].year, 2027);
        assert!(!published.published[0].provisional);

        // 元旦 now runs to 01-04: 12-30, 12-31, 01-05 → the limit ends with 01-05.
        let moved = wait_for_due(&mut s, &round.id, cst("2027-01-06T00:00:00")).await;
        let basis = moved.tasks[0].due_basis.clone().unwrap();
        assert!(basis.provisional_years.is_empty(), "{basis:?}");
        assert_eq!(basis.calendar_version, published.calendar_version);
        // Announced on the round's Watch stream, old and new date.
        let event = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                let e = watch.next().await.unwrap().unwrap().resource();
                if e.kind() == cpb::RoundEventKind::DeadlineMoved {
                    return e;
                }
            }
        })
        .await
        .expect("a DEADLINE_MOVED event");
        assert_eq!(event.department, "finance");
        assert!(event.detail.contains("2027-01-04T16:00:00+00:00") && event.detail.contains("2027-01-05T16:00:00+00:00"), "{}", event.detail);
        // Audited, with the publication itself; the chains verify.
        let log = |chain: &str| gongwen_proto::audit::v1::ListAuditRequest { chain: chain.into(), page_size: 1000, ..Default::default() };
        let cs = s.audit.list_audit(log("countersign")).await.unwrap().into_inner();
        assert_eq!(cs.entries.iter().filter(|e| e.action == "countersign.recount" && e.subject == round.id).count(), 1);
        let cal = s.audit.list_audit(log("calendar")).await.unwrap().into_inner();
        assert!(cal.entries.iter().any(|e| e.action == "calendar.publish" && e.subject == "national/2027" && e.actor == "office"));
        let v = s.audit.verify_audit(gongwen_proto::audit::v1::VerifyAuditRequest::default()).await.unwrap().into_inner();
        assert!(v.intact);
        // Every later answer counts with it: the calendar service says 2027 is published.
        let years = calendar(&s, "department:audit").await.list_years(calpb::ListYearsRequest::default()).await.unwrap().into_inner();
        let y2027 = years.years.iter().find(|y| y.year == 2027 && y.region() == calpb::Region::National).expect("2027 listed");
        assert!(!y2027.provisional && y2027.source.starts_with("测试通知"));
        // A round opened now is counted on the notice.
        let again = s.countersign.open_round(open_round("n2")).await.unwrap().into_inner().resource();
        assert_eq!(due(&again), cst("2027-01-06T00:00:00"));
        s.stop().await;
    }
}

#[tokio::test]
async fn a_bad_notice_is_refused_with_every_problem_and_only_the_office_publishes() {
    let s = server_at(gongwen_store::Backend::Sqlite, "jining", "2026-12-02T10:00:00").await;
    let bad = NOTICE_2027.replace("2027-01-04", "2026-01-04").replace("workdays = []", "workdays = [\"2027-01-06\"]");
    let err = calendar(&s, "office")
        .await
        .publish_notice(calpb::PublishNoticeRequest { request_id: String::new(), notice_toml: bad })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let problems: Vec<String> =
        err.get_details_bad_request().unwrap().field_violations.into_iter().map(|v| v.description).collect();
    assert!(problems.iter().any(|p| p.contains("ends (2026-01-04) before it begins")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("make-up days are weekend days")), "{problems:?}");
    let err = calendar(&s, "department:audit")
        .await
        .publish_notice(calpb::PublishNoticeRequest { request_id: String::new(), notice_toml: NOTICE_2027.into() })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    // Nothing was published.
    let years = calendar(&s, "office").await.list_years(calpb::ListYearsRequest::default()).await.unwrap().into_inner();
    assert!(
        years
            .years
            .iter()
            .find(|y| y.year == 2027 && y.region() == calpb::Region::National)
            .is_none_or(|y| y.provisional)
    );
    s.stop().await;
}

/// Two replicas on one PostgreSQL: the notice is published through one, the
/// other reads it back and both recount; the deadline moves once.
#[tokio::test]
async fn two_replicas_on_postgres_move_a_deadline_once() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let url = gongwen_store::testing::fresh_url(gongwen_store::Backend::Postgres, dir.path()).await.unwrap();
    let clock = gongwen_calendar::ManualClock::new(cst("2026-12-29T10:00:00"));
    let mut a = TestServer::start_with_clock(&url, "jining", dir.clone(), clock.clone()).await;
    let b = TestServer::start_with_clock(&url, "jining", dir.clone(), clock).await;
    let round = a.countersign.open_round(open_round("r1")).await.unwrap().into_inner().resource();
    assert_eq!(due(&round), cst("2027-01-05T00:00:00"));
    calendar(&b, "service:operator")
        .await
        .publish_notice(calpb::PublishNoticeRequest { request_id: String::new(), notice_toml: NOTICE_2027.into() })
        .await
        .unwrap();
    wait_for_due(&mut a, &round.id, cst("2027-01-06T00:00:00")).await;
    // Replica a reads the notice back from the database within seconds, and counts with it.
    let mut cal_a = calendar(&a, "office").await;
    let mut published = false;
    for _ in 0..100 {
        let years = cal_a.list_years(calpb::ListYearsRequest::default()).await.unwrap().into_inner();
        if years.years.iter().any(|y| y.year == 2027 && y.region() == calpb::Region::National && !y.provisional) {
            published = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(published, "replica a never read the notice back");
    let fresh = a.countersign.open_round(open_round("r2")).await.unwrap().into_inner().resource();
    assert_eq!(due(&fresh), cst("2027-01-06T00:00:00"));
    // Give both replicas' recount loops time to have run, then count the moves.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let moved: i64 =
        a.db.fetch_one(
            gongwen_store::query(
                "SELECT count(*) FROM countersign_events WHERE kind = 'DEADLINE_MOVED' AND round_id = $1",
            )
            .bind(&round.id),
        )
        .await
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(moved, 1, "one move, whichever replica made it");
    b.stop().await;
    a.stop().await;
}

on_both_backends! {
    async fn an_urumqi_round_moves_with_the_national_notice_and_stays_provisional_on_xinjiangs(backend) {
        let mut s = server_at(backend, "urumqi", "2026-12-24T10:00:00").await;
        let round = s.countersign.open_round(open_round("u1")).await.unwrap().into_inner().resource();
        // 7 working days, provisional 2027: 12-25, 28–31, 01-04, 01-05; winter hours close at 19:30.
        assert_eq!(due(&round), cst("2027-01-05T19:30:00"));
        calendar(&s, "office")
            .await
            .publish_notice(calpb::PublishNoticeRequest { request_id: String::new(), notice_toml: NOTICE_2027.into() })
            .await
            .unwrap();
        // 元旦 to 01-04 by the national notice: the seventh working day is 01-06.
        let moved = wait_for_due(&mut s, &round.id, cst("2027-01-06T19:30:00")).await;
        // Xinjiang's own 2027 notice is not out: the date still rests on a computed year.
        assert_eq!(moved.tasks[0].due_basis.as_ref().unwrap().provisional_years, [2027]);
        s.stop().await;
    }
}
