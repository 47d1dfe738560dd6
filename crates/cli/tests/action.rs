//! The GitHub Action's script (`scripts/action.sh`), run locally with a simulated runner
//! environment: outputs, the step summary, annotations (capped and deduplicated as GitHub shows
//! them), fork pull requests, the inputs, the checksum-verified install and the cache key; and the
//! whole thing over every repository of `../shared/corpus/real` (skipped when it is absent).
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn script() -> PathBuf {
    repo().join("scripts/action.sh")
}

fn need_jq() {
    assert!(
        Command::new("jq").arg("--version").output().is_ok_and(|o| o.status.success()),
        "the action needs jq (present on GitHub runners; `.ci/run` installs it)"
    );
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

impl Run {
    fn out(&self, key: &str) -> &str {
        self.outputs.get(key).map_or("", String::as_str)
    }

    fn annotations(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "))
            .collect()
    }
}

/// Run `action.sh <command>` in a fresh simulated runner under `tmp`.
fn action(command: &str, workspace: &Path, tmp: &Path, env: &[(&str, &str)]) -> Run {
    need_jq();
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = tmp.join(format!("runner-{n}"));
    std::fs::create_dir_all(dir.join("temp")).unwrap();
    let output_file = dir.join("output");
    let summary_file = dir.join("summary");
    let mut cmd = Command::new("bash");
    cmd.arg(script())
        .arg(command)
        .env("GITHUB_WORKSPACE", workspace)
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .env("GITHUB_EVENT_NAME", "push")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTOR")
        .env("RUNNER_TEMP", dir.join("temp"))
        .env("ACTION_PATH", repo())
        .env("INFRA_LINT_BIN", env!("CARGO_BIN_EXE_infra-lint"))
        .env("INPUT_PATH", ".")
        .env("INPUT_FAIL_ON", "high")
        .env("INPUT_FORMAT", "text")
        .env("INPUT_ANNOTATIONS", "true")
        .env("INPUT_UPLOAD_SARIF", "true")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
    }
}

fn demo() -> PathBuf {
    repo().join("testdata/demo")
}

fn sarif_of(r: &Run) -> serde_json::Value {
    let path = PathBuf::from(r.out("sarif-file"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn active_results(sarif: &serde_json::Value) -> usize {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].as_array().is_none_or(Vec::is_empty))
        .count()
}

/// What every `run` must satisfy, whatever the repository: the step succeeds, every output is
/// written, SARIF and the findings count agree, annotations are capped per kind and unique, and
/// the summary is complete.
fn check_run(r: &Run, what: &str) {
    assert_eq!(r.status, 0, "{what}: the scan step must never fail\nstderr:\n{}", r.stderr);
    for key in ["sarif-file", "json-file", "findings", "exit-code", "upload", "category"] {
        assert!(r.outputs.contains_key(key), "{what}: output {key} missing: {:?}", r.outputs);
    }
    assert!(matches!(r.out("exit-code"), "0" | "1"), "{what}: exit code {}\n{}", r.out("exit-code"), r.stderr);
    let findings: usize = r.out("findings").parse().unwrap();
    assert_eq!(active_results(&sarif_of(r)), findings, "{what}");
    let annotations = r.annotations();
    let unique: BTreeSet<&&str> = annotations.iter().collect();
    assert_eq!(unique.len(), annotations.len(), "{what}: duplicate annotations");
    for kind in ["::error ", "::warning ", "::notice "] {
        assert!(annotations.iter().filter(|a| a.starts_with(kind)).count() <= 10, "{what}: more than 10 {kind}");
    }
    assert!(r.summary.starts_with("## infra-lint"), "{what}: {}", r.summary);
    assert!(r.summary.contains("| severity | findings |"), "{what}");
    let rows = r.summary.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, findings.min(50), "{what}");
    if findings > 50 {
        assert!(r.summary.contains(&format!("and {} more findings", findings - 50)), "{what}");
    }
}

