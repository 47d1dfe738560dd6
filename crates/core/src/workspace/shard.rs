//! Splitting a large scan into self-contained groups of files ("shards"), so that a repository of
//! any size is scanned in memory bounded by the shard size rather than by the repository.
//!
//! A shard must hold every file that any rule, the Terraform evaluator or the environment
//! inference looks at together, so that a sharded scan reports exactly what a whole scan reports.
//! Files are joined (union-find) when they:
//! - share a directory (a Terraform module, its tfvars, a service's Dockerfile and compose file);
//! - are a Terraform module and a module it calls with a local `source` (`./x`, `../x`), or a
//!   root and the registry/git modules vendored under its `.terraform/`;
//! - are a tfvars file and the nearest Terraform directory at or above it (the module it feeds);
//!   a tfvars file with none is checked against every `sensitive` variable declaration, so it
//!   joins every Terraform file that declares one;
//! - are SQL migrations of one project (the directory holding `migrations/`);
//! - are workflows and actions under one `.github/` directory (local actions and reusable
//!   workflows);
//! - nginx files (they read each other through `include`);
//! - are coupled by a rule: each rule declares the files it reads together as [`Coupling`]s
//!   (`infra_lint_rules::Rule::couplings`) — e.g. `container-root-user` follows images across
//!   Dockerfiles, compose files and actions; `static-cloud-credentials` joins Terraform files
//!   that mention the GitHub OIDC issuer to the workflows of their repository; `missing-rate-limit`
//!   joins rate-limiting rulesets and the entrypoints they protect. Core knows how to join, not why.
//!
//! Connected groups are then packed, in path order, into shards of at most the budget of files
//! (a group larger than the budget is a shard of its own). Only `.tf`/`.tf.json` files are read
//! here, for their module sources and markers; the read is dropped at once.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::base::kind::FileKind;
use crate::base::source::join_dir;
use crate::base::source::{dir_and_ancestors, parent_dir, path_to_slash};
use crate::workspace::walk::Discovered;

/// Files a rule reads together, so a sharded scan keeps them in one shard. Declared by rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Coupling {
    /// Every file of these kinds is scanned together.
    Kinds(&'static [FileKind]),
    /// A Terraform file that mentions the text joins the workflows and actions of every
    /// repository root (`.github/`) at or above it.
    TerraformMentionWithWorkflows(&'static str),
    /// When some Terraform file of the scan mentions `trigger`, every Terraform file that mentions
    /// `trigger` or one of `members` is scanned together.
    TerraformMentions {
        /// The text that makes the coupling apply.
        trigger: &'static str,
        /// Texts whose files join the trigger's files.
        members: &'static [&'static str],
    },
}

