//! Recall and false positives against labelled cases from other scanners' test suites
//! (`../shared/corpus/labeled/`): `cargo run --release -p infra-lint-benches --bin recall [-- -v]`.
//!
//! Each case folder holds input files and `expected.json` (`theme`, `platform`, `expect: [{file, line}]`,
//! `negative`). Files are scanned in memory under a path that gives them their platform's format
//! (a workflow case file becomes `.github/workflows/<name>`), with every native rule on. A positive
//! case is *found* when a rule of its theme reports at an expected line (any line of the file when
//! the label has none; for labels that name a resource header, anywhere inside that resource);
//! line recall counts expected lines hit; a label on the header of a YAML block scalar
//! (`run: |`) is hit by a finding on a line of that scalar. A negative case is a false positive
//! when a rule that answers its labelled check (a rule whose aliases name the case's
//! `source_id`) reports anything — or, when no rule names it, any rule of its theme (for the
//! theme `other`, checks none of our rules targets specifically, any finding);
//! `--strict-negatives` always judges negatives by the theme's rules. Platforms we do not scan
//! (Kubernetes) are listed as n/a.
//!
//! Cases labelled for a stricter persona (`zizmor_args`) are scanned with `[ci] pedantic` on.
//! Inline suppressions in the files (`# zizmor: ignore[…]`, `# infra-lint: ignore[…]`) apply as
//! in a real scan. A workflow case's `dependabot.yml` is read from `.github/` (where Dependabot
//! reads it), its `.pre-commit-config.yaml` / `.yml` from the repository root (where pre-commit
//! reads it).
//!
//! Options: `--source NAME` (one source, e.g. `zizmor`), `--default-only` (skip cases labelled
//! for a non-default persona), `--near N` (credit findings up to N lines away), `-v` (missed cases and lines),
//! `--root DIR` (read the cases from DIR: either a tree of sources like `labeled/`, or one source's
//! folder whose subfolders are the cases, e.g. a set of cases kept outside the repository);
//! `INFRA_LINT_LABELED=DIR` does the same as `--root DIR`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use infra_lint_core::source::path_to_slash;

fn theme_rules(theme: &str) -> &'static [&'static str] {
    match theme {
        // Checkov files its "security group open to the world" checks here; ours is open-admin-port.
        "public-db" => &["public-database", "open-admin-port"],
        // workflow secrets handed out wholesale (`secrets: inherit`, `toJSON(secrets)`) belong here too
        "secret" => &[
            "hardcoded-secret",
            "tfvars-secret",
            "env-example-secret",
            "secrets-inherit",
            "secrets-overexposed",
            "secret-fromjson-unmasked",
            // zizmor files artipacked (the token left in .git/config) under secrets
            "checkout-persist-credentials",
            "container-credentials-hardcoded",
            // secrets read outside a protected environment (zizmor's secrets-outside-env)
            "secrets-outside-environment",
        ],
        // zizmor files its `github-env` and `dangerous-triggers` audits under injection: our rules
        // for them are separate.
        "workflow-injection" => {
            &["workflow-injection", "github-env-injection", "dangerous-trigger", "dangerous-checkout"]
        }
        "unpinned-action" => &["unpinned-action"],
        "workflow-permissions" => &["workflow-permissions"],
        // sudo in a build (Trivy DS-0010) is filed under running as root too
        "container-root" => &["container-root-user", "run-with-sudo", "compose-root-user"],
        "unpinned-image" => &["unpinned-base-image"],
        "privileged/docker-socket" => &["privileged-container", "docker-socket-mount"],
        // long-lived registry tokens instead of OIDC trusted publishing belong here too
        "oidc-static-keys" => &["static-cloud-credentials", "oidc-trust-unrestricted", "registry-token-publish"],
        // Checks of other scanners that none of ours targets specifically: any finding counts.
        "other" => &["*"],
        _ => &[],
    }
}

