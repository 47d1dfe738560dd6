//! The command line's contract: unknown rule ids are errors with a did-you-mean, a closed pipe
//! ends quietly, results do not depend on the working directory, `--min-severity` is separate
//! from `--fail-on`, `--quiet`, `--also-write`, shell completions, severity aliases, and
//! `--repo-context` / `--report-only-for` (pre-commit: report on the staged files, scan with their
//! repository's context).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    let mut c = Command::cargo_bin("infra-lint").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// A compose file whose only findings are `n` `invalid-suppression`s (medium).
fn invalid_suppressions(n: usize) -> String {
    let mut s = String::from("services:\n  app:\n    image: nginx:1.27\n");
    for i in 0..n {
        s.push_str(&format!("    # infra-lint: ignore[invalid-suppression]\n    label{i}: x\n"));
    }
    s
}

/// (path, line, rule, fingerprint) of the active findings of a JSON report.
fn findings(v: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null() || f["suppressed"] == false)
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_owned(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_owned(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn unknown_rule_ids_are_errors_with_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(1));
    for flag in ["--select", "--ignore"] {
        bin()
            .current_dir(tmp.path())
            .args([flag, "public-databse"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("error: unknown rule `public-databse`"))
            .stderr(predicate::str::contains("did you mean `public-database`?"));
    }
    // Prefix patterns must match some rule too; `*` always does.
    bin().current_dir(tmp.path()).args(["--select", "zz-*"]).assert().code(2);
    bin().current_dir(tmp.path()).args(["--ignore", "*", "--fail-on", "low"]).assert().code(0);
    bin().current_dir(tmp.path()).args(["--select", "invalid-*", "--fail-on", "low"]).assert().code(1);

    for config in
        ["[severity]\npublic-databse = \"low\"\n", "[per-path-ignores]\n\"infra/**\" = [\"public-databse\"]\n"]
    {
        write(tmp.path(), ".infra-lint.toml", config);
        bin()
            .current_dir(tmp.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown rule `public-databse`"))
            .stderr(predicate::str::contains(".infra-lint.toml"))
            .stderr(predicate::str::contains("did you mean `public-database`?"));
    }
    // A correct configuration is accepted.
    write(
        tmp.path(),
        ".infra-lint.toml",
        "[severity]\npublic-database = \"low\"\n[per-path-ignores]\n\"x/**\" = [\"*\"]\n",
    );
    bin().current_dir(tmp.path()).assert().code(0);
}

#[test]
fn closed_stdout_pipe_ends_quietly() {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command as Std, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    // About 2000 findings: far more text than a pipe buffer holds.
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(2000));
    for format in ["text", "json", "sarif", "github"] {
        let mut child = Std::new(assert_cmd::cargo::cargo_bin("infra-lint"))
            .args([".", "--format", format, "--fail-on", "never"])
            .current_dir(tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader is dropped here: `| head -1`.
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn results_do_not_depend_on_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, ".infra-lint.toml", "[per-path-ignores]\n\"infra/legacy/**\" = [\"invalid-suppression\"]\n");
    write(root, "infra/app/docker-compose.yml", &invalid_suppressions(2));
    write(root, "infra/legacy/docker-compose.yml", &invalid_suppressions(3));
    let run = |cwd: &Path, path: &str, extra: &[&str]| {
        let out = bin()
            .current_dir(cwd)
            .args([path, "--format", "json", "--select", "invalid-suppression", "--fail-on", "never"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        findings(&json_of(&out.stdout))
    };
    let from_root = run(root, "infra", &[]);
    assert_eq!(from_root.len(), 2, "the per-path ignore applies: {from_root:#?}");
    assert!(from_root.iter().all(|f| f.0 == "infra/app/docker-compose.yml"), "{from_root:#?}");
    // The same from inside the tree: paths, the ignore glob and fingerprints are the same.
    assert_eq!(run(&root.join("infra"), ".", &[]), from_root);
    assert_eq!(run(&root.join("infra/app"), "..", &[]), from_root);

    // `--var-file` is a path from the working directory, wherever that is.
    write(
        root,
        "infra/db/main.tf",
        "variable \"public\" {\n  default = false\n}\n\nresource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  instance_class      = \"db.t3.micro\"\n  publicly_accessible = var.public\n}\n",
    );
    write(root, "infra/extra/public.tfvars", "public = true\n");
    let public = |cwd: &Path, path: &str, var_file: &str| {
        let out = bin()
            .current_dir(cwd)
            .args([
                path,
                "--format",
                "json",
                "--select",
                "public-database",
                "--fail-on",
                "never",
                "--var-file",
                var_file,
            ])
            .output()
            .unwrap();
        findings(&json_of(&out.stdout)).into_iter().map(|f| (f.0, f.1)).collect::<Vec<_>>()
    };
    let expected = vec![("infra/db/main.tf".to_owned(), 8)];
    assert_eq!(public(root, "infra", "infra/extra/public.tfvars"), expected);
    assert_eq!(public(&root.join("infra"), ".", "extra/public.tfvars"), expected);
    assert_eq!(public(&root.join("infra/db"), "..", "../extra/public.tfvars"), expected);

    // A baseline written from the root applies from a subdirectory (and vice versa).
    let baseline = root.join("baseline.json");
    bin()
        .current_dir(root)
        .args(["infra", "--select", "invalid-suppression", "--write-baseline"])
        .arg(&baseline)
        .assert()
        .code(0);
    assert!(run(&root.join("infra"), ".", &["--baseline", "../baseline.json"]).is_empty());
    // Output files are still relative to the working directory.
    bin()
        .current_dir(root.join("infra/app"))
        .args([".", "--format", "sarif", "--output", "out.sarif", "--fail-on", "never"])
        .assert()
        .code(0);
    assert!(root.join("infra/app/out.sarif").is_file());
}

#[test]
fn min_severity_filters_the_report_and_fail_on_decides_the_exit() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(1));
    let sel = ["--select", "invalid-suppression"];
    // The medium finding is reported and fails at --fail-on medium (alias `warning`).
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "warning"]).assert().code(1);
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "error"]).assert().code(0);
    bin().current_dir(tmp.path()).args(sel).args(["--fail-on", "note"]).assert().code(1);
    // Above --min-severity only: the finding is not reported, so it does not fail either.
    let out = bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--min-severity", "high", "--fail-on", "low", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(findings(&json_of(&out.stdout)).is_empty());
    let out = bin()
        .current_dir(tmp.path())
        .args(sel)
        .args(["--min-severity", "warning", "--fail-on", "never", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(findings(&json_of(&out.stdout)).len(), 1);
    bin().current_dir(tmp.path()).args(["--min-severity", "urgent"]).assert().code(2);
}

#[test]
fn severity_aliases_in_the_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(1));
    write(tmp.path(), ".infra-lint.toml", "fail-on = \"error\"\n[severity]\ninvalid-suppression = \"error\"\n");
    let out = bin().current_dir(tmp.path()).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out.stdout);
    assert_eq!(v["findings"][0]["severity"], "high");
    write(tmp.path(), ".infra-lint.toml", "fail-on = \"warning\"\n[severity]\ninvalid-suppression = \"note\"\n");
    bin().current_dir(tmp.path()).assert().code(0);
}

