//! Where the time of a scan went, phase by phase (`infra-lint --timings`).
//!
//! Every figure is wall-clock time of one phase; parsing, Terraform evaluation and the rules run on
//! all cores, so a phase's CPU time may be a multiple of it. A sharded scan adds up its shards.

use std::fmt::Write as _;
use std::time::Duration;

/// How many of the slowest Terraform roots are kept.
pub const SLOWEST_ROOTS: usize = 5;

/// Wall-clock time per phase of a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    /// Finding the files (directory walk, ignore files, module manifests).
    pub walk: Duration,
    /// Reading and decoding the files.
    pub read: Duration,
    /// Parsing every file into its document (with environment inference).
    pub parse: Duration,
    /// Evaluating the Terraform roots.
    pub terraform: Duration,
    /// Building the cross-file facts (documents and evaluated Terraform).
    pub facts: Duration,
    /// Native rules.
    pub rules: Duration,
    /// Rego policies (loading and compiling them, then evaluating).
    pub policies: Duration,
    /// Configuration filters, suppressions, locating and masking the findings, sorting and
    /// fingerprinting them.
    pub resolve: Duration,
    /// Number of Terraform roots evaluated.
    pub roots: usize,
    /// The slowest Terraform roots (directory, time), slowest first.
    pub slowest_roots: Vec<(String, Duration)>,
}

impl Timings {
    /// Add another part of the same scan (a shard) to this one.
    pub fn add(&mut self, other: &Self) {
        self.walk += other.walk;
        self.read += other.read;
        self.parse += other.parse;
        self.terraform += other.terraform;
        self.facts += other.facts;
        self.rules += other.rules;
        self.policies += other.policies;
        self.resolve += other.resolve;
        self.roots += other.roots;
        self.note_roots(other.slowest_roots.iter().cloned());
    }

    /// Keep the slowest of these roots and those already noted.
    pub fn note_roots(&mut self, roots: impl IntoIterator<Item = (String, Duration)>) {
        self.slowest_roots.extend(roots);
        self.slowest_roots.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.slowest_roots.truncate(SLOWEST_ROOTS);
    }

    /// The sum of the phases.
    #[must_use]
    pub fn total(&self) -> Duration {
        self.walk + self.read + self.parse + self.terraform + self.facts + self.rules + self.policies + self.resolve
    }

    /// A small table for humans: one line per phase with its share of the total, then the
    /// slowest roots. `output` is the time spent writing the report, when the caller measured it.
    #[must_use]
    pub fn render(&self, output: Option<Duration>) -> String {
        let mut phases = vec![
            ("walk", self.walk),
            ("read", self.read),
            ("parse", self.parse),
            ("terraform", self.terraform),
            ("facts", self.facts),
            ("rules", self.rules),
            ("policies", self.policies),
            ("resolve", self.resolve),
        ];
        if let Some(o) = output {
            phases.push(("output", o));
        }
        let total: Duration = phases.iter().map(|(_, d)| *d).sum();
        let mut s = String::from("timings (wall clock):\n");
        for (name, d) in &phases {
            let _ = writeln!(s, "  {name:<10} {:>9}  {:>5.1}%", ms(*d), share(*d, total));
        }
        let _ = writeln!(s, "  {:<10} {:>9}", "total", ms(total));
        if !self.slowest_roots.is_empty() {
            let _ = writeln!(s, "slowest Terraform roots (of {}):", self.roots);
            for (dir, d) in &self.slowest_roots {
                let dir = if dir.is_empty() { "." } else { dir.as_str() };
                let _ = writeln!(s, "  {:>9}  {dir}", ms(*d));
            }
        }
        s
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn share(d: Duration, total: Duration) -> f64 {
    if total.is_zero() {
        0.0
    } else {
        d.as_secs_f64() * 100.0 / total.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_add_up_and_keep_the_slowest_roots() {
        let ms = Duration::from_millis;
        let mut a = Timings { parse: ms(10), roots: 2, ..Timings::default() };
        a.note_roots([("a".to_owned(), ms(3)), ("b".to_owned(), ms(1))]);
        let mut b = Timings { parse: ms(5), rules: ms(7), roots: 5, ..Timings::default() };
        b.note_roots((0..5).map(|i| (format!("r{i}"), ms(i))));
        a.add(&b);
        assert_eq!((a.parse, a.rules, a.roots), (ms(15), ms(7), 7));
        let names: Vec<&str> = a.slowest_roots.iter().map(|(n, _)| n.as_str()).collect();
        // r1 and b tie at 1 ms; the name decides, so the order is stable.
        assert_eq!(names, ["r4", "a", "r3", "r2", "b"]);
        assert_eq!(a.total(), ms(22));
    }

    #[test]
    fn the_table_names_every_phase_and_the_roots() {
        let mut t = Timings {
            parse: Duration::from_millis(30),
            terraform: Duration::from_millis(10),
            roots: 1,
            ..Timings::default()
        };
        t.note_roots([(String::new(), Duration::from_millis(10))]);
        let s = t.render(Some(Duration::from_millis(10)));
        for phase in ["walk", "read", "parse", "terraform", "facts", "rules", "policies", "resolve", "output", "total"]
        {
            assert!(s.contains(&format!("  {phase} ")), "{phase} missing in\n{s}");
        }
        assert!(s.contains("60.0%"), "parse is 30 of 50 ms:\n{s}");
        assert!(s.contains("slowest Terraform roots (of 1):\n    10.0 ms  .\n"), "{s}");
    }
}
