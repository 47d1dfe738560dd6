//! `security-definer-function-executable`: a `SECURITY DEFINER` function the API roles may call.

use infra_lint_core::model::pg::is_system_schema;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a `SECURITY DEFINER` function outside
    /// the schemas Supabase manages that `anon` or `authenticated` may execute: Postgres grants
    /// `EXECUTE` to `PUBLIC` on every new function, and Supabase's default privileges grant it to
    /// `anon` and `authenticated` in `public`, so it takes `REVOKE EXECUTE … FROM PUBLIC, anon,
    /// authenticated` (or `ALTER DEFAULT PRIVILEGES`) to close it. Trigger functions are not
    /// reported (they cannot be called directly). The finding points at the function's name,
    /// with the grant as a related location.
    ///
    /// ## Why is this bad?
    /// A `SECURITY DEFINER` function runs with its owner's rights and bypasses row-level
    /// security; PostgREST exposes it as `/rest/v1/rpc/<name>`. Unless its body checks the
    /// caller, anyone holding the anon key (or any signed-up user) runs a privileged operation.
    ///
    /// ## How to fix
    /// Make it `SECURITY INVOKER` if it does not need the owner's rights; otherwise
    /// `REVOKE EXECUTE ON FUNCTION … FROM PUBLIC, anon, authenticated;` and grant it only to the
    /// roles that need it, or move it to a schema the API does not expose.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create function public.delete_user(uid uuid) returns void language sql security definer
    ///   set search_path = '' as $$ delete from auth.users where id = uid $$;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create function public.delete_user(uid uuid) returns void language sql security definer
    ///   set search_path = '' as $$ delete from auth.users where id = uid $$;
    /// revoke execute on function public.delete_user(uuid) from public, anon, authenticated;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0028 anon_security_definer_function_executable: <https://supabase.com/docs/guides/database/database-linter?lint=0028_anon_security_definer_function_executable>
    /// - Supabase database linter, 0029 authenticated_security_definer_function_executable: <https://supabase.com/docs/guides/database/database-linter?lint=0029_authenticated_security_definer_function_executable>
    pub struct SecurityDefinerFunctionExecutable {
        id: "security-definer-function-executable",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter"],
        precision: "medium",
        summary: "A SECURITY DEFINER function can be called by the Supabase API roles",
        aliases: [
            "0028_anon_security_definer_function_executable",
            "anon_security_definer_function_executable",
            "0029_authenticated_security_definer_function_executable",
            "authenticated_security_definer_function_executable",
        ],
    }
}

impl Rule for SecurityDefinerFunctionExecutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for f in p.live_functions().filter(|f| {
                f.security_definer
                    && !is_system_schema(&f.schema)
                    && !matches!(f.returns.as_str(), "trigger" | "event_trigger")
            }) {
                let anon = f.executable_by("anon");
                let authn = f.executable_by("authenticated");
                let (roles, granted) = match (anon, authn) {
                    (Some(a), _) => (if authn.is_some() { "anon and authenticated" } else { "anon" }, a),
                    (None, Some(b)) => ("authenticated", b),
                    (None, None) => continue,
                };
                let sev = if anon.is_some() { Severity::Medium } else { Severity::Low };
                let mut fi = finding(
                    model,
                    Self::META.id,
                    sev,
                    f.span,
                    format!("{}:{}.{}({})", p.project, f.schema, f.name, f.args),
                    format!(
                        "SECURITY DEFINER function {}.{}({}) is executable by {roles}: it runs with its owner's rights, \
                         bypassing row-level security, and the API exposes it as /rest/v1/rpc/{}",
                        f.schema, f.name, f.args, f.name
                    ),
                    "revoke EXECUTE from public, anon and authenticated (grant it only where needed), or make it SECURITY INVOKER",
                );
                if granted != f.span {
                    fi = fi.related(granted, "EXECUTE granted here");
                }
                out.push(fi);
            }
        }
    }
}
