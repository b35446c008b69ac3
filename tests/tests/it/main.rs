//! End-to-end tests: the real server on an ephemeral port, driven through a
//! real gRPC client (tonic) and through grpcurl; PostgreSQL tests use the
//! local server with a fresh database each.
// Tests time the real binaries (how long a replica takes to fire) and start their driven clocks
// from the wall clock: the one place besides the clock itself that reads it (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod harness;
mod idempotency;

mod approval;
mod architecture;
mod authz;
mod balance;
mod binaries;
mod cli;
mod countersign;
mod crash;
mod deadlines;
mod grpcurl;
mod intake_api;
mod matters_corpus;
mod notices;
mod numbering;
mod probes;
mod reading;
mod replicas;
mod security;
mod store_backends;
mod telemetry;
