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

/// A token far from a finding's start but inside its span (one long line), tokens on long lines
/// of multi-line spans, in messages that quote values, and in a huge diagnostic: none reaches
/// any output in full.
#[test]
fn no_full_token_on_long_lines_or_far_inside_a_span() {
    let far = "ghp_Far0Away1Token2Inside3The4Span5Xyz678";
    let deep = "ghp_Deep0Line1Token2After3Many4Bytes5Ab90";
    let quoted = "ghp_Quoted0In1A2Message3Or4Image5Name6789";
    let dir = tempfile::tempdir().unwrap();
    let filler = "a".repeat(100 * 1024);
    // One RUN instruction (one finding spanning it) whose token sits 100 KiB in.
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM alpine:3.19\nRUN curl -fsSL https://example.com/i.sh | sh && echo {filler} {far}\nUSER app\n"),
    )
    .unwrap();
    // A multi-line span whose later lines are long and end in a token.
    std::fs::write(
        dir.path().join("apps/web/Dockerfile").tap_dir(),
        format!(
            "FROM alpine:3.19\nRUN curl -fsSL https://example.com/i.sh \\\n  | sh \\\n  && echo {filler} \\\n  && echo {deep}\nUSER app\n"
        ),
    )
    .unwrap();
    // A value a rule quotes in its message (an image reference).
    std::fs::write(
        dir.path().join("compose.yaml"),
        format!("services:\n  web:\n    image: \"registry.example.com/{quoted}:latest\"\n    privileged: true\n"),
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
        assert!(all.contains("Dockerfile"), "{format}: the scan reported nothing");
        for token in [far, deep, quoted] {
            assert!(!all.contains(token), "{format}: {token} leaks");
        }
    }
}

trait TapDir {
    fn tap_dir(self) -> Self;
}

impl TapDir for std::path::PathBuf {
    fn tap_dir(self) -> Self {
        std::fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}