/// Partition `files` into shards of at most `max_files` files each (a connected group larger
/// than that is one shard), keeping together what `couplings` declare. Returns indices into
/// `files`, each shard sorted, shards in path order.
#[must_use]
pub fn partition(files: &[Discovered], max_files: usize, couplings: &[Coupling]) -> Vec<Vec<usize>> {
    let n = files.len();
    if n == 0 {
        return Vec::new();
    }
    let paths: Vec<String> = files.iter().map(|f| path_to_slash(&f.rel)).collect();
    let mut uf = UnionFind::new(n);
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut join = |uf: &mut UnionFind, i: usize, key: String| match keys.get(&key) {
        Some(&j) => uf.union(i, j),
        None => {
            keys.insert(key, i);
        }
    };

    // Directories holding Terraform modules, and the repository roots of `.github/` directories.
    let tf_dirs: HashSet<&str> = files
        .iter()
        .zip(&paths)
        .filter(|(f, _)| matches!(f.class.kind, FileKind::Terraform | FileKind::TerraformJson))
        .map(|(_, p)| parent_dir(p))
        .collect();
    let gh_roots: HashSet<&str> = paths.iter().filter_map(|p| github_root(p)).collect();

    // The texts couplings look for in Terraform files, and what the Terraform files say, read in
    // parallel.
    let mut needles: Vec<&str> = Vec::new();
    for c in couplings {
        match c {
            Coupling::Kinds(_) => {}
            Coupling::TerraformMentionWithWorkflows(t) => needles.push(t),
            Coupling::TerraformMentions { trigger, members } => {
                needles.push(trigger);
                needles.extend(members.iter().copied());
            }
        }
    }
    needles.sort_unstable();
    needles.dedup();
    let needle_at = |t: &str| needles.binary_search(&t).ok();
    let peeks: Vec<Option<Peek>> = files
        .par_iter()
        .zip(&paths)
        .map(|(f, p)| match f.class.kind {
            FileKind::Terraform | FileKind::TerraformJson => Some(peek(f, p, &needles)),
            _ => None,
        })
        .collect();
    let mentions = |peek: &Peek, t: &str| needle_at(t).is_some_and(|i| peek.mentions.get(i).copied().unwrap_or(false));
    // The `TerraformMentions` couplings whose trigger some file of the scan mentions.
    let triggered: Vec<bool> = couplings
        .iter()
        .map(|c| match c {
            Coupling::TerraformMentions { trigger, .. } => peeks.iter().flatten().any(|p| mentions(p, trigger)),
            _ => false,
        })
        .collect();
    for (i, (f, p)) in files.iter().zip(&paths).enumerate() {
        let dir = parent_dir(p);
        join(&mut uf, i, format!("d:{dir}"));
        if let Some(root) = vendored_root(p) {
            join(&mut uf, i, format!("d:{root}"));
        }
        match f.class.kind {
            FileKind::Sql => join(&mut uf, i, format!("sql:{}", crate::syntax::sql::project_of_path(p))),
            // `x/supabase/config.toml` decides which schemas the migrations of `x/supabase` expose.
            FileKind::SupabaseConfig => join(&mut uf, i, format!("sql:{dir}")),
            FileKind::Workflow | FileKind::Action => {
                if let Some(root) = github_root(p) {
                    join(&mut uf, i, format!("gh:{root}"));
                }
            }
            // nginx files read each other through `include`.
            FileKind::Nginx => join(&mut uf, i, "nginx".to_owned()),
            FileKind::Tfvars | FileKind::TfvarsJson => match nearest_tf_dir(dir, &tf_dirs) {
                Some(d) => join(&mut uf, i, format!("d:{d}")),
                None => join(&mut uf, i, "tf-sensitive".to_owned()),
            },
            _ => {}
        }
        for (c, coupling) in couplings.iter().enumerate() {
            if let Coupling::Kinds(kinds) = coupling {
                if kinds.contains(&f.class.kind) {
                    join(&mut uf, i, format!("kinds:{c}"));
                }
            }
        }
        if let Some(Some(peek)) = peeks.get(i) {
            for target in &peek.module_dirs {
                join(&mut uf, i, format!("d:{target}"));
            }
            if peek.sensitive {
                join(&mut uf, i, "tf-sensitive".to_owned());
            }
            for (c, coupling) in couplings.iter().enumerate() {
                match coupling {
                    Coupling::TerraformMentionWithWorkflows(t) if mentions(peek, t) => {
                        for root in dir_and_ancestors(dir).filter(|a| gh_roots.contains(a)) {
                            join(&mut uf, i, format!("gh:{root}"));
                        }
                    }
                    Coupling::TerraformMentions { trigger, members }
                        if triggered[c] && (mentions(peek, trigger) || members.iter().any(|m| mentions(peek, m))) =>
                    {
                        join(&mut uf, i, format!("mentions:{c}"));
                    }
                    _ => {}
                }
            }
        }
    }

    // Groups in path order (by their first file), packed greedily.
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|g| g.first().copied().unwrap_or(usize::MAX));
    let budget = max_files.max(1);
    let mut shards: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for g in groups {
        if !current.is_empty() && current.len() + g.len() > budget {
            shards.push(std::mem::take(&mut current));
        }
        current.extend(g);
    }
    if !current.is_empty() {
        shards.push(current);
    }
    for s in &mut shards {
        s.sort_unstable();
    }
    shards
}

/// What a Terraform file says that joins it to other files.
#[derive(Debug, Default)]
struct Peek {
    /// Directories of modules called with a local source.
    module_dirs: Vec<String>,
    /// Declares (or may declare) a `sensitive` variable.
    sensitive: bool,
    /// Whether it mentions each of the couplings' texts (same order).
    mentions: Vec<bool>,
}

