# syntax=docker/dockerfile:1
#
# tandem for CI systems that run jobs in a container (GitLab CI, Jenkins, Buildkite, …):
#
#   docker build -t tandem .
#   docker run --rm -v "$PWD:/work" -w /work --user "$(id -u):$(id -g)" tandem score answers/
#
# Stage 1 builds a static musl binary for the build machine's architecture (amd64 or
# arm64); stage 2 is Alpine with that binary, a non-root user and nothing else. Alpine
# rather than scratch because most CI systems run a job's script with the image's shell.
# tandem opens no network connection, so the image needs no CA certificates.

# Matches RUST_VERSION in .github/workflows/release.yml (tests/ci_files.rs checks).
ARG RUST_VERSION=1.95.0
ARG ALPINE_VERSION=3.22

FROM rust:${RUST_VERSION}-slim AS build
WORKDIR /src
# The musl target of this machine's architecture: x86_64- or aarch64-unknown-linux-musl.
RUN uname -m | sed 's/$/-unknown-linux-musl/' > /target \
 && rustup target add "$(cat /target)"
COPY Cargo.toml Cargo.lock ./
COPY benches benches
COPY questionnaires questionnaires
COPY src src
# The caches keep crates and compiled dependencies between local builds; the binary is
# copied out of the cached target folder.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --release --target "$(cat /target)" \
 && cp "target/$(cat /target)/release/tandem" /tandem

FROM alpine:${ALPINE_VERSION}
RUN adduser -D -H -u 10001 -s /sbin/nologin tandem
COPY --from=build /tandem /usr/local/bin/tandem
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["tandem"]
CMD ["--help"]