fn virtual_path(platform: &str, name: &str) -> Option<PathBuf> {
    let direct = infra_lint_core::discover::classify(Path::new(name), None).is_some();
    match platform {
        "github-workflow" if matches!(name, "dependabot.yml" | "dependabot.yaml") => {
            Some(PathBuf::from(".github").join(name))
        }
        // pre-commit reads its configuration from the repository root.
        "github-workflow" if matches!(name, ".pre-commit-config.yaml" | ".pre-commit-config.yml") => {
            Some(PathBuf::from(name))
        }
        "github-workflow" => Some(PathBuf::from(".github/workflows").join(name)),
        "github-action" => Some(PathBuf::from(if direct { name.to_owned() } else { "action.yml".to_owned() })),
        "dockerfile" => Some(PathBuf::from(if direct { name.to_owned() } else { format!("{name}.Dockerfile") })),
        "compose" => Some(PathBuf::from(if direct { name.to_owned() } else { "docker-compose.yml".to_owned() })),
        "terraform" => direct.then(|| PathBuf::from(name)),
        _ => None,
    }
}

/// When the 1-based `line` is the header of a YAML block scalar (`run: |`, `- script: >-`), the
/// last line of its content: a label on the header names the whole scalar (peers point at the
/// `run:` of a step, we at the offending line of its script), so a finding inside it hits the
/// label.
fn block_scalar_end(text: &str, line: u64) -> Option<u64> {
    let lines: Vec<&str> = text.lines().collect();
    let header = *lines.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let body = header.split(" #").next().unwrap_or(header).trim_end();
    let (key, indicator) = body.rsplit_once(':')?;
    let indicator = indicator.trim();
    let key = key.trim_start().trim_start_matches("- ");
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !is_key || !(indicator.starts_with('|') || indicator.starts_with('>')) {
        return None;
    }
    let key_indent = header.len() - header.trim_start().len()
        + (header.trim_start().len() - header.trim_start().trim_start_matches("- ").len());
    let mut end = line;
    for (l, n) in lines.iter().zip(1u64..).skip(usize::try_from(line).ok()?) {
        if l.trim().is_empty() {
            continue;
        }
        if l.len() - l.trim_start().len() <= key_indent {
            break;
        }
        end = n;
    }
    (end > line).then_some(end)
}

/// The 1-based line of the next top-level block header after `line` (or past the end).
fn block_end(text: &str, line: u64) -> u64 {
    const HEADERS: [&str; 7] = ["resource ", "data ", "module ", "variable ", "output ", "locals ", "provider "];
    text.lines()
        .zip(1u64..)
        .skip_while(|(_, n)| *n <= line)
        .find(|(l, _)| HEADERS.iter().any(|h| l.starts_with(h)))
        .map_or(u64::MAX, |(_, n)| n)
}

/// Whether `dir` is one source's folder: some subfolder of it is a case (holds `expected.json`).
fn is_source(dir: &Path) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| e.path().join("expected.json").is_file())
}

