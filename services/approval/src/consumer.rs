//! Takes every document intake registers, from intake's Watch stream (over
//! gRPC), from the stored cursor on: never lost (the cursor moves past a batch
//! of events only once every one of them is stored) and never routed twice
//! (one item per submission: a replayed event stores nothing). The
//! registrations of a batch are taken concurrently (each is a call to intake
//! and a transaction); the other events after them, in order.

use std::{sync::Arc, time::Duration};

use futures::{FutureExt, StreamExt, TryStreamExt};
use gongwen_audit::Entry;
use gongwen_auth::AuthedChannel;
use gongwen_proto::{
    approval::v1 as pb,
    common::v1 as cpb,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use tokio::sync::watch;
use tracing::Instrument as _;

use crate::{route, service::Shared, store};

/// Who the audit log names when a registration arrives from intake.
pub const CONSUMER_ACTOR: &str = "system:approval-intake-consumer";

pub fn spawn(shared: Arc<Shared>, intake: AuthedChannel, mut draining: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let client = IntakeClient::new(intake);
        loop {
            if *draining.borrow() {
                return;
            }
            if let Err(e) = consume(&shared, client.clone(), &mut draining).await {
                tracing::warn!(error = %e, "intake stream interrupted; resuming from the stored cursor");
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = draining.changed() => return,
            }
        }
    });
}

async fn consume(
    shared: &Shared,
    mut client: IntakeClient<AuthedChannel>,
    draining: &mut watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let after = store::cursor(&shared.db).await?;
    let mut events =
        client.watch(ipb::WatchRequest { after_event_id: after, submitting_unit: String::new() }).await?.into_inner();
    loop {
        let first = tokio::select! {
            e = events.next() => match e { Some(e) => e?, None => return Ok(()) },
            _ = draining.changed() => return Ok(()),
        };
        // What else has arrived already, up to a batch.
        let mut batch: Vec<ipb::SubmissionEvent> = first.event.into_iter().collect();
        while batch.len() < BATCH {
            match events.next().now_or_never() {
                Some(Some(e)) => batch.extend(e?.event),
                _ => break,
            }
        }
        let Some(last) = batch.last().map(|e| e.event_id) else { continue };
        // Registrations first, together (each its own submission); then the rest in order: a
        // return after review always follows its submission's registration.
        let (registered, others): (Vec<_>, Vec<_>) =
            batch.into_iter().partition(|e| e.state() == ipb::SubmissionState::Registered);
        futures::stream::iter(registered.into_iter().map(|e| traced(shared, client.clone(), e)))
            .buffer_unordered(CONCURRENT)
            .try_collect::<()>()
            .await?;
        for e in others {
            traced(shared, client.clone(), e).await?;
        }
        store::set_cursor(&shared.db, last).await?;
    }
}

/// Events read together at most, and registrations taken at once (each holds a
/// database connection while it is stored).
const BATCH: usize = 32;
const CONCURRENT: usize = 4;

/// Takes the event in the trace of the call that caused it (intake's Submit).
async fn traced(
    shared: &Shared,
    mut client: IntakeClient<AuthedChannel>,
    event: ipb::SubmissionEvent,
) -> anyhow::Result<()> {
    let span = tracing::info_span!("approval.receive", submission = %event.submission_id, event = event.event_id);
    gongwen_runtime::telemetry::continue_trace(&span, &event.traceparent);
    take(shared, &mut client, event).instrument(span).await
}

