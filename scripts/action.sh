#!/usr/bin/env bash
# The GitHub Action's logic (action.yml only wires inputs to it), so it can be tested locally with a
# simulated runner environment: GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, RUNNER_TEMP (and INFRA_LINT_BIN for `run`).
#
#   action.sh prepare   decide how to install (release or source) and the source build's cache key
#   action.sh install   download the release matching the action's version and verify its SHA-256
#                       (fails closed), or build the action's checkout with cargo when asked
#   action.sh run       ONE scan: the log report, SARIF, JSON; from them the outputs, the step
#                       summary and the (capped, deduplicated) annotations. Never fails itself.
#   action.sh finish    exit with the scan's exit code (after the SARIF upload step ran)
#
# No pipeline here ends early (no `| head`): with pipefail, a reader that stops early kills the
# writer with SIGPIPE and the whole step with it.
set -euo pipefail

# GitHub shows at most this many annotations of each kind (error, warning, notice) per step.
ANNOTATION_CAP="${INFRA_LINT_ANNOTATION_CAP:-10}"
# Rows of the findings table in the step summary (the summary is capped at 1 MiB per step).
SUMMARY_ROWS=50
RELEASE_BASE="${INFRA_LINT_RELEASE_BASE:-https://github.com/infra-lint/infra-lint/releases/download}"

die() { echo "::error title=infra-lint::$*" >&2; exit 2; }
out() { echo "$1=$2" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }
# Bash 3.2 compatible (macOS's /bin/bash): no ${x,,}, no mapfile.
lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
is_true() { case "$(lower "$1")" in true|1|yes) return 0 ;; *) return 1 ;; esac; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# The version of the action's own checkout (`[workspace.package] version` in Cargo.toml), as a tag.
action_version() {
  local v
  v="$(awk '/^\[workspace.package\]/{p=1; next} /^\[/{p=0} p && $1=="version" {gsub(/"/, "", $3); print $3; exit}' \
    "${ACTION_PATH:?ACTION_PATH is not set}/Cargo.toml")"
  [[ -n "$v" ]] || die "cannot read the action's version from $ACTION_PATH/Cargo.toml"
  echo "v$v"
}

# The release target of this runner.
target_triple() {
  local os="${RUNNER_OS:-$(uname -s)}" arch="${RUNNER_ARCH:-$(uname -m)}"
  case "$(lower "$os")" in
    linux) os=unknown-linux-musl ;;
    macos|darwin) os=apple-darwin ;;
    windows|mingw*|msys*|cygwin*) os=pc-windows-msvc ;;
    *) die "no released binary for the operating system '$os': set build-from-source: true" ;;
  esac
  case "$(lower "$arch")" in
    x64|x86_64|amd64) arch=x86_64 ;;
    arm64|aarch64) arch=aarch64 ;;
    *) die "no released binary for the architecture '$arch': set build-from-source: true" ;;
  esac
  [[ "$os" == pc-windows-msvc && "$arch" != x86_64 ]] && die "no released binary for Windows on $arch: set build-from-source: true"
  echo "$arch-$os"
}

wants_source() { is_true "${INPUT_BUILD_FROM_SOURCE:-false}" || [[ "${INPUT_VERSION:-}" == source ]]; }

prepare() {
  local action_path="${ACTION_PATH:?ACTION_PATH is not set}"
  if wants_source; then
    # The key covers everything the build reads: the lock file, manifests, sources and policies.
    local list digest
    list="${RUNNER_TEMP:-/tmp}/infra-lint-sources"
    (cd "$action_path" && find Cargo.toml Cargo.lock crates -type f ! -path '*/tests/*' ! -path '*/target/*' -print0 \
      | LC_ALL=C sort -z | xargs -0 cat) > "$list"
    digest="$(sha256 "$list")"
    rm -f "$list"
    out mode source
    out cache-key "infra-lint-src-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-${digest:0:32}"
  else
    out mode release
    out cache-key ""
  fi
}

