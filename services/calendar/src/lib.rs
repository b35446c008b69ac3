//! `gongwen.calendar.v1.CalendarService`: the suite's working-day arithmetic for
//! the platforms' own screens (any authenticated caller), and the
//! publication of a year's holiday notice while the suite runs (the office or
//! `service:operator`): stored in `calendar_notices`, read back by every
//! replica every [`REFRESH_EVERY`], counted with by every calendar of the
//! process that shares the served one's notices.

pub mod store;

use std::time::Duration;

use chrono::NaiveDate;
use gongwen_auth::Principal;
use gongwen_calendar::{Calendar, Error as CalendarError};
use gongwen_proto::{
    calendar::v1::{self as pb, calendar_service_server::CalendarServiceServer as CalendarServer},
    common::v1::DueBasis,
};
use gongwen_runtime::status;
use tonic::{Request, Response, Status};

/// The gRPC service name, for health reporting.
pub const SERVICE_NAME: &str = "gongwen.calendar.v1.CalendarService";

/// How often a replica reads the published notices back (another replica may have published).
pub const REFRESH_EVERY: Duration = Duration::from_secs(2);

/// The served calendar (the rulebook's: its region and close of business), and
/// the national and Xinjiang views, all sharing the served one's notices.
pub struct CalendarService {
    served: Calendar,
    national: Calendar,
    xinjiang: Calendar,
    db: gongwen_store::Database,
    clock: std::sync::Arc<dyn gongwen_calendar::Clock>,
    /// Answers of PublishNotice by request_id (`calendar_requests`).
    idempotency: gongwen_guard::idempotency::Idempotency,
}

/// Serves the rulebook's calendar with its close of business (`deps.calendar`):
/// counts with the notices published in the database before any service
/// computes a deadline, and keeps reading them back.
pub async fn build(deps: &gongwen_deps::Deps) -> anyhow::Result<CalendarServer<CalendarService>> {
    deps.calendar.notices().replace(store::all(&deps.db).await?);
    let national = deps.calendar.sharing(None)?;
    let xinjiang = deps.calendar.sharing(Some("xinjiang"))?;
    spawn_refresh(deps.db.clone(), deps.calendar.clone(), deps.draining.clone());
    Ok(CalendarServer::new(CalendarService {
        served: deps.calendar.clone(),
        national,
        xinjiang,
        db: deps.db.clone(),
        clock: deps.clock.clone(),
        idempotency: deps.idempotency("calendar_requests", "gongwen.calendar"),
    }))
}

/// Reads the published notices back every [`REFRESH_EVERY`] until draining.
fn spawn_refresh(db: gongwen_store::Database, calendar: Calendar, mut draining: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = tokio::time::sleep(REFRESH_EVERY) => {}
                _ = draining.changed() => return,
            }
            match store::all(&db).await {
                Ok(all) => calendar.notices().replace(all),
                Err(e) => tracing::warn!(error = %e, "reading the published calendar notices failed; retrying"),
            }
        }
    });
}

/// The rows of a calendar's years, as ListYears and PublishNotice show them.
fn year_row(region: &str, y: &gongwen_calendar::YearData) -> pb::CalendarYear {
    pb::CalendarYear {
        // The calendar data names regions by their notice's key (national, xinjiang).
        region: pb::Region::from_str_name(&format!("REGION_{}", region.to_uppercase())).unwrap_or_default() as i32,
        year: y.year,
        source: y.source.clone(),
        provisional: y.provisional,
        holidays: y
            .holidays
            .iter()
            .map(|h| pb::Holiday { name: h.name.clone(), start_date: iso(h.from), end_date: iso(h.to) })
            .collect(),
        make_up_working_days: y.workdays.iter().copied().map(iso).collect(),
        cancelled_make_up_days: y.cancelled_workdays.iter().copied().map(iso).collect(),
    }
}

fn invalid(field: &str, description: impl Into<String>) -> Status {
    let description = description.into();
    status::invalid_argument(
        format!("invalid request: {field}: {description}"),
        &[(field.to_owned(), description)],
        "gongwen.calendar",
    )
}

fn date(field: &str, s: &str) -> Result<NaiveDate, Status> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, format!("{s:?} is not a date YYYY-MM-DD")))
}

