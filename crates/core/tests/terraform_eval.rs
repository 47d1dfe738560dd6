//! Terraform evaluation over `testdata/terraform/`: module inputs per caller, tfvars precedence,
//! unknown propagation, count/for_each/dynamic expansion, functions and provenance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::model::Environment;
use infra_lint_core::terraform::{InstanceKey, ResourceInstance, Tri, Val};
use infra_lint_core::Model;

fn load(case: &str) -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform").join(case);
    load_dir(&dir, &LoadOptions::default())
}

fn inst<'a>(m: &'a Model, root: &str, address: &str) -> &'a ResourceInstance {
    let tf = m.terraform.as_ref().unwrap();
    tf.instances().find(|r| r.root == root && r.address == address).unwrap_or_else(|| {
        let all: Vec<_> = tf.instances().map(|r| format!("{}:{}", r.root, r.address)).collect();
        panic!("no {root}:{address} in {all:?}")
    })
}

fn at(m: &Model, span: infra_lint_core::Span) -> String {
    let l = m.locate(span);
    format!("{}:{}:{}", l.path.display(), l.start_line, l.start_column)
}

fn chain(m: &Model, v: &Val) -> String {
    let mut s = String::new();
    for st in v.provenance() {
        writeln!(s, "{} <- {}", at(m, st.span), st.what).unwrap();
    }
    s
}

