//! Credentials on a service's own outgoing calls (intake → countersign,
//! approval → intake): its client certificate over TLS, and a bearer token
//! when one is configured or can be minted with the development key.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use tonic::{
    service::{Interceptor, interceptor::InterceptedService},
    transport::Channel,
};

use tonic_tracing_opentelemetry::middleware::client::{OtelGrpcLayer, OtelGrpcService};
use tower::Layer as _;

use crate::{Clearance, Error, Role, balance, token::Minter};

/// A channel whose every request carries this service's credentials, and
/// the caller's trace (`traceparent`) in a client span.
pub type AuthedChannel = InterceptedService<OtelGrpcService<Channel>, Credentials>;

enum TokenSource {
    /// A token file that is rewritten when the token rotates (a mounted Secret).
    File {
        path: std::path::PathBuf,
        current: std::sync::RwLock<String>,
    },
    Minted {
        minter: Minter,
        role: Role,
        current: Mutex<Option<(String, u64)>>,
    },
}

const MINTED_TTL: Duration = Duration::from_secs(3600);

impl TokenSource {
    fn token(&self) -> Result<String, Error> {
        match self {
            TokenSource::File { current, .. } => Ok(current.read().unwrap_or_else(|p| p.into_inner()).clone()),
            TokenSource::Minted { minter, role, current } => {
                // A token's exp is wall-clock time by RFC 7519, checked by the peer's clock, not ours.
                #[allow(clippy::disallowed_methods)]
                let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
                let mut cur = current.lock().unwrap_or_else(|p| p.into_inner());
                // Renew well before expiry so a call in flight never carries a stale token.
                match &*cur {
                    Some((t, exp)) if *exp > now + 300 => Ok(t.clone()),
                    _ => {
                        let t = minter.mint(role, Clearance::TopSecret, MINTED_TTL)?;
                        *cur = Some((t.clone(), now + MINTED_TTL.as_secs()));
                        Ok(t)
                    }
                }
            }
        }
    }
}

/// Adds `authorization: Bearer …` when a token source is set.
#[derive(Clone, Default)]
pub struct Credentials(Option<Arc<TokenSource>>);

impl Credentials {
    pub fn none() -> Self {
        Self(None)
    }

    /// The token in `path`, read again by [`Credentials::reload`].
    pub fn from_file(path: &std::path::Path) -> Result<Self, Error> {
        let token = read_token(path)?;
        Ok(Self(Some(Arc::new(TokenSource::File { path: path.to_owned(), current: token.into() }))))
    }

    /// Reads a token file again: `Ok(true)` when the token changed. An
    /// unreadable or empty file keeps the token in use.
    pub fn reload(&self) -> Result<bool, Error> {
        let Some(TokenSource::File { path, current }) = self.0.as_deref() else { return Ok(false) };
        let token = read_token(path)?;
        let mut cur = current.write().unwrap_or_else(|p| p.into_inner());
        let changed = *cur != token;
        *cur = token;
        Ok(changed)
    }

    /// Tokens for `role` minted on demand (development key).
    pub fn minted(minter: Minter, role: Role) -> Self {
        Self(Some(Arc::new(TokenSource::Minted { minter, role, current: Mutex::new(None) })))
    }
}

fn read_token(path: &std::path::Path) -> Result<String, Error> {
    let token = std::fs::read_to_string(path).map_err(|e| Error::key(path, e))?.trim().to_owned();
    if token.is_empty() {
        return Err(Error::key(path, "the service token file is empty"));
    }
    Ok(token)
}

impl Interceptor for Credentials {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(src) = &self.0 {
            let token =
                src.token().map_err(|e| tonic::Status::internal(format!("cannot mint a service token: {e}")))?;
            let value = format!("Bearer {token}")
                .parse()
                .map_err(|_| tonic::Status::internal("the service token is not a valid header value"))?;
            req.metadata_mut().insert("authorization", value);
        }
        Ok(req)
    }
}

/// How this service reaches the others.
#[derive(Clone, Default)]
pub struct Outbound {
    /// This service's client certificate and the CA it trusts; they rotate.
    pub tls: Option<Arc<crate::tls::ClientTls>>,
    pub credentials: Credentials,
    /// Names resolved without DNS (`static_hosts`).
    pub hosts: Arc<balance::StaticHosts>,
}

impl Outbound {
    /// A lazily connecting channel to `url` with this service's credentials:
    /// balanced over every address its host resolves to (re-resolved every
    /// [`balance::REFRESH`]; the `hosts` table first, then DNS; an address
    /// literal is its own answer), reconnecting when the client certificate rotates.
    pub fn connect_lazy(&self, url: &str) -> Result<AuthedChannel, ConnectError> {
        self.connect_lazy_with(url, balance::static_then_system(self.hosts.clone()), balance::REFRESH)
    }

    /// As [`Self::connect_lazy`], resolving names with `resolve` every `refresh`.
    pub fn connect_lazy_with(
        &self,
        url: &str,
        resolve: balance::Resolve,
        refresh: Duration,
    ) -> Result<AuthedChannel, ConnectError> {
        let target = balance::Target::parse(url).map_err(ConnectError::Url)?;
        let channel = balance::balanced(target, self.tls.clone(), resolve, refresh)?;
        Ok(InterceptedService::new(OtelGrpcLayer.layer(channel), self.credentials.clone()))
    }
}

/// Why a channel to another service could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Url(String),
    #[error(transparent)]
    Transport(#[from] tonic::transport::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(c: &Credentials) -> String {
        let mut c = c.clone();
        let req = c.call(tonic::Request::new(())).unwrap();
        req.metadata().get("authorization").unwrap().to_str().unwrap().to_owned()
    }

    #[test]
    fn a_rotated_service_token_file_is_sent_after_reload_and_an_emptied_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "first\n").unwrap();
        let c = Credentials::from_file(&file).unwrap();
        assert_eq!(sent(&c), "Bearer first");
        assert!(!c.reload().unwrap());
        std::fs::write(&file, "second").unwrap();
        assert!(c.reload().unwrap());
        assert_eq!(sent(&c), "Bearer second");
        // Caught mid-rotation: the token in use stays in use.
        std::fs::write(&file, "").unwrap();
        assert!(c.reload().is_err());
        assert_eq!(sent(&c), "Bearer second");
    }
}
