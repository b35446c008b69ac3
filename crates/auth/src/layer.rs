//! The tower layer that authenticates every RPC.
//!
//! Order: a bearer token, when sent, must be valid and names the caller;
//! otherwise a client certificate from the trusted CA names a service;
//! otherwise — only with the development flag — the `x-gongwen-*` headers;
//! otherwise `Unauthenticated`. Health and reflection stay open so grpcurl
//! can list and describe without credentials.

use std::{
    sync::Arc,
    task::{Context, Poll},
};

use futures::future::{Either, Ready, ready};
use tonic::transport::server::{TcpConnectInfo, TlsConnectInfo};
use tonic_types::{ErrorDetails, StatusExt};
use tower::{Layer, Service};

use crate::{Clearance, Error, Principal, Role, token::Verifier};

/// Development identity headers, trusted only with `dev_identity_header`.
pub const DEV_DEPARTMENT_HEADER: &str = "x-gongwen-department";
pub const DEV_LEADER_HEADER: &str = "x-gongwen-leader";
pub const DEV_SERVICE_HEADER: &str = "x-gongwen-service";
pub const DEV_CLEARANCE_HEADER: &str = "x-gongwen-clearance";

const PUBLIC: [&str; 3] =
    ["/grpc.health.v1.Health/", "/grpc.reflection.v1.ServerReflection/", "/grpc.reflection.v1alpha.ServerReflection/"];

/// Decides who a request comes from.
#[derive(Debug, Default)]
pub struct Authenticator {
    verifier: Option<Verifier>,
    dev_headers: bool,
}

impl Authenticator {
    pub fn new(verifier: Option<Verifier>, dev_headers: bool) -> Self {
        Self { verifier, dev_headers }
    }

    /// Reads the token key files again (see [`Verifier::reload`]).
    pub fn reload(&self) -> Result<bool, Error> {
        self.verifier.as_ref().map_or(Ok(false), Verifier::reload)
    }

    pub fn authenticate(&self, headers: &http::HeaderMap, ext: &http::Extensions) -> Result<Principal, Error> {
        if let Some(value) = headers.get(http::header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                .map(str::trim)
                .ok_or_else(|| Error::InvalidToken("the authorization header is not `Bearer <token>`".into()))?;
            let verifier =
                self.verifier.as_ref().ok_or_else(|| Error::InvalidToken("no token keys configured".into()))?;
            return verifier.verify(token);
        }
        let certs = ext.get::<TlsConnectInfo<TcpConnectInfo>>().and_then(|i| i.peer_certs());
        if let Some(leaf) = certs.as_ref().and_then(|c| c.first()) {
            // The CA vouched for the certificate during the handshake; its
            // SPIFFE ID or DNS name names the service. Services see whole
            // documents: they carry them.
            let name = crate::pki::service_name(leaf)?;
            return Ok(Principal::new(Role::Service(name), Clearance::TopSecret));
        }
        if self.dev_headers {
            return dev_identity(headers);
        }
        Err(Error::Missing)
    }
}

fn dev_identity(headers: &http::HeaderMap) -> Result<Principal, Error> {
    let get = |h| headers.get(h).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
    let role = if let Some(l) = get(DEV_LEADER_HEADER) {
        Role::Leader(l.to_owned())
    } else if let Some(s) = get(DEV_SERVICE_HEADER) {
        Role::Service(s.to_owned())
    } else if let Some(d) = get(DEV_DEPARTMENT_HEADER) {
        if d == "office" { Role::Office } else { Role::Department(d.to_owned()) }
    } else {
        return Err(Error::Missing);
    };
    // Development only: the headers say who, and by default a full clearance.
    let clearance = get(DEV_CLEARANCE_HEADER).map(str::parse).transpose()?.unwrap_or(Clearance::TopSecret);
    Ok(Principal::new(role, clearance))
}

/// The status an unauthenticated call gets, with an `ErrorInfo`.
pub fn unauthenticated(e: &Error) -> tonic::Status {
    let mut details = ErrorDetails::with_error_info("UNAUTHENTICATED", "gongwen.auth", []);
    // Like every other error, with the clerk's message (the runtime's status builders say the same).
    details.set_localized_message("zh-CN", "缺少有效的令牌或客户端证书");
    tonic::Status::with_error_details(tonic::Code::Unauthenticated, e.to_string(), details)
}

#[derive(Clone)]
pub struct AuthLayer {
    auth: Arc<Authenticator>,
}

impl AuthLayer {
    pub fn new(auth: Arc<Authenticator>) -> Self {
        Self { auth }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService { inner, auth: self.auth.clone() }
    }
}

#[derive(Clone)]
pub struct AuthService<S> {
    inner: S,
    auth: Arc<Authenticator>,
}

impl<S, B, R> Service<http::Request<B>> for AuthService<S>
where
    S: Service<http::Request<B>, Response = http::Response<R>>,
    R: Default,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Either<S::Future, Ready<Result<S::Response, S::Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: http::Request<B>) -> Self::Future {
        let path = req.uri().path();
        if PUBLIC.iter().any(|p| path.starts_with(p)) {
            return Either::Left(self.inner.call(req));
        }
        match self.auth.authenticate(req.headers(), req.extensions()) {
            Ok(principal) => {
                req.extensions_mut().insert(principal);
                Either::Left(self.inner.call(req))
            }
            Err(e) => {
                tracing::info!(path, reason = %e, "unauthenticated call refused");
                Either::Right(ready(Ok(unauthenticated(&e).into_http())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn a_refused_token_never_appears_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let (_, public) = crate::token::ensure_dev_key(dir.path()).unwrap();
        let auth = Authenticator::new(Some(Verifier::from_files(&[public], "gongwen", "gongwen").unwrap()), false);
        let secret = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJvZmZpY2UifQ.c2VjcmV0LXNpZ25hdHVyZQ";
        let err = auth.authenticate(&headers(&[("authorization", &format!("Bearer {secret}"))]), &Default::default());
        let message = unauthenticated(&err.unwrap_err()).message().to_owned();
        assert!(!message.contains("c2VjcmV0LXNpZ25hdHVyZQ") && !message.contains(secret), "{message}");
    }

    #[test]
    fn development_headers_count_only_with_the_flag() {
        let h = headers(&[(DEV_LEADER_HEADER, "mayor"), (DEV_CLEARANCE_HEADER, "secret")]);
        let off = Authenticator::new(None, false);
        assert!(matches!(off.authenticate(&h, &Default::default()), Err(Error::Missing)));
        let on = Authenticator::new(None, true);
        let p = on.authenticate(&h, &Default::default()).unwrap();
        assert_eq!(p, Principal::new(Role::Leader("mayor".into()), Clearance::Secret));
        let office = on.authenticate(&headers(&[(DEV_DEPARTMENT_HEADER, "office")]), &Default::default()).unwrap();
        assert_eq!(office.role, Role::Office);
    }
}