#[test]
fn module_public_only_from_staging() {
    let m = load("module_env");
    let tf = m.terraform.as_ref().unwrap();
    let mut roots: Vec<_> = tf.roots.iter().map(|r| (r.dir.clone(), r.env.env)).collect();
    roots.sort();
    assert_eq!(
        roots,
        vec![
            ("envs/production".to_owned(), Environment::Production),
            ("envs/staging".to_owned(), Environment::Staging)
        ]
    );
    let st = inst(&m, "envs/staging", "module.database.aws_db_instance.main");
    let pa = st.attr("publicly_accessible").unwrap();
    assert_eq!(pa.value.truth(), Tri::True);
    assert_eq!(at(&m, pa.span), "modules/db/main.tf:37:3");
    assert_eq!(st.env, Environment::Staging);
    let pr = inst(&m, "envs/production", "module.database.aws_db_instance.main");
    assert_eq!(pr.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
    // The chain: tfvars line → root variable → module argument → module variable → local.
    let c = chain(&m, &pa.value);
    assert!(c.contains("envs/staging/terraform.tfvars:2:1"), "{c}");
    assert!(c.contains("envs/staging/main.tf:12:3"), "{c}");
    insta::assert_snapshot!("provenance_staging_public", c);
    // Dynamic ingress open to the world only in staging.
    let sg = inst(&m, "envs/staging", "module.database.aws_security_group.db");
    let ing = sg.objects("ingress");
    assert_eq!(ing.len(), 1);
    let (cidrs, span) = ing[0].get("cidr_blocks").unwrap();
    assert_eq!(cidrs.as_list().unwrap()[0].as_str(), Some("0.0.0.0/0"));
    assert_eq!(at(&m, span), "modules/db/main.tf:29:7");
    // The security group id is a linked unknown.
    let ids = st.attr("vpc_security_group_ids").unwrap();
    assert_eq!(ids.value.as_list().unwrap()[0].unknown_ref_str(), Some("module.database.aws_security_group.db.id"));
    // Root files take the environment of their tfvars.
    let f = m.files.iter().find(|f| f.path == "envs/staging/main.tf").unwrap();
    assert_eq!(f.env.env, Environment::Staging);
}

#[test]
fn unknown_is_never_false() {
    let m = load("unknown");
    for a in ["from_required_var", "from_data", "from_cycle", "from_function"] {
        let r = inst(&m, "", &format!("aws_db_instance.{a}"));
        assert_eq!(r.attr("publicly_accessible").unwrap().value.truth(), Tri::Unknown, "{a}");
    }
    let u = inst(&m, "", "aws_db_instance.unknown_count[?]");
    assert_eq!(u.key, InstanceKey::Unknown);
    assert!(m.diagnostics.iter().any(|d| d.code == "tf-local-cycle"), "{:?}", m.diagnostics);
}

#[test]
fn count_for_each_dynamic() {
    let m = load("expansion");
    let eu = inst(&m, "", "aws_db_instance.regional[\"eu\"]");
    assert_eq!(eu.attr("publicly_accessible").unwrap().value.truth(), Tri::True);
    assert_eq!(eu.attr("identifier").unwrap().value.as_str(), Some("db-eu"));
    let us = inst(&m, "", "aws_db_instance.regional[\"us\"]");
    assert_eq!(us.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
    assert_eq!(
        inst(&m, "", "aws_db_instance.replica[1]").attr("publicly_accessible").unwrap().value.truth(),
        Tri::True
    );
    assert_eq!(
        inst(&m, "", "aws_db_instance.replica[0]").attr("publicly_accessible").unwrap().value.truth(),
        Tri::False
    );
    let tf = m.terraform.as_ref().unwrap();
    assert!(!tf.instances().any(|r| r.name == "disabled"));
    let sg = inst(&m, "", "aws_security_group.web");
    let rules = sg.objects("ingress");
    assert_eq!(rules.len(), 2);
    let ports: Vec<_> = rules.iter().map(|r| r.get("from_port").unwrap().0.as_number().unwrap()).collect();
    assert_eq!(ports, vec![443.0, 22.0]);
    // The for_each value's provenance reaches the variable default.
    let c = chain(&m, &eu.attr("publicly_accessible").unwrap().value);
    assert!(c.contains("main.tf:2:3"), "{c}");
}

#[test]
fn builtin_functions() {
    let m = load("functions");
    let tf = m.terraform.as_ref().unwrap();
    let r = tf.instances().find(|r| r.address == "null_resource.out").unwrap();
    let t = &r.attr("triggers").unwrap().value;
    assert_eq!(t.get("b").unwrap().as_str(), Some("y"));
    assert_eq!(t.get("c").unwrap().truth(), Tri::True);
    // Locals are checked through a JSON rendering of all of them.
    let doc = m.files.iter().find(|f| f.path == "main.tf").unwrap();
    let _ = doc;
    let locals = locals_json(&m);
    let expect = serde_json::json!({
        "looked": "fallback", "joined": "a,b,c", "parts": ["x", "y", "z"], "upper": "DB-007",
        "has": true, "len": 3, "coal": "first", "tried": "default", "can_it": false,
        "json": "{\"k\":[1,2]}", "decoded": true, "b64": "hello", "subnet": "10.0.3.0/24",
        "flat": ["a", "b", "c"], "uniq": ["a", "b"], "comp": ["a", "b"], "starts": true,
        "trimmed": "hi", "forlist": ["A", "C"], "formap": {"a": "1", "b": "x"}, "splat": [1, 2],
        "tmpl": "a;b;c;", "cond": "many", "elem": "b", "keys": ["a", "b"]
    });
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(locals.get(k), Some(v), "local.{k}");
    }
}

/// Evaluate every local of the `functions` case by adding them as triggers… simpler: read them
/// back through a resource that references each one.
fn locals_json(m: &Model) -> serde_json::Map<String, serde_json::Value> {
    let tf = m.terraform.as_ref().unwrap();
    let r = tf.instances().find(|r| r.address == "null_resource.all").unwrap();
    r.attr("v").unwrap().value.to_json().as_object().unwrap().clone()
}

#[test]
fn tf_json_and_tfvars_json() {
    let m = load("json");
    let r = inst(&m, "", "aws_db_instance.main");
    let pa = r.attr("publicly_accessible").unwrap();
    assert_eq!(pa.value.truth(), Tri::True);
    assert_eq!(r.attr("identifier").unwrap().value.as_str(), Some("db-true"));
    assert_eq!(at(&m, pa.span), "main.tf.json:9:9");
    assert!(chain(&m, &pa.value).contains("terraform.tfvars.json:2:3"));
}

#[test]
fn per_environment_var_files() {
    let m = load("var_files");
    let tf = m.terraform.as_ref().unwrap();
    let mut roots: Vec<_> = tf.roots.iter().map(|r| (r.dir.clone(), r.env.env)).collect();
    roots.sort();
    assert_eq!(
        roots,
        vec![
            (". [envs/prod.tfvars]".to_owned(), Environment::Production),
            (". [envs/staging.tfvars]".to_owned(), Environment::Staging)
        ]
    );
    let st = inst(&m, ". [envs/staging.tfvars]", "aws_db_instance.main");
    assert_eq!(st.attr("publicly_accessible").unwrap().value.truth(), Tri::True);
    assert!(chain(&m, &st.attr("publicly_accessible").unwrap().value).contains("envs/staging.tfvars:1:1"));
    let pr = inst(&m, ". [envs/prod.tfvars]", "aws_db_instance.main");
    assert_eq!(pr.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
    // An explicit --var-file replaces the per-environment evaluations.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/var_files");
    let opts = LoadOptions {
        terraform: infra_lint_core::terraform::TfOptions {
            var_files: vec!["envs/staging.tfvars".into()],
            vars: vec![],
        },
        ..LoadOptions::default()
    };
    let m2 = load_dir(&dir, &opts);
    let tf2 = m2.terraform.as_ref().unwrap();
    assert_eq!(tf2.roots.len(), 1);
    let r = tf2.instances().find(|r| r.address == "aws_db_instance.main").unwrap();
    assert_eq!(r.attr("publicly_accessible").unwrap().value.truth(), Tri::True);
    // --var overrides the var file.
    let opts = LoadOptions {
        terraform: infra_lint_core::terraform::TfOptions {
            var_files: vec!["envs/staging.tfvars".into()],
            vars: vec![("public".into(), "false".into())],
        },
        ..LoadOptions::default()
    };
    let m3 = load_dir(&dir, &opts);
    let r = m3.terraform.as_ref().unwrap().instances().find(|r| r.address == "aws_db_instance.main").unwrap();
    assert_eq!(r.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Evaluation never panics on mutated modules (whatever parses is evaluated).
    #[test]
    fn evaluation_never_panics(cut in 0usize..900, ins in "[{}()\\[\\]\"$.,:?=*\\n a-z0-9]{0,6}") {
        let base = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/module_env/modules/db/main.tf"),
        ).unwrap();
        let mut t = base.clone();
        let mut at = cut.min(t.len());
        while !t.is_char_boundary(at) { at -= 1; }
        t.insert_str(at, &ins);
        let files = vec![
            infra_lint_core::load::MemoryFile { path: "modules/db/main.tf".into(), contents: t.into_bytes() },
            infra_lint_core::load::MemoryFile {
                path: "live/main.tf".into(),
                contents: b"module \"db\" {\n  source = \"../modules/db\"\n  environment = \"staging\"\n  public = true\n  ports = [for p in [5432, 6379] : p]\n}\nmodule \"self\" {\n  source = \"./\"\n}\nterraform {\n  backend \"s3\" {}\n}\n".to_vec(),
            },
        ];
        let m = infra_lint_core::load::load_memory(files, &LoadOptions::default());
        let tf = m.terraform.as_ref().unwrap();
        proptest::prop_assert_eq!(tf.roots.len(), 1);
    }
}

#[test]
fn optional_attribute_defaults() {
    use infra_lint_core::terraform::Value;
    let m = load("optional");
    let main = inst(&m, "", "aws_db_instance.main");
    // Omitted optional with a default: the default.
    let pa = main.attr("publicly_accessible").unwrap();
    assert_eq!(pa.value.truth(), Tri::True);
    // The chain names the default inside the type constraint.
    let c = chain(&m, &pa.value);
    assert!(c.contains("main.tf:5:42 <- default of optional attribute \"publicly_accessible\""), "{c}");
    // Omitted optional without a default: null (not unknown, not false).
    assert_eq!(main.attr("storage_encrypted").unwrap().value.value, Value::Null);
    // Nested object given partially: its own optional defaults apply.
    assert_eq!(main.attr("backup_retention_period").unwrap().value.as_number(), Some(30.0));
    assert_eq!(main.attr("deletion_protection").unwrap().value.truth(), Tri::False);
    // List of objects (variable default).
    let logs = inst(&m, "", "aws_s3_bucket.b[\"logs\"]");
    assert_eq!(logs.attr("acl").unwrap().value.as_str(), Some("private"));
    let site = inst(&m, "", "aws_s3_bucket.b[\"site\"]");
    assert_eq!(site.attr("acl").unwrap().value.as_str(), Some("public-read"));
    // Map of objects: defaults per element, and the element's own type converts "6543".
    let eu = inst(&m, "", "aws_db_instance.replica[\"eu\"]");
    assert_eq!(eu.attr("port").unwrap().value.value, Value::Number(5432.0));
    assert_eq!(eu.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
    let us = inst(&m, "", "aws_db_instance.replica[\"us\"]");
    assert_eq!(us.attr("port").unwrap().value.value, Value::Number(6543.0));
    assert_eq!(us.attr("publicly_accessible").unwrap().value.truth(), Tri::True);
    // An `{}` variable default gets its optional defaults too.
    assert_eq!(us.attr("storage_encrypted").unwrap().value.truth(), Tri::True);
    // Module input: an explicit null takes the default; undeclared attributes are dropped.
    let inner = inst(&m, "", "module.db.aws_db_instance.this");
    assert_eq!(inner.attr("publicly_accessible").unwrap().value.truth(), Tri::True);
    assert_eq!(inner.attr("instance_class").unwrap().value.as_str(), Some("db.t3.micro"));
    let tags = inner.attr("tags").unwrap().value.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(tags, vec!["name", "public", "tier"]);
}

#[test]
fn vendored_registry_and_git_modules() {
    let m = load("vendored");
    let tf = m.terraform.as_ref().unwrap();
    // Vendored module directories are never roots.
    let mut roots: Vec<_> = tf.roots.iter().map(|r| r.dir.clone()).collect();
    roots.sort();
    assert_eq!(roots, vec!["broken", "envs/production", "envs/staging", "escape", "etc", "no_manifest"]);
    // A registry module evaluated with the caller's value (staging: public, production: private).
    let st = inst(&m, "envs/staging", "module.db.aws_db_instance.this");
    let pa = st.attr("publicly_accessible").unwrap();
    assert_eq!(pa.value.truth(), Tri::True);
    assert_eq!(at(&m, pa.span), "envs/staging/.terraform/modules/db/main.tf:18:3");
    let c = chain(&m, &pa.value);
    assert!(c.contains("envs/staging/terraform.tfvars:2:1"), "{c}");
    assert!(c.contains("envs/staging/main.tf:14:3 <- passed as publicly_accessible by module \"db\""), "{c}");
    assert_eq!(st.attr("storage_encrypted").unwrap().value.truth(), Tri::True);
    let pr = inst(&m, "envs/production", "module.db.aws_db_instance.this");
    assert_eq!(pr.attr("publicly_accessible").unwrap().value.truth(), Tri::False);
    // A nested local call inside the vendored module (manifest key `db.sg`).
    let sg = inst(&m, "envs/staging", "module.db.module.sg.aws_security_group.this");
    let (cidrs, span) = sg.objects("ingress")[0].get("cidr_blocks").unwrap();
    assert_eq!(cidrs.as_list().unwrap()[0].as_str(), Some("0.0.0.0/0"));
    assert_eq!(at(&m, span), "envs/staging/.terraform/modules/db/modules/sg/main.tf:12:5");
    // A git module.
    let vol = inst(&m, "envs/staging", "module.network.aws_ebs_volume.flow_logs");
    assert_eq!(vol.attr("encrypted").unwrap().value.truth(), Tri::False);
    // Each vendored directory knows the repository call that leads to it (nested: the outer call).
    let call = |dir: &str| {
        let c = tf.vendored_calls.iter().find(|c| c.dir == dir).unwrap_or_else(|| panic!("{dir}"));
        (c.key.clone(), at(&m, c.header))
    };
    assert_eq!(
        call("envs/staging/.terraform/modules/db/modules/sg"),
        ("db.sg".to_owned(), "envs/staging/main.tf:9:1".to_owned())
    );
    assert_eq!(
        call("envs/staging/.terraform/modules/network"),
        ("network".to_owned(), "envs/staging/main.tf:17:1".to_owned())
    );
    // The vendored files are in the model (spans resolve) but marked, and give no raw facts.
    let f = m.file_by_path(Path::new("envs/staging/.terraform/modules/db/main.tf")).unwrap();
    assert!(f.is_vendored());
    // Without a manifest, with a broken one, or with refused directories: the module is unknown.
    for root in ["no_manifest", "broken", "escape"] {
        assert!(!tf.instances().any(|r| r.root == root), "{root} has instances");
    }
    let diag = |code: &str| {
        m.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| format!("{}:{}", d.path.display(), d.line.unwrap_or(0)))
            .collect::<Vec<_>>()
    };
    assert_eq!(diag("tf-module-manifest"), vec!["broken/.terraform/modules/modules.json:1"]);
    assert_eq!(diag("tf-module-refused").len(), 3, "{:?}", m.diagnostics);
    assert_eq!(diag("tf-module-missing"), vec!["escape/.terraform/modules/modules.json:0"]);
    // Nothing outside a .terraform directory was read as a module.
    assert!(!m.files.iter().any(|f| f.path.contains(".terraform") && !f.path.contains(".terraform/modules/")));
    assert!(!tf.instances().any(|r| r.address.contains("outside") && r.root != "etc"));
}

#[test]
fn vendored_modules_when_scanning_absolute_paths() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/vendored");
    let dir = std::fs::canonicalize(dir).unwrap();
    let m = infra_lint_core::load::load_paths(std::slice::from_ref(&dir), &LoadOptions::default());
    let root = format!("{}/envs/staging", dir.display());
    // The registry module and the local module nested in it both resolve.
    let sg = inst(&m, &root, "module.db.module.sg.aws_security_group.this");
    let (cidrs, _) = sg.objects("ingress")[0].get("cidr_blocks").unwrap();
    assert_eq!(cidrs.as_list().unwrap()[0].as_str(), Some("0.0.0.0/0"));
}
