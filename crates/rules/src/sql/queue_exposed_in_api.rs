//! `queue-exposed-in-api`: a pgmq queue table readable through the Data API without RLS.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a Supabase Queues (pgmq) queue —
    /// `pgmq.create('name')`, whose messages live in `pgmq.q_name` — when the project exposes
    /// the `pgmq_public` schema in `supabase/config.toml` (`[api] schemas`), `anon` or
    /// `authenticated` may select the queue table, and row-level security is not enabled on it.
    ///
    /// ## Why is this bad?
    /// Exposing `pgmq_public` lets API clients call the queue functions; with table privileges
    /// and no RLS on the queue table, any client holding the anon key can read, send and delete
    /// every message of the queue.
    ///
    /// ## How to fix
    /// `ALTER TABLE pgmq.q_name ENABLE ROW LEVEL SECURITY;` with policies for the roles that may
    /// use the queue, or revoke the grants from `anon`/`authenticated`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad (with [api] schemas = ["public", "pgmq_public"])
    /// select pgmq.create('jobs');
    /// grant select, insert, update, delete on pgmq.q_jobs to anon, authenticated;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// select pgmq.create('jobs');
    /// alter table pgmq.q_jobs enable row level security;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0019 insecure_queue_exposed_in_api: <https://supabase.com/docs/guides/database/database-linter?lint=0019_insecure_queue_exposed_in_api>
    pub struct QueueExposedInApi {
        id: "queue-exposed-in-api",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A Supabase queue table is reachable through the Data API without row-level security",
        aliases: ["0019_insecure_queue_exposed_in_api", "insecure_queue_exposed_in_api"],
    }
}

impl Rule for QueueExposedInApi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model).filter(|p| p.is_exposed("pgmq_public")) {
            for r in p.live_relations().filter(|r| r.schema == "pgmq" && r.name.starts_with("q_") && r.rls.is_none()) {
                let Some((role, granted)) = r.api_select() else { continue };
                let f = finding(
                    model,
                    Self::META.id,
                    Severity::High,
                    r.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "queue table {} is readable by `{role}` and has no row-level security while the API exposes \
                         pgmq_public: any API client can read and consume its messages",
                        r.display()
                    ),
                    "enable row-level security on the queue table (with policies) or revoke its grants from anon and authenticated",
                );
                out.push(with_grant(f, r, role, granted));
            }
        }
    }
}
