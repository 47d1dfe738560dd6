#!/usr/bin/env bash
# Seed each fuzz target's corpus with the matching files of testdata/ (fuzz/corpus is not committed).
#   bash fuzz/seed.sh && cd fuzz && cargo +nightly fuzz run parse_terraform -- -max_total_time=60
set -euo pipefail
cd "$(dirname "$0")"
seed() { # target, find -name patterns...
  local t="$1"; shift
  mkdir -p "corpus/$t"
  local -a expr=()
  for p in "$@"; do expr+=(-o -name "$p"); done
  find ../testdata -type f -size -64k \( "${expr[@]:1}" \) -print0 |
    while IFS= read -r -d '' f; do cp "$f" "corpus/$t/$(sha1sum "$f" | cut -c1-16)"; done
  echo "$t: $(find "corpus/$t" -type f | wc -l) seeds"
}
seed parse_terraform '*.tf'
seed parse_tfvars '*.tfvars'
seed parse_terraform_json '*.tf.json' '*.tfvars.json'
seed parse_workflow '*.yml' '*.yaml'
seed parse_compose 'compose*.y*ml' 'docker-compose*.y*ml'
seed parse_dockerfile 'Dockerfile*' '*.Dockerfile' 'Containerfile*'
seed parse_dotenv '.env*' '*.env'
seed parse_fly 'fly*.toml'
seed parse_wrangler 'wrangler*.toml' 'wrangler*.json*'
seed parse_sql '*.sql'
seed parse_nginx '*.conf'
seed parse_pre_commit '.pre-commit-config.y*ml'
seed parse_json '*.json'
seed terraform_eval '*.tf' '*.tfvars'
# The whole scan: single files prefixed with the byte choosing their format (see split_files).
mkdir -p corpus/scan
for pair in "0:*.tf" "4:*.yml" "6:Dockerfile*" "7:.env*" "8:fly*.toml" "9:*.sql" "13:*.conf"; do
  sel="${pair%%:*}"; pat="${pair#*:}"
  n=0
  while IFS= read -r -d '' f; do
    [[ $n -lt 40 ]] || continue
    n=$((n + 1))
    { printf "\\x$(printf %02x "$sel")"; cat "$f"; } > "corpus/scan/$sel-$(sha1sum "$f" | cut -c1-16)"
  done < <(find ../testdata -type f -size -16k -name "$pat" -print0)
done
echo "scan: $(find corpus/scan -type f | wc -l) seeds"
