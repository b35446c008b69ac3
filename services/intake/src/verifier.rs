//! Verifying a countersign certificate with the countersign service (I-6):
//! an unknown, mismatching or unconcluded certificate is a finding; a valid
//! one replaces what the sender wrote with the verdicts the service recorded.

use gongwen_auth::AuthedChannel;
use gongwen_proto::countersign::v1::{
    self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient,
};
use gongwen_rules::document::{CountersignCertificate, CountersignVerdict};

use crate::error::{Error, Result};

pub enum Verification {
    Valid(CountersignCertificate),
    Invalid(String),
}

#[tonic::async_trait]
pub trait CertificateVerifier: Send + Sync + 'static {
    async fn verify(&self, round_id: &str, digest: &str, body_sha256: &str) -> Result<Verification>;
}

/// Calls `gongwen.countersign.v1.CountersignService/VerifyCertificate`.
pub struct GrpcVerifier(CountersignClient<AuthedChannel>);

impl GrpcVerifier {
    /// Connects lazily (so intake starts before, or without, the countersign
    /// service), with intake's own credentials.
    pub fn connect_lazy(outbound: &gongwen_auth::Outbound, url: &str) -> Result<Self, gongwen_auth::ConnectError> {
        Ok(Self(CountersignClient::new(outbound.connect_lazy(url)?)))
    }
}

#[tonic::async_trait]
impl CertificateVerifier for GrpcVerifier {
    async fn verify(&self, round_id: &str, digest: &str, body_sha256: &str) -> Result<Verification> {
        let req = cpb::VerifyCertificateRequest {
            round_id: round_id.to_owned(),
            digest: digest.to_owned(),
            content_sha256: body_sha256.to_owned(),
        };
        let resp = self
            .0
            .clone()
            .verify_certificate(req)
            .await
            .map_err(|s| Error::refused(crate::error::Code::Dependency, format!("countersign: {}", s.message())))?;
        let r = resp.into_inner();
        if !r.valid {
            return Ok(Verification::Invalid(r.reason));
        }
        let c = r.certificate.unwrap_or_default();
        // The submission relies on the round: its span links to the round's trace.
        gongwen_runtime::telemetry::link_to(&tracing::Span::current(), &c.traceparent);
        Ok(Verification::Valid(CountersignCertificate {
            round_id: c.round_id,
            content_sha256: c.content_sha256,
            verdicts: c
                .verdicts
                .iter()
                .filter_map(|v| {
                    let verdict = crate::convert::verdict(v.verdict())?;
                    Some(CountersignVerdict {
                        department: v.department.clone(),
                        verdict,
                        signed_by: v.signed_by.clone(),
                    })
                })
                .collect(),
            disputed: c.disputed,
            positions: c.positions,
            proposal: c.proposal,
            coordination_record: c.coordination_record,
            digest: c.digest,
        }))
    }
}
