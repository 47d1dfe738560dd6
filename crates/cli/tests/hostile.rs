//! Regression tests for issue 19: the scanned tree is written by an untrusted pull-request
//! author. Each case builds its hostile input on the fly in a temporary directory, next to a
//! good file with a known finding, and runs the binary: exit 0 or 1 (never a crash), bounded
//! time, the bad file named in a diagnostic, the good file's finding kept, no raw workflow
//! command in the output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A security-group rule open to the world on SSH: one `open-admin-port`-style finding.
const GOOD_TF: &str = "resource \"aws_security_group_rule\" \"ssh\" {\n  type        = \"ingress\"\n  from_port   = 22\n  to_port     = 22\n  protocol    = \"tcp\"\n  cidr_blocks = [\"0.0.0.0/0\"]\n}\n";

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

struct Run {
    code: i32,
    json: serde_json::Value,
    stdout: String,
    elapsed: Duration,
}

fn run(root: &Path, extra: &[&str]) -> Run {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(root)
        .args([".", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    Run { code: out.status.code().unwrap_or(-1), json, stdout, elapsed }
}

fn diag_codes_for(r: &Run, path: &str) -> Vec<String> {
    r.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.contains(path)))
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn findings_in(r: &Run, path: &str) -> usize {
    r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["location"]["path"].as_str().is_some_and(|p| p.trim_start_matches("./") == path))
        .count()
}

/// The common promises: exit 0 or 1, bounded time, good findings kept.
fn check(r: &Run, limit: Duration) {
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stdout.chars().take(2000).collect::<String>());
    assert!(r.elapsed < limit, "took {:?}", r.elapsed);
    assert!(findings_in(r, "good/main.tf") >= 1, "the good file's finding is lost: {}", r.json["summary"]);
}

#[test]
fn string_doubling_is_bounded_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut tf = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 0..40 {
        tf.push_str(&format!("  s{} = \"${{local.s{i}}}${{local.s{i}}}\"\n", i + 1));
    }
    tf.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s40\n}\n");
    write(root, "bad/main.tf", tf);
    write(root, "good/main.tf", GOOD_TF);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    assert_eq!(r.code, 1, "an evaluation limit fails closed");
    assert!(diag_codes_for(&r, "bad/main.tf").contains(&"tf-limit".to_owned()), "{}", r.json["diagnostics"]);
}

#[test]
fn format_width_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "bad/main.tf",
        "locals {\n  x = format(\"%0999999999d\", 1)\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.x\n}\n",
    );
    write(root, "good/main.tf", GOOD_TF);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    let d = r.json["diagnostics"].as_array().unwrap();
    assert!(d.iter().any(|d| d["code"] == "tf-limit" && d["message"].as_str().unwrap().contains("4096")), "{d:?}");
}

