//! The `gongwen.approval.v1.Approval` gRPC service.

use std::sync::Arc;

use gongwen_calendar::Clock;
use gongwen_org::Directory;
use gongwen_proto::approval::v1::{self as pb, approval_server::Approval};
use gongwen_rules::{
    Rulebook,
    rulebook::{Direction, Issuer},
};
use gongwen_store::Database;
use tonic::{Request, Response, Status};

use crate::{
    error::{Error, Result},
    route, store, supervision,
};

pub const LEADER_HEADER: &str = "x-gongwen-leader";
pub const DEPARTMENT_HEADER: &str = "x-gongwen-department";

pub struct Shared {
    pub db: Database,
    pub rulebook: Arc<Rulebook>,
    pub directory: Arc<Directory>,
    pub clock: Arc<dyn Clock>,
    pub calendar: gongwen_calendar::Calendar,
    /// Bumped after every stored change, so watchers look again.
    pub changed: tokio::sync::watch::Sender<u64>,
}

pub struct ApprovalService {
    shared: Arc<Shared>,
    trust_identity_headers: bool,
    draining: tokio::sync::watch::Receiver<bool>,
}

enum Caller {
    Leader(String),
    Office,
    /// A department: reports on its own forwarded tasks.
    Department(String),
}

use gongwen_proto::time::{instant, timestamp as ts};

impl ApprovalService {
    pub fn new(
        shared: Arc<Shared>,
        trust_identity_headers: bool,
        draining: tokio::sync::watch::Receiver<bool>,
    ) -> Self {
        Self { shared, trust_identity_headers, draining }
    }

    fn caller<T>(&self, req: &Request<T>) -> Result<Caller> {
        if !self.trust_identity_headers {
            return Err(Error::Unauthenticated);
        }
        let header = |h| req.metadata().get(h).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
        if let Some(l) = header(LEADER_HEADER) {
            return match self.shared.directory.leader(l) {
                Some(_) => Ok(Caller::Leader(l.to_owned())),
                None => Err(Error::PermissionDenied(format!("{l} is not a leader of this government"))),
            };
        }
        match header(DEPARTMENT_HEADER) {
            Some(d) if d == self.shared.directory.government.office => Ok(Caller::Office),
            Some(d) if self.shared.directory.department(d).is_some() => Ok(Caller::Department(d.to_owned())),
            Some(d) => Err(Error::PermissionDenied(format!("{d} is not a unit of this government"))),
            None => Err(Error::Unauthenticated),
        }
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

    /// What a caller sees: who acts on the pending step now, and each
    /// forwarded task's flag as of now.
    fn with_acting(&self, mut item: pb::Item, away: &[String]) -> pb::Item {
        item.acting_leader =
            if item.current_leader.is_empty() { String::new() } else { self.acting(&item.current_leader, away) };
        let (now, yellow) =
            (self.shared.clock.now(), self.shared.rulebook.approval.supervision_yellow_working_days.value);
        for t in item.supervision.iter_mut() {
            supervision::flag(t, &self.shared.calendar, now, yellow);
        }
        item
    }

    async fn mutate(&self, id: &str, op: impl FnOnce(&mut pb::Item, &store::Matter) -> Result<()>) -> Result<pb::Item> {
        let (rb, cal, now) = (&self.shared.rulebook, &self.shared.calendar, self.shared.clock.now());
        let item = store::mutate(&self.shared.db, id, |item, m| {
            op(item, m)?;
            route::stamp_step_due(item, rb, cal, now)
        })
        .await?;
        self.shared.changed.send_modify(|n| *n += 1);
        Ok(item)
    }

    fn require_office<T>(&self, req: &Request<T>, what: &str) -> Result<()> {
        match self.caller(req)? {
            Caller::Office => Ok(()),
            _ => Err(Error::PermissionDenied(format!("only the government office {what}"))),
        }
    }

    async fn supervise(&self, id: &str, op: impl FnOnce(&mut pb::Item) -> Result<()>) -> Result<pb::Item> {
        let item = self.mutate(id, |item, _| op(item)).await?;
        let away = self.away_now().await?;
        Ok(self.with_acting(item, &away))
    }
}

#[tonic::async_trait]
impl Approval for ApprovalService {
    async fn get(&self, request: Request<pb::GetItemRequest>) -> Result<Response<pb::Item>, Status> {
        let req = request.into_inner();
        let item = store::get(&self.shared.db, &req.id, &req.submission_id).await?;
        let away = self.away_now().await?;
        Ok(Response::new(self.with_acting(item, &away)))
    }

