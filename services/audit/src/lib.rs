//! `gongwen.audit.v1.AuditLogService`, served by every binary over its database.

use std::sync::Arc;

use gongwen_auth::{Denied, Principal, Role};
use gongwen_proto::audit::v1::{
    self as pb,
    audit_log_service_server::{AuditLogService as AuditLog, AuditLogServiceServer as AuditLogServer},
};
use gongwen_store::Database;
use tonic::{Request, Response, Status};

use gongwen_guard::Guard;
use gongwen_runtime::{
    codes::{Codes, ErrorCode},
    page::Page,
    status,
};

/// The audit log's one refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    AuditReaders,
}

impl Codes for Code {
    const DOMAIN: &'static str = "gongwen.audit";
    const RESOURCE: &'static str = "chain";
    const RESOURCE_TYPE: &'static str = "gongwen.audit.v1.AuditEntry";
    const ALL: &'static [Self] = &[Code::AuditReaders];
    fn info(self) -> ErrorCode {
        ErrorCode::new(
            AUDIT_READERS,
            tonic::Code::PermissionDenied,
            "the office, the leaders and services read the audit log, not the departments whose acts it records",
        )
        .zh("审计日志仅供办公室、市领导和系统服务查阅")
    }
}

/// Who reads the audit log: the office, the leaders and services — not the
/// departments whose acts it records.
pub const AUDIT_READERS: &str = "AUDIT_READERS_ONLY";

pub fn may_read(p: &Principal) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) => Err(Denied::new(AUDIT_READERS, format!("{d} cannot read the audit log"))),
        Role::Office | Role::Leader(_) | Role::Service(_) => Ok(()),
    }
}

pub struct AuditLogService {
    db: Database,
    guard: Arc<Guard>,
}

/// The gRPC service name, for health reporting.
pub const SERVICE_NAME: &str = "gongwen.audit.v1.AuditLogService";

/// The audit chain (and action prefix) of refusals to read the log.
pub const AUDIT_CHAIN: &str = "audit";

/// The audit log over the suite's database.
pub fn build(deps: &gongwen_deps::Deps) -> AuditLogServer<AuditLogService> {
    AuditLogServer::new(AuditLogService { db: deps.db.clone(), guard: Arc::new(deps.guard(AUDIT_CHAIN)) })
}

impl AuditLogService {
    async fn reader<T>(&self, req: &Request<T>, action: &str) -> Result<(), Status> {
        let p = self.guard.caller(req).await?;
        Ok(self.guard.check(&p, action, "", may_read(&p)).await?)
    }
}

#[tonic::async_trait]
impl AuditLog for AuditLogService {
    async fn verify_audit(
        &self,
        request: Request<pb::VerifyAuditRequest>,
    ) -> Result<Response<pb::VerifyAuditResponse>, Status> {
        self.reader(&request, "verify").await?;
        let chain = request.into_inner().chain;
        let report = gongwen_audit::verify(&self.db, Some(chain.as_str()).filter(|c| !c.is_empty()))
            .await
            .map_err(|e| status::database(&e, "gongwen.audit"))?;
        Ok(Response::new(pb::VerifyAuditResponse {
            intact: report.first_broken.is_none(),
            entries: report.entries as i64,
            chains: report.chains,
            first_broken: report.first_broken.map(|b| pb::BrokenLink { chain: b.chain, seq: b.seq, reason: b.reason }),
        }))
    }

    async fn list_audit(
        &self,
        request: Request<pb::ListAuditRequest>,
    ) -> Result<Response<pb::ListAuditResponse>, Status> {
        self.reader(&request, "list").await?;
        let req = request.into_inner();
        let mut bad = Vec::new();
        if req.chain.is_empty() {
            bad.push(("chain".to_owned(), "required".to_owned()));
        }
        if req.after_seq < 0 {
            bad.push(("after_seq".to_owned(), "must not be negative".to_owned()));
        }
        // The chain and the starting point select the list; the token carries where the last page ended.
        let start = req.after_seq.to_string();
        let page = Page::read(req.page_size, &req.page_token, &[&req.chain, &start], |t| {
            t.parse::<i64>().ok().filter(|s| *s > 0)
        })
        .unwrap_or_else(|violations| {
            bad.extend(violations.into_iter().map(|(field, description)| (field.to_owned(), description)));
            Page { size: 0, after: None, query: String::new() }
        });
        if !bad.is_empty() {
            return Err(status::invalid_argument("invalid request".into(), &bad, Code::DOMAIN));
        }
        let after = page.after.unwrap_or(req.after_seq);
        let rows = gongwen_audit::list(&self.db, &req.chain, after, page.limit())
            .await
            .map_err(|e| status::database(&e, "gongwen.audit"))?;
        let (rows, next_page_token) = page.finish(rows.into_iter().map(|r| (r.seq, r)).collect(), i64::to_string);
        Ok(Response::new(pb::ListAuditResponse {
            next_page_token,
            entries: rows
                .into_iter()
                .map(|r| pb::AuditEntry {
                    chain: r.chain,
                    seq: r.seq,
                    at: r.at,
                    actor: r.actor,
                    on_behalf_of: r.on_behalf_of,
                    action: r.action,
                    subject: r.subject,
                    before_digest: r.before_digest,
                    after_digest: r.after_digest,
                    prev_hash: r.prev_hash,
                    hash: r.hash,
                })
                .collect(),
        }))
    }
}