#[test]
fn nested_module_fanout_is_bounded_and_sarif_fits_github() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "bad/main.tf", "module \"a\" {\n  source = \"./m1\"\n  count  = 256\n}\n");
    write(root, "bad/m1/main.tf", "module \"b\" {\n  source = \"../m2\"\n  count  = 256\n}\n");
    write(root, "bad/m2/main.tf", "module \"c\" {\n  source = \"../m3\"\n  count  = 256\n}\n");
    write(root, "bad/m3/main.tf", GOOD_TF);
    write(root, "good/main.tf", GOOD_TF);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    assert!(r.json["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "tf-limit"));
    let out = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(root)
        .args([".", "--format", "sarif", "-o", "out.sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let bytes = std::fs::metadata(root.join("out.sarif")).unwrap().len();
    assert!(bytes <= 10_000_000, "SARIF of {bytes} bytes");
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(root.join("out.sarif")).unwrap()).unwrap();
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() <= 25_000);
    // No temporary file left next to the report.
    assert!(std::fs::read_dir(root).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
}

/// Seconds to scan a workflow whose one `run:` line holds `n` tainted expressions.
fn scan_long_workflow_line(n: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let exprs = vec!["${{ github.event.issue.title }}"; n].join(" ");
    write(
        root,
        ".github/workflows/bad.yml",
        format!("on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"{exprs}\"\n"),
    );
    write(root, "good/main.tf", GOOD_TF);
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(root)
        .args([".", "--format", "json", "-o", "out.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(root.join("out.json")).unwrap()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["location"]["path"] == "good/main.tf"));
    let injections = findings.iter().filter(|f| f["rule_id"] == "workflow-injection").count();
    assert_eq!(injections, n.min(infra_lint_core::limits::MAX_FINDINGS_PER_FILE));
    start.elapsed().as_secs_f64()
}

/// Not a speed test (the figures are in the `hostile` bench group): tenfold input must not cost
/// a hundredfold, whatever the machine's load, which both runs share. It once did: 10 s in
/// release at 40,000 expressions.
#[test]
fn long_workflow_line_is_not_quadratic() {
    let small = scan_long_workflow_line(4_000);
    let large = scan_long_workflow_line(40_000);
    eprintln!("4,000 expressions: {small:.2} s; 40,000: {large:.2} s");
    assert!(large < 40.0 * small, "4,000 expressions: {small:.2} s, 40,000: {large:.2} s");
}

#[test]
fn deep_sql_expression_does_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let expr = vec!["1"; 50_000].join(" + ");
    write(root, "migrations/001_bad.sql", format!("CREATE TABLE t (a int DEFAULT {expr});\n"));
    let nested = format!("{}1{}", "(".repeat(50_000), ")".repeat(50_000));
    write(root, "migrations/002_bad.sql", format!("CREATE TABLE u (a int CHECK ({nested}));\n"));
    write(root, "good/main.tf", GOOD_TF);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
}

#[test]
fn nul_bytes_in_terraform_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bad = GOOD_TF.replacen("  type", "  # a NUL \0 in a comment\n  type", 1);
    write(root, "bad/main.tf", bad);
    write(root, "good/main.tf", GOOD_TF);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    assert_eq!(findings_in(&r, "bad/main.tf"), findings_in(&r, "good/main.tf"), "{}", r.stdout);
}

#[test]
fn unreadable_gate_files_fail_closed_unless_fail_open() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "bad/main.tf", [0xffu8, 0xfe, b'x', b'\n']);
    write(root, "other/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
    let r = run(root, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(diag_codes_for(&r, "bad/main.tf").contains(&"not-utf8".to_owned()));
    let r = run(root, &["--fail-open"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_inside_the_tree_only() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    write(root, "shared/sg.tf.txt", GOOD_TF);
    std::fs::create_dir_all(root.join("linked")).unwrap();
    std::os::unix::fs::symlink(root.join("shared/sg.tf.txt"), root.join("linked/main.tf")).unwrap();
    write(outside.path(), "secret/main.tf", GOOD_TF);
    std::os::unix::fs::symlink(outside.path().join("secret"), root.join("escape")).unwrap();
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    assert!(findings_in(&r, "linked/main.tf") >= 1, "a link inside the tree is scanned like its target");
    assert_eq!(findings_in(&r, "escape/main.tf"), 0, "a link out of the tree is not followed");
    assert!(diag_codes_for(&r, "escape").contains(&"symlink-outside-tree".to_owned()));
}

#[test]
fn isolated_ignores_the_trees_config_and_ignore_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    write(root, "hidden/main.tf", GOOD_TF);
    write(root, ".infra-lintignore", "hidden/\n");
    write(root, ".ignore", "good/\n");
    write(root, ".infra-lint.toml", "fail-on = \"never\"\n");
    let r = run(root, &[]);
    assert_eq!(r.code, 0, "the tree switches its own gate off without --isolated");
    let r = run(root, &["--isolated"]);
    assert_eq!(r.code, 1);
    assert!(findings_in(&r, "good/main.tf") >= 1 && findings_in(&r, "hidden/main.tf") >= 1, "{}", r.json["summary"]);
}

#[test]
fn tracked_files_are_scanned_despite_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| Command::new("git").current_dir(root).args(args).output();
    if git(&["init", "-q"]).map(|o| !o.status.success()).unwrap_or(true) {
        return; // git is not available: nothing to check.
    }
    write(root, "good/main.tf", GOOD_TF);
    write(root, "infra/main.tf", GOOD_TF);
    git(&["add", "-A"]).unwrap();
    write(root, ".gitignore", "infra/\n");
    let r = run(root, &[]);
    assert!(findings_in(&r, "infra/main.tf") >= 1, "a tracked file is scanned: {}", r.json["summary"]);
}

#[test]
fn text_output_carries_no_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    #[cfg(unix)]
    write(root, "a\n::stop-commands::tok/main.tf", GOOD_TF);
    write(root, "b/main.tf", GOOD_TF.replace("\"ssh\"", "\"x\n::error file=a::pwned\""));
    let out = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(root)
        .args([".", "--fail-open", "--color", "never"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines().chain(String::from_utf8_lossy(&out.stderr).lines()) {
        assert!(!line.trim_start().starts_with("::"), "raw workflow command: {line}");
    }
}

#[test]
fn rego_sandbox_denies_unbounded_builtins_and_gathers_prints() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    write(
        root,
        "policy/expand.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  x := net.cidr_expand(\"0.0.0.0/0\")\n  msg := sprintf(\"%d\", [count(x)])\n}\n",
    );
    write(
        root,
        "policy/clock.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  time.now_ns() > 0\n  msg := \"t\"\n}\n",
    );
    write(
        root,
        "policy/talk.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  print(\"hi\")\n  false\n  msg := \"\"\n}\n",
    );
    let r = run(root, &["--policy", "policy"]);
    check(&r, Duration::from_secs(30));
    let codes = diag_codes_for(&r, "policy/");
    assert!(codes.iter().filter(|c| *c == "rego-sandbox").count() == 2, "{codes:?}");
}

#[test]
fn findings_per_file_are_capped_with_a_counted_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    let lines: String = (0..6500).map(|i| format!("DATABASE_PASSWORD_{i}=hunter2hunter{i}\n")).collect();
    write(root, "bad/.env", lines);
    let r = run(root, &[]);
    check(&r, Duration::from_secs(30));
    assert_eq!(r.code, 1);
    let cap = infra_lint::core::limits::MAX_FINDINGS_PER_FILE;
    assert_eq!(findings_in(&r, "bad/.env"), cap, "the file's findings are capped");
    assert!(findings_in(&r, "good/main.tf") > 0, "the good file's findings are kept");
    let d = r.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "findings-capped")
        .expect("a findings-capped diagnostic");
    assert_eq!(d["path"].as_str().unwrap().trim_start_matches("./"), "bad/.env");
    let dropped: usize = d["message"].as_str().unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(dropped > 1000, "{d}");
}

