//! The gRPC server every service runs: health always on (and on a plaintext
//! probe port if configured), reflection unless switched off, limits from the
//! configuration, readiness that follows the database, graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use gongwen_auth::{AuthLayer, Authenticator};

use gongwen_store::Database;
use tokio::{net::TcpListener, task::JoinHandle};
use tonic::{service::Routes, transport::Server};
use tonic_health::{
    ServingStatus,
    pb::health_server::HealthServer,
    server::{HealthReporter, HealthService},
};
use tonic_tracing_opentelemetry::middleware::server::OtelGrpcLayer;
use tower::{
    Layer, ServiceBuilder,
    layer::util::{Identity, Stack},
    limit::GlobalConcurrencyLimitLayer,
    load_shed::LoadShedLayer,
};

/// The health service name kubelet's liveness probe asks for: SERVING as long
/// as the process runs, draining included (readiness is the overall `""`).
pub const LIVENESS: &str = "liveness";

/// How often readiness asks the database whether it answers, and how long it waits.
const READINESS_EVERY: Duration = Duration::from_secs(5);
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

use crate::{Config, metrics::CallDurationLayer};

/// Limits applied to every service, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub request_timeout: Duration,
    pub concurrency_limit: usize,
    pub max_message_bytes: usize,
}

impl From<&Config> for Limits {
    fn from(c: &Config) -> Self {
        Self {
            request_timeout: c.request_timeout(),
            concurrency_limit: c.concurrency_limit,
            max_message_bytes: c.max_message_bytes,
        }
    }
}

/// Services registered so far, with health and reflection already added.
pub struct Services {
    routes: tonic::service::RoutesBuilder,
    pub health: HealthReporter,
    names: Vec<&'static str>,
    draining: tokio::sync::watch::Sender<bool>,
    authenticator: Arc<Authenticator>,
    tls: Option<Arc<gongwen_auth::tls::ServerTls>>,
    descriptor_set: &'static [u8],
    reflection: bool,
    database: Option<Database>,
    probes: Option<Probes>,
}

/// The plaintext probe listener; it stops when dropped.
struct Probes(JoinHandle<()>);

impl Drop for Probes {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Services {
    pub fn new(descriptor_set: &'static [u8]) -> Self {
        let (health, health_service) = tonic_health::server::health_reporter();
        let mut routes = Routes::builder();
        routes.add_service(health_service);
        Self {
            routes,
            health,
            names: Vec::new(),
            draining: tokio::sync::watch::Sender::new(false),
            // Until `secure` is called every RPC but health and reflection is refused.
            authenticator: Arc::default(),
            tls: None,
            descriptor_set,
            reflection: true,
            database: None,
            probes: None,
        }
    }

    /// Whether gRPC reflection is served (on unless switched off).
    pub fn reflection(&mut self, on: bool) {
        self.reflection = on;
    }

    /// Readiness follows `db`: NOT_SERVING while it does not answer.
    pub fn ready_with(&mut self, db: Database) {
        self.database = Some(db);
    }

