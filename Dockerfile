# syntax=docker/dockerfile:1
# One image for every gongwen binary; k8s/ runs each service from it:
#   /usr/local/bin/gongwen               the CLI, `gongwen migrate`, and `gongwen serve` (all in one)
#   /usr/local/bin/gongwen-intake        /usr/local/bin/gongwen-countersign
#   /usr/local/bin/gongwen-approval
#
#   docker build -t registry.example.gov.cn/gongwen/gongwen:0.1.0 .
#
# Dependencies are compiled in a layer of their own (cargo-chef): as long as Cargo.toml and
# Cargo.lock do not change, a source change recompiles only the workspace's crates. Every
# stage uses the same Rust image, as cargo-chef requires for its cache to hold.

FROM rust:1.95-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.77
WORKDIR /src

# The recipe: the workspace's manifests and lock file, nothing else.
FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
# Patched copies of published crates ([patch.crates-io], vendor/README.md): dependencies, so
# they belong to the cached layer; the recipe holds only manifests.
COPY vendor/ vendor/
# Build settings the dependencies are compiled with (mimalloc's arena commit, .cargo/config.toml).
COPY .cargo/ .cargo/
# The dependencies of the `gongwen` package (all four binaries) - the cached layer.
RUN cargo chef cook --release --locked --recipe-path recipe.json -p gongwen
# Then the workspace itself, from the same directory (cargo-chef's fingerprints hold paths).
COPY . .
RUN cargo build --release --locked -p gongwen --bins \
 && install -D -m 0755 -t /out/bin target/release/gongwen target/release/gongwen-intake \
      target/release/gongwen-countersign target/release/gongwen-approval \
 && install -d -m 0750 /out/data

# glibc and libgcc only, no shell, no package manager; runs as nonroot (65532:65532).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /out/bin/ /usr/local/bin/
# Where --data-dir points in k8s/ (an emptyDir there); owned by nonroot for `docker run`.
COPY --from=builder --chown=65532:65532 /out/data /var/lib/gongwen
USER 65532:65532
WORKDIR /var/lib/gongwen
# 50051: gRPC over TLS. 8081: plaintext grpc.health.v1.Health for probes (health_listen).
EXPOSE 50051 8081
ENTRYPOINT ["/usr/local/bin/gongwen"]
# Without arguments: every service on one port over an embedded SQLite in /var/lib/gongwen.
# Kubernetes sets command: to the one-service binaries.
CMD ["serve", "--listen", "0.0.0.0:50051", "--data-dir", "/var/lib/gongwen"]
