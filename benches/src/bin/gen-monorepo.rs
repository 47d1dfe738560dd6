//! Generates a synthetic monorepo of N infrastructure files (default 100,000) for scale tests:
//! `cargo run --release -p infra-lint-benches --bin gen-monorepo -- DIR [N]`.
//!
//! The mix follows a real monorepo: Terraform modules and roots with tfvars, Dockerfiles, compose
//! files, fly.toml, `.env.example`, workflows and SQL migrations, in nested service directories.
//! Every file is small and valid, some carry findings, so the scan does real work on each.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen-monorepo DIR [N]");
        return ExitCode::from(2);
    };
    let n: usize = match args.next().map(|s| s.parse()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("error: N must be a number: {e}");
            return ExitCode::from(2);
        }
    };
    match generate(Path::new(&dir), n) {
        Ok(bytes) => {
            eprintln!("wrote {n} files ({bytes} bytes) under {dir}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

const KINDS: usize = 10;

fn generate(root: &Path, n: usize) -> std::io::Result<usize> {
    let mut bytes = 0;
    for i in 0..n {
        // 100 files per service directory, services grouped 100 per team.
        let svc = i / KINDS;
        let dir = root.join(format!("team{:03}/svc{:05}", svc / 100, svc));
        let (rel, body) = file(i % KINDS, i);
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        bytes += body.len();
        std::fs::write(path, body)?;
    }
    Ok(bytes)
}

fn file(kind: usize, i: usize) -> (String, String) {
    let mut s = String::new();
    match kind {
        0 => {
            let public = i.is_multiple_of(7);
            let _ = write!(
                s,
                "variable \"environment\" {{\n  type = string\n}}\n\nresource \"aws_db_instance\" \"db{i}\" {{\n  identifier          = \"db{i}-${{var.environment}}\"\n  engine              = \"postgres\"\n  instance_class      = \"db.t4g.micro\"\n  publicly_accessible = {public}\n  storage_encrypted   = true\n}}\n"
            );
            ("infra/main.tf".into(), s)
        }
        1 => {
            let env = if i.is_multiple_of(3) { "production" } else { "staging" };
            let _ = write!(s, "environment = \"{env}\"\nregion      = \"eu-west-1\"\n");
            ("infra/terraform.tfvars".into(), s)
        }
        2 => {
            let _ = write!(
                s,
                "FROM node:20.{}-slim AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n{}CMD [\"node\", \"/app/main.js\"]\n",
                i % 18,
                if i.is_multiple_of(4) { "" } else { "USER node\n" }
            );
            ("Dockerfile".into(), s)
        }
        3 => {
            let _ = write!(
                s,
                "services:\n  app{i}:\n    build: .\n    ports:\n      - \"127.0.0.1:{}:3000\"\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
                3000 + i % 1000
            );
            ("docker-compose.yml".into(), s)
        }
        4 => {
            let _ = write!(
                s,
                "app = \"svc{i}-production\"\nprimary_region = \"ams\"\n\n[env]\n  LOG_LEVEL = \"info\"\n\n[http_service]\n  internal_port = 8080\n  force_https = {}\n",
                !i.is_multiple_of(5)
            );
            ("fly.toml".into(), s)
        }
        5 => {
            s.push_str(
                "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app\nAPI_KEY=change-me\nLOG_LEVEL=debug\n",
            );
            (".env.example".into(), s)
        }
        6 => {
            let _ = write!(
                s,
                "name: ci-{i}\non:\n  pull_request:\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n"
            );
            (format!(".github/workflows/ci{}.yml", i % 3), s)
        }
        7 => {
            let _ = write!(
                s,
                "create table public.items_{i} (\n  id uuid primary key,\n  org_id uuid not null,\n  name text\n);\nalter table public.items_{i} enable row level security;\ncreate policy p_{i} on public.items_{i} using (true);\n"
            );
            (format!("supabase/migrations/2024010100{:04}_items.sql", i % 10_000), s)
        }
        8 => {
            let _ = write!(
                s,
                "variable \"name\" {{\n  type    = string\n  default = \"svc{i}\"\n}}\n\nlocals {{\n  tags = {{ Service = var.name, Team = \"t{}\" }}\n}}\n\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"${{var.name}}-assets\"\n  tags   = local.tags\n}}\n",
                i % 100
            );
            ("infra/storage.tf".into(), s)
        }
        _ => {
            let _ = write!(
                s,
                "name: setup\ndescription: shared setup {i}\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n      with:\n        node-version: 20\n"
            );
            (".github/actions/setup/action.yml".into(), s)
        }
    }
}