    /// Serves `grpc.health.v1.Health` alone, in plaintext, on `addr`, from
    /// now on: kubelet's `grpc:` probes cannot speak TLS. Readiness (`""`) is
    /// NOT_SERVING until [`Self::serve`] starts; [`LIVENESS`] is SERVING.
    /// The listener stays up until `serve` has drained. Returns the bound address.
    pub async fn probe_on(&mut self, addr: SocketAddr) -> std::io::Result<SocketAddr> {
        self.health.set_service_status("", ServingStatus::NotServing).await;
        self.health.set_service_status(LIVENESS, ServingStatus::Serving).await;
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let health = HealthServer::new(HealthService::from_health_reporter(self.health.clone()));
        let task = tokio::spawn(async move {
            let served = Server::builder()
                .add_service(health)
                .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true)))
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the probe listener stopped");
            }
        });
        self.probes = Some(Probes(task));
        Ok(addr)
    }

    /// Who may call, and TLS if configured.
    pub fn secure(&mut self, authenticator: Arc<Authenticator>, tls: Option<Arc<gongwen_auth::tls::ServerTls>>) {
        self.authenticator = authenticator;
        self.tls = tls;
    }

    /// Where services are added: `services.routes().add_service(svc)`.
    pub fn routes(&mut self) -> &mut tonic::service::RoutesBuilder {
        &mut self.routes
    }

    /// Turns true when shutdown begins: long-lived streams (Watch) end on it,
    /// or graceful shutdown would wait for them forever.
    pub fn draining(&self) -> tokio::sync::watch::Receiver<bool> {
        self.draining.subscribe()
    }

    /// Reports a service SERVING (and NOT_SERVING again while draining).
    pub async fn serving(&mut self, name: &'static str) {
        self.health.set_service_status(name, tonic_health::ServingStatus::Serving).await;
        self.names.push(name);
    }

    /// The services registered so far behind the same layers as [`Self::serve`]
    /// (authentication, limits, tracing, metrics), reflection as configured,
    /// with no socket: for callers in the same process, such as the fuzz test
    /// that sends a million inputs (HTTP/2 framing is tested apart).
    pub fn in_process(&self, limits: Limits) -> InProcess {
        let mut routes = self.routes.clone();
        if self.reflection {
            add_reflection(&mut routes, self.descriptor_set);
        }
        layers(limits, self.authenticator.clone()).service(routes.routes().prepare())
    }

    /// Serves on `listener` until `shutdown` resolves, then drains: health
    /// turns NOT_SERVING first so load balancers stop sending.
    pub async fn serve(
        self,
        listener: TcpListener,
        limits: Limits,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), tonic::transport::Error> {
        let Services {
            mut routes,
            health,
            names,
            draining,
            authenticator,
            tls,
            descriptor_set,
            reflection,
            database,
            probes: _probes,
        } = self;
        if reflection {
            add_reflection(&mut routes, descriptor_set);
        }
        set_ready(&health, &names, true).await;
        let readiness = database.map(|db| tokio::spawn(follow_database(db, health.clone(), names.clone())));
        let drain = async move {
            shutdown.await;
            tracing::info!("shutting down: draining requests");
            draining.send_replace(true);
            if let Some(r) = readiness {
                r.abort();
            }
            set_ready(&health, &names, false).await;
        };
        let router = Server::builder()
            .timeout(limits.request_timeout)
            .concurrency_limit_per_connection(limits.concurrency_limit)
            .load_shed(true)
            .layer(layers(limits, authenticator))
            .add_routes(routes.routes());
        // serve_with_incoming ignores the builder's tcp_nodelay: set it on the
        // incoming stream, or Nagle + delayed ACKs stall small replies ~40 ms.
        let tcp = tonic::transport::server::TcpIncoming::from(listener)
            .with_nodelay(Some(true))
            .with_keepalive(Some(Duration::from_secs(60)));
        match tls {
            // TLS by our acceptor, not tonic's: its configuration is replaced when the files rotate.
            Some(tls) => router.serve_with_incoming_shutdown(tls.incoming(tcp), drain).await,
            None => router.serve_with_incoming_shutdown(tcp, drain).await,
        }
    }
}

/// The layers every call passes, outermost first: see [`layers`].
type Layers = Stack<
    AuthLayer,
    Stack<CallDurationLayer, Stack<OtelGrpcLayer, Stack<GlobalConcurrencyLimitLayer, Stack<LoadShedLayer, Identity>>>>,
>;

/// The services behind every layer, as one tower service (see [`Services::in_process`]).
pub type InProcess = <ServiceBuilder<Layers> as Layer<Routes>>::Service;

fn layers(limits: Limits, authenticator: Arc<Authenticator>) -> ServiceBuilder<Layers> {
    ServiceBuilder::new()
        // Over the global limit a request is shed at once (RESOURCE_EXHAUSTED)
        // rather than queued behind work that may already be late.
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::new(limits.concurrency_limit))
        // A span per admitted call (RPC semantic conventions, the caller's
        // traceparent as parent, the gRPC status recorded), refusals of
        // authentication included. Inside the shedding: its errors are boxed,
        // which the layer cannot record.
        .layer(OtelGrpcLayer::default().filter(tonic_tracing_opentelemetry::middleware::filters::reject_healthcheck))
        .layer(CallDurationLayer)
        .layer(AuthLayer::new(authenticator))
}

fn add_reflection(routes: &mut tonic::service::RoutesBuilder, descriptor_set: &[u8]) {
    // grpcurl 1.8 speaks only v1alpha; newer clients speak v1: serve both.
    let v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(descriptor_set)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .expect("reflection v1 from the built-in descriptor set");
    let v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(descriptor_set)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .expect("reflection v1alpha from the built-in descriptor set");
    routes.add_service(v1).add_service(v1alpha);
}

/// Readiness: the overall status and every service's.
async fn set_ready(health: &HealthReporter, names: &[&'static str], ready: bool) {
    let status = if ready { ServingStatus::Serving } else { ServingStatus::NotServing };
    health.set_service_status("", status).await;
    for n in names {
        health.set_service_status(*n, status).await;
    }
}

/// Keeps readiness in step with the database until aborted (at drain): a
/// replica that cannot reach it leaves the load balancer instead of failing calls.
async fn follow_database(db: Database, health: HealthReporter, names: Vec<&'static str>) {
    let mut ready = true;
    let mut every = tokio::time::interval(READINESS_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let answered = match tokio::time::timeout(READINESS_TIMEOUT, db.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer in {READINESS_TIMEOUT:?}")),
        };
        if answered.is_ok() != ready {
            ready = answered.is_ok();
            match &answered {
                Ok(()) => tracing::info!("the database answers again: SERVING"),
                Err(e) => tracing::warn!(error = %e, "the database does not answer: NOT_SERVING"),
            }
            set_ready(&health, &names, ready).await;
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
