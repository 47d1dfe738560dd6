//! Criterion benches of every stage over `../shared/corpus/real/` (every group is skipped when the
//! corpus is absent), one function per group:
//!
//! | group                  | what is timed                                                     | throughput            |
//! |------------------------|-------------------------------------------------------------------|-----------------------|
//! | `walk`                 | discovery and classification of the files                         | files/s               |
//! | `parse/<format>`       | parsing one format from memory, single-threaded                   | files/s and MB/s      |
//! | `model`                | `load_dir`: walk, read, parse, facts and Terraform evaluation     | files/s and MB/s      |
//! | `terraform`            | `terraform::evaluate` over an already parsed model                | files/s and MB/s      |
//! | `terraform-roots`      | the same, counted in roots                                        | roots/s               |
//! | `rules`                | every native rule over the model                                  | files/s and MB/s      |
//! | `rego`                 | the shipped policies, with and without `tf-required-tags` configured | files/s and MB/s   |
//! | `sarif`                | rendering the whole corpus's report to SARIF in memory            | results/s, output MB/s |
//! | `scan`                 | `Scanner::scan`, end to end, as the command line does             | files/s and MB/s      |
//! | `hostile/<shape>`      | in-memory scans of inputs a hostile author may write, at two sizes | bytes/s (flat = linear) |
//!
//! The `hostile` group needs no corpus: its inputs are built in memory (a workflow line of
//! tainted expressions, a deep SQL expression, a long Terraform string). Linear code keeps the
//! same bytes/s at both sizes; a quadratic path shows as throughput falling tenfold.
//! Run one group with `cargo bench -p infra-lint-benches --bench pipeline -- '^terraform'` (see `benches/README.md`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use infra_lint::{Config, MemoryFile, Scanner};
use infra_lint_core::discover::{discover, Discovered, FileKind};
use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::model::Model;
use infra_lint_core::source::{FileId, SourceFile};
use infra_lint_core::terraform::{self, TfOptions};
use infra_lint_rules::rego::{PolicyOptions, PolicySet};

/// The corpus, discovered once and shared by every group; the model is built on first use.
struct Corpus {
    root: PathBuf,
    files: Vec<Discovered>,
    bytes: u64,
    model: OnceLock<Model>,
}

impl Corpus {
    /// The model of the whole corpus (built by `load_dir`, as a scan does).
    fn model(&self) -> &Model {
        self.model.get_or_init(|| load_dir(&self.root, &LoadOptions::default()))
    }

    /// Files/s and MB/s over the whole corpus.
    fn throughput(&self) -> Throughput {
        Throughput::ElementsAndBytes { elements: self.files.len() as u64, bytes: self.bytes }
    }
}

/// The corpus, or `None` (with a note on stderr, once) when `../shared/corpus/real` is absent.
fn corpus() -> Option<&'static Corpus> {
    static CORPUS: OnceLock<Option<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let Some(root) = infra_lint_benches::corpus_real() else {
                eprintln!("../shared/corpus/real not found: skipping benches");
                return None;
            };
            let (files, _) = discover(&root);
            let bytes = files.iter().filter_map(|f| std::fs::metadata(&f.abs).ok()).map(|m| m.len()).sum();
            eprintln!("corpus: {} files, {} bytes", files.len(), bytes);
            Some(Corpus { root, files, bytes, model: OnceLock::new() })
        })
        .as_ref()
}

/// Files/s and MB/s over a set of parsed files.
fn throughput_of<'a>(files: impl Iterator<Item = &'a SourceFile>) -> Throughput {
    let (n, bytes) = files.fold((0u64, 0u64), |(n, b), s| (n + 1, b + s.text.len() as u64));
    Throughput::ElementsAndBytes { elements: n, bytes }
}

fn walk(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let mut g = c.benchmark_group("walk");
    g.throughput(Throughput::Elements(corpus.files.len() as u64));
    g.bench_function("discover", |b| b.iter(|| discover(&corpus.root)));
    g.finish();
}

/// Parse per format, from memory (reading excluded), single-threaded: the parser's own speed.
fn parse(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let mut by_kind: BTreeMap<FileKind, Vec<SourceFile>> = BTreeMap::new();
    for (i, f) in corpus.files.iter().enumerate() {
        if let Ok(text) = std::fs::read_to_string(&f.abs) {
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            by_kind.entry(f.class.kind).or_default().push(SourceFile::new(id, f.rel.clone(), text));
        }
    }
    for (kind, srcs) in &by_kind {
        let mut g = c.benchmark_group(format!("parse/{}", kind.as_str()));
        g.throughput(throughput_of(srcs.iter()));
        g.bench_function("files", |b| {
            b.iter(|| {
                srcs.iter().map(|s| usize::from(infra_lint_core::parse::parse(s, *kind).0.is_some())).sum::<usize>()
            });
        });
        g.finish();
    }
}

fn model(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let opts = LoadOptions::default();
    let mut g = c.benchmark_group("model");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(corpus.throughput());
    g.bench_function("load_dir (walk+read+parse+facts+terraform)", |b| b.iter(|| load_dir(&corpus.root, &opts)));
    g.finish();
}

