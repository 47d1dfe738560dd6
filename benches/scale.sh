#!/usr/bin/env bash
# Scale check: generate synthetic monorepos of growing size (gen-monorepo) and scan each with
# every rule and the shipped policies, then with a single rule; prints wall time, time per file
# and peak RSS, so linear time and bounded memory can be read off one table.
#
#   benches/scale.sh [SIZES...]        (default: 20000 50000 100000)
#
# INFRA_LINT=/path/to/infra-lint measures that binary instead of building one. The repositories
# are generated under a temporary directory that is removed on exit (about 4 KiB of disk per file).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(20000 50000 100000)

echo "== building (release)" >&2
cargo build --release --locked --quiet -p infra-lint-benches --bin gen-monorepo
gen="$PWD/target/release/gen-monorepo"
if [[ -n "${INFRA_LINT:-}" ]]; then
  il="$INFRA_LINT"
else
  cargo build --release --locked --quiet -p infra-lint
  il="$PWD/target/release/infra-lint"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run LABEL ARGS...: prints "wall_s peak_MiB" of one scan.
run() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$il" "$@" --format sarif --output /dev/null --fail-on never >/dev/null 2>&1 || true
  awk '{ printf "%s %.0f", $1, $2 / 1024 }' "$work/time"
}

echo "| files | all rules: wall | µs/file | peak RSS | one rule: wall | peak RSS |"
echo "|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  repo="$work/mono$n"
  "$gen" "$repo" "$n" >/dev/null
  find "$repo" -type f -print0 | xargs -0 cat >/dev/null # warm the page cache
  read -r wall rss <<<"$(run "$repo")"
  read -r wall1 rss1 <<<"$(run "$repo" --select fly-https-not-forced)"
  per=$(awk -v w="$wall" -v n="$n" 'BEGIN { printf "%.0f", w * 1e6 / n }')
  echo "| $n | $wall s | $per | $rss MiB | $wall1 s | $rss1 MiB |"
  rm -rf "$repo"
done
