//! Credentials on a service's own outgoing calls (intake → countersign,
//! approval → intake): its client certificate over TLS, and a bearer token
//! when one is configured or can be minted with the development key.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use tonic::{
    service::{Interceptor, interceptor::InterceptedService},
    transport::{Channel, ClientTlsConfig, Endpoint},
};

use tonic_tracing_opentelemetry::middleware::client::{OtelGrpcLayer, OtelGrpcService};
use tower::Layer as _;

use crate::{Clearance, Error, Role, balance, token::Minter};

/// A channel whose every request carries this service's credentials, and
/// the caller's trace (`traceparent`) in a client span.
pub type AuthedChannel = InterceptedService<OtelGrpcService<Channel>, Credentials>;

enum TokenSource {
    Static(String),
    Minted { minter: Minter, role: Role, current: Mutex<Option<(String, u64)>> },
}

const MINTED_TTL: Duration = Duration::from_secs(3600);

impl TokenSource {
    fn token(&self) -> Result<String, Error> {
        match self {
            TokenSource::Static(t) => Ok(t.clone()),
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

    pub fn token(token: String) -> Self {
        Self(Some(Arc::new(TokenSource::Static(token))))
    }

    /// Tokens for `role` minted on demand (development key).
    pub fn minted(minter: Minter, role: Role) -> Self {
        Self(Some(Arc::new(TokenSource::Minted { minter, role, current: Mutex::new(None) })))
    }
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
    pub tls: Option<ClientTlsConfig>,
    pub credentials: Credentials,
    /// Names resolved without DNS (`static_hosts`).
    pub hosts: Arc<balance::StaticHosts>,
}

impl Outbound {
    /// A lazily connecting channel to `url` with this service's credentials:
    /// balanced over every address its host resolves to (re-resolved every
    /// [`balance::REFRESH`]; the `hosts` table first, then DNS), or one
    /// connection to an address literal.
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
        let channel = match balance::Target::parse(url).map_err(ConnectError::Url)? {
            Some(target) => balance::balanced(target, self.tls.clone(), resolve, refresh)?,
            None => {
                let mut endpoint = Endpoint::from_shared(url.to_owned())?.tcp_nodelay(true);
                if let Some(tls) = &self.tls {
                    endpoint = endpoint.tls_config(tls.clone())?;
                }
                endpoint.connect_lazy()
            }
        };
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
