//! One typed configuration: defaults, then a TOML file, then `GONGWEN_*`
//! environment variables, then command-line flags (each layer overrides the
//! one before).

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the gRPC server listens.
    pub listen: SocketAddr,
    /// A plaintext listener serving only `grpc.health.v1.Health`, for
    /// kubelet's `grpc:` probes (they cannot speak TLS): service `""` is
    /// readiness, `"liveness"` stays SERVING while the process runs. None: no such listener.
    pub health_listen: Option<SocketAddr>,
    /// A plain HTTP listener serving Prometheus metrics at `/metrics`. None: no such listener.
    pub metrics_listen: Option<SocketAddr>,
    /// Serve gRPC reflection (grpcurl needs it without the protos); production may switch it off.
    pub reflection: bool,
    /// Apply this process's migrations at start. Off where a job runs
    /// `gongwen migrate` before the rollout (Kubernetes).
    pub migrate_on_start: bool,
    /// How long to keep retrying an unreachable database at start, in
    /// seconds, reporting NOT_SERVING meanwhile; 0: fail at once.
    pub database_wait_secs: u64,
    /// Directory for the embedded database and local state.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; empty means `sqlite://<data_dir>/gongwen.db`.
    pub database_url: String,
    /// A built-in rulebook name (`jining` …) or a path to a rulebook file.
    pub rulebook: String,
    /// Path to an organisation directory file; empty means the rulebook's built-in sample.
    pub directory: String,
    /// Per-request time limit, in seconds.
    pub request_timeout_secs: u64,
    /// Requests handled at once before new ones are shed with RESOURCE_EXHAUSTED.
    pub concurrency_limit: usize,
    /// Largest accepted request message, in bytes.
    pub max_message_bytes: usize,
    /// Database connections per service.
    pub max_db_connections: u32,
    /// `text` or `json`.
    pub log_format: String,
    /// Where intake verifies countersign certificates; empty in `gongwen serve`
    /// means this same server.
    pub countersign_url: String,
    /// Where approval takes registered documents from; empty in `gongwen serve` means this same server.
    pub intake_url: String,
    /// How often the countersign deadline worker looks for due deadlines, in ms.
    pub sweep_interval_ms: u64,
    /// Close of business ("17:30") at which working-day limits end; empty means 24:00.
    pub office_hours_end: String,
    /// Files with the public keys bearer tokens are verified with: PEM
    /// (Ed25519, P-256, RSA) or JWKS documents. Empty: a development key in
    /// `<data_dir>/auth/`, created when missing.
    pub token_keys: Vec<PathBuf>,
    /// The `iss` every token must carry.
    pub token_issuer: String,
    /// The `aud` every token must carry.
    pub token_audience: String,
    /// A bearer token this service sends on its own calls to the others;
    /// empty: minted with the development key if it is in use, else none
    /// (the client certificate identifies the service).
    pub service_token_file: String,
    /// This server's certificate (PEM). Set with `tls_key` and `tls_ca` to
    /// serve TLS and require client certificates from `tls_ca`.
    pub tls_cert: String,
    pub tls_key: String,
    /// The CA (PEM) client certificates must chain to; also the CA this
    /// service trusts when it calls the others.
    pub tls_ca: String,
    /// Accept TLS clients without a certificate (they then need a token).
    pub tls_client_auth_optional: bool,
    /// How often the token keys, the service token and the server's
    /// certificate are read again (rotated files take effect without a restart).
    pub credentials_refresh_secs: u64,
    /// DEVELOPMENT ONLY: without credentials, trust the `x-gongwen-department`
    /// / `x-gongwen-leader` headers as the caller's identity.
    pub dev_identity_header: bool,
    /// Names the outgoing calls resolve without DNS, each to its replicas'
    /// addresses (`{ intake = ["10.0.0.5", "10.0.0.6"] }`), for hosts without
    /// service discovery; calls balance over the addresses as over a DNS answer.
    pub static_hosts: gongwen_auth::balance::StaticHosts,
    /// DEVELOPMENT ONLY: start the clock at this RFC 3339 instant (it then runs at real speed).
    pub dev_clock: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:50051".parse().expect("default address"),
            health_listen: None,
            metrics_listen: None,
            reflection: true,
            migrate_on_start: true,
            database_wait_secs: 0,
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            rulebook: "jining".into(),
            directory: String::new(),
            request_timeout_secs: 30,
            concurrency_limit: 1024,
            max_message_bytes: 8 * 1024 * 1024,
            max_db_connections: 16,
            log_format: "text".into(),
            countersign_url: String::new(),
            intake_url: String::new(),
            sweep_interval_ms: 1000,
            office_hours_end: String::new(),
            token_keys: Vec::new(),
            token_issuer: "gongwen".into(),
            token_audience: "gongwen".into(),
            service_token_file: String::new(),
            tls_cert: String::new(),
            tls_key: String::new(),
            tls_ca: String::new(),
            tls_client_auth_optional: false,
            credentials_refresh_secs: 10,
            dev_identity_header: false,
            dev_clock: String::new(),
            static_hosts: Default::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct Error(#[from] Box<figment::Error>);

/// Flags given on the command line; `None` leaves the lower layers' value.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rulebook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countersign_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intake_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_keys: Option<Vec<PathBuf>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev_identity_header: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev_clock: Option<String>,
}

