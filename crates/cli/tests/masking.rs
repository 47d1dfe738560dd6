//! Tokens the secret detector knows by their shape never reach any output in full: not in
//! diagnostics that quote a file, not in code frames of a line another rule reported.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

const DIAG_TOKEN: &str = "ghp_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78";
const FRAME_TOKEN: &str = "ghp_Zy98Xw76Vu54Ts32Rq10Po98Nm76Lk54Ji32";

#[test]
fn no_full_token_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), format!("FROM alpine:3.19\nENV {DIAG_TOKEN}\nUSER app\n")).unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        format!("services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\" # {FRAME_TOKEN}\n"),
    )
    .unwrap();
    for format in ["text", "json", "sarif", "github"] {
        let out = Command::cargo_bin("infra-lint")
            .unwrap()
            .current_dir(dir.path())
            .args([".", "--fail-on", "never", "--fail-open", "--format", format])
            .output()
            .unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        // The scan did see both places: the diagnostic and the compose finding.
        assert!(all.contains("has no value"), "{format}: {all}");
        assert!(all.contains("5432"), "{format}: {all}");
        assert!(!all.contains(DIAG_TOKEN), "{format}: diagnostic leaks the token");
        assert!(!all.contains(FRAME_TOKEN), "{format}: code frame leaks the token");
    }
}