/// Read a Terraform file for its local module sources and the texts couplings look for (a
/// substring scan, not a parse; the text is dropped at once so memory stays bounded by the
/// shard). An unreadable file has none (the scan reports it when it reads the file again).
fn peek(f: &Discovered, path: &str, needles: &[&str]) -> Peek {
    let Ok(bytes) = std::fs::read(&f.abs) else { return Peek::default() };
    let text = String::from_utf8_lossy(&bytes);
    let dir = parent_dir(path);
    let mut module_dirs = Vec::new();
    // `source = "./x"` (HCL) or `"source": "../x"` (JSON); any match joins, a stray one only
    // makes a shard larger. Terraform requires module sources to be literal strings.
    let mut rest: &str = &text;
    while let Some(pos) = rest.find("source") {
        let after = &rest[pos + "source".len()..];
        rest = after;
        let after = after.trim_start_matches(['"', ' ', '\t']);
        let Some(after) = after.strip_prefix(['=', ':']) else { continue };
        let after = after.trim_start_matches([' ', '\t']);
        let Some(lit) = after.strip_prefix('"') else { continue };
        let Some(end) = lit.find('"') else { continue };
        let src = &lit[..end];
        if src.starts_with("./") || src.starts_with("../") || src == "." || src == ".." {
            module_dirs.push(join_dir(dir, src));
        }
    }
    Peek {
        module_dirs,
        sensitive: text.contains("sensitive"),
        mentions: needles.iter().map(|n| text.contains(n)).collect(),
    }
}

/// The nearest directory at or above `dir` that holds Terraform files.
fn nearest_tf_dir<'a>(dir: &'a str, tf_dirs: &HashSet<&str>) -> Option<&'a str> {
    dir_and_ancestors(dir).find(|d| tf_dirs.contains(d))
}

/// The directory holding the first directory named `name` on `path` (`""` at the root).
fn dir_holding<'a>(path: &'a str, name: &str) -> Option<&'a str> {
    let mut start = 0;
    for component in path.split('/') {
        let end = start + component.len();
        // A directory: some component follows it.
        if component == name && end < path.len() {
            return path.get(..start.saturating_sub(1));
        }
        start = end + 1;
    }
    None
}

/// The repository root of a file under a `.github/` directory: the directory holding `.github`.
#[must_use]
pub fn github_root(path: &str) -> Option<&str> {
    dir_holding(path, ".github")
}

/// The root module directory of a file vendored under `<root>/.terraform/`.
fn vendored_root(path: &str) -> Option<&str> {
    dir_holding(path, ".terraform")
}