#[test]
fn pull_request_scan_reports_uploads_and_fails_after() {
    let tmp = tempfile::tempdir().unwrap();
    let r = action("run", &demo(), tmp.path(), &[("GITHUB_EVENT_NAME", "pull_request")]);
    check_run(&r, "demo");
    // The scan step itself never fails (the upload must run); the verdict is an output.
    assert_eq!(r.out("exit-code"), "1");
    assert_eq!(r.out("upload"), "true");
    assert_eq!(r.out("category"), "infra-lint");
    assert_eq!(sarif_of(&r)["version"], "2.1.0");
    let findings: usize = r.out("findings").parse().unwrap();
    assert!(findings > 10, "the demo has more findings than one kind's cap");
    // Annotations on pull requests, with exact positions, capped per kind; the rest counted.
    let annotations = r.annotations();
    assert!(annotations.iter().all(|a| a.contains("file=") && a.contains(",line=") && a.contains(",col=")));
    let shown: usize = r.out("annotations").parse().unwrap();
    let dropped: usize = r.out("annotations-dropped").parse().unwrap();
    assert_eq!(annotations.len(), shown);
    assert!(dropped > 0, "{}", r.summary);
    assert!(
        r.summary.contains(&format!("{shown} annotations shown; {dropped} more not shown as annotations")),
        "{}",
        r.summary
    );
    assert!(r.summary.contains("the check fails"));
    // The last step fails the job with the scan's verdict.
    for (code, expect) in [("1", 1), ("0", 0), ("garbage", 2)] {
        let r = action("finish", &demo(), tmp.path(), &[("EXIT_CODE", code)]);
        assert_eq!(r.status, expect);
    }
}

#[test]
fn push_scan_with_fail_on_never_passes_without_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    let r = action("run", &demo(), tmp.path(), &[("INPUT_FAIL_ON", "never")]);
    check_run(&r, "demo push");
    assert_eq!(r.out("exit-code"), "0");
    assert!(r.annotations().is_empty());
    assert!(r.summary.contains("Reporting only (`fail-on: never`)"), "{}", r.summary);
}

#[test]
fn github_format_with_annotations_prints_each_annotation_once() {
    let tmp = tempfile::tempdir().unwrap();
    let r = action("run", &demo(), tmp.path(), &[("GITHUB_EVENT_NAME", "pull_request"), ("INPUT_FORMAT", "github")]);
    check_run(&r, "github format");
    assert_eq!(r.annotations().len(), r.out("annotations").parse::<usize>().unwrap());
    // Without annotations the github format prints every finding (GitHub does the capping).
    let r = action(
        "run",
        &demo(),
        tmp.path(),
        &[("GITHUB_EVENT_NAME", "pull_request"), ("INPUT_FORMAT", "github"), ("INPUT_ANNOTATIONS", "false")],
    );
    assert_eq!(r.status, 0);
    assert!(r.annotations().len() >= r.out("findings").parse::<usize>().unwrap());
}

#[test]
fn fork_pull_requests_skip_the_upload_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let event = tmp.path().join("event.json");
    std::fs::write(
        &event,
        r#"{"pull_request":{"head":{"repo":{"full_name":"someone/fork"}},"base":{"repo":{"full_name":"org/repo"}}},"repository":{"full_name":"org/repo"}}"#,
    )
    .unwrap();
    let ev = event.to_str().unwrap();
    let r = action("run", &demo(), tmp.path(), &[("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", ev)]);
    check_run(&r, "fork");
    assert_eq!(r.out("upload"), "false");
    assert!(r.summary.contains("comes from a fork"), "{}", r.summary);
    // The same repository: uploaded.
    std::fs::write(
        &event,
        r#"{"pull_request":{"head":{"repo":{"full_name":"org/repo"}},"base":{"repo":{"full_name":"org/repo"}}}}"#,
    )
    .unwrap();
    let r = action("run", &demo(), tmp.path(), &[("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", ev)]);
    assert_eq!(r.out("upload"), "true");
    assert!(!r.summary.contains("comes from a fork"), "{}", r.summary);
    // Dependabot's pull requests get a read-only token too.
    let r = action(
        "run",
        &demo(),
        tmp.path(),
        &[("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_ACTOR", "dependabot[bot]")],
    );
    assert_eq!(r.out("upload"), "false");
    // upload-sarif: false is respected.
    let r = action("run", &demo(), tmp.path(), &[("INPUT_UPLOAD_SARIF", "false")]);
    assert_eq!(r.out("upload"), "false");
    assert!(!r.out("sarif-file").is_empty());
}

