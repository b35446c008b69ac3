//! The `gongwen.approval.v1.ApprovalService` gRPC service.

use std::sync::Arc;

use futures::StreamExt;
use gongwen_calendar::Clock;
use gongwen_org::Directory;
use gongwen_proto::approval::v1::{self as pb, approval_service_server::ApprovalService as Approval};
use gongwen_rules::{
    Rulebook,
    rulebook::{Direction, Issuer},
};
use gongwen_runtime::page::Page;
use gongwen_store::Database;
use prost::Message;
use tonic::{Request, Response, Status};

use gongwen_audit::Entry;
use gongwen_auth::{Denied, Principal};
use gongwen_guard::Guard;

use crate::{
    authz,
    error::{Error, Result},
    route, store, supervision,
};

pub struct Shared {
    pub db: Database,
    pub rulebook: Arc<Rulebook>,
    pub directory: Arc<Directory>,
    pub clock: Arc<dyn Clock>,
    pub calendar: gongwen_calendar::Calendar,
    /// Bumped after every stored change, so watchers look again.
    pub changed: tokio::sync::watch::Sender<u64>,
    pub guard: Guard,
    /// Answers of mutating calls by request_id (`approval_requests`).
    pub idempotency: gongwen_guard::idempotency::Idempotency,
}

pub struct ApprovalService {
    shared: Arc<Shared>,
    draining: tokio::sync::watch::Receiver<bool>,
}

use gongwen_proto::time::{instant, timestamp as ts};

impl ApprovalService {
    pub fn new(shared: Arc<Shared>, draining: tokio::sync::watch::Receiver<bool>) -> Self {
        Self { shared, draining }
    }

    async fn caller<T>(&self, req: &Request<T>) -> Result<Principal> {
        Ok(self.shared.guard.caller(req).await?)
    }

    async fn allow(&self, p: &Principal, action: &str, subject: &str, verdict: Result<(), Denied>) -> Result<()> {
        Ok(self.shared.guard.check(p, action, subject, verdict).await?)
    }

    /// Who is away at `now`.
    async fn away_now(&self) -> Result<Vec<String>> {
        let now = self.shared.clock.now();
        store::absences_overlapping(&self.shared.db, now, now).await
    }

    fn acting(&self, leader: &str, away: &[String]) -> String {
        let s = &self.shared;
        route::acting(&s.directory, &s.rulebook, leader, &|l| away.iter().any(|a| a == l))
    }

    /// Who acts on `item`'s pending step now: the leader on holiday duty for a
    /// 特急 item on a statutory holiday (ziyang 七十三), else the step's leader
    /// or their substitute.
    fn acting_on(&self, item: &pb::Item, away: &[String]) -> String {
        let s = &self.shared;
        let now = s.clock.now();
        if route::holiday_duty(item, &s.rulebook, &s.calendar, now).is_some()
            && let Some(duty) = s.directory.on_duty(s.calendar.local_date(now))
            && !away.iter().any(|a| a == duty)
        {
            return duty.to_owned();
        }
        self.acting(&item.current_leader, away)
    }

    /// What `p` sees: who acts on the pending step now, each forwarded
    /// task's flag as of now, and a classified item's opinions only with a
    /// role and the clearance.
    fn shown(&self, p: &Principal, mut item: pb::Item, away: &[String]) -> pb::Item {
        item.acting_leader = if item.current_leader.is_empty() { String::new() } else { self.acting_on(&item, away) };
        let (now, yellow) =
            (self.shared.clock.now(), self.shared.rulebook.approval.supervision_yellow_working_days.value);
        for t in item.supervision.iter_mut() {
            supervision::flag(t, &self.shared.calendar, now, yellow);
        }
        authz::visible(p, item)
    }