    async fn inbox(&self, request: Request<pb::InboxRequest>) -> Result<Response<pb::InboxResponse>, Status> {
        let req = request.into_inner();
        let size = if req.page_size <= 0 { 50 } else { req.page_size.min(500) } as usize;
        let after = if req.page_token.is_empty() {
            None
        } else {
            Some(
                store::Cursor::parse(&req.page_token)
                    .ok_or_else(|| Error::invalid("page_token", "not a token this service issued"))?,
            )
        };
        let away = self.away_now().await?;
        let leaders: Vec<String> = if req.office_queue {
            Vec::new()
        } else {
            if self.shared.directory.leader(&req.leader).is_none() {
                return Err(Error::invalid("leader", format!("unknown leader {:?}", req.leader)).into());
            }
            // Their own steps and every step whose leader they stand in for now.
            self.shared
                .directory
                .leaders()
                .iter()
                .map(|l| l.id.clone())
                .filter(|l| self.acting(l, &away) == req.leader)
                .collect()
        };
        if !req.office_queue && leaders.is_empty() {
            return Ok(Response::new(pb::InboxResponse::default())); // away, and standing in for nobody
        }
        let rows = store::inbox(&self.shared.db, &leaders, after, size as i64 + 1).await?;
        let next_page_token = if rows.len() > size { rows[size - 1].0.token() } else { String::new() };
        let items = rows.into_iter().take(size).map(|(_, i)| self.with_acting(i, &away)).collect();
        Ok(Response::new(pb::InboxResponse { items, next_page_token }))
    }

    async fn propose(&self, request: Request<pb::ProposeRequest>) -> Result<Response<pb::Item>, Status> {
        if !matches!(self.caller(&request)?, Caller::Office) {
            return Err(Error::PermissionDenied(
                "only the government office writes the proposed handling (拟办)".into(),
            )
            .into());
        }
        let req = request.into_inner();
        let dir = self.shared.directory.clone();
        let item = self.mutate(&req.id, |item, m| route::propose(item, &dir, &req, &m.concerned, &m.subject)).await?;
        let away = self.away_now().await?;
        Ok(Response::new(self.with_acting(item, &away)))
    }

    async fn decide(&self, request: Request<pb::DecideRequest>) -> Result<Response<pb::Item>, Status> {
        let Caller::Leader(caller) = self.caller(&request)? else {
            return Err(Error::PermissionDenied("only a leader decides".into()).into());
        };
        let req = request.into_inner();
        let away = self.away_now().await?;
        let (rb, dir, now) = (self.shared.rulebook.clone(), self.shared.directory.clone(), self.shared.clock.now());
        let item = self
            .mutate(&req.id, |item, _| {
                let acting_now = self.acting(&item.current_leader, &away);
                route::decide(item, &rb, &dir, &caller, &acting_now, &req, now)
            })
            .await?;
        Ok(Response::new(self.with_acting(item, &away)))
    }

    async fn set_absence(&self, request: Request<pb::SetAbsenceRequest>) -> Result<Response<pb::Absence>, Status> {
        let caller = self.caller(&request)?;
        let req = request.into_inner();
        match &caller {
            Caller::Office => {}
            Caller::Leader(l) if *l == req.leader => {}
            _ => {
                return Err(
                    Error::PermissionDenied("a leader records their own absence, or the office does".into()).into()
                );
            }
        }
        let dir = &self.shared.directory;
        let Some(leader) = dir.leader(&req.leader) else {
            return Err(Error::invalid("leader", format!("unknown leader {:?}", req.leader)).into());
        };
        let (Some(from), Some(to)) = (instant(&req.from), instant(&req.to)) else {
            return Err(Error::invalid("from", "from and to are required").into());
        };
        if to <= from {
            return Err(Error::invalid("to", "must be after from").into());
        }
        // Someone presides: the mayor and the executive deputy are not away together.
        use gongwen_org::LeaderRole::{ExecutiveDeputyMayor, Mayor};
        if matches!(leader.role, Mayor | ExecutiveDeputyMayor) {
            let other = if leader.role == Mayor { ExecutiveDeputyMayor } else { Mayor };
            let overlapping = store::absences_overlapping(&self.shared.db, from, to).await?;
            if overlapping.iter().any(|l| dir.leader(l).is_some_and(|x| x.role == other)) {
                return Err(Error::precondition(
                    "BOTH_AWAY",
                    format!(
                        "the mayor and the executive deputy mayor may not be away at the same time ({})",
                        self.shared.rulebook.approval.mayor_absent_substitute.source
                    ),
                )
                .into());
            }
        }
        let a = pb::Absence {
            id: uuid::Uuid::new_v4().to_string(),
            leader: req.leader.clone(),
            from: Some(ts(from)),
            to: Some(ts(to)),
            reason: req.reason,
            ended: false,
        };
        store::insert_absence(&self.shared.db, &a, from, to).await?;
        Ok(Response::new(a))
    }