install() {
  local action_path="${ACTION_PATH:?ACTION_PATH is not set}"
  if wants_source; then
    command -v cargo >/dev/null || die "cargo is not installed: add a Rust toolchain step, or drop build-from-source to use the release binary"
    cargo build --release --locked --quiet -p infra-lint --manifest-path "$action_path/Cargo.toml"
    local exe="$action_path/target/release/infra-lint"
    [[ -x "$exe" ]] || exe="$exe.exe"
    out bin "$exe"
    return 0
  fi
  local version="${INPUT_VERSION:-}" target asset ext exe dir
  [[ -n "$version" ]] || version="$(action_version)"
  [[ "$version" == v* ]] || version="v$version"
  target="$(target_triple)"
  ext=tar.gz; exe=infra-lint
  if [[ "$target" == *windows* ]]; then ext=zip; exe=infra-lint.exe; fi
  asset="infra-lint-$target.$ext"
  dir="${RUNNER_TEMP:-/tmp}/infra-lint-$version-$target"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "Downloading infra-lint $version for $target"
  curl -fsSL --retry 3 --proto '=https,file' -o "$dir/$asset" "$RELEASE_BASE/$version/$asset" \
    || die "cannot download $RELEASE_BASE/$version/$asset (set version to a released tag, or build-from-source: true)"
  curl -fsSL --retry 3 --proto '=https,file' -o "$dir/SHA256SUMS" "$RELEASE_BASE/$version/SHA256SUMS" \
    || die "cannot download the checksums of $version: refusing to run an unverified binary"
  # Fail closed: no checksum line, or a different digest, stops here.
  local expected actual
  expected="$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS")"
  [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "SHA256SUMS of $version has no checksum for $asset: refusing to run it"
  actual="$(sha256 "$dir/$asset")"
  [[ "$actual" == "$expected" ]] || die "checksum mismatch for $asset: expected $expected, got $actual; refusing to run it"
  echo "SHA-256 verified: $actual  $asset"
  if [[ "$ext" == zip ]]; then
    # Git Bash's tar is GNU tar, which cannot read zip files.
    if command -v unzip >/dev/null 2>&1; then unzip -q -o "$dir/$asset" -d "$dir" || die "cannot unpack $asset"
    elif command -v 7z >/dev/null 2>&1; then 7z x -y -o"$dir" "$dir/$asset" >/dev/null || die "cannot unpack $asset"
    else pwsh -NoProfile -Command "Expand-Archive -Force -Path '$dir/$asset' -DestinationPath '$dir'" || die "cannot unpack $asset"
    fi
  else
    tar -xzf "$dir/$asset" -C "$dir" || die "cannot unpack $asset"
  fi
  local bin
  bin="$(find "$dir" -type f -name "$exe" -print -quit)"
  [[ -n "$bin" ]] || die "$asset holds no $exe"
  chmod +x "$bin"
  "$bin" --version >/dev/null || die "the downloaded binary does not run on this runner"
  out bin "$bin"
}

# Whether this run's token cannot write security events: pull requests from forks (and
# Dependabot's) get a read-only token.
read_only_token() {
  [[ "${GITHUB_EVENT_NAME:-}" == pull_request ]] || return 1
  [[ "${GITHUB_ACTOR:-}" == "dependabot[bot]" ]] && return 0
  local ev="${GITHUB_EVENT_PATH:-}"
  [[ -n "$ev" && -s "$ev" ]] || return 1
  local head base
  head="$(jq -r '.pull_request.head.repo.full_name // empty' "$ev" 2>/dev/null || true)"
  base="$(jq -r '.pull_request.base.repo.full_name // .repository.full_name // empty' "$ev" 2>/dev/null || true)"
  [[ -n "$head" && -n "$base" && "$head" != "$base" ]]
}

# The base commit of a pull request (from the event), fetched when the checkout lacks it; empty
# when it cannot be had.
base_commit() {
  local ev="${GITHUB_EVENT_PATH:-}" sha=""
  [[ -n "$ev" && -s "$ev" ]] && sha="$(jq -r '.pull_request.base.sha // empty' "$ev" 2>/dev/null || true)"
  [[ "$sha" =~ ^[0-9a-f]{40,64}$ ]] || return 0
  if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$sha" >/dev/null 2>&1 || true
  fi
  git cat-file -e "$sha^{commit}" 2>/dev/null && echo "$sha"
  return 0
}

# Write the base commit's version of PATH (relative to the workspace) to DEST; fails when the
# base has no such file.
from_base() {
  local base="$1" path="${2#./}" dest="$3"
  mkdir -p "$(dirname "$dest")"
  git show "$base:./$path" > "$dest" 2>/dev/null || { rm -f "$dest"; return 1; }
}

# The `[policy] dirs` named in a configuration file (quoted strings of the `dirs = [...]` value).
policy_dirs_of() {
  awk '/^[[:space:]]*\[/{sec=$0} sec ~ /^[[:space:]]*\[policy\]/ && /^[[:space:]]*dirs[[:space:]]*=/{p=1} p{print} p && /\]/{p=0}' "$1" \
    | grep -oE '"[^"]*"' | tr -d '"' || true
}

