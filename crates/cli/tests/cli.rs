//! The `infra-lint` binary end to end: exit codes, `--fail-on`, `--select`/`--ignore`,
//! configuration errors, subcommands, suppression and baseline round trips, and secret masking.
//! Tests that need a real rule to fire use whatever rule of the pack flags the planted token in
//! `testdata/output/.env.production`, and skip (with a note) while no rule does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const SECRET: &str = "q7Xv2LmP9sKd4RtW8yBn3HcZ6fJg1Ae5";

fn bin() -> Command {
    let mut c = Command::cargo_bin("infra-lint").unwrap();
    c.env_remove("NO_COLOR");
    c
}

fn output_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/output")
}

/// A directory whose only finding is an `invalid-suppression` (medium), whatever rules exist.
fn medium_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("docker-compose.yml"),
        "services:\n  app:\n    image: nginx:1.27\n    # infra-lint: ignore[invalid-suppression]\n    restart: always\n",
    )
    .unwrap();
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

#[test]
fn exit_codes_follow_fail_on() {
    let tmp = medium_tree();
    let sel = ["--select", "invalid-suppression"];
    bin().current_dir(tmp.path()).args(sel).assert().code(0).stdout(predicate::str::contains("invalid-suppression"));
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "medium"]).assert().code(1);
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "low"]).assert().code(1);
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "high"]).assert().code(0);
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "never"]).assert().code(0);
    bin()
        .current_dir(tmp.path())
        .args(["--fail-on", "sometimes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: invalid value 'sometimes'"))
        .stderr(predicate::str::ends_with("help: run `infra-lint --help` to see every option\n"));
    bin().arg("--version").assert().code(0).stdout(predicate::str::starts_with("infra-lint "));
    bin().current_dir(tmp.path()).args(["--format", "yaml"]).assert().code(2);
    bin().arg("/definitely/not/here").assert().code(2).stderr(predicate::str::contains("help:"));
}

#[test]
fn fail_on_from_config_and_flag_override() {
    let tmp = medium_tree();
    std::fs::write(tmp.path().join(".infra-lint.toml"), "fail-on = \"medium\"\nselect = [\"invalid-suppression\"]\n")
        .unwrap();
    bin().current_dir(tmp.path()).assert().code(1);
    bin().current_dir(tmp.path()).args(["--fail-on", "critical"]).assert().code(0);
}

#[test]
fn broken_or_missing_policies_exit_2() {
    let tmp = medium_tree();
    bin()
        .current_dir(tmp.path())
        .args(["--policy", "no-such-dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-dir"))
        .stderr(predicate::str::contains("help:"));
    let pol = tmp.path().join("policies");
    std::fs::create_dir(&pol).unwrap();
    std::fs::write(pol.join("broken.rego"), "package main\n\ndeny contains msg if {\n  this is not rego\n").unwrap();
    let out = bin().current_dir(tmp.path()).args(["--policy", "policies", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out.stdout);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["level"] == "error" && d["path"].as_str().unwrap().contains("broken.rego")),
        "{v}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("help:"));
}

#[test]
fn select_and_ignore() {
    let tmp = medium_tree();
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "json", "--fail-on", "never", "--select", "invalid-suppression"])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let ids: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["invalid-suppression"]);
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "json", "--ignore", "invalid-suppression", "--select", "invalid-suppression"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)["findings"].as_array().unwrap().len(), 0);
    bin()
        .current_dir(tmp.path())
        .args(["--select", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: unknown rule `no-such-rule`"));
}

#[test]
fn config_errors_point_at_the_key() {
    let tmp = medium_tree();
    std::fs::write(
        tmp.path().join(".infra-lint.toml"),
        "select = []\n\n[severity]\nx = \"high\"\n[secrets]\n  alow = []\n",
    )
    .unwrap();
    bin()
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".infra-lint.toml:6:3:"))
        .stderr(predicate::str::contains("alow"))
        .stderr(predicate::str::contains("\nhelp: "));
    // Found from a subdirectory too (upward search), and --config wins.
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    bin().current_dir(tmp.path()).arg("sub").assert().code(2);
    std::fs::write(tmp.path().join("ok.toml"), "fail-on = \"never\"\n").unwrap();
    bin().current_dir(tmp.path()).args(["--config", "ok.toml"]).assert().code(0);
    bin()
        .current_dir(tmp.path())
        .args(["--config", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("help:"));
    bin().current_dir(tmp.path()).args(["--config", "ok.toml", "--env", "moon=x"]).assert().code(2);
    bin().current_dir(tmp.path()).args(["--config", "ok.toml", "--var", "novalue"]).assert().code(2);
}

