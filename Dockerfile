# syntax=docker/dockerfile:1
# infra-lint in a minimal image: one static binary on distroless `static` (no shell, no package
# manager), running as the non-root user 65532.
#
#   docker build -t infra-lint .                      # builds from source (the default target)
#   docker run --rm -v "$PWD:/src:ro" infra-lint       # scans the mounted repository
#   docker run --rm -v "$PWD:/src:ro" infra-lint . --format sarif --fail-on high
#
# The release workflow builds the `release` target instead, from the static binaries it has
# already built, smoke-tested and attested (`--build-context bin=DIR` holding infra-lint-amd64 and
# infra-lint-arm64), so the image carries exactly the released bits.

ARG RUST_VERSION=1.95
ARG ALPINE_VERSION=3.22

FROM rust:${RUST_VERSION}-alpine${ALPINE_VERSION} AS build
RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked -p infra-lint \
    && install -D -m 0755 target/release/infra-lint /out/infra-lint

FROM gcr.io/distroless/static-debian12:nonroot AS release
ARG TARGETARCH
COPY --from=bin --chmod=0755 infra-lint-${TARGETARCH} /usr/local/bin/infra-lint
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/infra-lint"]
CMD ["."]

FROM gcr.io/distroless/static-debian12:nonroot AS source
COPY --from=build /out/infra-lint /usr/local/bin/infra-lint
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/infra-lint"]
CMD ["."]