/// One event: a registration becomes an item (routed), a return after review closes one.
async fn take(
    shared: &Shared,
    client: &mut IntakeClient<AuthedChannel>,
    event: ipb::SubmissionEvent,
) -> anyhow::Result<()> {
    if let Some(at) = gongwen_proto::time::instant(&event.event_time) {
        crate::metrics::consumer_lag((shared.clock.now() - at).as_seconds_f64().max(0.0));
    }
    if event.state() != ipb::SubmissionState::Registered {
        // The office returned a registered document after its review: its item closes.
        if event.state() == ipb::SubmissionState::Returned && !event.receipt_number.is_empty() {
            returned_to_sender(shared, &event.submission_id).await?;
        }
        return Ok(());
    }
    let key = Some(ipb::get_request::Key::Id(event.submission_id.clone()));
    let sub = client.get(ipb::GetRequest { key }).await?.into_inner().submission.unwrap_or_default();
    let (item, matter) = item_for(shared, &sub);
    let audit = Entry::new(CONSUMER_ACTOR, &item.submitting_unit, "approval.receive", &item.id, shared.clock.now());
    if store::insert_item(&shared.db, &item, &matter, audit).await? {
        shared.changed.send_modify(|n| *n += 1);
        tracing::info!(receipt = %item.receipt_number, state = ?item.state(), "routed for approval");
    }
    Ok(())
}

/// Closes the item of a submission the office returned after review (once:
/// a replayed event finds it closed already).
async fn returned_to_sender(shared: &Shared, submission_id: &str) -> anyhow::Result<()> {
    let item = match store::get(&shared.db, "", submission_id).await {
        Ok(item) => item,
        Err(crate::error::Error::NotFound(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    if item.state() == pb::ItemState::ReturnedToSender {
        return Ok(());
    }
    let audit =
        Entry::new(CONSUMER_ACTOR, &item.submitting_unit, "approval.returned_to_sender", &item.id, shared.clock.now());
    let closed = store::mutate(&shared.db, &item.id, audit, |item, _, _| {
        if item.state() == pb::ItemState::ReturnedToSender {
            return Err(crate::error::Error::refused(
                crate::error::Code::AlreadyReturned,
                "the item is closed already",
            ));
        }
        item.set_state(pb::ItemState::ReturnedToSender);
        item.current_leader.clear();
        item.acting_leader.clear();
        Ok(())
    })
    .await;
    match closed {
        Ok(_) => {
            shared.changed.send_modify(|n| *n += 1);
            Ok(())
        }
        Err(crate::error::Error::Refused { code: crate::error::Code::AlreadyReturned, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A new item for a registered submission: to the office for 拟办, or, for an
/// urgent document where the rulebook lets it skip that step (ziyang 五十一),
/// straight to the leaders.
fn item_for(shared: &Shared, sub: &ipb::Submission) -> (pb::Item, store::Matter) {
    let doc = sub.document.clone().unwrap_or_default();
    let env = sub.envelope.clone().unwrap_or_default();
    let urgent = matches!(doc.urgency(), cpb::Urgency::Urgent | cpb::Urgency::ExtraUrgent);
    let matter = store::Matter { subject: env.subject.clone(), concerned: env.concerned_departments.clone() };
    let mut item = pb::Item {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: sub.id.clone(),
        receipt_number: sub.receipt_number.clone(),
        title: doc.title.clone(),
        submitting_unit: env.submitting_unit.clone(),
        doc_type: doc.doc_type,
        urgent,
        urgency: doc.urgency,
        classification: doc.classification,
        // Flagged by the sender, or major by the rulebook's criteria.
        major: env.major_matter || shared.rulebook.approval.major_matter_subjects.value.contains(&env.subject),
        state: pb::ItemState::OfficeReview as i32,
        receive_time: sub.receive_time,
        // What intake's reading was not sure of: the office looks at it in its review.
        advisories: sub.findings.iter().filter(|f| f.severity() == cpb::Severity::Advisory).cloned().collect(),
        ..Default::default()
    };
    // The route as the directory gives it, shown before the office's review
    // (which may adjust it); it takes effect when the office proposes.
    item.route =
        route::route(&shared.directory, &item.submitting_unit, &matter.subject, &matter.concerned, &[], item.major);
    // An urgent document waits for the office too: whether it skips the full 拟办
    // is the office's call per document (ziyang 五十一: 必要时), through Propose's expedite.
    let _ = urgent;
    (item, matter)
}