# A random token for ::stop-commands:: (GitHub: unique per use, not guessable).
stop_token() {
  if command -v openssl >/dev/null 2>&1; then openssl rand -hex 16
  else od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; fi
}

run() {
  local bin="${INFRA_LINT_BIN:-infra-lint}" ws="${GITHUB_WORKSPACE:-$PWD}"
  local target="${INPUT_PATH:-.}" fail_on="${INPUT_FAIL_ON:-high}" format="${INPUT_FORMAT:-text}"
  local tmp="${RUNNER_TEMP:-/tmp}/infra-lint-report"
  mkdir -p "$tmp"
  local sarif="$tmp/infra-lint.sarif" json="$tmp/infra-lint.json" ann="$tmp/annotations.txt"
  rm -f "$sarif" "$json" "$ann"

  cd "$ws"
  local -a args=()
  # On pull requests the tree is written by the pull request's author: with `isolated` (the
  # default) the scan reads no configuration, ignore or baseline file of the tree (--isolated);
  # they come from the base commit instead, and the summary lists what the pull request changed
  # in them and every inline suppression it adds.
  local isolate=false base="" base_dir="$tmp/base" audit="$tmp/audit.md"
  rm -rf "$base_dir" "$audit"
  if [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]] && is_true "${INPUT_ISOLATED:-true}"; then
    isolate=true
    args+=(--isolated)
    base="$(base_commit)"
    local cfg="" cand
    local -a cands=()
    if [[ -n "${INPUT_CONFIG:-}" ]]; then cands=("$INPUT_CONFIG"); else cands=("${target%/}/.infra-lint.toml" .infra-lint.toml); fi
    local -a watched=(.infra-lintignore "${target%/}/.infra-lintignore" .ignore .gitignore "${cands[@]}")
    [[ -n "${INPUT_BASELINE:-}" ]] && watched+=("$INPUT_BASELINE")
    if [[ -n "$base" ]]; then
      for cand in "${cands[@]}"; do
        if from_base "$base" "$cand" "$base_dir/${cand#./}"; then cfg="$base_dir/${cand#./}"; break; fi
      done
      if [[ -n "$cfg" ]]; then
        args+=(--config "$cfg")
        # Its policy directories come from the base commit too.
        local d
        while IFS= read -r d; do
          [[ -z "$d" || "$d" == /* ]] && continue
          local rel; rel="$(dirname "${cfg#"$base_dir"/}")/$d"
          mkdir -p "$base_dir/$rel"
          git archive --format=tar "$base" -- "./${rel#./}" 2>/dev/null | tar -x -C "$base_dir" 2>/dev/null || true
        done < <(policy_dirs_of "$cfg")
      fi
      for cand in "${target%/}/.infra-lintignore" .infra-lintignore; do
        if from_base "$base" "$cand" "$base_dir/infra-lintignore"; then
          # Patterns of a nested ignore file are relative to its directory, which is the scan root.
          args+=(--ignore-file "$base_dir/infra-lintignore"); break
        fi
      done
      if [[ -n "${INPUT_BASELINE:-}" ]] && from_base "$base" "$INPUT_BASELINE" "$base_dir/baseline.json"; then
        args+=(--baseline "$base_dir/baseline.json")
      fi
    fi
    # Policy directories of the policy input (taken from the base commit below) are settings too.
    local pd
    while IFS= read -r pd; do
      pd="${pd#"${pd%%[![:space:]]*}"}"; pd="${pd%"${pd##*[![:space:]]}"}"
      if [[ -n "$pd" && "$pd" != /* ]]; then watched+=("$pd"); fi
    done < <(tr ',' '\n' <<< "${INPUT_POLICY:-}")
    pr_audit "$base" "$audit" "${watched[@]}"
  else
    [[ -n "${INPUT_CONFIG:-}" ]] && args+=(--config "$INPUT_CONFIG")
    [[ -n "${INPUT_BASELINE:-}" ]] && args+=(--baseline "$INPUT_BASELINE")
  fi
  if [[ -n "${INPUT_POLICY:-}" ]]; then
    local p
    while IFS= read -r p; do
      p="${p#"${p%%[![:space:]]*}"}"; p="${p%"${p##*[![:space:]]}"}"
      [[ -n "$p" ]] || continue
      if [[ "$isolate" == true && -n "$base" && "$p" != /* ]]; then
        # Isolated: the policies as the base commit has them, not as the pull request wrote them.
        local rel="${p#./}"
        mkdir -p "$base_dir/policies/$rel"
        git archive --format=tar "$base" -- "./$rel" 2>/dev/null | tar -x -C "$base_dir/policies" 2>/dev/null || true
        p="$base_dir/policies/$rel"
      fi
      args+=(--policy "$p")
    done < <(tr ',' '\n' <<< "$INPUT_POLICY")
  fi
  if [[ -n "${INPUT_ARGS:-}" && -n "${INPUT_ARGS//[[:space:]]/}" ]]; then
    # Split like a shell would (quotes group words), without evaluating anything.
    local words word
    words="$(xargs -n1 printf '%s\n' <<< "$INPUT_ARGS")" || die "cannot parse the args input: $INPUT_ARGS"
    while IFS= read -r word; do
      args+=("$word")
    done <<< "$words"
  fi

  local annotate=false
  if is_true "${INPUT_ANNOTATIONS:-true}" && [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]]; then
    annotate=true
    args+=(--also-write "github=$ann")
    # The capped annotations below replace the github log format: never print them twice.
    [[ "$format" == github ]] && format=text
  fi

  local category="${INPUT_CATEGORY:-}"
  if [[ -z "$category" ]]; then
    category=infra-lint
    [[ "$target" != "." && "$target" != "./" ]] && category="infra-lint/${target#./}"
  fi

  # The one scan: the log report on stdout, SARIF and JSON (and annotations) to files. Nothing
  # the scanned tree holds may act as a workflow command: the raw report is printed between
  # ::stop-commands:: and its token (unless it is the `github` format, which is commands on purpose
  # and escapes every value).
  local code=0 token=""
  if [[ "$format" != github ]]; then
    token="$(stop_token)"
    echo "::stop-commands::$token"
  fi
  "$bin" "$target" ${args[@]+"${args[@]}"} --format "$format" --fail-on "$fail_on" \
    --also-write "sarif=$sarif" --also-write "json=$json" 2>&1 || code=$?
  if [[ -n "$token" ]]; then echo "::$token::"; fi

  local findings=0
  if [[ -s "$json" ]]; then
    findings="$(jq '[.findings[] | select(.suppressed != true)] | length' "$json")"
  fi

  local shown=0 dropped=0
  if [[ "$annotate" == true && -s "$ann" ]]; then
    # Deduplicated, at most ANNOTATION_CAP per kind, in report order; the counts go to the summary.
    awk -v cap="$ANNOTATION_CAP" -v counts="$tmp/annotation-counts" '
      !seen[$0]++ {
        kind = $0; sub(/^::/, "", kind); sub(/[ :].*/, "", kind)
        if (n[kind]++ < cap) { print; shown++ } else { dropped++ }
      }
      END { printf "%d %d\n", shown, dropped > counts }' "$ann"
    read -r shown dropped < "$tmp/annotation-counts"
  fi

  local upload=false note=""
  if [[ -s "$sarif" ]] && is_true "${INPUT_UPLOAD_SARIF:-true}"; then
    if read_only_token; then
      note="This pull request comes from a fork (or Dependabot), whose token cannot upload to code scanning: the SARIF upload was skipped. The findings are in this summary, the annotations and the log."
    else
      upload=true
    fi
  fi

  if [[ -s "$json" ]]; then
    summary "$json" "$fail_on" "$code" "$shown" "$dropped" "$note" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
    [[ -s "$audit" ]] && cat "$audit" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
  else
    {
      echo "## infra-lint"
      echo
      echo "**infra-lint could not complete the scan (exit code $code): see the step's log.**"
    } >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
  fi

  out sarif-file "$([[ -s "$sarif" ]] && echo "$sarif" || echo "")"
  out json-file "$([[ -s "$json" ]] && echo "$json" || echo "")"
  out findings "$findings"
  out exit-code "$code"
  out upload "$upload"
  out category "$category"
  out annotations "$shown"
  out annotations-dropped "$dropped"
  out isolated "$isolate"
  return 0
}

