//! Cross-format facts from workflow documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::{CiCloudAuth, SecretCandidate, SecretContext};
use infra_lint_core::base::env;
use infra_lint_core::base::source::{SourceFile, Span};
use infra_lint_core::model::{Environment, ParsedFile};
use infra_lint_core::syntax::workflow::*;

/// Env keys that carry long-lived cloud keys: (key, cloud).
const STATIC_ENV_KEYS: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "aws"),
    ("AWS_SECRET_ACCESS_KEY", "aws"),
    ("ARM_CLIENT_SECRET", "azure"),
    ("AZURE_CLIENT_SECRET", "azure"),
    ("GOOGLE_CREDENTIALS", "gcp"),
];

/// Add this document's cross-format facts: how jobs authenticate to clouds, and every
/// `env:`/`with:` value as a secret candidate.
pub fn collect_facts(file: &ParsedFile, doc: &Workflow, facts: &mut Facts) {
    let file_prod = env::from_path(&file.path).env == Environment::Production;
    let job_prod = |job: Option<&Job>| {
        file_prod
            || job
                .and_then(|j| j.environment.as_ref())
                .is_some_and(|e| Environment::from_name(&e.value) == Some(Environment::Production))
    };
    let job_name = |job: Option<&Job>| job.map_or_else(|| "runs".to_owned(), |j| j.id.clone());

    // env blocks: workflow, job and step level
    let mut env_blocks: Vec<(Option<&Job>, String, &[WfEntry])> = vec![(None, "env".to_owned(), &doc.env)];
    for j in &doc.jobs {
        env_blocks.push((Some(j), format!("jobs.{}.env", j.id), &j.env));
    }
    for (j, s) in doc.all_steps() {
        let prefix = j.map_or_else(|| "runs.steps".to_owned(), |j| format!("jobs.{}.steps", j.id));
        env_blocks.push((j, format!("{prefix}[{}].env", s.index), &s.env));
    }
    for (job, path, entries) in &env_blocks {
        // one static-key fact per env block and cloud
        let mut seen_clouds: Vec<&str> = Vec::new();
        for e in *entries {
            if let Some((_, cloud)) = STATIC_ENV_KEYS.iter().find(|(k, _)| e.key == *k) {
                if e.value.as_deref().is_some_and(credible_key) && !seen_clouds.contains(cloud) {
                    seen_clouds.push(cloud);
                    facts.ci_auth.push(CiCloudAuth {
                        cloud: (*cloud).to_owned(),
                        static_keys: true,
                        method: format!("{} in env", e.key),
                        span: e.span(),
                        job: job_name(*job),
                        production: job_prod(*job),
                    });
                }
            }
            push_secret(file, facts, e, SecretContext::WorkflowEnv, format!("{path}.{}", e.key));
        }
    }

    for j in &doc.jobs {
        for e in j.with.iter().chain(&j.secrets) {
            push_secret(file, facts, e, SecretContext::WorkflowWith, format!("jobs.{}.with.{}", j.id, e.key));
        }
    }
    for (job, step) in doc.all_steps() {
        let prefix = job.map_or_else(|| "runs.steps".to_owned(), |j| format!("jobs.{}.steps", j.id));
        for e in &step.with {
            push_secret(
                file,
                facts,
                e,
                SecretContext::WorkflowWith,
                format!("{prefix}[{}].with.{}", step.index, e.key),
            );
        }
        let found = step_auth(step).or_else(|| step_key_inputs(step));
        if let Some(auth) = found {
            facts.ci_auth.push(CiCloudAuth { job: job_name(job), production: job_prod(job), ..auth });
        }
        if let Some(run) = &step.run {
            for auth in script_auth(&file.source, run) {
                // keys already reported from an `env:` block visible to this step are the same keys
                let dup = facts.ci_auth.iter().any(|a| {
                    a.static_keys
                        && a.cloud == auth.cloud
                        && (a.job == job_name(job) || a.job == "runs")
                        && a.span.file == auth.span.file
                });
                if !dup {
                    facts.ci_auth.push(CiCloudAuth { job: job_name(job), production: job_prod(job), ..auth });
                }
            }
        }
    }
}

/// Long-lived keys handed to an action that is not a known login action, through inputs named
/// like AWS keys (`aws_access_key_id`, `aws-secret-access-key`) or a Google service-account key
/// (`service_account_key`, the input of `setup-gcloud` before OIDC).
fn step_key_inputs(step: &Step) -> Option<CiCloudAuth> {
    let action = step.action()?;
    step.with.iter().find_map(|e| {
        let key = e.key.to_ascii_lowercase().replace('-', "_");
        let cloud = match key.as_str() {
            "aws_access_key_id" | "aws_secret_access_key" => "aws",
            "service_account_key" => "gcp",
            _ => return None,
        };
        e.value.as_deref().filter(|v| credible_key(v))?;
        Some(CiCloudAuth {
            cloud: cloud.to_owned(),
            static_keys: true,
            method: format!("{action} with {}", e.key),
            span: e.span(),
            job: String::new(),
            production: false,
        })
    })
}

