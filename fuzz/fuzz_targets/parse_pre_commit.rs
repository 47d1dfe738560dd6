//! The pre-commit configuration parser on arbitrary bytes: no panic, spans inside the file,
//! deterministic.
#![no_main]

use infra_lint_core::kind::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| infra_lint_fuzz::parse_bytes(".pre-commit-config.yaml", FileKind::PreCommit, data));