/// Terraform evaluation alone, over the model already parsed (vendored modules resolved through
/// the manifests the load read, as `load_dir` does).
fn terraform(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let model = corpus.model();
    let is_tf = |k: FileKind| {
        matches!(k, FileKind::Terraform | FileKind::TerraformJson | FileKind::Tfvars | FileKind::TfvarsJson)
    };
    let tf_files = model.files.iter().filter(|f| is_tf(f.kind)).map(|f| &f.source);
    let manifests = model.terraform.as_ref().map(|t| t.manifests.clone()).unwrap_or_default();
    let opts = TfOptions::default();
    let roots = terraform::evaluate_with(model, &opts, manifests.clone()).0.roots.len() as u64;
    eprintln!("terraform: {roots} roots");

    let mut g = c.benchmark_group("terraform");
    g.sample_size(10);
    g.throughput(throughput_of(tf_files));
    g.bench_function("evaluate", |b| {
        b.iter_batched(|| manifests.clone(), |m| terraform::evaluate_with(model, &opts, m), BatchSize::SmallInput);
    });
    g.finish();

    // Roots/s in a group of its own: criterion's summary plot needs one throughput kind per group.
    let mut g = c.benchmark_group("terraform-roots");
    g.sample_size(10);
    g.throughput(Throughput::Elements(roots));
    g.bench_function("evaluate", |b| {
        b.iter_batched(|| manifests.clone(), |m| terraform::evaluate_with(model, &opts, m), BatchSize::SmallInput);
    });
    g.finish();
}

fn rules(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let model = corpus.model();
    let rules = infra_lint_rules::registry::all();
    let mut g = c.benchmark_group("rules");
    g.sample_size(20);
    g.throughput(throughput_of(model.files.iter().map(|f| &f.source)));
    g.bench_function("native", |b| b.iter(|| infra_lint_rules::run(model, &rules)));
    g.finish();
}

/// The shipped Rego policies (loaded and compiled once, outside the timing) over the model; then
/// again with `tf-required-tags` configured through the policy data, so that its
/// repository-scoped evaluation is measured too (unconfigured it is dormant).
fn rego(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let model = corpus.model();
    let load = |data: serde_json::Value| {
        let (set, diags) = PolicySet::load(&PolicyOptions { shipped: true, data, ..PolicyOptions::default() });
        for d in &diags {
            eprintln!("rego: {}: {}", d.path.display(), d.message);
        }
        set
    };
    let shipped = load(serde_json::json!({}));
    let tags = load(serde_json::json!({ "tf_required_tags": { "tags": ["owner", "cost-center"] } }));
    eprintln!(
        "rego: {} findings shipped, {} with tf-required-tags configured",
        shipped.evaluate(model).0.len(),
        tags.evaluate(model).0.len()
    );

    let mut g = c.benchmark_group("rego");
    g.sample_size(10);
    g.throughput(throughput_of(model.files.iter().map(|f| &f.source)));
    g.bench_function("shipped", |b| b.iter(|| shipped.evaluate(model)));
    g.bench_function("shipped+tf-required-tags", |b| b.iter(|| tags.evaluate(model)));
    g.finish();
}

/// SARIF writing: the report of a whole-corpus scan (built once, outside the timing) rendered to a
/// string. Throughput is results/s and SARIF output MB/s.
fn sarif(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let report = match Scanner::new(Config::default()).scan(&corpus.root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sarif: scan failed ({e}): skipping");
            return;
        }
    };
    let out = match report.to_sarif() {
        Ok(s) => s.len() as u64,
        Err(e) => {
            eprintln!("sarif: render failed ({e}): skipping");
            return;
        }
    };
    let results = (report.findings.len() + report.suppressed.len()) as u64;
    eprintln!("sarif: {results} results, {out} bytes of SARIF");

    let mut g = c.benchmark_group("sarif");
    g.sample_size(20);
    g.throughput(Throughput::ElementsAndBytes { elements: results, bytes: out });
    g.bench_function("render", |b| b.iter(|| report.to_sarif()));
    g.finish();
}

/// The whole scan through the public API (policies loaded once by the scanner, then reused).
fn scan(c: &mut Criterion) {
    let Some(corpus) = corpus() else { return };
    let scanner = Scanner::new(Config::default());
    let mut g = c.benchmark_group("scan");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(corpus.throughput());
    g.bench_function("full", |b| b.iter(|| scanner.scan(&corpus.root)));
    g.finish();
}

/// Scans of hostile shapes at two sizes, so a super-linear path shows as falling throughput.
fn hostile(c: &mut Criterion) {
    type Shape = fn(usize) -> (&'static str, String);
    let shapes: [(&str, Shape); 3] = [
        ("workflow-line", |n| {
            let exprs = vec!["${{ github.event.issue.title }}"; n].join(" ");
            (
                ".github/workflows/bad.yml",
                format!("on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"{exprs}\"\n"),
            )
        }),
        ("sql-expression", |n| {
            ("migrations/001.sql", format!("CREATE TABLE t (a int DEFAULT {});\n", vec!["1"; n].join(" + ")))
        }),
        ("terraform-string", |n| {
            ("main.tf", format!("resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"{}\"\n}}\n", "a${var.x}".repeat(n)))
        }),
    ];
    let scanner = Scanner::new(Config::default());
    for (name, shape) in shapes {
        let mut g = c.benchmark_group(format!("hostile/{name}"));
        g.sample_size(10).measurement_time(Duration::from_secs(5));
        for n in [1_000, 10_000] {
            let (path, text) = shape(n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(n.to_string(), |b| {
                b.iter_batched(
                    || vec![MemoryFile { path: PathBuf::from(path), contents: text.clone().into_bytes() }],
                    |files| scanner.scan_files(files),
                    BatchSize::LargeInput,
                );
            });
        }
        g.finish();
    }
}

criterion_group!(benches, walk, parse, model, terraform, rules, rego, sarif, scan, hostile);
criterion_main!(benches);
