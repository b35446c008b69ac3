//! What every gongwen service binary shares: typed configuration, logging,
//! and a gRPC server with health, reflection (v1 and v1alpha), timeouts, a
//! concurrency limit with load shedding, message-size limits and graceful
//! shutdown on SIGTERM.

pub mod boot;
pub mod codes;
pub mod config;
pub mod metrics;
pub mod page;
pub mod security;
pub mod server;
pub mod status;
pub mod stream;
pub mod telemetry;

pub use config::Config;
