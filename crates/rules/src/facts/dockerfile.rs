//! Cross-format facts from dockerfile documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::{SecretCandidate, SecretContext, Service, ServiceOrigin};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::dockerfile::*;

/// Add this document's cross-format facts: one [`Service`] for the final stage, and a
/// [`SecretCandidate`] for every `ENV` value and `ARG` default.
pub fn collect_facts(file: &ParsedFile, doc: &Dockerfile, facts: &mut Facts) {
    let path = file.source.path_str();
    if let Some(stage) = doc.final_stage() {
        let root = doc.root_stage(stage);
        let from_span = doc.instructions.get(stage.from).map_or(stage.image.span, |i| i.span);
        facts.services.push(Service {
            name: stage.name.as_ref().map_or_else(|| path.clone(), |n| format!("{path}#{}", n.value)),
            origin: ServiceOrigin::Dockerfile,
            span: from_span,
            image: Some((root.image.value.clone(), root.image.span)),
            user: doc.effective_user(stage).map(|u| (u.value.clone(), u.span)),
            ports: Vec::new(),
            privileged: None,
            cap_add: Vec::new(),
            mounts: Vec::new(),
            host_network: None,
        });
    }
    for instr in &doc.instructions {
        let context = match instr.keyword.as_str() {
            "ENV" => SecretContext::DockerfileEnv,
            "ARG" => SecretContext::DockerfileArg,
            _ => continue,
        };
        let stage = match instr.stage.and_then(|i| doc.stages.get(i)) {
            Some(s) => s.name.as_ref().map_or_else(|| s.index.to_string(), |n| n.value.clone()),
            None => "global".to_string(),
        };
        for kv in &instr.pairs {
            let (Some(value), Some(value_span)) = (&kv.value, kv.value_span) else { continue };
            facts.secrets.push(SecretCandidate {
                key: kv.key.clone(),
                key_span: kv.key_span,
                value: value.clone(),
                value_span,
                context,
                example: file.example,
                is_reference: crate::secret_detect::is_reference(value),
                path: format!("{path}:{stage}:{}:{}", instr.keyword, kv.key),
            });
        }
    }
}
