//! The `gongwen.intake.v1.IntakeService` gRPC service.

use std::{pin::Pin, sync::Arc};

use chrono::Datelike;
use futures::{Stream, StreamExt};
use gongwen_org::Directory;
use gongwen_proto::intake::v1::{self as ipb, intake_service_server::IntakeService as Intake};
use gongwen_rules::{
    Finding, Rulebook,
    document::{Document, Envelope, Facts},
    intake,
};
use gongwen_runtime::{
    page::Page,
    stream::{PAGE, event_stream},
};
use gongwen_store::Database;
use prost::Message;
use sha2::{Digest, Sha256};
use tokio::sync::watch;
use tonic::{Request, Response, Status};

use gongwen_auth::{Denied, Principal};
use gongwen_guard::Guard;

use crate::{
    authz, convert,
    error::{Code, Error, Result, Violations},
    registrar::Registrar,
    store::{self, NewSubmission, Stored},
    verifier::{CertificateVerifier, Verification},
};

pub struct IntakeService {
    db: Database,
    rulebook: Arc<Rulebook>,
    directory: Arc<Directory>,
    registrar: Registrar,
    stored: watch::Receiver<u64>,
    /// Wakes Watch streams after a change made outside the registrar.
    changed: watch::Sender<u64>,
    draining: watch::Receiver<bool>,
    verifier: Option<Arc<dyn CertificateVerifier>>,
    guard: Guard,
    /// Answers of mutating calls by request_id (`intake_requests`; Submit has its idempotency_key).
    idempotency: gongwen_guard::idempotency::Idempotency,
}

/// A document read and checked, not yet stored.
struct Checked {
    findings: Vec<Finding>,
    content_sha256: String,
}

fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

/// What makes two submissions "the same document" for I-16: who issued it,
/// its number, title and text — not its recipient, so the same document sent
/// to a second recipient is recognised.
fn content_sha256(d: &Document) -> String {
    sha256_hex(&[
        d.doc_type.label_zh().as_bytes(),
        d.issuing_body.as_bytes(),
        d.doc_number.as_bytes(),
        d.title.as_bytes(),
        d.body.trim().as_bytes(),
    ])
}

impl IntakeService {
    /// `draining` turns true when the server shuts down (Watch streams end
    /// then); `verifier` checks countersign certificates (None: they cannot be
    /// verified, and are findings).
    pub fn new(deps: &gongwen_deps::Deps, verifier: Option<Arc<dyn CertificateVerifier>>) -> Self {
        let (tx, stored) = watch::channel(0);
        let registrar = Registrar::start(deps.db.clone(), deps.rulebook.clone(), tx.clone());
        Self {
            db: deps.db.clone(),
            rulebook: deps.rulebook.clone(),
            directory: deps.directory.clone(),
            registrar,
            stored,
            changed: tx,
            draining: deps.draining.clone(),
            verifier,
            guard: deps.guard(crate::AUDIT_CHAIN),
            idempotency: deps.idempotency("intake_requests", "gongwen.intake"),
        }
    }

    async fn caller<T>(&self, req: &Request<T>) -> Result<Principal> {
        Ok(self.guard.caller(req).await?)
    }

    async fn allow(&self, p: &Principal, action: &str, subject: &str, verdict: Result<(), Denied>) -> Result<()> {
        Ok(self.guard.check(p, action, subject, verdict).await?)
    }

    /// Runs every check. `look_up_duplicates` reads the store for I-16; Submit
    /// leaves that (and idempotency replays) to the registrar, which decides
    /// both under the numbering lock.
    async fn check(&self, doc: &Document, env: &Envelope, look_up_duplicates: bool) -> Result<Checked> {
        let body_sha256 = hex::encode(Sha256::digest(doc.body.as_bytes()));
        let mut env = env.clone();
        let mut certificate_problem = None;
        if let Some(cert) = &env.countersign {
            match &self.verifier {
                None => certificate_problem = Some("no countersign service is configured to verify it".to_owned()),
                Some(v) => match v.verify(&cert.round_id, &cert.digest, &body_sha256).await? {
                    Verification::Valid(authoritative) => env.countersign = Some(authoritative),
                    Verification::Invalid(reason) => certificate_problem = Some(reason),
                },
            }
        }
        let env = &env;
        let sender = self.directory.department(&env.submitting_unit).expect("validated by convert");
        let content_sha256 = content_sha256(doc);
        let duplicate_of = if look_up_duplicates && self.rulebook.intake.checks.no_duplicate_submission.on {
            store::registered_with_content(&self.db, &content_sha256).await?
        } else {
            None
        };
        let facts = Facts { body_sha256, duplicate_of, certificate_problem };
        let findings = intake::run(&intake::Input {
            rulebook: &self.rulebook,
            directory: &self.directory,
            document: doc,
            envelope: env,
            sender,
            facts: &facts,
        });
        Ok(Checked { findings, content_sha256 })
    }

