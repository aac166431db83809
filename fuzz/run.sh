#!/usr/bin/env bash
# Run fuzz targets for a fixed time each and keep what they find.
#   fuzz/run.sh SECONDS TARGET...      (build first: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build -O)
# Seeds: the repo's fixtures and bad-input corpus, copied into fuzz/corpus/TARGET (not committed).
# -fork=1 -ignore_crashes=1: a crash is saved to fuzz/artifacts/TARGET and fuzzing goes on, so a
# known third-party panic (calamine, see tests/bad_inputs/README.md) does not end the run early.
set -euo pipefail
cd "$(dirname "$0")"
secs=$1; shift
bin=target/x86_64-unknown-linux-gnu/release
seed_glob() {
    case $1 in
        read_pdf) echo "../tests/fixtures/pdf/* ../tests/fixtures/generated/*.pdf ../tests/bad_inputs/corpus/*.pdf" ;;
        read_docx) echo "../tests/fixtures/generated/*.docx ../tests/fixtures/office/*.docx ../tests/bad_inputs/corpus/*.docx" ;;
        read_sheet) echo "../tests/fixtures/generated/*.xlsx ../tests/fixtures/office/*.xls* ../tests/fixtures/office/*.ods ../tests/bad_inputs/corpus/*.xlsx ../tests/bad_inputs/corpus/*.ods ../tests/bad_inputs/regressions/read_sheet-*" ;;
        read_doc) echo "../tests/fixtures/office/*.doc ../tests/bad_inputs/corpus/*.doc" ;;
        read_html) echo "../tests/fixtures/generated/*.htm* ../tests/bad_inputs/corpus/*.htm* ../tests/bad_inputs/corpus/*.mht" ;;
        read_txt|recognise) echo "../tests/fixtures/seeds/* ../tests/bad_inputs/corpus/*.txt" ;;
    esac
}
for t in "$@"; do
    mkdir -p "corpus/$t" "artifacts/$t" logs
    # shellcheck disable=SC2046
    cp -n $(seed_glob "$t") "corpus/$t/" 2>/dev/null || true
    echo "== $t: ${secs}s from $(date -u +%H:%M:%S)"
    "$bin/$t" "corpus/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
        -fork=1 -ignore_crashes=1 -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 || true
    grep -E '^#[0-9]+: cov' "logs/$t.log" | tail -n 1
    echo "== $t: done at $(date -u +%H:%M:%S), artifacts: $(ls "artifacts/$t" | wc -l)"
done
