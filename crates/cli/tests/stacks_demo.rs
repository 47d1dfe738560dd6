//! The mixed-stack monorepo (`testdata/stacks-demo`: Fly, Railway, Vercel, Workers, nginx and
//! Terraform) reports each marked problem exactly once, at its line, with the environment its
//! file (or its part of the file) belongs to, and nothing else: no finding on placeholders,
//! references or development files.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use infra_lint::{Config, Environment, Scanner, Severity};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/stacks-demo")
}

/// `(path, line) → rule` from `expect:` markers and the `EXPECT` file.
fn expected(root: &Path) -> BTreeMap<(String, u32), String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            if rel.ends_with(".md") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            if rel == "EXPECT" {
                for l in text.lines().filter(|l| !l.trim().is_empty()) {
                    let (path, line) = l.rsplit_once(':').unwrap();
                    out.insert((path.to_owned(), line.parse().unwrap()), String::new());
                }
                continue;
            }
            for (i, l) in text.lines().enumerate() {
                if let Some(pos) = l.find("expect: ") {
                    let id = l[pos + 8..].split_whitespace().next().unwrap().to_owned();
                    out.insert((rel.clone(), u32::try_from(i + 1).unwrap()), id);
                }
            }
        }
    }
    out
}

#[test]
fn each_problem_once_at_its_line() {
    let root = root();
    let report = Scanner::new(Config::default()).scan(&root).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let mut got: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
    for f in &report.findings {
        let path = f.location.path.strip_prefix(&root).unwrap_or(&f.location.path).to_string_lossy().replace('\\', "/");
        got.entry((path, f.location.start_line)).or_default().push(f.rule_id.clone());
    }
    let want = expected(&root);
    // Every marked line has exactly one finding, of the marked rule (JSON lines: any rule).
    for ((path, line), id) in &want {
        let rules = got.get(&(path.clone(), *line)).unwrap_or_else(|| panic!("nothing reported at {path}:{line}"));
        assert_eq!(rules.len(), 1, "{path}:{line} reported {rules:?}");
        if !id.is_empty() {
            assert_eq!(&rules[0], id, "{path}:{line}");
        }
    }
    // Nothing else: no finding on an unmarked line (placeholders, references, dev files).
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(extra.is_empty(), "unexpected findings at {extra:?}");
    // Every format of the stack took part.
    for dir in ["apps/api/", "apps/web/", "apps/worker/", "workers/edge/", "deploy/nginx/", "infra/"] {
        assert!(got.keys().any(|(p, _)| p.starts_with(dir)), "no finding under {dir}");
    }
    assert!(!got.keys().any(|(p, _)| p.contains("sandbox") || p.contains(".dev.")), "development files reported");
}

#[test]
fn weighted_by_environment() {
    let root = root();
    let report = Scanner::new(Config::default()).scan(&root).unwrap();
    let find = |path: &str, rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.location.path.to_string_lossy().replace('\\', "/").ends_with(path))
            .unwrap_or_else(|| panic!("{rule} in {path}"))
    };
    // The production part of the wrangler file is production; its top level is not.
    let jwt = find("workers/edge/wrangler.jsonc", "hardcoded-secret");
    assert_eq!(jwt.environment, Environment::Production);
    let route = find("workers/edge/wrangler.jsonc", "wrangler-route-no-rate-limit");
    assert_eq!(route.environment, Environment::Production);
    // Railway's production override is production, and the missing health check is high there.
    let hc = find("apps/worker/railway.toml", "railway-no-healthcheck");
    assert_eq!((hc.environment, hc.severity), (Environment::Production, Severity::High));
    // The fly app name says production.
    assert_eq!(find("apps/api/fly.toml", "fly-https-not-forced").environment, Environment::Production);
    // Secrets are masked in every message.
    for f in &report.findings {
        assert!(!f.message.contains("sk_live_Wq3E") && !f.message.contains("Zp4Lk9Qw"), "{}", f.message);
    }
}

#[test]
fn sarif_and_json_carry_the_new_formats() {
    let report = Scanner::new(Config::default()).scan(&root()).unwrap();
    let json = report.to_json().unwrap();
    for id in
        ["vercel-open-redirect", "nginx-alias-traversal", "wrangler-route-no-rate-limit", "railway-no-healthcheck"]
    {
        assert!(json.contains(id), "{id} missing from JSON");
    }
    let sarif = report.to_sarif().unwrap();
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let uris: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.iter().any(|u| u.ends_with("wrangler.jsonc")), "{uris:?}");
    assert!(uris.iter().any(|u| u.ends_with("nginx.conf")), "{uris:?}");
}