impl Config {
    /// Defaults ← `file` (if any) ← `GONGWEN_*` environment ← `flags`.
    pub fn load(file: Option<&std::path::Path>, flags: &Overrides) -> Result<Self, Error> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            fig = fig.merge(Toml::file_exact(path));
        }
        fig.merge(Env::prefixed("GONGWEN_").ignore(&["config"]))
            .merge(Serialized::defaults(flags))
            .extract()
            .map_err(|e| Error(Box::new(e)))
    }

    /// The database URL, defaulting to a SQLite file in the data directory.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("gongwen.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// The configured close of business, if any.
    pub fn office_hours_end(&self) -> Result<Option<chrono::NaiveTime>, String> {
        if self.office_hours_end.is_empty() {
            return Ok(None);
        }
        chrono::NaiveTime::parse_from_str(&self.office_hours_end, "%H:%M")
            .map(Some)
            .map_err(|e| format!("office_hours_end {:?} is not HH:MM: {e}", self.office_hours_end))
    }

    /// Whether the server speaks TLS (and so internal URLs are `https://`).
    pub fn tls(&self) -> bool {
        !self.tls_cert.is_empty()
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn database_wait(&self) -> Duration {
        Duration::from_secs(self.database_wait_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kubernetes_config_map_is_a_valid_configuration() {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../k8s/base/gongwen.toml");
        let cfg = Config::load(Some(&file), &Overrides::default()).unwrap();
        assert!(cfg.tls() && !cfg.token_keys.is_empty() && !cfg.dev_identity_header);
        assert_eq!(cfg.listen.port(), 50051);
        // Kubelet probes the plaintext health port; a job migrates before the rollout.
        assert!(
            cfg.health_listen.is_some()
                && cfg.metrics_listen.is_some()
                && !cfg.migrate_on_start
                && cfg.database_wait_secs > 0
        );
    }

    #[test]
    fn flags_override_file_and_file_overrides_defaults() {
        let dir = std::env::temp_dir().join(format!("gongwen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("gongwen.toml");
        std::fs::write(&file, "rulebook = \"urumqi\"\nrequest_timeout_secs = 5\n").unwrap();
        let flags = Overrides { rulebook: Some("ziyang".into()), ..Default::default() };
        let cfg = Config::load(Some(&file), &flags).unwrap();
        assert_eq!(cfg.rulebook, "ziyang");
        assert_eq!(cfg.request_timeout_secs, 5);
        assert_eq!(cfg.listen, Config::default().listen);
    }

    #[test]
    fn close_of_business_is_hh_mm_or_midnight() {
        let mut cfg = Config::default();
        assert_eq!(cfg.office_hours_end(), Ok(None));
        cfg.office_hours_end = "17:30".into();
        assert_eq!(cfg.office_hours_end(), Ok(chrono::NaiveTime::from_hms_opt(17, 30, 0)));
        cfg.office_hours_end = "5pm".into();
        assert!(cfg.office_hours_end().unwrap_err().contains("5pm"));
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        let dir = std::env::temp_dir().join(format!("gongwen-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("gongwen.toml");
        std::fs::write(&file, "rulbook = \"urumqi\"\n").unwrap();
        let err = Config::load(Some(&file), &Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("rulbook"), "{err}");
    }
}
