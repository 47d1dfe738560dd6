//! Reading IAM-style policy documents for table checks: inline JSON strings, `jsonencode({…})`
//! (also with unknown parts) and `data.aws_iam_policy_document` references, normalised into
//! statements. Unknown parts stay unknown: a check must not fire on what it cannot see.

use infra_lint_core::terraform::{Mode, Val, Value};
use infra_lint_core::Span;

use super::engine::{Ctx, Scope};

/// One statement, normalised.
#[derive(Debug, Default, Clone)]
pub struct Stmt {
    /// `Effect` is Allow (or missing).
    pub allow: bool,
    /// `Action` values (lower-cased); `NotAction` sets `not_action`.
    pub actions: Vec<String>,
    /// Written as `NotAction`.
    pub not_action: bool,
    /// `Resource` values.
    pub resources: Vec<String>,
    /// Written as `NotResource`.
    pub not_resource: bool,
    /// Principals (`*`, ARNs, services), any type.
    pub principals: Vec<String>,
    /// Has a `Condition`.
    pub condition: bool,
    /// Some part could not be evaluated.
    pub unknown: bool,
}

impl Stmt {
    /// An action matching `pat` exactly (`*`, `s3:*`), ignoring case.
    #[must_use]
    pub fn has_action(&self, pat: &str) -> bool {
        !self.not_action && self.actions.iter().any(|a| a.eq_ignore_ascii_case(pat))
    }
    /// Any action that is a wildcard for a whole service or everything (`*`, `s3:*`, `iam:*`).
    #[must_use]
    pub fn wildcard_action(&self) -> Option<&str> {
        if self.not_action {
            return None;
        }
        self.actions.iter().map(String::as_str).find(|a| *a == "*" || a.ends_with(":*"))
    }
    /// `Resource = "*"`.
    #[must_use]
    pub fn any_resource(&self) -> bool {
        !self.not_resource && self.resources.iter().any(|r| r == "*")
    }
    /// The principal is everyone (`*`, `{"AWS": "*"}`).
    #[must_use]
    pub fn public_principal(&self) -> bool {
        self.principals.iter().any(|p| p == "*")
    }
}

fn strings(v: Option<Val>, unknown: &mut bool) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    match &v.value {
        Value::List(l) => l
            .iter()
            .filter_map(|x| {
                if x.is_unknown() {
                    *unknown = true;
                }
                x.as_string()
            })
            .collect(),
        Value::Object(m, _) => {
            // Principal: {"AWS": [...], "Service": "..."}
            let mut out = Vec::new();
            for x in m.values() {
                out.extend(strings(Some(x.clone()), unknown));
            }
            out
        }
        Value::Unknown(_) | Value::PartialJson(_) => {
            *unknown = true;
            Vec::new()
        }
        _ => v.as_string().into_iter().collect(),
    }
}

fn json_stmt(s: &Val) -> Stmt {
    let mut st = Stmt::default();
    let mut unknown = s.is_unknown();
    st.allow = s.get("Effect").and_then(|e| e.as_string()).is_none_or(|e| e.eq_ignore_ascii_case("allow"));
    let (acts, na) = match s.get("Action") {
        Some(a) => (Some(a), false),
        None => (s.get("NotAction"), true),
    };
    st.actions = strings(acts, &mut unknown).into_iter().map(|a| a.to_ascii_lowercase()).collect();
    st.not_action = na;
    let (res, nr) = match s.get("Resource") {
        Some(a) => (Some(a), false),
        None => (s.get("NotResource"), true),
    };
    st.resources = strings(res, &mut unknown);
    st.not_resource = nr;
    st.principals = strings(s.get("Principal"), &mut unknown);
    st.condition = s.get("Condition").is_some_and(|c| !matches!(c.value, Value::Null));
    st.unknown = unknown;
    st
}

/// Statements of a JSON policy value.
#[must_use]
pub fn json_statements(v: &Val) -> Option<Vec<Stmt>> {
    let doc = match &v.value {
        Value::String(s) => Val::from_json(&serde_json::from_str::<serde_json::Value>(s).ok()?),
        Value::PartialJson(inner) => inner.as_ref().clone(),
        Value::Object(..) => v.clone(),
        _ => return None,
    };
    match doc.get("Statement")?.value {
        Value::List(ref l) => Some(l.iter().map(json_stmt).collect()),
        Value::Object(..) => Some(vec![json_stmt(&doc.get("Statement")?)]),
        _ => None,
    }
}

/// Statements of an `aws_iam_policy_document` data source body.
fn doc_statements(scope: &Scope<'_>) -> Vec<Stmt> {
    let mut out = Vec::new();
    for s in scope.objects("statement") {
        let mut st = Stmt::default();
        let mut unknown = false;
        st.allow = s.get("effect").and_then(|(e, _)| e.as_string()).is_none_or(|e| e.eq_ignore_ascii_case("allow"));
        let (acts, na) = match s.get("actions") {
            Some((a, _)) => (Some(a), false),
            None => (s.get("not_actions").map(|x| x.0), true),
        };
        st.actions = strings(acts, &mut unknown).into_iter().map(|a| a.to_ascii_lowercase()).collect();
        st.not_action = na && !st.actions.is_empty();
        let (res, nr) = match s.get("resources") {
            Some((a, _)) => (Some(a), false),
            None => (s.get("not_resources").map(|x| x.0), true),
        };
        st.resources = strings(res, &mut unknown);
        st.not_resource = nr && !st.resources.is_empty();
        for p in s.objects("principals") {
            st.principals.extend(strings(p.get("identifiers").map(|x| x.0), &mut unknown));
        }
        st.condition = !s.objects("condition").is_empty();
        st.unknown = unknown;
        out.push(st);
    }
    out
}

/// The statements of the policy in attribute `attr` of the scope (JSON, `jsonencode`, or a
/// reference to an `aws_iam_policy_document`), with the attribute's span. For a policy document
/// data source itself, `attr` is ignored.
#[must_use]
pub fn statements(ctx: &Ctx<'_>, scope: &Scope<'_>, attr: &str) -> Option<(Vec<Stmt>, Span)> {
    if ctx.res.mode == Mode::Data && ctx.res.r#type == "aws_iam_policy_document" {
        return Some((doc_statements(scope), scope.header()));
    }
    let (v, span) = scope.get(attr)?;
    if let Some(st) = json_statements(&v) {
        return Some((st, span));
    }
    // A reference to a policy document data source.
    let r = v.unknown_ref_str()?;
    let addr = r.strip_suffix(".json").or_else(|| r.strip_suffix(".minified_json"))?;
    let d = ctx.by_addr.get(&(ctx.res.root.as_str(), addr))?;
    if d.r#type != "aws_iam_policy_document" {
        return None;
    }
    Some((doc_statements(&Scope::Body(&d.body, d.header_span)), span))
}