#[test]
fn category_baseline_and_args_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    let copy = |from: &Path, to: &Path| {
        let out = Command::new("cp").arg("-r").arg(from).arg(to).status().unwrap();
        assert!(out.success());
    };
    copy(&demo(), &ws.join("demo"));
    // category: derived from the path, or given.
    let r = action("run", &ws, tmp.path(), &[("INPUT_PATH", "demo")]);
    check_run(&r, "path demo");
    assert_eq!(r.out("category"), "infra-lint/demo");
    let all: usize = r.out("findings").parse().unwrap();
    let r = action("run", &ws, tmp.path(), &[("INPUT_PATH", "demo"), ("INPUT_CATEGORY", "infra/prod")]);
    assert_eq!(r.out("category"), "infra/prod");
    // args: split like a shell, quotes group words, nothing is evaluated.
    let r = action(
        "run",
        &ws,
        tmp.path(),
        &[("INPUT_PATH", "demo"), ("INPUT_ARGS", "--min-severity 'critical' --env \"test=nothing/**\" $(touch pwned)")],
    );
    assert_eq!(r.status, 0);
    assert_eq!(r.out("exit-code"), "2", "an unknown path argument is an infra-lint error: {}", r.stderr);
    assert!(!ws.join("pwned").exists());
    let r = action(
        "run",
        &ws,
        tmp.path(),
        &[("INPUT_PATH", "demo"), ("INPUT_ARGS", "--min-severity 'critical' --env \"test=nothing/**\"")],
    );
    check_run(&r, "args");
    let critical: usize = r.out("findings").parse().unwrap();
    assert!(critical > 0 && critical < all, "{critical} of {all}");
    // baseline: everything recorded, nothing reported.
    let st = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(&ws)
        .args(["demo", "--write-baseline", "baseline.json"])
        .status()
        .unwrap();
    assert!(st.success());
    let r = action("run", &ws, tmp.path(), &[("INPUT_PATH", "demo"), ("INPUT_BASELINE", "baseline.json")]);
    check_run(&r, "baseline");
    assert_eq!(r.out("findings"), "0");
    assert_eq!(r.out("exit-code"), "0");
    // A broken configuration: the step still succeeds, the verdict is 2 and the summary says so.
    std::fs::write(ws.join("demo/.infra-lint.toml"), "select = [\"no-such-rule\"]\n").unwrap();
    let r = action("run", &ws, tmp.path(), &[("INPUT_PATH", "demo")]);
    assert_eq!(r.status, 0);
    assert_eq!(r.out("exit-code"), "2");
    assert_eq!(r.out("upload"), "false");
    assert!(r.summary.contains("could not complete the scan"), "{}", r.summary);
}

/// A fake release: `infra-lint-<target>.tar.gz` holding a stand-in binary, and `SHA256SUMS`.
fn fake_release(dir: &Path, version: &str, sums: impl Fn(&str, &str) -> String) -> PathBuf {
    let base = dir.join("releases");
    let rel = base.join(version);
    let stage = dir.join("stage");
    std::fs::create_dir_all(&rel).unwrap();
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("infra-lint"), "#!/bin/sh\necho infra-lint 9.9.9\n").unwrap();
    let asset = "infra-lint-x86_64-unknown-linux-musl.tar.gz";
    let st =
        Command::new("tar").arg("-czf").arg(rel.join(asset)).arg("-C").arg(&stage).arg("infra-lint").status().unwrap();
    assert!(st.success());
    let bytes = std::fs::read(rel.join(asset)).unwrap();
    let digest = Command::new("sha256sum").arg(rel.join(asset)).output().unwrap();
    let digest = String::from_utf8_lossy(&digest.stdout).split_whitespace().next().unwrap().to_owned();
    assert!(!bytes.is_empty());
    std::fs::write(rel.join("SHA256SUMS"), sums(&digest, asset)).unwrap();
    base
}