#[test]
fn every_format_and_output_file() {
    let tmp = medium_tree();
    let sel = ["--select", "invalid-suppression"];
    let out = bin().current_dir(tmp.path()).args(sel).args(["--format", "sarif"]).output().unwrap();
    let sarif = json_of(&out.stdout);
    assert_eq!(sarif["version"], "2.1.0");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(4), Some(5)));
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docker-compose.yml"
    );
    bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--format", "github"])
        .assert()
        .stdout(predicate::str::starts_with("::warning file=docker-compose.yml,line=4,col=5,"));
    bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--format", "text"])
        .assert()
        .stdout(predicate::str::contains("--> docker-compose.yml:4:5"))
        .stdout(predicate::str::contains("\x1b[").not());
    bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--format", "json", "--output", "r.json"])
        .assert()
        .code(0)
        .stdout("");
    let v = json_of(&std::fs::read(tmp.path().join("r.json")).unwrap());
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["medium"], 1);
}

#[test]
fn paths_are_relative_to_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("deploy/local");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(medium_tree().path().join("docker-compose.yml"), sub.join("docker-compose.yml")).unwrap();
    let abs = tmp.path().join("deploy").display().to_string();
    for arg in ["deploy", "./deploy/", "deploy/local/docker-compose.yml", abs.as_str()] {
        let out = bin()
            .current_dir(tmp.path())
            .args(["--select", "invalid-suppression", "--format", "json", arg])
            .output()
            .unwrap();
        let v = json_of(&out.stdout);
        assert_eq!(v["findings"][0]["location"]["path"], "deploy/local/docker-compose.yml", "for {arg}");
    }
    // One path outside the working directory: paths relative to it.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = bin()
        .current_dir(&elsewhere)
        .args(["--select", "invalid-suppression", "--format", "sarif"])
        .arg(tmp.path().join("deploy"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let loc = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(loc["uri"], "local/docker-compose.yml");
    assert_eq!(loc["uriBaseId"], "%SRCROOT%");
}

#[test]
fn env_globs_from_flag_and_config() {
    let tmp = medium_tree();
    let env_of = |args: &[&str]| {
        let out = bin()
            .current_dir(tmp.path())
            .args(["--select", "invalid-suppression", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        json_of(&out.stdout)["findings"][0]["environment"].as_str().unwrap().to_owned()
    };
    assert_eq!(env_of(&[]), "unknown");
    assert_eq!(env_of(&["--env", "staging=docker-compose.yml"]), "staging");
    assert_eq!(env_of(&["--env", "production=*.yml"]), "production");
    std::fs::write(tmp.path().join(".infra-lint.toml"), "[env]\ntest = [\"docker-*.yml\"]\n").unwrap();
    assert_eq!(env_of(&[]), "test");
}

#[test]
fn a_directory_named_like_a_subcommand() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(medium_tree().path().join("docker-compose.yml"), rules.join("docker-compose.yml")).unwrap();
    let scan = |arg: &[&str]| {
        let out = bin()
            .current_dir(tmp.path())
            .args(["--select", "invalid-suppression", "--format", "json"])
            .args(arg)
            .output()
            .unwrap();
        json_of(&out.stdout)["findings"][0]["location"]["path"].as_str().map(str::to_owned)
    };
    assert_eq!(scan(&["./rules"]).as_deref(), Some("rules/docker-compose.yml"));
    assert_eq!(scan(&["--", "rules"]).as_deref(), Some("rules/docker-compose.yml"));
    // Bare `rules` is the subcommand.
    bin().current_dir(tmp.path()).arg("rules").assert().code(0).stdout(predicate::str::contains("RULE"));
}

#[test]
fn rules_and_explain() {
    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    let v = json_of(&out.stdout);
    let rules = v.as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "invalid-suppression"));
    for r in rules {
        assert!(r["docs"].as_str().unwrap().contains("## What it does"), "{}", r["id"]);
        for key in ["id", "severity", "formats", "summary"] {
            assert!(r[key].is_string() || r[key].is_array(), "{key} of {}", r["id"]);
        }
        assert!(r["aliases"].is_array(), "aliases of {}", r["id"]);
    }
    bin()
        .args(["rules", "--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("| [`invalid-suppression`](docs/rules/invalid-suppression.md) | medium |"));
    bin()
        .args(["explain", "invalid-suppression"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## What it does"))
        .stdout(predicate::str::contains("Severity: medium"));
    bin()
        .args(["explain", "suppression"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: unknown rule `suppression`"))
        .stderr(predicate::str::contains("help: did you mean invalid-suppression?"));
}

#[test]
fn broken_pipe_exits_zero() {
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("infra-lint"))
        .args(["rules", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Scan a copy of `testdata/output` as JSON; the rule ids that flag the planted token's line.
fn secret_rules(dir: &Path) -> Vec<String> {
    secret_rules_at(dir, 3)
}

/// Rules flagging `.env.production` at `line` (audit mode: inline suppressions ignored).
fn secret_rules_at(dir: &Path, line: u64) -> Vec<String> {
    let out = bin()
        .current_dir(dir)
        .args(["--format", "json", "--fail-on", "never", "--no-inline-suppressions"])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["location"]["path"] == ".env.production" && f["location"]["start_line"] == line)
        .map(|f| f["rule_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn no_format_prints_the_planted_secret() {
    let dir = output_dir();
    for format in ["text", "json", "sarif", "github"] {
        for extra in [&[][..], &["--no-inline-suppressions", "--show-suppressed"][..]] {
            let out =
                bin().current_dir(&dir).args(["--format", format, "--fail-on", "never"]).args(extra).output().unwrap();
            let all = [out.stdout, out.stderr].concat();
            let text = String::from_utf8_lossy(&all);
            assert!(
                !text.contains(SECRET) && !text.contains(&SECRET[..8]),
                "{format} {extra:?} prints the secret:\n{text}"
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("b.json");
    bin().current_dir(&dir).arg("--write-baseline").arg(&b).assert().code(0);
    assert!(!std::fs::read_to_string(&b).unwrap().contains(&SECRET[..8]));
}

#[test]
fn suppression_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&output_dir(), tmp.path());
    let ids = secret_rules(tmp.path());
    let Some(id) = ids.first() else {
        eprintln!("skipping: no rule of the pack flags the planted token yet");
        return;
    };
    let env = tmp.path().join(".env.production");
    let text = std::fs::read_to_string(&env).unwrap();
    let commented = text.replace(
        "PAYMENTS_API_TOKEN=",
        &format!("# infra-lint: ignore[{}] rotated, test account only\nPAYMENTS_API_TOKEN=", ids.join(",")),
    );
    std::fs::write(&env, commented).unwrap();
    let out = bin().current_dir(tmp.path()).args(["--format", "sarif", "--fail-on", "never"]).output().unwrap();
    let sarif = json_of(&out.stdout);
    let on_line: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["ruleId"] == id.as_str()
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".env.production"
        })
        .collect();
    assert!(!on_line.is_empty());
    for r in on_line {
        assert_eq!(r["suppressions"][0]["kind"], "inSource");
        assert_eq!(r["suppressions"][0]["justification"], "rotated, test account only");
    }
    // Audit mode brings it back (one line lower: the suppression comment was inserted above it).
    assert_eq!(secret_rules_at(tmp.path(), 4), ids);
}

#[test]
fn baseline_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&output_dir(), tmp.path());
    let b = tmp.path().join("baseline.json");
    bin()
        .current_dir(tmp.path())
        .arg("--write-baseline")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("baseline"));
    let baseline = json_of(&std::fs::read(&b).unwrap());
    assert_eq!(baseline["version"], 1);
    // With the baseline nothing is new.
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "json", "--fail-on", "low", "--baseline"])
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v = json_of(&out.stdout);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["baselined"], baseline["findings"].as_array().unwrap().len());

    // Move lines and add a new problem: only the new one is reported.
    if secret_rules(tmp.path()).is_empty() {
        eprintln!("skipping the second half: no rule of the pack flags the planted token yet");
        return;
    }
    let env = tmp.path().join(".env.production");
    let text = std::fs::read_to_string(&env).unwrap();
    std::fs::write(&env, format!("\n\n{text}")).unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "json", "--fail-on", "low", "--baseline"])
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)["findings"].as_array().unwrap().len(), 0, "moved lines must stay baselined");
    std::fs::write(&env, format!("{text}BILLING_API_TOKEN=Zr4Tq8LmW2xPv6NcK9bHs3YdJ7gF5aE1\n")).unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "json", "--fail-on", "never", "--baseline"])
        .arg(&b)
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let new: Vec<u64> =
        v["findings"].as_array().unwrap().iter().map(|f| f["location"]["start_line"].as_u64().unwrap()).collect();
    assert!(!new.is_empty() && new.iter().all(|l| *l == 5), "{new:?}");
    bin()
        .current_dir(tmp.path())
        .args(["--baseline", "nope.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn timings_go_to_standard_error_and_leave_the_report_alone() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/demo");
    let plain = bin().arg(&demo).args(["--format", "json", "--fail-on", "never"]).output().unwrap();
    let timed = bin().arg(&demo).args(["--format", "json", "--fail-on", "never", "--timings"]).output().unwrap();
    assert_eq!(plain.stdout, timed.stdout, "--timings must not change the report");
    let err = String::from_utf8_lossy(&timed.stderr);
    for phase in ["walk", "read", "parse", "terraform", "facts", "rules", "policies", "resolve", "output", "total"] {
        assert!(
            err.lines().any(|l| l.trim_start().starts_with(phase) && l.contains(" ms")),
            "no {phase} line in:\n{err}"
        );
    }
    // The demo has Terraform roots; the slowest are listed by directory.
    assert!(err.contains("slowest Terraform roots (of "), "{err}");
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("timings"), "timings only when asked");
}

#[test]
fn rules_filter_by_peer_id_and_provider() {
    let ids = |args: &[&str]| -> Vec<String> {
        let out = bin().args(args).output().unwrap();
        json_of(&out.stdout).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
    };
    // A Checkov id and a Trivy id (any case, with or without AVD-) name the rule that answers them.
    assert_eq!(ids(&["rules", "--format", "json", "--peer", "CKV_AWS_17"]), vec!["public-database"]);
    assert_eq!(ids(&["rules", "--format", "json", "--peer", "avd-aws-0180"]), vec!["public-database"]);
    let hetzner = ids(&["rules", "--format", "json", "--provider", "hetzner"]);
    assert!(!hetzner.is_empty() && hetzner.iter().all(|id| id.starts_with("hetzner-")), "{hetzner:?}");
    let aws = ids(&["rules", "--format", "json", "--provider", "aws"]);
    assert!(aws.len() > 100 && aws.contains(&"public-database".to_owned()));
    assert!(ids(&["rules", "--format", "json", "--peer", "CKV_NOPE_1"]).is_empty());
}
