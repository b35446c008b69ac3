//! The `gongwen.countersign.v1.CountersignService` gRPC service.

use std::{pin::Pin, sync::Arc};

use futures::{Stream, StreamExt};
use gongwen_calendar::{Calendar, Clock};
use gongwen_org::Directory;
use gongwen_proto::countersign::v1::{self as pb, countersign_service_server::CountersignService as Countersign};
use gongwen_rules::Rulebook;
use gongwen_runtime::{
    page::Page,
    stream::{PAGE, event_stream},
};
use gongwen_store::Database;
use prost::Message;
use tokio::sync::watch;
use tonic::{Request, Response, Status};

use gongwen_audit::Entry;
use gongwen_auth::{Denied, Principal};

use crate::{
    authz,
    error::{Error, Result},
    round::{self, ts},
    store,
};

pub struct Shared {
    pub db: Database,
    pub rulebook: Arc<Rulebook>,
    pub directory: Arc<Directory>,
    pub calendar: Calendar,
    pub clock: Arc<dyn Clock>,
    /// Bumped after every stored change, so watchers look again.
    pub changed: watch::Sender<u64>,
    pub guard: gongwen_guard::Guard,
    /// Answers of mutating calls by request_id (`countersign_requests`).
    pub idempotency: gongwen_guard::idempotency::Idempotency,
}

pub struct CountersignService {
    shared: Arc<Shared>,
    draining: watch::Receiver<bool>,
}

impl CountersignService {
    pub fn new(shared: Arc<Shared>, draining: watch::Receiver<bool>) -> Self {
        Self { shared, draining }
    }

    async fn caller<T>(&self, req: &Request<T>) -> Result<Principal> {
        Ok(self.shared.guard.caller(req).await?)
    }

    async fn allow(&self, p: &Principal, action: &str, subject: &str, verdict: Result<(), Denied>) -> Result<()> {
        Ok(self.shared.guard.check(p, action, subject, verdict).await?)
    }

    /// Applies `op` to round `id` and records `action` by `p` for `on_behalf_of`.
    async fn change<T: store::Outcome>(
        &self,
        p: &Principal,
        action: &str,
        on_behalf_of: &str,
        id: &str,
        op: impl FnOnce(&mut pb::Round) -> Result<(Vec<round::Event>, T)>,
    ) -> Result<(pb::Round, T)> {
        let now = self.shared.clock.now();
        let audit = Entry::new(p.to_string(), on_behalf_of, &format!("countersign.{action}"), id, now);
        let out = match store::mutate(&self.shared.db, id, now, audit, op).await {
            Err(Error::Denied(d)) => return Err(self.shared.guard.refused(p, action, id, d).await.into()),
            other => other?,
        };
        self.shared.changed.send_modify(|n| *n += 1);
        Ok(out)
    }

    /// A change only the round's lead department may make (`what` says which,
    /// for the refusal); it acts for itself.
    async fn lead_change<T: store::Outcome>(
        &self,
        p: &Principal,
        action: &str,
        what: &str,
        id: &str,
        op: impl FnOnce(&mut pb::Round) -> Result<(Vec<round::Event>, T)>,
    ) -> Result<(pb::Round, T)> {
        let lead = p.department().unwrap_or_default().to_owned();
        self.change(p, action, &lead, id, |r| {
            authz::lead(p, r, what)?;
            op(r)
        })
        .await
    }

    async fn open(&self, caller: &Principal, req: pb::OpenRoundRequest) -> Result<pb::Round> {
        let s = &self.shared;
        let mut errs = Vec::new();
        let mut bad = |f: &str, d: String| errs.push((f.to_owned(), d));
        self.allow(caller, "open", "", authz::as_department(caller, &req.lead_department, "open a round")).await?;
        if req.idempotency_key.trim().is_empty() {
            bad("idempotency_key", "required".into());
        }
        let draft = req.draft.clone().unwrap_or_default();
        if draft.title.trim().is_empty() {
            bad("draft.title", "required".into());
        }
        if draft.content_sha256.len() != 64 || !draft.content_sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            bad("draft.content_sha256", "64 hexadecimal digits".into());
        }
        if req.participants.is_empty() {
            bad("participants", "at least one department".into());
        }
        let mut seen = std::collections::HashSet::new();
        for (i, p) in req.participants.iter().enumerate() {
            if s.directory.department(p).is_none() {
                bad(&format!("participants[{i}]"), format!("unknown unit {p:?}"));
            } else if p == &req.lead_department {
                bad(&format!("participants[{i}]"), "the lead department does not countersign its own draft".into());
            } else if !seen.insert(p) {
                bad(&format!("participants[{i}]"), format!("{p} is listed twice"));
            }
        }
        if pb::LimitKind::try_from(req.limit).is_err() {
            bad("limit", format!("unknown value {}", req.limit));
        }
        if !errs.is_empty() {
            return Err(Error::InvalidArgument(errs));
        }
        let (limit, source) = round::limit(&s.rulebook, req.limit(), req.limit_working_days)?;
        let now = s.clock.now();
        let mut task = pb::Task { state: pb::TaskState::Pending as i32, ..Default::default() };
        limit.apply(&s.calendar, now, &mut task)?;
        let round = pb::Round {
            id: uuid::Uuid::new_v4().to_string(),
            lead_department: req.lead_department.clone(),
            draft: Some(pb::Draft { content_sha256: draft.content_sha256.to_ascii_lowercase(), ..draft }),
            state: pb::RoundState::Open as i32,
            tasks: req.participants.iter().map(|p| pb::Task { department: p.clone(), ..task.clone() }).collect(),
            limit_working_days: limit.days(),
            limit_source: source,
            open_time: Some(ts(now)),
            escalations: vec![],
            rulebook: s.rulebook.name().to_owned(),
        };
        let audit = Entry::new(caller.to_string(), &req.lead_department, "countersign.open", &round.id, now);
        let (round, _replayed) = store::insert_round(&s.db, &round, &req.idempotency_key, now, audit).await?;
        s.changed.send_modify(|n| *n += 1);
        Ok(round)
    }
}