    /// Applies `op` to item `id` and records `action` by `p` for `on_behalf_of`
    /// (None: whose step it was). A refusal from `op` is audited too.
    async fn mutate(
        &self,
        p: &Principal,
        action: &str,
        on_behalf_of: Option<&str>,
        id: &str,
        op: impl FnOnce(&mut pb::Item, &store::Matter) -> Result<()>,
    ) -> Result<pb::Item> {
        let (rb, cal, now) = (&self.shared.rulebook, &self.shared.calendar, self.shared.clock.now());
        let audit = Entry::new(p.to_string(), on_behalf_of.unwrap_or_default(), &format!("approval.{action}"), id, now);
        let result = store::mutate(&self.shared.db, id, audit, |item, m, audit| {
            if on_behalf_of.is_none() {
                audit.on_behalf_of = item.current_leader.clone();
            }
            op(item, m)?;
            route::stamp_step_due(item, rb, cal, now)
        })
        .await;
        let item = match result {
            Err(Error::Denied(d)) => return Err(self.shared.guard.refused(p, action, id, d).await.into()),
            other => other?,
        };
        self.shared.changed.send_modify(|n| *n += 1);
        Ok(item)
    }

    async fn supervise(
        &self,
        p: &Principal,
        action: &str,
        on_behalf_of: &str,
        id: &str,
        op: impl FnOnce(&mut pb::Item) -> Result<()>,
    ) -> Result<pb::Item> {
        let item = self.mutate(p, action, Some(on_behalf_of), id, |item, _| op(item)).await?;
        let away = self.away_now().await?;
        Ok(self.shown(p, item, &away))
    }
}

#[tonic::async_trait]
impl Approval for ApprovalService {
    async fn get(&self, request: Request<pb::GetRequest>) -> Result<Response<pb::GetResponse>, Status> {
        use pb::get_request::Key;
        let caller = self.caller(&request).await?;
        let item = match request.into_inner().key {
            Some(Key::Id(id)) if !id.is_empty() => store::get(&self.shared.db, &id, "").await?,
            Some(Key::SubmissionId(s)) if !s.is_empty() => store::get(&self.shared.db, "", &s).await?,
            _ => return Err(Error::invalid("key", "the item's id or its submission_id").into()),
        };
        let away = self.away_now().await?;
        let item = self.shown(&caller, item, &away);
        self.allow(&caller, "get", &item.id, authz::read(&caller, &item)).await?;
        Ok(Response::new(pb::GetResponse { item: Some(item) }))
    }

