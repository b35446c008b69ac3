//! Authentication and transport security assembled from the configuration:
//! who may call (token keys, client CA), how this server is reached (TLS),
//! and how it calls the others (its certificate, its token).

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use anyhow::Context;
use gongwen_auth::{
    Authenticator, Credentials, Outbound, Role,
    tls::{ClientTls, ClientTlsFiles, ServerTls, ServerTlsFiles},
    token::{Minter, Verifier, ensure_dev_key},
};

use crate::Config;

/// Everything a server needs to know about its callers and its own calls.
pub struct Security {
    pub authenticator: Arc<Authenticator>,
    pub tls: Option<Arc<ServerTls>>,
    pub outbound: Outbound,
}

impl Security {
    /// For service `name` (`service:<name>` on its own calls). `in_process`:
    /// every service runs in this one process (`gongwen serve`), so their calls
    /// to each other are signed with a key that never leaves memory.
    pub fn from_config(cfg: &Config, name: &str, in_process: bool) -> anyhow::Result<Self> {
        let (keys, dev_key) = if cfg.token_keys.is_empty() {
            let (private, public) = dev_key(&cfg.data_dir).context("creating the development signing key")?;
            tracing::warn!(
                key = %public.display(),
                "DEVELOPMENT: tokens are verified with the local development key; set token_keys in production"
            );
            (vec![public], Some(private))
        } else {
            (cfg.token_keys.clone(), None)
        };
        let mut verifier = Verifier::from_files(&keys, &cfg.token_issuer, &cfg.token_audience)?;
        let internal = if in_process {
            let (private, public) = gongwen_auth::token::ephemeral_pair()?;
            verifier.trust_pem(public.as_bytes())?;
            Some(Minter::from_pem(private.as_bytes(), &cfg.token_issuer, &cfg.token_audience)?)
        } else {
            None
        };
        if cfg.dev_identity_header {
            tracing::warn!(
                "DEVELOPMENT MODE: calls without credentials are trusted as the x-gongwen-department / x-gongwen-leader headers say"
            );
        }
        let authenticator = Arc::new(Authenticator::new(Some(verifier), cfg.dev_identity_header));

        let (tls, client_tls) = if cfg.tls() {
            anyhow::ensure!(
                !cfg.tls_key.is_empty() && !cfg.tls_ca.is_empty(),
                "tls_cert needs tls_key and tls_ca (the CA client certificates must chain to)"
            );
            let server = ServerTls::new(ServerTlsFiles {
                cert: cfg.tls_cert.clone().into(),
                key: cfg.tls_key.clone().into(),
                client_ca: cfg.tls_ca.clone().into(),
                client_auth_optional: cfg.tls_client_auth_optional,
            })?;
            let client = ClientTls::new(ClientTlsFiles {
                cert: cfg.tls_cert.clone().into(),
                key: cfg.tls_key.clone().into(),
                ca: cfg.tls_ca.clone().into(),
            })?;
            (Some(server), Some(client))
        } else {
            (None, None)
        };

        let credentials = if let Some(minter) = internal {
            Credentials::minted(minter, Role::Service(name.to_owned()))
        } else if !cfg.service_token_file.is_empty() {
            Credentials::from_file(Path::new(&cfg.service_token_file))?
        } else if let Some(private) = dev_key.filter(|_| client_tls.is_none()) {
            Credentials::minted(
                Minter::from_pem_file(&private, &cfg.token_issuer, &cfg.token_audience)?,
                Role::Service(name.to_owned()),
            )
        } else {
            Credentials::none()
        };
        Ok(Self {
            authenticator,
            tls,
            outbound: Outbound { tls: client_tls, credentials, hosts: Arc::new(cfg.static_hosts.clone()) },
        })
    }

    /// Reads the credentials that rotate again every `every`, for as long as
    /// the process runs: the token keys, this service's token, the server's
    /// certificate and client CA. A change is logged; a file caught
    /// half-written keeps what is in force and is tried again next time.
    pub fn watch(&self, every: Duration) {
        let (authenticator, credentials, tls, client_tls) = (
            self.authenticator.clone(),
            self.outbound.credentials.clone(),
            self.tls.clone(),
            self.outbound.tls.clone(),
        );
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                report("token keys", authenticator.reload());
                report("service token", credentials.reload());
                if let Some(tls) = &tls {
                    report("TLS certificate", tls.reload());
                }
                if let Some(tls) = &client_tls {
                    report("client TLS certificate", tls.reload());
                }
            }
        });
    }
}

fn report(what: &str, reloaded: Result<bool, gongwen_auth::Error>) {
    match reloaded {
        Ok(true) => tracing::info!("{what}: reloaded"),
        Ok(false) => {}
        Err(e) => tracing::error!(error = %e, "{what}: cannot reload; keeping the ones in force"),
    }
}

/// The development signing key pair of a data directory (private, public),
/// in `<data_dir>/auth/`, created when missing.
pub fn dev_key(data_dir: &Path) -> Result<(PathBuf, PathBuf), gongwen_auth::Error> {
    ensure_dev_key(&data_dir.join("auth"))
}

/// Mints with the development key of a data directory (the demo's actors).
pub fn dev_minter(data_dir: &Path, cfg: &Config) -> anyhow::Result<Minter> {
    let (private, _) = dev_key(data_dir)?;
    Ok(Minter::from_pem_file(&private, &cfg.token_issuer, &cfg.token_audience)?)
}