    async fn submit(&self, caller: &Principal, req: ipb::SubmitRequest) -> Result<ipb::SubmitResponse> {
        let key = req.idempotency_key.trim().to_owned();
        let mut errs = Violations::default();
        if key.is_empty() {
            errs.add("idempotency_key", "required");
        } else if key.chars().count() > convert::MAX_KEY_CHARS {
            errs.add("idempotency_key", format!("at most {} characters", convert::MAX_KEY_CHARS));
        }
        let doc = convert::document(req.document.as_ref(), &mut errs);
        let env = convert::envelope(req.envelope.as_ref(), &self.directory, &mut errs);
        errs.finish()?;
        let (doc, env) = (doc.expect("validated"), env.expect("validated"));
        // A valid request names its unit; only that unit may send it.
        let unit = req.envelope.as_ref().map_or("", |e| e.submitting_unit.as_str());
        self.allow(caller, "submit", "", authz::submit(caller, unit)).await?;
        let request_sha256 = sha256_hex(&[
            &req.document.as_ref().map(Message::encode_to_vec).unwrap_or_default(),
            &req.envelope.as_ref().map(Message::encode_to_vec).unwrap_or_default(),
        ]);
        let checked = self.check(&doc, &env, false).await?;
        // Time only through the clock: a receipt's year follows it, across 12-31 → 01-01 too.
        let now = self.guard.now();
        // Only a returning finding returns the document; advisories travel with the registration.
        let state = if checked.findings.iter().any(gongwen_rules::Finding::returns) {
            ipb::SubmissionState::Returned
        } else {
            ipb::SubmissionState::Registered
        };
        let submission = ipb::Submission {
            id: uuid::Uuid::new_v4().to_string(),
            state: state as i32,
            document: req.document,
            envelope: req.envelope,
            findings: checked.findings.iter().map(convert::finding).collect(),
            rulebook: self.rulebook.name().to_owned(),
            content_sha256: checked.content_sha256,
            receive_time: Some(gongwen_proto::time::timestamp(now)),
            idempotency_key: key.clone(),
            ..Default::default()
        };
        let item = NewSubmission {
            idempotency_key: key,
            request_sha256,
            // Receipts are numbered per calendar year in the government's time zone.
            receipt_year: now.with_timezone(&chrono_tz::Asia::Shanghai).year(),
            submission,
            actor: caller.to_string(),
            traceparent: gongwen_runtime::telemetry::traceparent(),
        };
        let (submission, replayed) = match self.registrar.register(item).await? {
            Stored::New(s) => (s, false),
            Stored::Replayed(s) => (s, true),
        };
        if !replayed {
            crate::metrics::stored(&submission);
            tracing::info!(
                id = %submission.id,
                state = ?submission.state(),
                receipt = %submission.receipt_number,
                findings = submission.findings.len(),
                "submission stored"
            );
        }
        Ok(ipb::SubmitResponse { submission: Some(authz::visible(caller, submission)), replayed })
    }
}

impl IntakeService {
    async fn return_after_review(
        &self,
        caller: &Principal,
        req: ipb::ReturnAfterReviewRequest,
    ) -> Result<ipb::Submission> {
        self.allow(caller, "return_after_review", &req.id, authz::return_after_review(caller)).await?;
        let mut errs = Violations::default();
        if req.id.is_empty() {
            errs.add("id", "required");
        }
        if req.reason.trim().is_empty() {
            errs.add("reason", "required: the office's reason in its own words");
        }
        errs.finish()?;
        let Some(before) = store::get(&self.db, &req.id, "").await? else {
            return Err(Error::NotFound(req.id));
        };
        let mut after = before.clone();
        let now = self.guard.now();
        let refused = |code: Code, why: String| Error::refused_on(code, req.id.clone(), why);
        crate::review::return_after_review(&mut after, &req.upheld_codes, &req.reason, now).map_err(|r| match r {
            crate::review::Refused::NotRegistered => refused(Code::NotRegistered, "it is not registered".into()),
            crate::review::Refused::NotAdvised(code) => {
                refused(Code::NotAnAdvisory, format!("{code} is not an advisory finding of this submission"))
            }
            crate::review::Refused::NoReason => refused(Code::ReasonRequired, "the office must give its reason".into()),
        })?;
        if !store::return_after_review(&self.db, &before.encode_to_vec(), &after, &caller.to_string(), now).await? {
            return Err(refused(Code::NotRegistered, "it was returned meanwhile".into()));
        }
        self.changed.send_modify(|n| *n += 1);
        tracing::info!(id = %after.id, receipt = %after.receipt_number, "returned after the office's review");
        Ok(after)
    }
}

type EventStream = Pin<Box<dyn Stream<Item = Result<ipb::WatchResponse, Status>> + Send>>;

