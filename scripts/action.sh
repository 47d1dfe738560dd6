#!/usr/bin/env bash
# The GitHub Action's logic (action.yml only wires inputs to it), so it can be tested locally with a
# simulated runner environment: GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# GITHUB_EVENT_NAME, RUNNER_TEMP.
#
#   action.sh install   download a released binary (INPUT_VERSION) or build from the action's checkout
#   action.sh run       scan; write SARIF, outputs, the step summary and PR annotations; never fails
#   action.sh finish    exit with the scan's exit code (after the SARIF upload step ran)
set -euo pipefail

die() { echo "::error title=infra-lint::$*" >&2; exit 2; }
out() { echo "$1=$2" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

install() {
  local action_path="${ACTION_PATH:?ACTION_PATH is not set}" version="${INPUT_VERSION:-}"
  local bin_dir="${RUNNER_TEMP:-/tmp}/infra-lint-bin"
  mkdir -p "$bin_dir"
  if [[ -n "$version" && "$version" != "source" ]]; then
    local os arch url
    os="$(uname -s | tr '[:upper:]' '[:lower:]')"; arch="$(uname -m)"
    url="https://github.com/infra-lint/infra-lint/releases/download/${version}/infra-lint-${arch}-${os}.tar.gz"
    if curl -fsSL "$url" | tar -xz -C "$bin_dir" infra-lint 2>/dev/null; then
      out bin "$bin_dir/infra-lint"; return 0
    fi
    echo "::warning title=infra-lint::no released binary at $url; building from source"
  fi
  command -v cargo >/dev/null || die "cargo is not installed: add a Rust toolchain step or set 'version'"
  cargo build --release --locked --quiet -p infra-lint --manifest-path "$action_path/Cargo.toml"
  out bin "$action_path/target/release/infra-lint"
}

run() {
  local bin="${INFRA_LINT_BIN:-infra-lint}" ws="${GITHUB_WORKSPACE:-$PWD}"
  local target="${INPUT_PATH:-.}" fail_on="${INPUT_FAIL_ON:-high}" format="${INPUT_FORMAT:-text}"
  local tmp="${RUNNER_TEMP:-/tmp}"
  local sarif="$tmp/infra-lint.sarif" json="$tmp/infra-lint.json"
  local -a common=()
  [[ -n "${INPUT_CONFIG:-}" ]] && common+=(--config "$INPUT_CONFIG")
  if [[ -n "${INPUT_POLICY:-}" ]]; then
    local p
    while IFS= read -r p; do
      p="${p#"${p%%[![:space:]]*}"}"; p="${p%"${p##*[![:space:]]}"}"
      [[ -n "$p" ]] && common+=(--policy "$p")
    done < <(tr ',' '\n' <<< "$INPUT_POLICY")
  fi
  cd "$ws"

  # The human report in the log, in the requested format.
  "$bin" "$target" "${common[@]}" --format "$format" --fail-on never || true

  # SARIF for code scanning; its exit code is the verdict.
  local code=0
  "$bin" "$target" "${common[@]}" --format sarif --output "$sarif" --fail-on "$fail_on" || code=$?

  # JSON for the counts and the summary table.
  local findings=0
  if "$bin" "$target" "${common[@]}" --format json --output "$json" --fail-on never && [[ -s "$json" ]]; then
    findings="$(jq '.findings | map(select(.suppressed | not)) | length' "$json")"
    summary "$json" "$fail_on" "$code" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
  fi

  # Annotations on pull requests.
  if [[ "${INPUT_ANNOTATIONS:-true}" == "true" && "${GITHUB_EVENT_NAME:-}" == pull_request* ]]; then
    "$bin" "$target" "${common[@]}" --format github --fail-on never || true
  fi

  out sarif-file "$([[ -s "$sarif" ]] && echo "$sarif" || echo "")"
  out findings "$findings"
  out exit-code "$code"
}

summary() {
  local json="$1" fail_on="$2" code="$3"
  echo "## infra-lint"
  echo
  case "$code" in
    0) if [[ "$fail_on" == never ]]; then echo "Reporting only (\`fail-on: never\`)."; else echo "No findings at or above \`$fail_on\`."; fi ;;
    1) echo "**Findings at or above \`$fail_on\`: the check fails.**" ;;
    *) echo "**infra-lint could not complete the scan (exit code $code).**" ;;
  esac
  echo
  echo "| severity | findings |"
  echo "|---|---|"
  jq -r '[.findings[] | select(.suppressed | not) | .severity] as $s
         | ["critical","high","medium","low"][] as $k
         | "| \($k) | \([$s[] | select(. == $k)] | length) |"' "$json"
  echo
  local n
  n="$(jq '[.findings[] | select(.suppressed | not)] | length' "$json")"
  if [[ "$n" -gt 0 ]]; then
    echo "| rule | severity | location | message |"
    echo "|---|---|---|---|"
    jq -r '.findings[] | select(.suppressed | not)
           | "| `\(.rule_id)` | \(.severity) | `\(.location.path):\(.location.start_line)` | \(.message | gsub("\\|"; "\\\\|") | gsub("\n"; " ")) |"' "$json" | head -n 50
    [[ "$n" -gt 50 ]] && echo && echo "… and $((n - 50)) more (see the code scanning alerts)."
  fi
  return 0
}

finish() {
  local code="${EXIT_CODE:-2}"
  [[ "$code" =~ ^[0-9]+$ ]] || code=2
  exit "$code"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  finish) finish ;;
  *) echo "usage: $0 install|run|finish" >&2; exit 2 ;;
esac