/// Logins with long-lived keys inside a `run:` script: `aws configure set aws_access_key_id …`
/// (with a variable or secret, not an emulator's dummy), `gcloud auth activate-service-account`
/// (always a key file) and `az login --service-principal` without `--federated-token`.
/// Spans cover the command's line in the source.
pub(crate) fn script_auth(src: &SourceFile, run: &Script) -> Vec<CiCloudAuth> {
    let text = src.slice(run.span);
    let mut out: Vec<CiCloudAuth> = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let words: Vec<&str> = line.split_whitespace().collect();
        // a command sequence at command position (line start, after `&&`, `;`, `sudo` …)
        let has = |seq: &[&str]| {
            words.windows(seq.len()).enumerate().position(|(i, w)| {
                w == seq
                    && i.checked_sub(1).and_then(|p| words.get(p)).is_none_or(|prev| {
                        matches!(*prev, "&&" | "||" | ";" | "|" | "then" | "do" | "sudo" | "-") || prev.ends_with(';')
                    })
            })
        };
        let found = if let Some(i) = has(&["aws", "configure", "set"]) {
            let key = words.get(i + 3).map(|k| k.to_ascii_lowercase());
            let value = words.get(i + 4).copied().unwrap_or("");
            let keyish = key
                .as_deref()
                .is_some_and(|k| k.ends_with("aws_access_key_id") || k.ends_with("aws_secret_access_key"));
            (keyish && (value.contains('$') || credible_key(value)))
                .then_some(("aws", "`aws configure set` with access keys in a run script"))
        } else if has(&["gcloud", "auth", "activate-service-account"]).is_some() {
            Some(("gcp", "`gcloud auth activate-service-account` with a key file in a run script"))
        } else if has(&["az", "login"]).is_some()
            && words.contains(&"--service-principal")
            && !words.iter().any(|w| w.starts_with("--federated-token"))
        {
            Some(("azure", "`az login --service-principal` with a secret in a run script"))
        } else {
            None
        };
        let Some((cloud, method)) = found else { continue };
        if out.iter().any(|a| a.cloud == cloud) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let begin = run.span.start as usize + start + lead;
        // the command, without a trailing shell comment
        let command = line.trim().split(" #").next().unwrap_or("").trim_end();
        out.push(CiCloudAuth {
            cloud: cloud.to_owned(),
            static_keys: true,
            method: method.to_owned(),
            span: Span::new(run.span.file, begin, begin + command.len()),
            job: String::new(),
            production: false,
        });
    }
    out
}

/// Whether an env value plausibly holds real cloud keys: taken from `secrets.`/`vars.`/`inputs.`,
/// or shaped like an AWS access key id. Dummy values for local emulators (`test`, `minioadmin`)
/// are not cloud authentication.
fn credible_key(value: &str) -> bool {
    let v = value.trim();
    v.contains("secrets.")
        || v.contains("vars.")
        || v.contains("inputs.")
        || v.starts_with("AKIA")
        || v.starts_with("ASIA")
}

fn push_secret(file: &ParsedFile, facts: &mut Facts, e: &WfEntry, context: SecretContext, path: String) {
    let Some(value) = &e.value else { return };
    facts.secrets.push(SecretCandidate {
        key: e.key.clone(),
        key_span: e.key_span,
        value: value.clone(),
        value_span: e.value_span,
        context,
        example: file.example,
        is_reference: is_pure_expression(value),
        path,
    });
}

