# Builds every gongwen binary; the same image runs each service (see k8s/).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bins \
 && install -D -t /out target/release/gongwen target/release/gongwen-intake \
      target/release/gongwen-countersign target/release/gongwen-approval

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --create-home gongwen
COPY --from=build /out/ /usr/local/bin/
USER 10001
EXPOSE 50051
ENTRYPOINT ["/usr/local/bin/gongwen"]
CMD ["serve", "--listen", "0.0.0.0:50051", "--data-dir", "/home/gongwen/data"]
