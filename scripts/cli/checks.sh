# Shared by the CLI tests (sourced): a scratch folder $W removed on exit, and the check helpers.
#   pass/fail WHAT          record a check
#   expect CODE TEXT WHAT -- command...   the command's exit code and a substring of stdout+stderr
#   run command...          a setup step that must succeed (its output is shown if it fails)
#   finish NAME             the summary line and the exit code
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0

pass() { echo "  ok    $1"; }
fail() { echo "  FAIL  $1"; failures=$((failures + 1)); }
expect() {
  local code=$1 text=$2 what=$3; shift 4
  local out; out=$("$@" 2>&1); local got=$?
  if [ "$got" = "$code" ] && grep -qF -- "$text" <<<"$out"; then pass "$what"; else
    fail "$what (exit $got, expected $code; wanted \"$text\")"; echo "$out" | tail -5 | sed 's/^/        /'; fi
}
run() { "$@" >"$W/log" 2>&1 || { echo "setup step failed: $*"; tail -20 "$W/log"; exit 1; }; }
finish() {
  if [ $failures -gt 0 ]; then echo "$failures $1 check(s) failed"; exit 1; fi
  echo "all $1 checks passed"
}