#[test]
fn quiet_prints_nothing_when_clean() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", "services:\n  app:\n    image: nginx:1.27\n");
    bin().current_dir(tmp.path()).args(["--quiet"]).assert().code(0).stdout("").stderr("");
    bin().current_dir(tmp.path()).assert().code(0).stdout(predicate::str::contains("No findings"));
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(1));
    bin()
        .current_dir(tmp.path())
        .args(["-q", "--fail-on", "medium"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("invalid-suppression"));
}

#[test]
fn also_write_renders_every_format_from_one_scan() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(3));
    bin()
        .current_dir(tmp.path())
        .args(["--format", "github", "--fail-on", "never"])
        .args(["--also-write", "sarif=out/r.sarif", "--also-write", "json=r.json", "--also-write", "text=r.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write report to"));
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["--format", "github", "--fail-on", "never"])
        .args(["--also-write", "sarif=out/r.sarif", "--also-write", "json=r.json", "--also-write", "text=r.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.starts_with("::warning")).count(), 3);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/r.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(findings(&json).len(), 3);
    assert!(std::fs::read_to_string(tmp.path().join("r.txt")).unwrap().contains("3 findings"));
    bin().args(["--also-write", "yaml=x"]).assert().code(2).stderr(predicate::str::contains("FORMAT=FILE"));
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        bin()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("infra-lint"))
            .stdout(predicate::str::contains("min-severity"));
    }
    bin().args(["completions", "tcsh"]).assert().code(2);
}

