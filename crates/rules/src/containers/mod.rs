//! Rules of the `containers` family: Dockerfile hygiene that matters for security — the user
//! the image runs as, pinned base images, remote `ADD`, piping downloads into a shell and
//! secrets passed as build args.

mod add_remote_url;
mod container_root_user;
mod curl_pipe_shell;
mod secret_in_build_arg;
mod unpinned_base_image;

pub use add_remote_url::AddRemoteUrl;
pub use container_root_user::ContainerRootUser;
pub use curl_pipe_shell::CurlPipeShell;
pub use secret_in_build_arg::SecretInBuildArg;
pub use unpinned_base_image::UnpinnedBaseImage;

use infra_lint_core::discover::FileKind;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::dockerfile::{Dockerfile, Stage};
use infra_lint_core::parse::Document;
use infra_lint_core::Model;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(ContainerRootUser),
        Box::new(UnpinnedBaseImage),
        Box::new(AddRemoteUrl),
        Box::new(CurlPipeShell),
        Box::new(SecretInBuildArg),
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
