//! Scan a directory with infra-lint as a library and print one line per finding, then the SARIF
//! size. Run with `cargo run -p infra-lint --example scan -- [PATH]`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    let config = infra_lint::Config::discover(Path::new(&root))?.unwrap_or_default();
    let report: infra_lint::Report = infra_lint::Scanner::new(config).scan(Path::new(&root))?;
    for f in &report.findings {
        println!(
            "{} {} {}:{}:{} {}",
            f.severity,
            f.rule_id,
            f.location.path.display(),
            f.location.start_line,
            f.location.start_column,
            f.message
        );
    }
    for d in &report.diagnostics {
        println!("diagnostic {} {}: {}", d.code, d.path.display(), d.message);
    }
    let sarif: String = report.to_sarif()?;
    println!("{} findings, {} bytes of SARIF", report.findings.len(), sarif.len());
    Ok(())
}