# Markdown-safe inline code: backticks and pipes cannot close the span or the table.
md_code() { printf '`%s`' "$(printf '%s' "$1" | tr -d '\r' | tr '`|' "'/" | cut -c1-300)"; }

# The pull request's changes to the scanner's own settings, for the step summary: changed
# configuration/ignore/baseline files and every added line holding an inline suppression.
pr_audit() {
  local base="$1" dest="$2"; shift 2
  {
    echo
    echo "### Settings of this pull request"
    echo
    if [[ -z "$base" ]]; then
      echo "The base commit could not be read: the scan ran with \`--isolated\` and the default settings (the pull request's configuration, ignore and baseline files were not used)."
      return 0
    fi
    echo "The scan ran with \`--isolated\`: configuration, ignore file and baseline come from the base commit \`${base:0:12}\`; the pull request's own versions were not used."
    echo
    local changed
    changed="$(git diff --name-only "$base" HEAD -- "$@" 2>/dev/null | sort -u || true)"
    if [[ -n "$changed" ]]; then
      echo "**The pull request changes these settings files (not applied to this scan):**"
      echo
      local f
      while IFS= read -r f; do echo "- $(md_code "$f")"; done <<< "$changed"
    else
      echo "The pull request changes no configuration, ignore or baseline file."
    fi
    echo
    local added
    added="$(git diff -U0 --no-color "$base" HEAD 2>/dev/null | awk '
      /^\+\+\+ / { file = substr($0, 5); sub(/^b\//, "", file); next }
      /^@@/ { split($3, a, ","); line = substr(a[1], 2) + 0; next }
      /^\+/ { if (index($0, "infra-lint:") > 0) print file ":" line "\t" substr($0, 2); line++ }' || true)"
    if [[ -n "$added" ]]; then
      local n; n="$(printf '%s\n' "$added" | wc -l | tr -d ' ')"
      echo "**The pull request adds $n inline suppression comment(s)** (\`infra-lint:\` lines; they apply to this scan):"
      echo
      local loc text k=0
      while IFS=$'\t' read -r loc text; do
        k=$((k + 1)); [[ $k -le 50 ]] || continue
        echo "- $(md_code "$loc") $(md_code "${text#"${text%%[![:space:]]*}"}")"
      done <<< "$added"
      if [[ $n -gt 50 ]]; then echo "- … and $((n - 50)) more"; fi
    else
      echo "The pull request adds no inline suppression."
    fi
  } > "$dest"
  return 0
}

summary() {
  local json="$1" fail_on="$2" code="$3" shown="$4" dropped="$5" note="$6"
  echo "## infra-lint"
  echo
  case "$code" in
    0) if [[ "$fail_on" == never ]]; then echo "Reporting only (\`fail-on: never\`)."; else echo "No findings at or above \`$fail_on\`."; fi ;;
    1) echo "**Findings at or above \`$fail_on\`: the check fails.**" ;;
    *) echo "**infra-lint could not complete the scan (exit code $code): see the step's log.**" ;;
  esac
  echo
  [[ -n "$note" ]] && echo "> **Note:** $note" && echo
  echo "| severity | findings |"
  echo "|---|---|"
  jq -r '[.findings[] | select(.suppressed != true) | .severity] as $s
         | ["critical","high","medium","low"][] as $k
         | "| \($k) | \([$s[] | select(. == $k)] | length) |"' "$json"
  echo
  local n
  n="$(jq '[.findings[] | select(.suppressed != true)] | length' "$json")"
  if [[ "$n" -gt 0 ]]; then
    echo "| rule | severity | location | message |"
    echo "|---|---|---|---|"
    jq -r --argjson rows "$SUMMARY_ROWS" '[.findings[] | select(.suppressed != true)][:$rows][]
           | "| `\(.rule_id)` | \(.severity) | `\(.location.path):\(.location.start_line)` | \(.message | gsub("\\|"; "\\|") | gsub("[\r\n]+"; " ")) |"' "$json"
    if [[ "$n" -gt "$SUMMARY_ROWS" ]]; then
      echo
      echo "… and $((n - SUMMARY_ROWS)) more findings (all of them are in the log and in code scanning)."
    fi
  fi
  if [[ "$dropped" -gt 0 ]]; then
    echo
    echo "$shown annotations shown; $dropped more not shown as annotations (GitHub shows at most $ANNOTATION_CAP errors, $ANNOTATION_CAP warnings and $ANNOTATION_CAP notices per step)."
  fi
  return 0
}

finish() {
  local code="${EXIT_CODE:-2}"
  [[ "$code" =~ ^[0-9]+$ ]] || code=2
  exit "$code"
}

case "${1:-}" in
  prepare) prepare ;;
  install) install ;;
  run) run ;;
  finish) finish ;;
  *) echo "usage: $0 prepare|install|run|finish" >&2; exit 2 ;;
esac
