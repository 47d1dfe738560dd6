//! `security-definer-function-executable`: a `SECURITY DEFINER` function the API roles may call.

use infra_lint_core::model::pg::is_system_schema;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a `SECURITY DEFINER` function outside
    /// the schemas Supabase manages that `anon` may execute (`authenticated`:
    /// `security-definer-function-authenticated`): Postgres grants
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
        summary: "A SECURITY DEFINER function can be called with the anon key",
        aliases: ["0028_anon_security_definer_function_executable", "anon_security_definer_function_executable"],
    }
}

declare_rule! {
    /// ## What it does
    /// The same check as `security-definer-function-executable`, for the `authenticated` role:
    /// a `SECURITY DEFINER` function outside the schemas Supabase manages that any signed-in
    /// user may execute (through `PUBLIC`, Supabase's default privileges in `public`, or a
    /// grant). Trigger functions are not reported. Severity is low: a signed-in user is needed,
    /// but any sign-up will do.
    ///
    /// ## Why is this bad?
    /// The function runs with its owner's rights and bypasses row-level security; every user of
    /// every tenant can call it as `/rest/v1/rpc/<name>`. Unless its body checks `auth.uid()`
    /// against the rows it touches, one user reads or changes another's data.
    ///
    /// ## How to fix
    /// Check the caller inside the function, make it `SECURITY INVOKER`, or
    /// `REVOKE EXECUTE ON FUNCTION … FROM PUBLIC, authenticated;`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create function public.set_plan(org uuid, plan text) returns void language sql security definer
    ///   set search_path = '' as $$ update public.orgs set plan = set_plan.plan where id = org $$;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create function public.set_plan(org uuid, plan text) returns void language sql security definer
    ///   set search_path = '' as $$ update public.orgs set plan = set_plan.plan where id = org $$;
    /// revoke execute on function public.set_plan(uuid, text) from public, anon, authenticated;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0029 authenticated_security_definer_function_executable: <https://supabase.com/docs/guides/database/database-linter?lint=0029_authenticated_security_definer_function_executable>
    pub struct SecurityDefinerFunctionAuthenticated {
        id: "security-definer-function-authenticated",
        severity: Low,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter"],
        precision: "medium",
        summary: "A SECURITY DEFINER function can be called by every signed-in user",
        aliases: ["0029_authenticated_security_definer_function_executable", "authenticated_security_definer_function_executable"],
    }
}

fn check_role(model: &Model, id: &'static str, role: &str, sev: Severity, out: &mut Vec<infra_lint_core::Finding>) {
    for p in supabase(model) {
        for f in p.live_functions().filter(|f| {
            f.security_definer
                && !is_system_schema(&f.schema)
                && !matches!(f.returns.as_str(), "trigger" | "event_trigger")
        }) {
            let Some(granted) = f.executable_by(role) else { continue };
            let who = if role == "anon" { "anyone holding the anon key" } else { "every signed-in user" };
            let mut fi = finding(
                model,
                id,
                sev,
                f.span,
                format!("{}:{}.{}({})", p.project, f.schema, f.name, f.args),
                format!(
                    "SECURITY DEFINER function {}.{}({}) is executable by `{role}`: {who} can call it as \
                     /rest/v1/rpc/{}, and it runs with its owner's rights, bypassing row-level security",
                    f.schema, f.name, f.args, f.name
                ),
                "revoke EXECUTE from public and the API roles (grant it only where needed), or make it SECURITY INVOKER",
            );
            if granted != f.span {
                fi = fi.related(granted, format!("EXECUTE granted to `{role}` (or PUBLIC) here"));
            }
            out.push(fi);
        }
    }
}

impl Rule for SecurityDefinerFunctionExecutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        check_role(model, Self::META.id, "anon", Severity::Medium, out);
    }
}

impl Rule for SecurityDefinerFunctionAuthenticated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        check_role(model, Self::META.id, "authenticated", Severity::Low, out);
    }
}