#[derive(Default)]
struct Tally {
    pos: usize,
    found: usize,
    lines: usize,
    lines_hit: usize,
    neg: usize,
    fp: usize,
    unsupported: usize,
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let args: Vec<String> = std::env::args().collect();
    // `--root DIR` (or INFRA_LINT_LABELED) reads the cases from elsewhere.
    let root = args
        .iter()
        .position(|a| a == "--root")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("INFRA_LINT_LABELED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/labeled")));
    // `--source NAME` measures one source's cases only (e.g. `zizmor`).
    let only = args.iter().position(|a| a == "--source").and_then(|i| args.get(i + 1)).cloned();
    // `--default-only` skips cases labelled for another persona (`zizmor_args` with
    // `--pedantic`, `--persona=auditor` …): what a default run should find.
    let default_only = args.iter().any(|a| a == "--default-only");
    // `--strict-negatives`: a negative case fires on any finding of its theme's rules, not only
    // on the rules that answer its labelled check.
    let strict_negatives = args.iter().any(|a| a == "--strict-negatives");
    // `--near N` credits a finding up to N lines from the labelled line (peers point at the
    // step or block, we at the offending value): a convention-agnostic view, off by default.
    let near: u64 =
        args.iter().position(|a| a == "--near").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(0);
    if !root.is_dir() {
        eprintln!("{} not found: nothing to measure", root.display());
        return;
    }
    let rules = infra_lint_rules::registry::all();
    let aliases: Vec<(&str, Vec<String>)> =
        rules.iter().map(|r| (r.meta().id, r.meta().aliases.iter().map(|a| (*a).to_owned()).collect())).collect();
    let peers = infra_lint_core::suppress::PeerIds::new(aliases.iter().map(|(id, a)| (*id, a.as_slice())));
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    // Per rule: labelled lines it found (in themes it is mapped to), and negatives it fired on.
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // A root whose subfolders are cases (they hold `expected.json`) is one source by itself.
    let single = is_source(&root);
    let mut sources: Vec<PathBuf> = if single {
        vec![root.clone()]
    } else {
        std::fs::read_dir(&root).into_iter().flatten().flatten().map(|e| e.path()).collect()
    };
    sources.sort();
    for src in sources.iter().filter(|p| p.is_dir()) {
        if !single && only.as_deref().is_some_and(|o| src.file_name().is_none_or(|n| n != o)) {
            continue;
        }
        let mut cases: Vec<PathBuf> =
            std::fs::read_dir(src).into_iter().flatten().flatten().map(|e| e.path()).collect();
        cases.sort();
        for case in cases.iter().filter(|p| p.is_dir()) {
            let Ok(text) = std::fs::read_to_string(case.join("expected.json")) else { continue };
            let Ok(exp) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
            let persona = exp["zizmor_args"].as_array().is_some_and(|a| !a.is_empty());
            if default_only && persona {
                continue;
            }
            let theme = exp["theme"].as_str().unwrap_or("other").to_owned();
            let platform = exp["platform"].as_str().unwrap_or("");
            let negative = exp["negative"].as_bool().unwrap_or(false);
            let t = tallies.entry(format!("{theme} / {platform}")).or_default();
            let wanted = theme_rules(&theme);
            // Load the case's files under virtual paths.
            let mut mem = Vec::new();
            let mut back: BTreeMap<String, String> = BTreeMap::new();
            let mut texts: BTreeMap<String, String> = BTreeMap::new();
            for e in std::fs::read_dir(case).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name == "expected.json" || !e.path().is_file() {
                    continue;
                }
                let Some(vp) = virtual_path(platform, &name) else { continue };
                let Ok(contents) = std::fs::read(e.path()) else { continue };
                texts.insert(name.clone(), String::from_utf8_lossy(&contents).into_owned());
                back.insert(path_to_slash(&vp), name);
                mem.push(MemoryFile { path: vp, contents });
            }
            if mem.is_empty() || wanted.is_empty() {
                t.unsupported += 1;
                continue;
            }
            // A case labelled for a stricter persona (`--pedantic`, `--persona=pedantic|auditor`)
            // is scanned with the pedantic workflow rules on (`[ci] pedantic`).
            let mut opts = LoadOptions::default();
            if persona {
                if let Ok(cfg) =
                    infra_lint_core::config::Config::parse("[ci]\npedantic = true\n", Path::new(".infra-lint.toml"))
                {
                    opts.settings = cfg.rule_settings();
                }
            }
            let model = load_memory(mem, &opts);
            let findings = infra_lint_rules::run(&model, &rules);
            // Inline suppressions, as a scan applies them.
            let findings =
                infra_lint_core::suppress::apply_with_peers(&model, findings, &|_| true, &|_| true, &peers).active;
            let hits: Vec<(String, u32, String)> = findings
                .iter()
                .filter(|f| wanted == ["*"] || wanted.contains(&f.rule_id.as_str()))
                .map(|f| {
                    let loc = model.locate(f.span);
                    let p = path_to_slash(&loc.path);
                    (back.get(&p).cloned().unwrap_or(p), loc.start_line, f.rule_id.clone())
                })
                .collect();
            if negative {
                // A negative case says the labelled check stays quiet: judged on the rules that
                // answer it (their aliases name its `source_id`), or on the theme's rules when no
                // rule names it; `--strict-negatives` always uses the theme's rules.
                let source_id = exp["source_id"].as_str().unwrap_or("");
                let answering: Vec<&str> =
                    aliases.iter().filter(|(_, a)| a.iter().any(|x| x == source_id)).map(|(id, _)| *id).collect();
                let hits: Vec<_> = if strict_negatives || answering.is_empty() {
                    hits
                } else {
                    hits.into_iter().filter(|(_, _, r)| answering.contains(&r.as_str())).collect()
                };
                t.neg += 1;
                if !hits.is_empty() {
                    t.fp += 1;
                    let fired: std::collections::BTreeSet<&str> = hits.iter().map(|(_, _, r)| r.as_str()).collect();
                    for r in fired {
                        per_rule.entry(r.to_owned()).or_default().1 += 1;
                    }
                    if verbose {
                        eprintln!("FP   {}: {:?}", case.display(), hits);
                    }
                }
                continue;
            }
            t.pos += 1;
            let expect = exp["expect"].as_array().cloned().unwrap_or_default();
            let mut any = false;
            let mut missed: Vec<String> = Vec::new();
            // Resource-granular labels (the line of a resource header) are hit by a finding inside
            // that resource: at or after the header and before the next top-level block.
            let resource_level = exp["label_granularity"].as_str().is_some_and(|g| g.starts_with("resource"));
            for e in &expect {
                let file = e["file"].as_str().unwrap_or("");
                let hit = match e["line"].as_u64() {
                    Some(line) if resource_level => {
                        let end = block_end(texts.get(file).map_or("", String::as_str), line);
                        hits.iter().find(|(f, l, _)| {
                            let l = u64::from(*l);
                            f == file && l >= line && l < end
                        })
                    }
                    Some(line) => {
                        let text = texts.get(file).map_or("", String::as_str);
                        let scalar = block_scalar_end(text, line);
                        hits.iter().find(|(f, l, _)| {
                            let l = u64::from(*l);
                            f == file && (l.abs_diff(line) <= near || scalar.is_some_and(|end| l > line && l <= end))
                        })
                    }
                    None => hits.iter().find(|(f, _, _)| f == file),
                };
                t.lines += 1;
                if hit.is_none() {
                    missed.push(format!("{file}:{}", e["line"]));
                }
                if let Some((_, _, rule)) = hit {
                    t.lines_hit += 1;
                    any = true;
                    if wanted != ["*"] {
                        per_rule.entry(rule.clone()).or_default().0 += 1;
                    }
                }
            }
            if any {
                t.found += 1;
                if verbose && !missed.is_empty() {
                    eprintln!("PART {}: missed {}, got {:?}", case.display(), missed.join(" "), hits);
                }
            } else if verbose {
                eprintln!("MISS {}: expected {:?}, got {:?}", case.display(), expect, hits);
            }
        }
    }
    println!("{:<42} {:>9} {:>12} {:>9}", "theme / platform", "cases", "line recall", "neg FP");
    let (mut p, mut f, mut n, mut fp) = (0, 0, 0, 0);
    for (k, t) in &tallies {
        if t.pos + t.neg == 0 {
            println!("{k:<42} {:>9} {:>12} {:>9}", format!("({} n/a)", t.unsupported), "", "");
            continue;
        }
        p += t.pos;
        f += t.found;
        n += t.neg;
        fp += t.fp;
        println!(
            "{k:<42} {:>9} {:>12} {:>9}",
            format!("{}/{}", t.found, t.pos),
            format!("{}/{}", t.lines_hit, t.lines),
            format!("{}/{}", t.fp, t.neg)
        );
    }
    println!("{:<42} {:>9} {:>12} {:>9}", "total (themes we cover)", format!("{f}/{p}"), "", format!("{fp}/{n}"));
    println!();
    println!("{:<42} {:>12} {:>9}", "rule", "lines found", "neg FP");
    for (rule, (lines, fp)) in &per_rule {
        println!("{rule:<42} {lines:>12} {fp:>9}");
    }
}