#[test]
fn install_verifies_the_release_checksum_and_fails_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let linux = [("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "X64")];
    let install = |base: &Path, version: &str| {
        let url = format!("file://{}", base.display());
        let mut env: Vec<(&str, &str)> = linux.to_vec();
        env.push(("INFRA_LINT_RELEASE_BASE", &url));
        env.push(("INPUT_VERSION", version));
        action("install", &demo(), tmp.path(), &env)
    };
    // A good release: downloaded, verified, runnable.
    let good =
        fake_release(&tmp.path().join("good"), "v9.9.9", |d, a| format!("{d}  {a}\n{}  other.zip\n", "0".repeat(64)));
    let r = install(&good, "v9.9.9");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SHA-256 verified"), "{}", r.stdout);
    let bin = r.out("bin");
    assert!(Path::new(bin).is_file(), "{bin}");
    // `9.9.9` without the v is the same tag.
    assert_eq!(install(&good, "9.9.9").status, 0);
    // A tampered checksum: refused, and no binary is handed on.
    let bad = fake_release(&tmp.path().join("bad"), "v9.9.9", |_, a| format!("{}  {a}\n", "ab".repeat(32)));
    let r = install(&bad, "v9.9.9");
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("checksum mismatch"), "{}", r.stderr);
    assert!(r.out("bin").is_empty());
    // No checksum line for the asset: refused.
    let missing = fake_release(&tmp.path().join("missing"), "v9.9.9", |d, _| format!("{d}  something-else.tar.gz\n"));
    let r = install(&missing, "v9.9.9");
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("no checksum"), "{}", r.stderr);
    // A release that does not exist: refused (no silent source build).
    let r = install(&good, "v0.0.1");
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("cannot download"), "{}", r.stderr);
    assert!(r.out("bin").is_empty());
    // By default the action installs its own version (Cargo.toml's workspace version).
    let url = format!("file://{}", good.display());
    let r = action(
        "install",
        &demo(),
        tmp.path(),
        &[("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "X64"), ("INFRA_LINT_RELEASE_BASE", &url)],
    );
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let version = manifest.lines().find_map(|l| l.strip_prefix("version = \"")).unwrap().trim_end_matches('"');
    assert!(r.stderr.contains(&format!("/v{version}/")), "{}", r.stderr);
    // Unsupported platforms say how to proceed.
    let r = action("install", &demo(), tmp.path(), &[("RUNNER_OS", "Windows"), ("RUNNER_ARCH", "ARM64")]);
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("build-from-source"), "{}", r.stderr);
}

#[test]
fn the_source_build_cache_key_follows_the_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let action_dir = tmp.path().join("action");
    std::fs::create_dir_all(action_dir.join("crates/cli/src")).unwrap();
    std::fs::write(action_dir.join("Cargo.toml"), "[workspace.package]\nversion = \"1.2.3\"\n").unwrap();
    std::fs::write(action_dir.join("Cargo.lock"), "# lock\n").unwrap();
    std::fs::write(action_dir.join("crates/cli/src/main.rs"), "fn main() {}\n").unwrap();
    let a = action_dir.to_str().unwrap();
    let key = || {
        let r = action("prepare", &demo(), tmp.path(), &[("ACTION_PATH", a), ("INPUT_BUILD_FROM_SOURCE", "true")]);
        assert_eq!(r.status, 0, "{}", r.stderr);
        assert_eq!(r.out("mode"), "source");
        r.out("cache-key").to_owned()
    };
    let k1 = key();
    assert!(k1.starts_with("infra-lint-src-"), "{k1}");
    assert_eq!(key(), k1, "stable while nothing changes");
    std::fs::write(action_dir.join("crates/cli/src/main.rs"), "fn main() { println!(); }\n").unwrap();
    let k2 = key();
    assert_ne!(k2, k1, "a source change changes the key");
    std::fs::write(action_dir.join("Cargo.lock"), "# lock 2\n").unwrap();
    assert_ne!(key(), k2, "a lock file change changes the key");
    // The release is the default; `version: source` still means a source build.
    let r = action("prepare", &demo(), tmp.path(), &[("ACTION_PATH", a)]);
    assert_eq!(r.out("mode"), "release");
    let r = action("prepare", &demo(), tmp.path(), &[("ACTION_PATH", a), ("INPUT_VERSION", "source")]);
    assert_eq!(r.out("mode"), "source");
}

