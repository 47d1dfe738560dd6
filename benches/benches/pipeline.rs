//! Criterion benches of every stage over `../shared/corpus/real/` (skipped when absent):
//! walk, read+parse per format, the whole model build (incl. Terraform evaluation), native rules,
//! and the full scan. Throughput is reported in bytes/s and files/s.

use std::collections::BTreeMap;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use infra_lint_core::discover::{discover, FileKind};
use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::source::{FileId, SourceFile};

fn bench(c: &mut Criterion) {
    let Some(root) = infra_lint_benches::corpus_real() else {
        eprintln!("../shared/corpus/real not found: skipping benches");
        return;
    };
    let (files, _) = discover(&root);
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.abs).ok()).map(|m| m.len()).sum();
    eprintln!("corpus: {} files, {} bytes", files.len(), total_bytes);

    let mut g = c.benchmark_group("walk");
    g.throughput(Throughput::Elements(files.len() as u64));
    g.bench_function("discover", |b| b.iter(|| discover(&root)));
    g.finish();

    // Parse per format, from memory (reading excluded), single-threaded: the parser's own speed.
    let mut by_kind: BTreeMap<FileKind, Vec<SourceFile>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Ok(text) = std::fs::read_to_string(&f.abs) {
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            by_kind.entry(f.class.kind).or_default().push(SourceFile::new(id, f.rel.clone(), text));
        }
    }
    for (kind, srcs) in &by_kind {
        let bytes: usize = srcs.iter().map(|s| s.text.len()).sum();
        let mut g = c.benchmark_group(format!("parse/{}", kind.as_str()));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("bytes", |b| {
            b.iter(|| {
                srcs.iter().map(|s| usize::from(infra_lint_core::parse::parse(s, *kind).0.is_some())).sum::<usize>()
            });
        });
        g.throughput(Throughput::Elements(srcs.len() as u64));
        g.bench_function("files", |b| {
            b.iter(|| {
                srcs.iter().map(|s| usize::from(infra_lint_core::parse::parse(s, *kind).0.is_some())).sum::<usize>()
            });
        });
        g.finish();
    }

    let opts = LoadOptions::default();
    let mut g = c.benchmark_group("model");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Bytes(total_bytes));
    g.bench_function("load_dir (walk+read+parse+facts+terraform)", |b| b.iter(|| load_dir(&root, &opts)));
    g.finish();

    let model = load_dir(&root, &opts);
    let rules = infra_lint_rules::registry::all();
    let mut g = c.benchmark_group("rules");
    g.sample_size(20);
    g.throughput(Throughput::Elements(model.files.len() as u64));
    g.bench_function("native", |b| b.iter(|| infra_lint_rules::run(&model, &rules)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