    async fn inbox(&self, request: Request<pb::InboxRequest>) -> Result<Response<pb::InboxResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        self.allow(&caller, "inbox", &req.leader, authz::inbox(&caller, &req.leader, req.office_queue)).await?;
        let queue = if req.office_queue { "office" } else { "" };
        let page = Page::read(req.page_size, &req.page_token, &[&req.leader, queue], store::Cursor::parse)
            .map_err(Error::invalid_all)?;
        let away = self.away_now().await?;
        let leaders: Vec<String> = if req.office_queue {
            Vec::new()
        } else {
            if self.shared.directory.leader(&req.leader).is_none() {
                return Err(Error::invalid("leader", format!("unknown leader {:?}", req.leader)).into());
            }
            // Their own steps and every step whose leader they stand in for now; on holiday
            // duty (ziyang 七十三), anyone's step a 特急 item may bring them.
            let s = &self.shared;
            let on_duty = s.rulebook.approval.holiday_duty_hours.value.is_some()
                && s.directory.on_duty(s.calendar.local_date(s.clock.now())) == Some(req.leader.as_str());
            s.directory
                .leaders()
                .iter()
                .map(|l| l.id.clone())
                .filter(|l| on_duty || self.acting(l, &away) == req.leader)
                .collect()
        };
        if !req.office_queue && leaders.is_empty() {
            return Ok(Response::new(pb::InboxResponse::default())); // away, and standing in for nobody
        }
        let rows = store::inbox(&self.shared.db, &leaders, page.after, page.limit()).await?;
        let (rows, next_page_token) = page.finish(rows, |c| c.token());
        // What the leader acts on now: a holiday's 特急 item is the duty leader's, not its step leader's.
        let items = rows
            .into_iter()
            .filter(|i| req.office_queue || self.acting_on(i, &away) == req.leader)
            .map(|i| self.shown(&caller, i, &away))
            .collect();
        Ok(Response::new(pb::InboxResponse { items, next_page_token }))
    }

    async fn propose(&self, request: Request<pb::ProposeRequest>) -> Result<Response<pb::ProposeResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Propose", &request_id, bytes, now, || async {
                let allowed = authz::office(&caller, "writes the proposed handling (拟办)");
                self.allow(&caller, "propose", &req.id, allowed).await?;
                let (rb, dir) = (self.shared.rulebook.clone(), self.shared.directory.clone());
                let item = self
                    .mutate(&caller, "propose", Some("office"), &req.id, |item, m| {
                        route::propose(item, &rb, &dir, &req, &m.concerned, &m.subject)
                    })
                    .await?;
                let away = self.away_now().await?;
                Ok(pb::ProposeResponse { item: Some(self.shown(&caller, item, &away)) })
            })
            .await
    }

    async fn decide(&self, request: Request<pb::DecideRequest>) -> Result<Response<pb::DecideResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Decide", &request_id, bytes, now, || async {
                self.allow(&caller, "decide", &req.id, authz::leader(&caller)).await?;
                // The decision, in the leader's trace, links to the document's.
                let trace = store::traceparent(&self.shared.db, &req.id).await?;
                gongwen_runtime::telemetry::link_to(&tracing::Span::current(), &trace);
                let away = self.away_now().await?;
                let (rb, dir, now) =
                    (self.shared.rulebook.clone(), self.shared.directory.clone(), self.shared.clock.now());
                let cal = self.shared.calendar.clone();
                let item = self
                    .mutate(&caller, "decide", None, &req.id, |item, _| {
                        let acting_now = self.acting_on(item, &away);
                        if item.state() == pb::ItemState::WithLeaders {
                            authz::decide(&caller, item, &acting_now)?;
                        }
                        route::decide(item, &rb, &dir, caller.leader().unwrap_or_default(), &req, now)?;
                        // 批示: the instruction forwards the matter and opens its supervision at once.
                        if req.kind() == pb::DecisionKind::Instruct {
                            let forward = pb::ForwardRequest {
                                id: req.id.clone(),
                                departments: req.instruct_departments.clone(),
                                instruction: req.opinion.clone(),
                                due_working_days: req.due_working_days,
                                request_id: String::new(),
                            };
                            supervision::open(item, &dir, &cal, &forward, now)?;
                        }
                        Ok(())
                    })
                    .await?;
                Ok(pb::DecideResponse { item: Some(self.shown(&caller, item, &away)) })
            })
            .await
    }

    async fn set_absence(
        &self,
        request: Request<pb::SetAbsenceRequest>,
    ) -> Result<Response<pb::SetAbsenceResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared.idempotency.respond(&caller, "SetAbsence", &request_id, bytes, now, || async {
            self.allow(&caller, "set_absence", &req.leader, authz::absence(&caller, &req.leader)).await?;
            let dir = &self.shared.directory;
            let Some(leader) = dir.leader(&req.leader) else {
                return Err(Error::invalid("leader", format!("unknown leader {:?}", req.leader)).into());
            };
            let (Some(from), Some(to)) = (instant(&req.start_time), instant(&req.end_time)) else {
                return Err(Error::invalid("start_time", "start_time and end_time are required").into());
            };
            if to <= from {
                return Err(Error::invalid("end_time", "must be after start_time").into());
            }
            // The mayor and the executive deputy are generally not away together
            // (ziyang 七十六): accepted, with a warning in the answer and the audit log.
            use gongwen_org::LeaderRole::{ExecutiveDeputyMayor, Mayor};
            let mut warnings = Vec::new();
            if matches!(leader.role, Mayor | ExecutiveDeputyMayor) {
                let other = if leader.role == Mayor { ExecutiveDeputyMayor } else { Mayor };
                let overlapping = store::absences_overlapping(&self.shared.db, from, to).await?;
                if overlapping.iter().any(|l| dir.leader(l).is_some_and(|x| x.role == other)) {
                    let rule = &self.shared.rulebook.approval.both_away_acting;
                    warnings.push(crate::error::Warning::BothAway.say(&format!(
                        "the mayor and the executive deputy mayor will be away at the same time; acting then: {:?} ({})",
                        rule.value, rule.source
                    )));
                }
            }
            let a = pb::Absence {
                id: uuid::Uuid::new_v4().to_string(),
                leader: req.leader.clone(),
                start_time: Some(ts(from)),
                end_time: Some(ts(to)),
                reason: req.reason.clone(),
                ended: false,
                warnings,
            };
            let action = if a.warnings.is_empty() { "approval.set_absence" } else { "approval.set_absence.both_away" };
            let audit = Entry::new(caller.to_string(), &a.leader, action, &a.id, self.shared.clock.now());
            store::insert_absence(&self.shared.db, &a, from, to, audit).await?;
            Ok(pb::SetAbsenceResponse { absence: Some(a) })
        })
        .await
    }

    async fn end_absence(
        &self,
        request: Request<pb::EndAbsenceRequest>,
    ) -> Result<Response<pb::EndAbsenceResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "EndAbsence", &request_id, bytes, now, || async {
                let id = req.id.clone();
                let leader = store::absence_leader(&self.shared.db, &id).await?;
                self.allow(&caller, "end_absence", &id, authz::absence(&caller, &leader)).await?;
                let audit =
                    Entry::new(caller.to_string(), &leader, "approval.end_absence", &id, self.shared.clock.now());
                let (leader, from, to, reason) = store::end_absence(&self.shared.db, &id, audit).await?;
                let ended = pb::Absence {
                    id,
                    leader,
                    start_time: Some(ts(from)),
                    end_time: Some(ts(to)),
                    reason,
                    ended: true,
                    warnings: vec![],
                };
                Ok(pb::EndAbsenceResponse { absence: Some(ended) })
            })
            .await
    }

    async fn forward(&self, request: Request<pb::ForwardRequest>) -> Result<Response<pb::ForwardResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Forward", &request_id, bytes, now, || async {
                self.allow(&caller, "forward", &req.id, authz::office(&caller, "forwards (交办)")).await?;
                let (dir, cal, now) =
                    (self.shared.directory.clone(), self.shared.calendar.clone(), self.shared.clock.now());
                let item = self
                    .supervise(&caller, "forward", "office", &req.id, |item| {
                        supervision::forward(item, &dir, &cal, &req, now)
                    })
                    .await?;
                Ok(pb::ForwardResponse { item: Some(item) })
            })
            .await
    }

    async fn report(&self, request: Request<pb::ReportRequest>) -> Result<Response<pb::ReportResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Report", &request_id, bytes, now, || async {
                let allowed = authz::report(&caller, &req.department, &self.shared.directory.government.office);
                self.allow(&caller, "report", &req.id, allowed).await?;
                let item = self
                    .supervise(&caller, "report", &req.department, &req.id, |item| {
                        supervision::report(item, &req.department, &req.report)
                    })
                    .await?;
                Ok(pb::ReportResponse { item: Some(item) })
            })
            .await
    }

    async fn verify(&self, request: Request<pb::VerifyRequest>) -> Result<Response<pb::VerifyResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Verify", &request_id, bytes, now, || async {
                self.allow(&caller, "verify", &req.id, authz::office(&caller, "verifies (核查)")).await?;
                let item = self
                    .supervise(&caller, "verify", &req.department, &req.id, |item| supervision::verify(item, &req))
                    .await?;
                Ok(pb::VerifyResponse { item: Some(item) })
            })
            .await
    }

    async fn close(&self, request: Request<pb::CloseRequest>) -> Result<Response<pb::CloseResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes) = (req.request_id.clone(), req.encode_to_vec());
        let now = self.shared.clock.now();
        self.shared
            .idempotency
            .respond(&caller, "Close", &request_id, bytes, now, || async {
                self.allow(&caller, "close", &req.id, authz::office(&caller, "closes (销号)")).await?;
                let item = self
                    .supervise(&caller, "close", &req.department, &req.id, |item| {
                        supervision::close(item, &req.department)
                    })
                    .await?;
                Ok(pb::CloseResponse { item: Some(item) })
            })
            .await
    }

    async fn overdue(&self, request: Request<pb::OverdueRequest>) -> Result<Response<pb::OverdueResponse>, Status> {
        let caller = self.caller(&request).await?;
        self.allow(&caller, "overdue", "", authz::overdue(&caller)).await?;
        let req = request.into_inner();
        // Entries in due order, keyset-paged by (due, item, department); the counts cover every overdue task.
        let parse = |t: &str| -> Option<store::OverdueKey> {
            let mut parts = t.splitn(3, '\n');
            let due = chrono::DateTime::from_timestamp_micros(parts.next()?.parse().ok()?)?;
            Some((due, parts.next()?.to_owned(), parts.next()?.to_owned()))
        };
        let page = Page::read(req.page_size, &req.page_token, &[], parse).map_err(Error::invalid_all)?;
        let now = self.shared.clock.now();
        let mut resp = pb::OverdueResponse::default();
        for (by_leader, counts) in [(false, &mut resp.by_department), (true, &mut resp.by_leader)] {
            for (name, n) in store::overdue_counts(&self.shared.db, now, by_leader).await? {
                counts.insert(name, i32::try_from(n).unwrap_or(i32::MAX));
            }
        }
        let mut rows = Vec::new();
        for (item_id, receipt_number, department, leader, due) in
            store::overdue(&self.shared.db, now, page.after.as_ref(), page.limit()).await?
        {
            let late = self.shared.calendar.working_days_left(now, due).map_err(Error::from)?;
            let key: store::OverdueKey = (due, item_id.clone(), department.clone());
            rows.push((
                key,
                pb::OverdueEntry { item_id, receipt_number, department, leader, working_days_late: (-late) as i32 },
            ));
        }
        (resp.entries, resp.next_page_token) =
            page.finish(rows, |(due, item, dept)| format!("{}\n{item}\n{dept}", due.timestamp_micros()));
        Ok(Response::new(resp))
    }

    type WatchStream = std::pin::Pin<Box<dyn futures::Stream<Item = Result<pb::WatchResponse, Status>> + Send>>;

    async fn watch(&self, request: Request<pb::WatchRequest>) -> Result<Response<Self::WatchStream>, Status> {
        use gongwen_runtime::stream::{PAGE, event_stream};
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        self.allow(&caller, "watch", "", authz::watch(&caller, &req.submitting_unit)).await?;
        let db = self.shared.db.clone();
        let unit = req.submitting_unit;
        let fetch = move |cursor| {
            let (db, unit) = (db.clone(), unit.clone());
            async move { store::events_after(&db, cursor, &unit, PAGE as i64).await.map_err(Status::from) }
        };
        let stream =
            event_stream(req.after_event_id, self.shared.changed.subscribe(), self.draining.clone(), fetch, |e| {
                e.event_id
            })
            .map(|e| e.map(|event| pb::WatchResponse { event: Some(event) }));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn signing_authority(
        &self,
        request: Request<pb::SigningAuthorityRequest>,
    ) -> Result<Response<pb::SigningAuthorityResponse>, Status> {
        // Any caller of this government may ask who signs what.
        self.caller(&request).await?;
        let req = request.into_inner();
        let issuer = match req.issuer() {
            pb::Issuer::Government => Issuer::Government,
            pb::Issuer::Office => Issuer::Office,
            pb::Issuer::Unspecified => {
                return Err(Error::invalid("issuer", "ISSUER_GOVERNMENT or ISSUER_OFFICE").into());
            }
        };
        let direction = match req.direction() {
            pb::Direction::Upward => Direction::Upward,
            pb::Direction::Downward => Direction::Downward,
            pb::Direction::Parallel => Direction::Parallel,
            pb::Direction::ToCongress => Direction::ToCongress,
            pb::Direction::Unspecified => {
                return Err(
                    Error::invalid("direction", "DIRECTION_UPWARD, _DOWNWARD, _PARALLEL or _TO_CONGRESS").into()
                );
            }
        };
        match self.shared.rulebook.signing_rule(issuer, direction, &req.subject) {
            Some(r) => {
                Ok(Response::new(pb::SigningAuthorityResponse { signers: r.signers.clone(), source: r.source.clone() }))
            }
            None => Err(Error::refused(crate::error::Code::NoRule, "the rulebook names no signer for this").into()),
        }
    }
}
