//! The rule interface: metadata (id, severity, formats, docs) and a pure `check` over the model.

use infra_lint_core::discover::FileKind;
use infra_lint_core::{FileId, Finding, Model, Severity};

/// A rule's metadata. The documentation is the rule's own doc comment (see [`crate::declare_rule`]).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable id (`public-database`); never reused.
    pub id: &'static str,
    /// PascalCase name (`PublicDatabase`), used as SARIF `rules[].name`.
    pub name: &'static str,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Default severity (before environment weighting and config overrides).
    pub severity: Severity,
    /// Formats it looks at.
    pub formats: &'static [FileKind],
    /// Tags (`security`, `secrets`, `ci` …).
    pub tags: &'static [&'static str],
    /// SARIF precision: `very-high`, `high`, `medium`, `low`.
    pub precision: &'static str,
    /// Raw doc comment text (each line with the leading space rustdoc keeps).
    pub docs_raw: &'static str,
    /// Peer check ids this rule answers (`AVD-AWS-0080`, `CKV_AWS_17`, zizmor's `template-injection`,
    /// Splinter's `0013_rls_disabled_in_public`, hadolint's `DL3002`, CIS controls …). Peer
    /// suppression comments and `--select`/`ignore` by peer id resolve through them.
    pub aliases: &'static [&'static str],
}

impl RuleMeta {
    /// The documentation as markdown (doc comment without its one-space indent).
    #[must_use]
    pub fn docs(&self) -> String {
        // Table checks assemble their docs from parts, without rustdoc's one-space indent.
        if !self.docs_raw.starts_with(' ') && !self.docs_raw.starts_with('\n') && !self.docs_raw.is_empty() {
            return self.docs_raw.trim().to_owned() + "\n";
        }
        let mut out = String::new();
        for line in self.docs_raw.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_owned() + "\n"
    }
}

/// A native rule. Rules are pure: no I/O, no globals; they read the model and push findings.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Check the model, pushing findings (with environment-weighted severities) into `out`.
    fn check(&self, model: &Model, out: &mut Vec<Finding>);
    /// The rule as [`std::any::Any`], so a runner can recognise rule kinds it batches (the
    /// declarative table checks run in one pass dispatched by resource type, see [`crate::run`]).
    /// Rules other than table checks keep the default.
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }

    /// Files this rule reads together beyond one directory, so a sharded scan of a large
    /// repository keeps them in one shard and reports what a whole scan reports. Most rules keep
    /// the default: none.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        &[]
    }

    /// Check one file of the model (an editor re-checking the file being edited): the findings
    /// located in `file`. Cross-file rules still see the whole model. The default runs
    /// [`Rule::check`] and keeps that file's findings; a rule that only reads one file at a
    /// time may override it to skip the others.
    fn check_file(&self, model: &Model, file: FileId, out: &mut Vec<Finding>) {
        let mut all = Vec::new();
        self.check(model, &mut all);
        out.extend(all.into_iter().filter(|f| f.span.file == file));
    }
}

/// Declare a rule struct whose doc comment becomes its documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct PublicDatabase {
///         id: "public-database",
///         severity: Critical,
///         formats: [Terraform, Compose, Fly],
///         tags: ["security", "network"],
///         precision: "high",
///         summary: "A datastore reachable from the internet",
///         aliases: ["CKV_AWS_17", "AVD-AWS-0180"], // optional: peer check ids it answers
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            severity: $sev:ident,
            formats: [$($fmt:ident),* $(,)?],
            tags: [$($tag:literal),* $(,)?],
            precision: $prec:literal,
            summary: $summary:literal
            $(, aliases: [$($alias:literal),* $(,)?])? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                id: $id,
                name: stringify!($name),
                summary: $summary,
                severity: $crate::__core::Severity::$sev,
                formats: &[$($crate::__core::kind::FileKind::$fmt),*],
                tags: &[$($tag),*],
                precision: $prec,
                docs_raw: concat!($($doc, "\n"),*),
                aliases: &[$($($alias),*)?],
            };
        }
    };
}

impl RuleMeta {
    /// The catalog entry for outputs.
    #[must_use]
    pub fn info(&self) -> infra_lint_core::RuleInfo {
        infra_lint_core::RuleInfo {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            summary: self.summary.to_owned(),
            docs: self.docs(),
            severity: self.severity,
            tags: self.tags.iter().map(|t| (*t).to_owned()).collect(),
            precision: self.precision.to_owned(),
            formats: self.formats.iter().map(|f| f.as_str().to_owned()).collect(),
            origin: "native".to_owned(),
            aliases: self.aliases.iter().map(|a| (*a).to_owned()).collect(),
        }
    }
}