/// Cloud login through a well-known action (job and production filled in by the caller).
pub(crate) fn step_auth(step: &Step) -> Option<CiCloudAuth> {
    let action = step.action()?;
    let given = |k: &str| step.input(k).filter(|e| e.value.as_deref().is_some_and(|v| !v.trim().is_empty()));
    let mk = |cloud: &str, static_keys: bool, method: String, span: Span| CiCloudAuth {
        cloud: cloud.to_owned(),
        static_keys,
        method,
        span,
        job: String::new(),
        production: false,
    };
    let step_span = step.uses.as_ref().map_or(step.span, |u| u.span);
    match action.as_str() {
        "aws-actions/configure-aws-credentials" => {
            if let Some(e) = given("aws-access-key-id").or_else(|| given("aws-secret-access-key")) {
                Some(mk("aws", true, format!("{action} with {}", e.key), e.span()))
            } else if let Some(e) = given("role-to-assume") {
                Some(mk("aws", false, format!("{action} with role-to-assume (OIDC)"), e.span()))
            } else {
                Some(mk("aws", false, format!("{action} (no keys given)"), step_span))
            }
        }
        "google-github-actions/auth" => {
            if let Some(e) = given("credentials_json") {
                Some(mk("gcp", true, format!("{action} with credentials_json"), e.span()))
            } else {
                given("workload_identity_provider")
                    .map(|e| mk("gcp", false, format!("{action} with workload_identity_provider (OIDC)"), e.span()))
            }
        }
        "azure/login" => {
            if let Some(e) = given("creds") {
                Some(mk("azure", true, format!("{action} with creds"), e.span()))
            } else {
                given("client-id")
                    .or_else(|| given("tenant-id"))
                    .map(|e| mk("azure", false, format!("{action} with client-id (OIDC)"), e.span()))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use infra_lint_core::base::source::FileId;
    use infra_lint_core::syntax::workflow::{parse, Script};
    use proptest::prelude::*;

    const WF: &str = "on: push
jobs:
  up:
    runs-on: ubuntu-latest
    steps:
      - run: |
          aws configure set region eu-west-1
          aws configure set aws_access_key_id ${{ secrets.KEY }} # the key
          echo \"gcloud auth activate-service-account is documented\"
      - run: sudo az login --service-principal -u a -p \"$P\" --tenant t && az group list
      - run: az login --service-principal -u a --tenant t --federated-token \"$T\"
      - run: aws configure set aws_access_key_id test
";

    #[test]
    fn script_logins_and_their_spans() {
        let src = SourceFile::new(FileId(0), ".github/workflows/up.yml", WF);
        let (doc, _) = parse(&src);
        let doc = doc.unwrap();
        let runs: Vec<&Script> = doc.all_steps().filter_map(|(_, s)| s.run.as_ref()).collect();
        let found: Vec<Vec<(String, String, u32, u32)>> = runs
            .iter()
            .map(|r| {
                script_auth(&src, r)
                    .into_iter()
                    .map(|a| {
                        let lc = src.start(a.span);
                        (a.cloud, src.slice(a.span).to_owned(), lc.line, lc.col)
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            found[0],
            [("aws".to_owned(), "aws configure set aws_access_key_id ${{ secrets.KEY }}".to_owned(), 8, 11)]
        );
        assert_eq!(found[1].len(), 1);
        assert_eq!((found[1][0].0.as_str(), found[1][0].2, found[1][0].3), ("azure", 10, 14));
        assert!(found[2].is_empty(), "federated token is OIDC");
        assert!(found[3].is_empty(), "emulator dummy key");
    }

    #[test]
    fn step_auth_kinds() {
        let text = "jobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${{ secrets.K }}\n      - uses: google-github-actions/auth@v2\n        with:\n          workload_identity_provider: x\n      - uses: azure/login@v2\n        with:\n          creds: ${{ secrets.AZ }}\n";
        let (_, wf, _) = parse_at(text);
        let auths: Vec<_> = wf.jobs[0].steps.iter().filter_map(step_auth).map(|a| (a.cloud, a.static_keys)).collect();
        assert_eq!(auths, [("aws".to_owned(), true), ("gcp".to_owned(), false), ("azure".to_owned(), true)]);
    }

    fn parse_at(text: &str) -> (SourceFile, infra_lint_core::syntax::workflow::Workflow, ()) {
        let src = SourceFile::new(FileId(0), "w.yml", text);
        let (doc, _) = parse(&src);
        (src, doc.unwrap(), ())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Logins found in mutated scripts always point inside the file.
        #[test]
        fn script_auth_spans_stay_in_the_file(pos in 0usize..WF.len(), len in 0usize..12, ins in "[-:{}\\[\\]&*|>'\"$ \\n\\tx]{0,8}") {
            let mut t = WF.to_owned();
            let start = (0..=pos.min(t.len())).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
            let end = (start + len).min(t.len());
            let end = (end..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(t.len());
            t.replace_range(start..end, &ins);
            let src = SourceFile::new(FileId(0), ".github/workflows/x.yml", t.as_str());
            if let (Some(doc), _) = parse(&src) {
                for (_, s) in doc.all_steps() {
                    if let Some(r) = &s.run {
                        for a in script_auth(&src, r) {
                            prop_assert!(a.span.end as usize <= t.len());
                        }
                    }
                }
            }
        }
    }
}