#[test]
fn every_action_is_pinned_by_commit_sha() {
    let mut files = vec![repo().join("action.yml")];
    for e in std::fs::read_dir(repo().join(".github/workflows")).unwrap().flatten() {
        files.push(e.path());
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for line in text.lines() {
            let Some(uses) = line.trim().trim_start_matches("- ").strip_prefix("uses:") else { continue };
            let target = uses.split('#').next().unwrap().trim();
            if target.starts_with("./") {
                continue;
            }
            let sha = target.rsplit_once('@').map(|(_, r)| r).unwrap_or("");
            assert!(
                sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                "{}: `{target}` is not pinned by a full commit SHA",
                f.display()
            );
        }
    }
}

/// The Action over every repository of the real corpus and over the whole corpus at once, as a
/// pull request (annotations on): always a successful step with complete outputs.
#[test]
fn runs_on_every_corpus_repository() {
    let corpus = repo().join("../shared/corpus/real");
    let corpus = if corpus.is_dir() { corpus } else { PathBuf::from("/work/shared/corpus/real") };
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus/real is absent");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut repos: Vec<PathBuf> =
        std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    repos.sort();
    repos.push(corpus.clone());
    let mut over_cap = 0;
    for ws in &repos {
        let what = ws.file_name().unwrap().to_string_lossy().into_owned();
        let r = action("run", ws, tmp.path(), &[("GITHUB_EVENT_NAME", "pull_request"), ("INPUT_FAIL_ON", "high")]);
        check_run(&r, &what);
        if r.out("annotations-dropped") != "0" {
            over_cap += 1;
        }
    }
    assert!(over_cap > 0, "some corpus repository has more findings than GitHub shows annotations");
}