/// The example: committing the first migration alone must not report `missing-rls` for
/// a table a later migration protects; only findings in the given files are reported.
#[test]
fn repo_context_reports_the_given_files_with_the_whole_tree_as_context() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(
        root,
        "supabase/migrations/20240101000000_init.sql",
        "create table todos (id bigint primary key, owner uuid, task text);\n\
         create table posts (id bigint primary key, author uuid, body text);\n",
    );
    write(
        root,
        "supabase/migrations/20240201000000_rls.sql",
        "alter table todos enable row level security;\n\
         create policy \"own todos\" on todos using (auth.uid() = owner);\n",
    );
    write(root, "docker-compose.yml", &invalid_suppressions(1));
    let staged = "supabase/migrations/20240101000000_init.sql";
    let report = |cwd: &Path, args: &[&str]| {
        let out = bin().current_dir(cwd).args(["--format", "json", "--fail-on", "never"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        findings(&json_of(&out.stdout)).into_iter().map(|f| (f.0, f.1, f.2)).collect::<Vec<_>>()
    };
    // Without context, the staged migration alone: both tables look unprotected.
    let alone = report(root, &["--select", "missing-rls", staged]);
    assert_eq!(alone.len(), 2, "{alone:#?}");
    // With the repository as context: only `posts`, which no migration protects.
    let with_context = report(root, &["--repo-context", staged]);
    assert_eq!(with_context, vec![(staged.to_owned(), 2, "missing-rls".to_owned())]);
    // The same from a subdirectory (pre-commit runs hooks from the root, editors may not).
    let sub = root.join("supabase");
    assert_eq!(report(&sub, &["--repo-context", "migrations/20240101000000_init.sql"]), with_context);
    // The explicit form: scan the tree, report only for the given paths.
    assert_eq!(report(root, &[".", "--report-only-for", staged]), with_context);
    assert_eq!(report(root, &["--report-only-for", "supabase"]), with_context);
    // The compose file's finding shows when it is staged, and nothing when only the RLS file is.
    assert_eq!(report(root, &["--repo-context", "docker-compose.yml"]).len(), 1);
    assert!(report(root, &["--repo-context", "supabase/migrations/20240201000000_rls.sql"]).is_empty());
    // `--quiet` for hooks: a clean commit prints nothing.
    bin()
        .current_dir(root)
        .args(["--repo-context", "--quiet", "supabase/migrations/20240201000000_rls.sql"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

/// Code scanning ranks each alert by its result's own `security-severity` (the finding's
/// effective severity), not by the rule's default.
#[test]
fn sarif_results_carry_their_own_security_severity() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", &invalid_suppressions(1));
    write(tmp.path(), ".infra-lint.toml", "[severity]\ninvalid-suppression = \"critical\"\n");
    let out = bin().current_dir(tmp.path()).args(["--format", "sarif", "--fail-on", "never"]).output().unwrap();
    let sarif = json_of(&out.stdout);
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "invalid-suppression")
        .unwrap()["properties"];
    assert_eq!(rule["security-severity"], "5.5");
    let result = &sarif["runs"][0]["results"][0]["properties"];
    assert_eq!(result["severity"], "critical");
    assert_eq!(result["security-severity"], "9.5");
}

/// `--select`/`--ignore` may name a peer scanner's check id that a rule answers (its aliases);
/// `[severity]` and `[per-path-ignores]` take infra-lint ids and say which one to write.
#[test]
fn peer_ids_are_known_where_they_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "policies/custom.rego",
        "# METADATA\n# title: Test check\n# custom:\n#   id: test-aliased\n#   severity: low\n#   formats: [compose]\n#   aliases: [CKV_TEST_1]\npackage infra_lint.rules.test_aliased\n\nimport rego.v1\n\ndeny contains res if {\n\tfalse\n\tres := {}\n}\n",
    );
    write(tmp.path(), "docker-compose.yml", "services:\n  app:\n    image: nginx:1.27\n");
    let policy = ["--policy", "policies"];
    bin().current_dir(tmp.path()).args(policy).args(["--select", "CKV_TEST_1"]).assert().code(0);
    bin().current_dir(tmp.path()).args(policy).args(["--ignore", "ckv_test_1"]).assert().code(0);
    bin().current_dir(tmp.path()).args(["--select", "CKV_TEST_1"]).assert().code(2);
    write(tmp.path(), ".infra-lint.toml", "[severity]\nCKV_TEST_1 = \"high\"\n");
    bin()
        .current_dir(tmp.path())
        .args(policy)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `CKV_TEST_1` in `[severity]`"))
        .stderr(predicate::str::contains("write infra-lint's id `test-aliased` here"));
}