#[tonic::async_trait]
impl Intake for IntakeService {
    async fn precheck(
        &self,
        request: Request<ipb::PrecheckRequest>,
    ) -> Result<Response<ipb::PrecheckResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (doc, env) = convert::submission(req.document.as_ref(), req.envelope.as_ref(), &self.directory)?;
        let unit = req.envelope.as_ref().map_or("", |e| e.submitting_unit.as_str());
        self.allow(&caller, "precheck", "", authz::submit(&caller, unit)).await?;
        let checked = self.check(&doc, &env, true).await?;
        Ok(Response::new(ipb::PrecheckResponse {
            would_register: !checked.findings.iter().any(gongwen_rules::Finding::returns),
            findings: checked.findings.iter().map(convert::finding).collect(),
            rulebook: self.rulebook.name().to_owned(),
            content_sha256: checked.content_sha256,
        }))
    }

    async fn submit(&self, request: Request<ipb::SubmitRequest>) -> Result<Response<ipb::SubmitResponse>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(IntakeService::submit(self, &caller, request.into_inner()).await?))
    }

    async fn get(&self, request: Request<ipb::GetRequest>) -> Result<Response<ipb::GetResponse>, Status> {
        use ipb::get_request::Key;
        let caller = self.caller(&request).await?;
        let (id, receipt_number) = match request.into_inner().key {
            Some(Key::Id(id)) if !id.is_empty() => (id, String::new()),
            Some(Key::ReceiptNumber(n)) if !n.is_empty() => (String::new(), n),
            _ => return Err(Error::invalid("key", "the submission's id or its receipt_number").into()),
        };
        match store::get(&self.db, &id, &receipt_number).await? {
            Some(s) => {
                self.allow(&caller, "get", &s.id, authz::read(&caller, &s)).await?;
                Ok(Response::new(ipb::GetResponse { submission: Some(authz::visible(&caller, s)) }))
            }
            None => Err(Error::NotFound(if id.is_empty() { receipt_number } else { id }).into()),
        }
    }

    async fn list(&self, request: Request<ipb::ListRequest>) -> Result<Response<ipb::ListResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        self.allow(&caller, "list", "", authz::list(&caller, &req.submitting_unit)).await?;
        let mut errs = Violations::default();
        let state = match ipb::SubmissionState::try_from(req.state) {
            Ok(ipb::SubmissionState::Unspecified) => None,
            Ok(ipb::SubmissionState::Registered) => Some("REGISTERED"),
            Ok(ipb::SubmissionState::Returned) => Some("RETURNED"),
            Err(_) => {
                errs.add("state", format!("unknown value {}", req.state));
                None
            }
        };
        let year = req.receipt_year.to_string();
        let filter = [state.unwrap_or(""), &req.submitting_unit, &year];
        let page = Page::read(req.page_size, &req.page_token, &filter, |t| t.parse::<i64>().ok().filter(|p| *p > 0))
            .unwrap_or_else(|bad| {
                for (field, description) in bad {
                    errs.add(field, description);
                }
                Page { size: 0, after: None, query: String::new() }
            });
        errs.finish()?;
        let rows = store::list(
            &self.db,
            &store::ListFilter {
                state,
                submitting_unit: &req.submitting_unit,
                receipt_year: req.receipt_year,
                before_pos: page.after,
                limit: page.limit(),
            },
        )
        .await?;
        let (page, next_page_token) = page.finish(rows, i64::to_string);
        Ok(Response::new(ipb::ListResponse {
            submissions: page.into_iter().map(|s| authz::visible(&caller, s)).collect(),
            next_page_token,
        }))
    }

    async fn return_after_review(
        &self,
        request: Request<ipb::ReturnAfterReviewRequest>,
    ) -> Result<Response<ipb::ReturnAfterReviewResponse>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (request_id, bytes, now) = (req.request_id.clone(), req.encode_to_vec(), self.guard.now());
        let call = || async {
            let submission = IntakeService::return_after_review(self, &caller, req).await?;
            Ok(ipb::ReturnAfterReviewResponse { submission: Some(submission) })
        };
        self.idempotency.respond(&caller, "ReturnAfterReview", &request_id, bytes, now, call).await
    }

    type WatchStream = EventStream;

    async fn watch(&self, request: Request<ipb::WatchRequest>) -> Result<Response<Self::WatchStream>, Status> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        self.allow(&caller, "watch", "", authz::list(&caller, &req.submitting_unit)).await?;
        if req.after_event_id < 0 {
            let mut errs = Violations::default();
            errs.add("after_event_id", "must not be negative");
            errs.finish()?;
        }
        let db = self.db.clone();
        let unit = req.submitting_unit;
        let fetch = move |cursor| {
            let (db, unit) = (db.clone(), unit.clone());
            async move { store::events_after(&db, cursor, &unit, PAGE as i64).await.map_err(Status::from) }
        };
        let stream =
            event_stream(req.after_event_id, self.stored.clone(), self.draining.clone(), fetch, |e| e.event_id)
                .map(|e| e.map(|event| ipb::WatchResponse { event: Some(event) }));
        Ok(Response::new(Box::pin(stream)))
    }
}
