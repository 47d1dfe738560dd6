//! The cross-format facts the rules derive from parsed documents (services, datastores, secret
//! candidates, SQL tables), built through a real load.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use infra_lint_rules::facts::Facts;

fn mem(files: &[(&str, &str)]) -> infra_lint_core::Model {
    use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
    let files =
        files.iter().map(|(p, t)| MemoryFile { path: PathBuf::from(p), contents: t.as_bytes().to_vec() }).collect();
    load_memory(files, &LoadOptions::default())
}

#[test]
fn fly_facts_service_datastore_and_secrets() {
    use infra_lint_rules::facts::{DatastoreKind, SecretContext, ServiceOrigin};
    let model = mem(&[(
        "db/fly.toml",
        "app = \"acme-db-staging\"\n[build]\n  image = \"flyio/postgres-flex:16\"\n[env]\n  PRIMARY_REGION = \"ams\"\n\
[[services]]\n  internal_port = 5432\n  [[services.ports]]\n    port = 5432\n    handlers = [\"pg_tls\"]\n",
    )]);
    let f = &model.files[0];
    assert_eq!(f.env.env, infra_lint_core::Environment::Staging);
    let svc = &Facts::of(&model).services[0];
    assert_eq!(svc.origin, ServiceOrigin::Fly);
    assert_eq!(svc.name, "acme-db-staging");
    assert_eq!(svc.image.as_ref().unwrap().0, "flyio/postgres-flex:16");
    assert_eq!(svc.ports[0].host_port, Some(5432));
    assert_eq!(svc.ports[0].container_port, Some(5432));
    let ds = &Facts::of(&model).datastores[0];
    assert_eq!(ds.kind, DatastoreKind::Postgres);
    assert_eq!(ds.public_exposure.len(), 1);
    let at = model.locate(ds.public_exposure[0].1);
    assert_eq!((at.start_line, at.start_column), (9, 12));
    let s = &Facts::of(&model).secrets[0];
    assert_eq!((s.key.as_str(), s.value.as_str(), s.context), ("PRIMARY_REGION", "ams", SecretContext::FlyEnv));
    assert_eq!(model.locate(s.value_span).start_line, 5);

    // An app image that is not a database gives no datastore; a database without services is not public.
    let model = mem(&[
        ("web/fly.toml", "app = \"web\"\n[build]\n  image = \"nginx:1\"\n[http_service]\n  internal_port = 80\n"),
        ("cache/fly.toml", "app = \"cache\"\n[build]\n  image = \"redis:7\"\n"),
    ]);
    assert_eq!(Facts::of(&model).services.len(), 2);
    assert_eq!(Facts::of(&model).datastores.len(), 1);
    assert!(Facts::of(&model).datastores[0].public_exposure.is_empty());
}

#[test]
fn sql_tables_follow_all_migrations_of_a_project() {
    let model = mem(&[
        (
            "apps/api/supabase/migrations/20240101_init.sql",
            "create table todo (id int, org_id int);\ncreate table gone (id int);\ncreate table kept (id int);\n",
        ),
        (
            "apps/api/supabase/migrations/20240201_rls.sql",
            "alter table todo rename to todos;\nalter table todos enable row level security;\n\
             create policy p on todos using (true);\ndrop table gone;\nalter table kept add column team_id int;\n",
        ),
        // Another project with a table of the same name is kept apart.
        ("other/migrations/1.sql", "CREATE TABLE todos (id int);\n"),
    ]);
    let tables = &Facts::of(&model).tables;
    assert_eq!(tables.len(), 4, "{tables:#?}");
    let todos = tables.iter().find(|t| t.name == "todos" && t.project == "apps/api/supabase").unwrap();
    assert_eq!(todos.flavour, "supabase");
    assert_eq!(todos.rls_enabled.len(), 1);
    assert_eq!(todos.policies.len(), 1);
    assert_eq!(todos.tenancy_columns[0].0, "org_id");
    let at = model.locate(todos.span);
    assert_eq!((at.start_line, at.start_column), (1, 14));
    assert!(tables.iter().any(|t| t.name == "gone" && t.dropped));
    let kept = tables.iter().find(|t| t.name == "kept").unwrap();
    assert_eq!(kept.tenancy_columns[0].0, "team_id");
    assert_eq!(model.locate(kept.tenancy_columns[0].1).start_line, 5);
    let other = tables.iter().find(|t| t.project == "other").unwrap();
    assert!(other.rls_enabled.is_empty() && other.flavour == "plain");
}

