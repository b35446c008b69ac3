//! End-to-end tests: the real server on an ephemeral port, driven through a
//! real gRPC client (tonic) and through grpcurl; PostgreSQL tests use the
//! local server with a fresh database each.

mod harness;

mod approval;
mod authz;
mod binaries;
mod cli;
mod countersign;
mod crash;
mod deadlines;
mod grpcurl;
mod intake_api;
mod matters_corpus;
mod numbering;
mod reading;
mod security;
mod store_backends;