/// A date the data does not cover (before 2015, after 2099) is the caller's problem to fix.
fn counted<T>(field: &str, r: Result<T, CalendarError>) -> Result<T, Status> {
    r.map_err(|e| match e {
        CalendarError::NoData { .. } | CalendarError::OutOfRange | CalendarError::ZeroLimit => {
            invalid(field, e.to_string())
        }
        other => Status::internal(other.to_string()),
    })
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl CalendarService {
    fn calendar(&self, region: i32) -> Result<&Calendar, Status> {
        match pb::Region::try_from(region) {
            Ok(pb::Region::Unspecified) => Ok(&self.served),
            Ok(pb::Region::National) => Ok(&self.national),
            Ok(pb::Region::Xinjiang) => Ok(&self.xinjiang),
            Err(_) => Err(invalid("region", format!("unknown value {region}"))),
        }
    }

    fn basis(c: &Calendar, from: NaiveDate, to: NaiveDate) -> DueBasis {
        DueBasis {
            provisional_years: c.provisional_years(from, to),
            calendar_version: c.version(),
            ..Default::default()
        }
    }
}

fn caller<T>(req: &Request<T>) -> Result<(), Status> {
    Principal::of(req).map(|_| ()).ok_or_else(status::unauthenticated)
}

#[tonic::async_trait]
impl pb::calendar_service_server::CalendarService for CalendarService {
    async fn add_working_days(
        &self,
        request: Request<pb::AddWorkingDaysRequest>,
    ) -> Result<Response<pb::AddWorkingDaysResponse>, Status> {
        caller(&request)?;
        let req = request.into_inner();
        let c = self.calendar(req.region)?;
        let start = date("date", &req.date)?;
        if req.working_days == 0 {
            return Err(invalid("working_days", "at least 1"));
        }
        let last = counted("date", c.add_working_days(start, req.working_days))?;
        let ends = counted("date", c.end_of(last))?;
        Ok(Response::new(pb::AddWorkingDaysResponse {
            last_day: iso(last),
            end_time: Some(gongwen_proto::time::timestamp(ends)),
            basis: Some(Self::basis(c, start, last)),
        }))
    }

    async fn is_working_day(
        &self,
        request: Request<pb::IsWorkingDayRequest>,
    ) -> Result<Response<pb::IsWorkingDayResponse>, Status> {
        caller(&request)?;
        let req = request.into_inner();
        let c = self.calendar(req.region)?;
        let d = date("date", &req.date)?;
        let working = counted("date", c.is_working_day(d))?;
        let off = counted("date", c.day_off_reason(d))?;
        let weekend = matches!(chrono::Datelike::weekday(&d), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let (kind, name) = match (working, weekend, off) {
            (true, true, _) => (pb::DayKind::MakeUpWorkingDay, String::new()),
            (true, false, _) => (pb::DayKind::Weekday, String::new()),
            (false, _, Some(name)) if name != "周末" => (pb::DayKind::Holiday, name),
            (false, _, _) => (pb::DayKind::Weekend, String::new()),
        };
        Ok(Response::new(pb::IsWorkingDayResponse {
            working_day: working,
            kind: kind as i32,
            holiday_name: name,
            provisional: c.is_provisional(chrono::Datelike::year(&d)),
            calendar_version: c.version(),
        }))
    }

    async fn working_days_between(
        &self,
        request: Request<pb::WorkingDaysBetweenRequest>,
    ) -> Result<Response<pb::WorkingDaysBetweenResponse>, Status> {
        caller(&request)?;
        let req = request.into_inner();
        let c = self.calendar(req.region)?;
        let (from, to) = (date("start_date", &req.start_date)?, date("end_date", &req.end_date)?);
        if to < from {
            return Err(invalid("to", "must not be before from"));
        }
        if (to - from).num_days() > 3660 {
            return Err(invalid("to", "at most ten years after from"));
        }
        let n = counted("from", c.working_days_between(from, to))?;
        Ok(Response::new(pb::WorkingDaysBetweenResponse { working_days: n, basis: Some(Self::basis(c, from, to)) }))
    }

    async fn list_years(
        &self,
        request: Request<pb::ListYearsRequest>,
    ) -> Result<Response<pb::ListYearsResponse>, Status> {
        caller(&request)?;
        let req = request.into_inner();
        let c = self.calendar(req.region)?;
        let last_notice = c.years().iter().filter(|(_, y)| !y.provisional).map(|(_, y)| y.year).max().unwrap_or(0);
        let years = c
            .years()
            .into_iter()
            .filter(|(_, y)| req.include_future || !y.provisional || y.year <= last_notice + 1)
            .map(|(region, y)| year_row(&region, &y))
            .collect();
        Ok(Response::new(pb::ListYearsResponse { calendar_version: c.version(), years }))
    }

    async fn publish_notice(
        &self,
        request: Request<pb::PublishNoticeRequest>,
    ) -> Result<Response<pb::PublishNoticeResponse>, Status> {
        let principal = Principal::of(&request).ok_or_else(status::unauthenticated)?.clone();
        let operator = principal.to_string() == "service:operator";
        if !(principal.is_office() || operator) {
            let denied = gongwen_auth::Denied::new(
                "OFFICE_OR_OPERATOR_ONLY",
                "holiday notices are published by the office or service:operator",
            );
            return Err(status::permission_denied(&denied, "gongwen.calendar", "节假日通知由办公室或运维账号发布"));
        }
        let req = request.into_inner();
        let (request_id, bytes, now) = (req.request_id.clone(), prost::Message::encode_to_vec(&req), self.clock.now());
        let call = || self.publish(&principal, req);
        self.idempotency.respond(&principal, "PublishNotice", &request_id, bytes, now, call).await
    }
}

impl CalendarService {
    async fn publish(
        &self,
        principal: &Principal,
        req: pb::PublishNoticeRequest,
    ) -> Result<pb::PublishNoticeResponse, Status> {
        let (region, years) = gongwen_calendar::notices::parse(&req.notice_toml).map_err(|problems| {
            let violations: Vec<(String, String)> =
                problems.iter().map(|p| ("notice_toml".to_owned(), p.clone())).collect();
            status::invalid_argument(
                format!("the notice is refused ({} problems); nothing was published", violations.len()),
                &violations,
                "gongwen.calendar",
            )
        })?;
        let at = self.clock.now();
        store::publish(&self.db, &region, &years, &principal.to_string(), at).await.map_err(|e| match e {
            store::Error::Database(e) => status::database(&e, "gongwen.calendar"),
            other => status::internal(other.to_string(), "CORRUPT", "gongwen.calendar"),
        })?;
        // Counted with here at once; the other replicas read it back within REFRESH_EVERY.
        for y in &years {
            self.served.notices().set(&region, y.clone()).map_err(|p| invalid("notice_toml", p.join("; ")))?;
        }
        tracing::info!(region, years = ?years.iter().map(|y| y.year).collect::<Vec<_>>(), by = %principal, "holiday notice published");
        Ok(pb::PublishNoticeResponse {
            published: years.iter().map(|y| year_row(&region, y)).collect(),
            calendar_version: self.served.version(),
        })
    }
}