#[test]
fn sql_tables_dropped_renamed_and_recreated_names_resolve_to_the_live_table() {
    let model = mem(&[
        ("supabase/migrations/1.sql", "create table a (id int);\ncreate table b (id int);\n"),
        // `a` is renamed away and a new `a` is created; the old `b` is dropped and recreated.
        (
            "supabase/migrations/2.sql",
            "alter table a rename to a_old;\ncreate table a (id int, org_id int);\ndrop table b;\n\
             create table b (id int);\n",
        ),
        // Later statements reach the live tables of those names.
        (
            "supabase/migrations/3.sql",
            "alter table a enable row level security;\nalter table a_old enable row level security;\n\
             alter table b enable row level security;\nalter table a_old rename to a_archive;\n\
             create policy p on a_archive using (true);\n",
        ),
    ]);
    let t = &Facts::of(&model).tables;
    let live = |name: &str| t.iter().filter(|x| x.name == name && !x.dropped).collect::<Vec<_>>();
    assert_eq!(t.len(), 4, "{t:#?}");
    let a = live("a");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].columns.len(), 2, "the recreated `a`");
    assert_eq!(a[0].rls_enabled.len(), 1);
    let archive = live("a_archive");
    assert_eq!((archive.len(), archive[0].rls_enabled.len(), archive[0].policies.len()), (1, 1, 1));
    assert!(live("a_old").is_empty());
    let b: Vec<_> = t.iter().filter(|x| x.name == "b").collect();
    assert_eq!(b.len(), 2);
    assert!(b[0].dropped && b[0].rls_enabled.is_empty(), "the dropped `b` is not touched by later migrations");
    assert!(!b[1].dropped && b[1].rls_enabled.len() == 1);
}

fn load(case: &str) -> infra_lint_core::Model {
    use infra_lint_core::load::{load_dir, LoadOptions};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform").join(case);
    load_dir(&dir, &LoadOptions::default())
}

fn at(m: &infra_lint_core::Model, s: infra_lint_core::Span) -> String {
    let l = m.locate(s);
    format!("{}:{}:{}", l.path.display(), l.start_line, l.start_column)
}

#[test]
fn facts_from_module_env() {
    let m = load("module_env");
    let ds: Vec<_> = Facts::of(&m).datastores.iter().filter(|d| !d.public_exposure.is_empty()).collect();
    let names: Vec<_> = ds.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["envs/staging:module.database.aws_db_instance.main"], "{:#?}", Facts::of(&m).datastores);
    let d = ds[0];
    let ev: Vec<_> = d.public_exposure.iter().map(|(w, s)| format!("{w} @ {}", at(&m, *s))).collect();
    insta::assert_snapshot!(
        "module_env_datastore",
        format!(
            "{}\n{}",
            ev.join("\n"),
            d.provenance.iter().map(|(w, s)| format!("{} <- {w}", at(&m, *s))).collect::<Vec<_>>().join("\n")
        )
    );
}

#[test]
fn oidc_trust_spans_fall_back_to_what_is_written() {
    let m = load("oidc_spans");
    let trust = |name: &str| {
        let t =
            Facts::of(&m).oidc_trusts.iter().find(|t| t.address == format!(".:aws_iam_role.{name}")).unwrap_or_else(
                || panic!("{name}: {:?}", Facts::of(&m).oidc_trusts.iter().map(|t| &t.address).collect::<Vec<_>>()),
            );
        let subs: Vec<String> = t.sub_patterns.iter().map(|(p, s)| format!("{p}@{}", at(&m, *s))).collect();
        (at(&m, t.span), subs)
    };
    // Heredoc that is not JSON before interpolation: the attribute.
    assert_eq!(
        trust("interpolated"),
        ("main.tf:9:3".to_owned(), vec!["repo:acme/api:*@main.tf:9:3".to_owned(), "repo:*@main.tf:9:3".to_owned()])
    );
    // Statements built by a function call: the attribute.
    assert_eq!(trust("computed"), ("main.tf:21:3".to_owned(), vec!["repo:*@main.tf:21:3".to_owned()]));
    // A single statement object written out, values from a variable: the `sub` key's value.
    assert_eq!(
        trust("from_var"),
        (
            "main.tf:32:17".to_owned(),
            vec!["repo:acme/api:*@main.tf:34:80".to_owned(), "repo:*@main.tf:34:80".to_owned()]
        )
    );
}
