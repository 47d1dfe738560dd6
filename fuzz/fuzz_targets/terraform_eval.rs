//! Terraform loading and evaluation (roots, modules, tfvars) on arbitrary files: no panic, bounded.
#![no_main]

use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // One `main.tf` unless the input splits itself into several files.
    let files: Vec<MemoryFile> = if data.windows(2).any(|w| w == b"\0\0") {
        infra_lint_fuzz::invariants::split_files(data)
            .into_iter()
            .map(|(p, c)| MemoryFile { path: p.replace("Dockerfile", "x.tf").into(), contents: c })
            .collect()
    } else {
        vec![MemoryFile { path: "main.tf".into(), contents: data.to_vec() }]
    };
    let model = load_memory(files, &LoadOptions::default());
    for f in &model.files {
        assert!(f.source.text.len() <= 8 * 1024 * 1024);
    }
});