    async fn end_absence(&self, request: Request<pb::EndAbsenceRequest>) -> Result<Response<pb::Absence>, Status> {
        self.caller(&request)?;
        let id = request.into_inner().id;
        let (leader, from, to, reason) = store::end_absence(&self.shared.db, &id).await?;
        Ok(Response::new(pb::Absence { id, leader, from: Some(ts(from)), to: Some(ts(to)), reason, ended: true }))
    }

    async fn forward(&self, request: Request<pb::ForwardRequest>) -> Result<Response<pb::Item>, Status> {
        self.require_office(&request, "forwards (交办)")?;
        let req = request.into_inner();
        let (dir, cal, now) = (self.shared.directory.clone(), self.shared.calendar.clone(), self.shared.clock.now());
        Ok(Response::new(self.supervise(&req.id, |item| supervision::forward(item, &dir, &cal, &req, now)).await?))
    }

    async fn report(&self, request: Request<pb::ReportRequest>) -> Result<Response<pb::Item>, Status> {
        let caller = self.caller(&request)?;
        let req = request.into_inner();
        let own = match &caller {
            Caller::Department(d) => *d == req.department,
            Caller::Office => self.shared.directory.government.office == req.department,
            Caller::Leader(_) => false,
        };
        if !own {
            return Err(Error::PermissionDenied(format!("only {} reports on its own task", req.department)).into());
        }
        Ok(Response::new(
            self.supervise(&req.id, |item| supervision::report(item, &req.department, &req.report)).await?,
        ))
    }

    async fn verify(&self, request: Request<pb::VerifyRequest>) -> Result<Response<pb::Item>, Status> {
        self.require_office(&request, "verifies (核查)")?;
        let req = request.into_inner();
        Ok(Response::new(self.supervise(&req.id, |item| supervision::verify(item, &req)).await?))
    }

    async fn close(&self, request: Request<pb::CloseRequest>) -> Result<Response<pb::Item>, Status> {
        self.require_office(&request, "closes (销号)")?;
        let req = request.into_inner();
        Ok(Response::new(self.supervise(&req.id, |item| supervision::close(item, &req.department)).await?))
    }

    async fn overdue(&self, _request: Request<pb::OverdueRequest>) -> Result<Response<pb::OverdueResponse>, Status> {
        let now = self.shared.clock.now();
        let mut resp = pb::OverdueResponse::default();
        for (item_id, receipt_number, department, leader, due) in store::overdue(&self.shared.db, now).await? {
            let late = self.shared.calendar.working_days_left(now, due).map_err(Error::from)?;
            *resp.by_department.entry(department.clone()).or_default() += 1;
            *resp.by_leader.entry(leader.clone()).or_default() += 1;
            resp.entries.push(pb::OverdueEntry {
                item_id,
                receipt_number,
                department,
                leader,
                working_days_late: (-late) as i32,
            });
        }
        Ok(Response::new(resp))
    }

    type WatchStream = std::pin::Pin<Box<dyn futures::Stream<Item = Result<pb::ItemEvent, Status>> + Send>>;

    async fn watch(&self, request: Request<pb::WatchItemsRequest>) -> Result<Response<Self::WatchStream>, Status> {
        use gongwen_runtime::stream::{PAGE, event_stream};
        let req = request.into_inner();
        let db = self.shared.db.clone();
        let unit = req.submitting_unit;
        let fetch = move |cursor| {
            let (db, unit) = (db.clone(), unit.clone());
            async move { store::events_after(&db, cursor, &unit, PAGE as i64).await.map_err(Status::from) }
        };
        let stream =
            event_stream(req.after_event_id, self.shared.changed.subscribe(), self.draining.clone(), fetch, |e| {
                e.event_id
            });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn signing_authority(
        &self,
        request: Request<pb::SigningAuthorityRequest>,
    ) -> Result<Response<pb::SigningAuthorityResponse>, Status> {
        let req = request.into_inner();
        let issuer = match req.issuer.as_str() {
            "government" => Issuer::Government,
            "office" => Issuer::Office,
            _ => return Err(Error::invalid("issuer", "government or office").into()),
        };
        let direction = match req.direction.as_str() {
            "upward" => Direction::Upward,
            "downward" => Direction::Downward,
            "parallel" => Direction::Parallel,
            "to_congress" => Direction::ToCongress,
            _ => return Err(Error::invalid("direction", "upward, downward, parallel or to_congress").into()),
        };
        match self.shared.rulebook.signing_rule(issuer, direction, &req.subject) {
            Some(r) => {
                Ok(Response::new(pb::SigningAuthorityResponse { signers: r.signers.clone(), source: r.source.clone() }))
            }
            None => Err(Error::precondition("NO_RULE", "the rulebook names no signer for this").into()),
        }
    }
}
