//! Rules of the `containers` family: Dockerfile hygiene that matters for security — the user
//! the image runs as, pinned base images, remote `ADD`, piping downloads into a shell and
//! secrets passed as build args.

mod add_instead_of_copy;
mod add_remote_url;
mod apt_dist_upgrade;
mod apt_get_install_recommends;
mod apt_get_missing_yes;
mod apt_in_dockerfile;
mod cmd_shell_form;
mod container_root_user;
mod copy_from_own_stage;
mod copy_multiple_sources_no_slash;
mod curl_and_wget;
mod curl_pipe_shell;
mod deprecated_maintainer;
mod duplicate_instruction;
mod duplicate_stage_name;
mod expose_port_out_of_range;
mod exposed_ssh_port;
pub(crate) mod local_images;
pub(crate) mod missing_healthcheck;
mod package_cache_not_cleaned;
mod package_update_alone;
mod password_in_run;
mod run_cd;
mod run_pipe_without_pipefail;
mod run_with_sudo;
mod secret_in_build_arg;
pub(crate) mod shell;
mod unpinned_base_image;
mod verification_disabled;
mod workdir_not_absolute;
mod workdir_system_dir;

pub use add_remote_url::AddRemoteUrl;
pub use container_root_user::ContainerRootUser;
pub use curl_pipe_shell::CurlPipeShell;
pub use secret_in_build_arg::SecretInBuildArg;
pub use unpinned_base_image::UnpinnedBaseImage;

use infra_lint_core::discover::FileKind;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::dockerfile::{Dockerfile, Stage};
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model, Span};

use crate::rule::{Rule, RuleMeta};

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(ContainerRootUser),
        Box::new(UnpinnedBaseImage),
        Box::new(AddRemoteUrl),
        Box::new(CurlPipeShell),
        Box::new(SecretInBuildArg),
        Box::new(add_instead_of_copy::AddInsteadOfCopy),
        Box::new(apt_dist_upgrade::AptDistUpgrade),
        Box::new(apt_get_install_recommends::AptGetInstallRecommends),
        Box::new(apt_get_missing_yes::AptGetMissingYes),
        Box::new(apt_in_dockerfile::AptInDockerfile),
        Box::new(copy_from_own_stage::CopyFromOwnStage),
        Box::new(copy_multiple_sources_no_slash::CopyMultipleSourcesNoSlash),
        Box::new(curl_and_wget::CurlAndWget),
        Box::new(deprecated_maintainer::DeprecatedMaintainer),
        Box::new(duplicate_instruction::DuplicateInstruction),
        Box::new(duplicate_stage_name::DuplicateStageName),
        Box::new(expose_port_out_of_range::ExposePortOutOfRange),
        Box::new(exposed_ssh_port::ExposedSshPort),
        Box::new(missing_healthcheck::MissingHealthcheck),
        Box::new(package_cache_not_cleaned::PackageCacheNotCleaned),
        Box::new(package_update_alone::PackageUpdateAlone),
        Box::new(password_in_run::PasswordInRun),
        Box::new(run_cd::RunCd),
        Box::new(run_pipe_without_pipefail::RunPipeWithoutPipefail),
        Box::new(run_with_sudo::RunWithSudo),
        Box::new(workdir_not_absolute::WorkdirNotAbsolute),
        Box::new(workdir_system_dir::WorkdirSystemDir),
        Box::new(cmd_shell_form::CmdShellForm),
        Box::new(verification_disabled::VerificationDisabled),
    ]
}

/// Every parsed Dockerfile of the model.
pub(crate) fn dockerfiles(model: &Model) -> impl Iterator<Item = (&ParsedFile, &Dockerfile)> {
    model.files_of(FileKind::Dockerfile).filter_map(|f| match &f.doc {
        Some(Document::Dockerfile(d)) => Some((f, d)),
        _ => None,
    })
}

/// A stage's label for messages and fingerprints: its `AS` name or its index.
pub(crate) fn stage_label(stage: &Stage) -> String {
    stage.name.as_ref().map_or_else(|| format!("stage {}", stage.index), |n| n.value.clone())
}

/// Push a finding of `meta` at `span`, severity weighted by the file's environment.
pub(crate) fn emit(
    out: &mut Vec<Finding>,
    model: &Model,
    meta: &RuleMeta,
    span: Span,
    msg: String,
    fix: &str,
    key: String,
) {
    let env = model.env_of(span);
    out.push(Finding::new(meta.id, meta.severity.weigh(env), span, msg).fix(fix).key(key).env(env));
}

/// Every `RUN` instruction of a Dockerfile with its simple commands.
pub(crate) fn runs<'a>(
    model: &'a Model,
    doc: &'a Dockerfile,
) -> impl Iterator<Item = (&'a infra_lint_core::parse::dockerfile::Instruction, Vec<shell::ShCommand>)> + 'a {
    doc.instructions.iter().filter(|i| i.keyword == "RUN").map(move |i| (i, shell::commands(model, i)))
}
