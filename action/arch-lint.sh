#!/usr/bin/env bash
# The arch-lint step of the GitHub Action (action.yml at the package root). A script of its own, so that
# test/cli/github-action.test.ts runs exactly what a workflow runs. It never fails the step for findings:
# the SARIF upload must still see them, so the exit code goes to the `exit-code` output and the action's
# last step exits with it. It fails (exit 2) only when it cannot run arch-lint at all.
#
# Inputs come as INPUT_* variables (action.yml maps them); GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are the
# runner's files. arch-lint runs up to four times over one facts cache, so only the first parses:
#   1. --format github: annotations in the log, the markdown summary appended to GITHUB_STEP_SUMMARY;
#   2. --format json: the counts for the errors and warnings outputs (skipped when the report is json);
#   3. the report in the chosen format, at the chosen path;
#   4. --format sarif for code scanning, when upload-sarif is true and the report is not sarif already.
set -uo pipefail

fail() {
  echo "::error title=arch-lint action::$1"
  exit 2
}

[ -n "${GITHUB_OUTPUT:-}" ] || fail "GITHUB_OUTPUT is not set: run this script as a step of action.yml"
action_dir="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
work_dir="${RUNNER_TEMP:-$(mktemp -d)}/arch-lint"
mkdir -p "$work_dir" || fail "cannot create $work_dir"

format="${INPUT_FORMAT:-sarif}"
case "$format" in
  sarif) default_report=arch-lint.sarif ;;
  json) default_report=arch-lint.json ;;
  junit) default_report=arch-lint-junit.xml ;;
  gitlab) default_report=gl-code-quality-report.json ;;
  markdown) default_report=arch-lint.md ;;
  html) default_report=arch-lint.html ;;
  stylish) default_report=arch-lint.txt ;;
  *) fail "the format input '$format' is not one of sarif, json, junit, gitlab, markdown, html, stylish (annotations and the step summary are always written); set format to one of them" ;;
esac
report="${INPUT_REPORT:-$default_report}"
case "${INPUT_UPLOAD_SARIF:-false}" in
  true) upload=true ;;
  false | "") upload=false ;;
  *) fail "the upload-sarif input '${INPUT_UPLOAD_SARIF}' is not true or false; set it to true or false" ;;
esac

command -v node > /dev/null || fail "node is not on PATH; add actions/setup-node (node-version: 24) before this action"
bin="$action_dir/bin/arch-lint.js"
if [ ! -f "$action_dir/dist/cli/arch-lint.js" ]; then
  # A checkout of the source (uses: owner/repo@ref) has no dist/: npm ci builds it (the package's prepare script).
  echo "arch-lint is not built in $action_dir: running npm ci there"
  (cd "$action_dir" && npm ci --no-audit --no-fund) || fail "npm ci in $action_dir failed; use the installed package instead (npm ci, then uses: ./node_modules/create-service)"
fi

args=()
# Paths separated by spaces or new lines; none means the current folder.
read -r -d '' -a paths <<< "${INPUT_PATHS:-.}" || true
args+=("${paths[@]}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_MAX_WARNINGS:-}" ] && args+=(--max-warnings "$INPUT_MAX_WARNINGS")
args+=(--cache-location "$work_dir/facts.json")

arch_lint() {
  node "$bin" "${args[@]}" "$@"
}

# 1. Annotations and the step summary; its exit code is the action's.
arch_lint --format github
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
# 2: usage or configuration error, nothing was checked: the message is in the log, nothing else to write.
[ "$code" -eq 2 ] && exit 0

# 2. The counts.
if [ "$format" = json ]; then counts="$report"; else counts="$work_dir/arch-lint.json"; fi
# 3. The report.
arch_lint --format "$format" --output "$report" > /dev/null
report_code=$?
if [ "$format" != json ]; then arch_lint --format json --output "$counts" > /dev/null 2>&1 || true; fi
if [ "$report_code" -eq 2 ]; then
  # The report could not be written (the error is in the log): that fails the step, findings or not.
  echo "exit-code=2" >> "$GITHUB_OUTPUT"
  exit 0
fi
echo "report=$report" >> "$GITHUB_OUTPUT"
node -e '
  const { summary } = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  require("node:fs").appendFileSync(process.env.GITHUB_OUTPUT, `errors=${summary.errors}\nwarnings=${summary.warnings}\n`);
' "$counts" || fail "cannot read the counts from $counts"

# 4. SARIF for code scanning.
if [ "$upload" = true ]; then
  sarif="$report"
  if [ "$format" != sarif ]; then
    sarif="$work_dir/arch-lint.sarif"
    arch_lint --format sarif --output "$sarif" > /dev/null 2>&1
    [ $? -eq 2 ] && fail "could not write the SARIF file $sarif for upload-sarif"
  fi
  echo "sarif=$sarif" >> "$GITHUB_OUTPUT"
fi
exit 0