#[test]
fn rego_memory_bombs_are_refused_and_relaxing_the_sandbox_is_visible() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", GOOD_TF);
    write(
        root,
        "policy/range.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  n := count(numbers.range(1, 4000000000))\n  msg := sprintf(\"%d\", [n])\n}\n",
    );
    write(
        root,
        "policy/width.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  msg := sprintf(\"%0999999999d\", [1])\n}\n",
    );
    write(
        root,
        "policy/clock.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  time.now_ns() < 0\n  msg := \"t\"\n}\n",
    );
    let r = run(root, &["--policy", "policy"]);
    check(&r, Duration::from_secs(30));
    let refused: Vec<String> = r.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "rego-sandbox")
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(diag_codes_for(&r, "policies").iter().all(|c| c != "rego-sandbox-relaxed"));
    // A trusted configuration re-enables the clock: the policy loads, and every output says so.
    write(root, "trusted.toml", "[policy]\nallow-builtins = [\"time.now_ns\"]\n");
    let r = run(root, &["--policy", "policy", "--config", "trusted.toml"]);
    check(&r, Duration::from_secs(30));
    let refused = r.json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "rego-sandbox").count();
    assert_eq!(refused, 2, "{}", r.json["diagnostics"]);
    let relaxed = r.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "rego-sandbox-relaxed")
        .expect("a visible rego-sandbox-relaxed warning");
    assert!(relaxed["message"].as_str().unwrap().contains("time.now_ns"), "{relaxed}");
    // The tree's own configuration cannot relax the sandbox of an isolated gate.
    write(root, ".infra-lint.toml", "[policy]\nallow-builtins = [\"time.now_ns\"]\n");
    let r = run(root, &["--policy", "policy", "--isolated"]);
    let refused = r.json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "rego-sandbox").count();
    assert_eq!(refused, 3);
}

/// Run the binary like [`run`], sampling its peak resident memory (`VmHWM`) while it runs.
fn run_measuring_memory(root: &Path, extra: &[&str]) -> (Run, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_infra-lint"))
        .current_dir(root)
        .args([".", "--format", "json", "--output", "report.json"])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = std::fs::read_to_string(root.join("report.json")).unwrap_or_default();
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (Run { code: status.code().unwrap_or(-1), json, stdout, elapsed }, peak_kib * 1024)
}

#[test]
fn rego_string_doubling_hits_the_memory_budget_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Several good files: policies run on them in parallel with the bomb, which must not take
    // the blame for it.
    write(root, "good/main.tf", GOOD_TF);
    for i in 0..7 {
        write(root, &format!("good{i}/main.tf"), GOOD_TF);
    }
    // Each rule doubles the one before: s40 would be 16 TiB.
    let mut bomb = String::from("package bomb\nimport rego.v1\ns0 := \"xxxxxxxxxxxxxxxx\"\n");
    for i in 0..40 {
        bomb.push_str(&format!("s{} := concat(\"\", [s{i}, s{i}])\n", i + 1));
    }
    bomb.push_str("deny contains msg if {\n  count(s40) > 0\n  msg := \"doubled\"\n}\n");
    write(root, "policy/double.rego", bomb);
    // A well-behaved policy next to it still reports.
    write(
        root,
        "policy/kept.rego",
        "package main\nimport rego.v1\ndeny contains msg if {\n  input.resource.aws_security_group_rule\n  msg := \"security group rule seen\"\n}\n",
    );
    let (r, peak) = run_measuring_memory(root, &["--policy", "policy", "--all-namespaces"]);
    check(&r, Duration::from_secs(30));
    if cfg!(target_os = "linux") {
        assert!(peak > 0 && peak < 1024 * 1024 * 1024, "peak resident memory {peak} bytes");
    }
    let budget: Vec<&serde_json::Value> =
        r.json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "rego-budget").collect();
    assert!(!budget.is_empty(), "no rego-budget diagnostic: {}", r.json["diagnostics"]);
    for d in &budget {
        assert!(d["path"].as_str().unwrap().ends_with("policy/double.rego"), "{d}");
        assert!(d["message"].as_str().unwrap().contains("memory limit"), "{d}");
    }
    let kept = r.json["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == "policy/main/deny").count();
    assert_eq!(kept, 8, "the well-behaved policy's findings are lost: {}", r.json["diagnostics"]);
}