/// Union-find with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self { parent: (0..n).collect(), size: vec![1; n] }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size[ra] >= self.size[rb] { (ra, rb) } else { (rb, ra) };
        self.parent[small] = big;
        self.size[big] += self.size[small];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::walk::ClassifiedOrd;
    use std::path::PathBuf;

    fn file(dir: &tempfile::TempDir, rel: &str, kind: FileKind, text: &str) -> Discovered {
        let abs = dir.path().join(rel);
        if let Some(p) = abs.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        std::fs::write(&abs, text).expect("write");
        Discovered { rel: PathBuf::from(rel), abs, class: ClassifiedOrd { kind, example: false } }
    }

    fn shard_of(shards: &[Vec<usize>], i: usize) -> usize {
        shards.iter().position(|s| s.contains(&i)).expect("every file is in a shard")
    }

    #[test]
    fn joined_files_share_a_shard_and_the_rest_are_packed_by_budget() {
        let t = tempfile::tempdir().expect("tempdir");
        let files = vec![
            // 0–2: a root calling a module two directories away, with its tfvars.
            file(
                &t,
                "a/envs/prod/main.tf",
                FileKind::Terraform,
                "module \"db\" {\n  source = \"../../modules/db\"\n}\n",
            ),
            file(&t, "a/envs/prod/terraform.tfvars", FileKind::Tfvars, "x = 1\n"),
            file(&t, "a/modules/db/main.tf", FileKind::Terraform, "resource \"aws_db_instance\" \"d\" {}\n"),
            // 3–4: two migrations of one project in different directories.
            file(&t, "b/db/migrations/1/migration.sql", FileKind::Sql, "create table t (id int);\n"),
            file(&t, "b/db/migrations/2/migration.sql", FileKind::Sql, "alter table t enable row level security;\n"),
            // 5–6: a workflow and the OIDC trust of its repository.
            file(&t, "c/.github/workflows/ci.yml", FileKind::Workflow, "on: push\n"),
            file(&t, "c/iam/oidc.tf", FileKind::Terraform, "url = \"https://token.actions.githubusercontent.com\"\n"),
            // 7–8: an orphan tfvars and a sensitive declaration elsewhere.
            file(&t, "d/vars/prod.tfvars", FileKind::Tfvars, "password = \"x\"\n"),
            file(&t, "e/main.tf", FileKind::Terraform, "variable \"password\" {\n  sensitive = true\n}\n"),
            // 9: unrelated.
            file(&t, "f/Dockerfile", FileKind::Dockerfile, "FROM x\n"),
            // 10–11: a Cloudflare rate-limiting ruleset protects every entrypoint of the scan.
            file(
                &t,
                "g/edge/cf.tf",
                FileKind::Terraform,
                "resource \"cloudflare_ruleset\" \"rl\" {\n  phase = \"http_ratelimit\"\n}\n",
            ),
            file(&t, "h/aws/lb.tf", FileKind::Terraform, "resource \"aws_lb\" \"api\" {}\n"),
        ];
        const COUPLINGS: &[Coupling] = &[
            Coupling::TerraformMentionWithWorkflows("token.actions.githubusercontent.com"),
            Coupling::TerraformMentions { trigger: "http_ratelimit", members: &["aws_lb"] },
        ];
        let shards = partition(&files, 1, COUPLINGS);
        for (a, b) in [(0, 1), (0, 2), (3, 4), (5, 6), (7, 8), (10, 11)] {
            assert_eq!(shard_of(&shards, a), shard_of(&shards, b), "{a} and {b} must be scanned together");
        }
        for (a, b) in [(0, 3), (3, 5), (5, 7), (7, 9), (0, 9), (9, 10)] {
            assert_ne!(shard_of(&shards, a), shard_of(&shards, b), "{a} and {b} are independent");
        }
        assert_eq!(shards.iter().map(Vec::len).sum::<usize>(), files.len());
        // A generous budget packs everything into one shard, in order.
        assert_eq!(partition(&files, 100, COUPLINGS), vec![(0..files.len()).collect::<Vec<_>>()]);
        assert!(partition(&[], 10, COUPLINGS).is_empty());
        // Without the rules' couplings, the workflow and the OIDC trust are independent.
        let plain = partition(&files, 1, &[]);
        assert_ne!(shard_of(&plain, 5), shard_of(&plain, 6));
        assert_ne!(shard_of(&plain, 10), shard_of(&plain, 11));
        // A coupling by kinds joins files in different directories.
        let kinds = partition(&files, 1, &[Coupling::Kinds(&[FileKind::Sql, FileKind::Dockerfile])]);
        assert_eq!(shard_of(&kinds, 3), shard_of(&kinds, 9));
    }

    #[test]
    fn path_helpers() {
        assert_eq!(github_root(".github/workflows/a.yml"), Some(""));
        assert_eq!(github_root("svc/.github/actions/x/action.yml"), Some("svc"));
        assert_eq!(github_root("svc/action.yml"), None);
        assert_eq!(vendored_root("infra/.terraform/modules/vpc/main.tf"), Some("infra"));
        assert_eq!(vendored_root(".terraform/modules/vpc/main.tf"), Some(""));
        assert_eq!(github_root("x.github/workflows/a.yml"), None);
        assert_eq!(dir_and_ancestors("a/b").collect::<Vec<_>>(), vec!["a/b", "a", ""]);
        let dirs: HashSet<&str> = ["a"].into_iter().collect();
        assert_eq!(nearest_tf_dir("a/envs", &dirs), Some("a"));
        assert_eq!(nearest_tf_dir("b", &dirs), None);
    }
}
