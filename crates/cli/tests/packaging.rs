//! The packaging files agree with each other: the release workflow publishes the archive names
//! and checksum file the Action downloads, for every target the Action maps a runner to; the wheel
//! carries the binary; the pre-commit hook keeps repository context; the container image is
//! minimal and non-root. (The workflows themselves are checked by actionlint in CI.)
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

#[test]
fn the_release_publishes_what_the_action_downloads() {
    let release = read(".github/workflows/release.yml");
    let action = read("scripts/action.sh");
    assert!(release.contains("tags: [\"v*\"]"));
    for t in TARGETS {
        assert!(release.contains(&format!("target: {t},")), "release.yml does not build {t}");
    }
    // Archive and checksum names on both sides.
    assert!(release.contains("dist/infra-lint-$TARGET.tar.gz") && release.contains("dist/infra-lint-$TARGET.zip"));
    assert!(action.contains("asset=\"infra-lint-$target.$ext\""));
    assert!(release.contains("sha256sum -- * > SHA256SUMS"));
    assert!(action.contains("/SHA256SUMS\""));
    // The Action maps runners onto exactly these targets.
    for (os, triple) in [
        ("unknown-linux-musl", "linux"),
        ("apple-darwin", "macos|darwin"),
        ("pc-windows-msvc", "windows|mingw*|msys*|cygwin*"),
    ] {
        assert!(action.contains(&format!("{triple}) os={os} ;;")), "{os}");
    }
    // Provenance, the image, the wheels and the crates.
    for needle in [
        "actions/attest-build-provenance@",
        "id-token: write",
        "attestations: write",
        "docker/build-push-action@",
        "platforms: linux/amd64,linux/arm64",
        "PyO3/maturin-action@",
        "pypa/gh-action-pypi-publish@",
        "cargo publish --workspace --locked",
        "cargo publish --workspace --dry-run --locked",
    ] {
        assert!(release.contains(needle), "release.yml lacks {needle}");
    }
    assert!(!release.contains("secrets."), "publishing uses trusted publishing, no stored token");
}

#[test]
fn the_wheel_carries_the_binary() {
    let py = read("pyproject.toml");
    assert!(py.contains("build-backend = \"maturin\""));
    assert!(py.contains("bindings = \"bin\""));
    assert!(py.contains("manifest-path = \"crates/cli/Cargo.toml\""));
    assert!(repo().join("crates/cli/Cargo.toml").is_file());
    assert!(py.contains("name = \"infra-lint\"") && py.contains("dynamic = [\"version\"]"));
}

#[test]
fn the_pre_commit_hook_installs_itself_and_keeps_context() {
    let hooks = read(".pre-commit-hooks.yaml");
    let first = hooks.split("\n- id:").nth(1).unwrap();
    assert!(first.starts_with(" infra-lint\n"), "{first}");
    assert!(first.contains("language: python"));
    assert!(first.contains("entry: infra-lint --repo-context --quiet"));
    assert!(first.contains("require_serial: true"), "one scan per commit, not one per batch of files");
    assert!(first.contains("pass_filenames: true"));
}

#[test]
fn the_container_image_is_minimal_and_non_root() {
    let docker = read("Dockerfile");
    let stages: Vec<&str> = docker.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert!(stages.len() >= 2, "multi-stage");
    for final_stage in stages.iter().skip(1) {
        assert!(final_stage.contains("distroless/static") && final_stage.contains(":nonroot"), "{final_stage}");
    }
    assert_eq!(docker.matches("USER 65532:65532").count(), 2);
    assert!(docker.contains("COPY --from=bin --chmod=0755 infra-lint-${TARGETARCH}"));
    assert!(read(".dockerignore").contains("target/"));
}

#[test]
fn the_license_is_the_apache_license() {
    let license = read("LICENSE");
    assert!(license.contains("Apache License") && license.contains("Version 2.0, January 2004"));
    assert!(license.contains("END OF TERMS AND CONDITIONS"));
    assert!(read("Cargo.toml").contains("license = \"Apache-2.0\""));
}