type EventStream = Pin<Box<dyn Stream<Item = Result<pb::WatchResponse, Status>> + Send>>;

#[tonic::async_trait]
impl Countersign for CountersignService {
    async fn open_round(
        &self,
        request: Request<pb::OpenRoundRequest>,
    ) -> Result<Response<pb::OpenRoundResponse>, Status> {
        let caller = self.caller(&request).await?;
        let round = self.open(&caller, request.into_inner()).await?;
        Ok(Response::new(pb::OpenRoundResponse { round: Some(round) }))
    }

    async fn reply(&self, request: Request<pb::ReplyRequest>) -> Result<Response<pb::ReplyResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Reply", &request_id, bytes, now, || async {
                self.allow(&caller, "reply", &req.round_id, authz::as_department(&caller, &req.department, "reply"))
                    .await?;
                let (now, rb) = (self.shared.clock.now(), self.shared.rulebook.clone());
                let (round, ()) = self
                    .change(&caller, "reply", &req.department, &req.round_id, |r| {
                        Ok((round::reply(r, &rb, &req, now)?, ()))
                    })
                    .await?;
                Ok(pb::ReplyResponse { round: Some(round) })
            })
            .await
    }

    async fn request_extension(
        &self,
        request: Request<pb::RequestExtensionRequest>,
    ) -> Result<Response<pb::RequestExtensionResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "RequestExtension", &request_id, bytes, now, || async {
                let allowed = authz::as_department(&caller, &req.department, "ask for an extension");
                self.allow(&caller, "request_extension", &req.round_id, allowed).await?;
                let (rb, now) = (self.shared.rulebook.clone(), self.shared.clock.now());
                let (round, ()) = self
                    .change(&caller, "request_extension", &req.department, &req.round_id, |r| {
                        Ok((round::request_extension(r, &rb, &req, now)?, ()))
                    })
                    .await?;
                crate::metrics::extension("requested");
                Ok(pb::RequestExtensionResponse { round: Some(round) })
            })
            .await
    }

    async fn decide_extension(
        &self,
        request: Request<pb::DecideExtensionRequest>,
    ) -> Result<Response<pb::DecideExtensionResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "DecideExtension", &request_id, bytes, now, || async {
                let cal = self.shared.calendar.clone();
                let (round, ()) = self
                    .lead_change(&caller, "decide_extension", "decide extensions", &req.round_id, |r| {
                        Ok((round::decide_extension(r, &cal, &req)?, ()))
                    })
                    .await?;
                crate::metrics::extension(if req.grant { "granted" } else { "refused" });
                Ok(pb::DecideExtensionResponse { round: Some(round) })
            })
            .await
    }

    async fn escalate(&self, request: Request<pb::EscalateRequest>) -> Result<Response<pb::EscalateResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Escalate", &request_id, bytes, now, || async {
                let (rb, now) = (self.shared.rulebook.clone(), self.shared.clock.now());
                let (round, ()) = self
                    .lead_change(&caller, "escalate", "escalate", &req.round_id, |r| {
                        Ok((round::escalate(r, &rb, &req, now)?, ()))
                    })
                    .await?;
                Ok(pb::EscalateResponse { round: Some(round) })
            })
            .await
    }

    async fn conclude(&self, request: Request<pb::ConcludeRequest>) -> Result<Response<pb::ConcludeResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Conclude", &request_id, bytes, now, || async {
                let (rb, now) = (self.shared.rulebook.clone(), self.shared.clock.now());
                let (_, cert) = self
                    .lead_change(&caller, "conclude", "conclude the round", &req.round_id, |r| {
                        // Deadlines already past count before concluding, whether or not the sweep ran.
                        let mut events = round::lapse_due(r, &rb, now);
                        let (cert, more) = round::conclude(r, &rb, &req, now)?;
                        events.extend(more);
                        Ok((events, cert))
                    })
                    .await?;
                Ok(pb::ConcludeResponse { certificate: Some(cert) })
            })
            .await
    }

    async fn withdraw(&self, request: Request<pb::WithdrawRequest>) -> Result<Response<pb::WithdrawResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Withdraw", &request_id, bytes, now, || async {
                let (round, ()) = self
                    .lead_change(&caller, "withdraw", "withdraw the round", &req.round_id, |r| {
                        Ok((round::withdraw(r, &req)?, ()))
                    })
                    .await?;
                Ok(pb::WithdrawResponse { round: Some(round) })
            })
            .await
    }

    async fn get(&self, request: Request<pb::GetRequest>) -> Result<Response<pb::GetResponse>, Status> {
        let caller = self.caller(&request).await?;
        let (round, _) = store::get(&self.shared.db, &request.into_inner().round_id).await?;
        self.allow(&caller, "get", &round.id, authz::read(&caller, &round)).await?;
        Ok(Response::new(pb::GetResponse { round: Some(round) }))
    }

    async fn list(&self, request: Request<pb::ListRequest>) -> Result<Response<pb::ListResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        self.allow(&caller, "list", "", authz::list(&caller, &req.lead_department, &req.pending_for)).await?;
        let state = match pb::RoundState::try_from(req.state) {
            Ok(pb::RoundState::Unspecified) => "",
            Ok(s) => gongwen_proto::stored::name(s.as_str_name(), "ROUND_STATE_"),
            Err(_) => return Err(Error::invalid("state", format!("unknown value {}", req.state)).into()),
        };
        let filter = [req.lead_department.as_str(), &req.pending_for, state];
        let page = Page::read(req.page_size, &req.page_token, &filter, |t| t.parse::<i64>().ok().filter(|p| *p > 0))
            .map_err(Error::invalid_all)?;
        let filter = store::ListFilter {
            lead: &req.lead_department,
            pending_for: &req.pending_for,
            state,
            before_pos: page.after.unwrap_or(i64::MAX),
            limit: page.limit(),
        };
        let (rounds, next_page_token) = page.finish(store::list(&self.shared.db, &filter).await?, i64::to_string);
        Ok(Response::new(pb::ListResponse { rounds, next_page_token }))
    }

    type WatchStream = EventStream;

    async fn watch(&self, request: Request<pb::WatchRequest>) -> Result<Response<Self::WatchStream>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        if req.round_id.is_empty() {
            self.allow(&caller, "watch", "", authz::watch_all(&caller)).await?;
        } else {
            let (round, _) = store::get(&self.shared.db, &req.round_id).await?;
            self.allow(&caller, "watch", &round.id, authz::read(&caller, &round)).await?;
        }
        let db = self.shared.db.clone();
        let round_id = req.round_id;
        let fetch = move |cursor| {
            let (db, round_id) = (db.clone(), round_id.clone());
            async move { store::events_after(&db, cursor, &round_id, PAGE as i64).await.map_err(Status::from) }
        };
        let changed = self.shared.changed.subscribe();
        let stream = event_stream(req.after_event_id, changed, self.draining.clone(), fetch, |e| e.event_id)
            .map(|e| e.map(|event| pb::WatchResponse { event: Some(event) }));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn verify_certificate(
        &self,
        request: Request<pb::VerifyCertificateRequest>,
    ) -> Result<Response<pb::VerifyCertificateResponse>, Status> {
        // Any caller of this government may check a certificate it was shown.
        self.caller(&request).await?;
        let req = request.into_inner();
        let invalid = |reason: &str| {
            Ok(Response::new(pb::VerifyCertificateResponse { valid: false, reason: reason.into(), certificate: None }))
        };
        let (round, cert) = match store::get(&self.shared.db, &req.round_id).await {
            Ok(found) => found,
            Err(Error::NotFound(_)) => return invalid("unknown countersign round"),
            Err(e) => return Err(e.into()),
        };
        let Some(cert) = cert else {
            return invalid(&format!("the round is {:?}, not concluded", round.state()));
        };
        if cert.digest != req.digest {
            return invalid("the digest does not match the certificate this service issued");
        }
        if !req.content_sha256.is_empty() && !cert.content_sha256.eq_ignore_ascii_case(&req.content_sha256) {
            return invalid("the certificate is for another text");
        }
        // The check follows the round: link it to the trace the round was opened in.
        gongwen_runtime::telemetry::link_to(&tracing::Span::current(), &cert.traceparent);
        Ok(Response::new(pb::VerifyCertificateResponse { valid: true, reason: String::new(), certificate: Some(cert) }))
    }
}