fn git(ws: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(ws)
        .args(["-c", "user.name=t", "-c", "user.email=t@e", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A pull request whose author tries to switch the gate off through every settings file: on
/// pull requests the action scans with --isolated and the base commit's settings, so the verdict
/// stands, and the summary names each change and the added suppression. Every line the scanner
/// printed is inside a stop-commands block with an unguessable token.
#[test]
fn pull_requests_take_settings_from_the_base_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    assert!(Command::new("cp").arg("-r").arg(demo()).arg(ws.join("demo")).status().unwrap().success());
    // The base: the demo, a configuration and an ignore file that hides one directory.
    std::fs::write(ws.join(".infra-lint.toml"), "fail-on = \"high\"\n").unwrap();
    std::fs::write(ws.join(".infra-lintignore"), "hidden-by-base/\n").unwrap();
    std::fs::create_dir_all(ws.join("hidden-by-base")).unwrap();
    std::fs::write(ws.join("hidden-by-base/Dockerfile"), "FROM alpine\nUSER root\n").unwrap();
    std::fs::create_dir_all(ws.join("policy")).unwrap();
    std::fs::write(
        ws.join("policy/p.rego"),
        "package main\nimport rego.v1\ndeny contains \"base-policy-fired\" if { true }\n",
    )
    .unwrap();
    git(&ws, &["init", "-q", "-b", "main"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-q", "-m", "base"]);
    let base = git(&ws, &["rev-parse", "HEAD"]);
    let event = tmp.path().join("event.json");
    std::fs::write(&event, format!(r#"{{"pull_request":{{"base":{{"sha":"{base}"}}}}}}"#)).unwrap();
    let ev = event.to_str().unwrap();
    let pr = [
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_EVENT_PATH", ev),
        ("INPUT_BASELINE", "baseline.json"),
        ("INPUT_POLICY", "policy"),
    ];
    let before = action("run", &ws, tmp.path(), &pr);
    check_run(&before, "base");
    assert_eq!(before.out("exit-code"), "1");
    let findings: usize = before.out("findings").parse().unwrap();
    assert!(!before.stdout.contains("hidden-by-base/Dockerfile"), "the base's ignore file is honoured");
    assert!(before.stdout.contains("base-policy-fired"), "the policy input is used");

    // The pull request: every way to switch the gate off, a suppression, and workflow commands.
    std::fs::write(ws.join(".infra-lint.toml"), "fail-on = \"never\"\nignore = [\"*\"]\n").unwrap();
    std::fs::write(ws.join(".infra-lintignore"), "*\n").unwrap();
    std::fs::write(ws.join(".gitignore"), "demo/\n").unwrap();
    std::fs::write(ws.join("policy/p.rego"), "package main\nimport rego.v1\ndeny contains \"x\" if { false }\n")
        .unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(&ws)
        .args([".", "--isolated", "--write-baseline", "baseline.json"])
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::write(
        ws.join("evil.Dockerfile"),
        "FROM alpine # infra-lint: ignore[container-runs-as-root] fine\nENV X=\"\\n::stop-commands::x\\n::error file=a::pwned\"\n",
    )
    .unwrap();
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-q", "-m", "pr"]);

    let r = action("run", &ws, tmp.path(), &pr);
    check_run(&r, "pull request");
    assert_eq!(r.out("isolated"), "true");
    assert_eq!(r.out("exit-code"), "1", "the gate stays on: {}", r.summary);
    let now: usize = r.out("findings").parse().unwrap();
    assert!(now >= findings, "{now} < {findings}: the pull request's settings were applied");
    assert!(r.stdout.contains("base-policy-fired"), "the policies are the base commit's");
    for f in [".infra-lint.toml", ".infra-lintignore", ".gitignore", "baseline.json", "policy/p.rego"] {
        assert!(r.summary.contains(&format!("- `{f}`")), "{f} not listed:\n{}", r.summary);
    }
    assert!(r.summary.contains("adds 1 inline suppression"), "{}", r.summary);
    assert!(r.summary.contains("`evil.Dockerfile:1`"), "{}", r.summary);
    // Only the stop-commands pair and the action's own annotations start a line with `::`, and
    // the report sits between the pair.
    let lines: Vec<&str> = r.stdout.lines().collect();
    let open = lines.iter().position(|l| l.starts_with("::stop-commands::")).expect("stop-commands");
    let token = lines[open].trim_start_matches("::stop-commands::");
    assert!(token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    let close = lines.iter().position(|l| *l == format!("::{token}::")).expect("the end of the block");
    assert!(open < close);
    assert_eq!(lines.iter().filter(|l| l.contains(token)).count(), 2, "the token leaks into the report");
    assert!(lines[..open].iter().chain(&lines[close + 1..]).all(|l| !l.starts_with("::stop-commands")));
    assert!(lines[close + 1..].iter().all(|l| !l.contains("pwned")
        || l.starts_with("::warning ")
        || l.starts_with("::error ")
        || l.starts_with("::notice ")));

    // Without isolation the same pull request switches the gate off: what the default prevents.
    let open_gate = action("run", &ws, tmp.path(), &[pr[0], pr[1], pr[2], pr[3], ("INPUT_ISOLATED", "false")]);
    assert_eq!(open_gate.out("isolated"), "false");
    assert_eq!(open_gate.out("exit-code"), "0", "{}", open_gate.stdout);
}
