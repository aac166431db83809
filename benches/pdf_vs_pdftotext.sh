#!/usr/bin/env bash
# Whole-process time of `nianbao check --json F.pdf` beside `pdftotext -layout F.pdf /dev/null`
# on fixture PDFs: median of N runs each (default 9), and the ratio ours / pdftotext.
# Target (issue 26): ratio at most 0.50 on every file. Wall time only: `nianbao check` reads in a
# worker process that outlives it by a moment and is not its waited-for child, so the CPU time a
# shell or Python sees would leave the worker out (`perf stat`, which follows children, does not).
# On a machine shared with other work the figures swing (our two processes, one after the other,
# wait twice for a core); compare runs made side by side.
#
#   benches/pdf_vs_pdftotext.sh [--bin PATH] [--runs N] [FILE.pdf …]
#
# Without files it measures the largest and most-paged fixtures of each producer (LibreOffice,
# Chromium, xelatex, wkhtmltopdf, ReportLab) and the generated seed PDF. Build first with
# `cargo build --release --locked`. Runs alternate between the two programs, so load from other
# processes falls on both alike. Uses hyperfine when it is installed, a Python timer otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/nianbao"
runs=9
files=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) files+=("$1"); shift ;;
    esac
done
if [ ${#files[@]} -eq 0 ]; then
    c="$here/tests/fixtures/reading/corpus"
    files=(
        "$here/tests/fixtures/generated/000_12af315242a02ca5.pdf"
        "$c/c15_dept_zeros_typos-pdf-libreoffice-06.pdf"
        "$c/c04_district_dash-pdf-libreoffice-07.pdf"
        "$c/c01_town-pdf-chromium-09.pdf"
        "$c/c14_typos_dash-pdf-chromium-02.pdf"
        "$c/c02_street_zeros-pdf-xelatex-08.pdf"
        "$c/c04_district_dash-pdf-wkhtmltopdf-09.pdf"
        "$c/c13_district_big-pdf-reportlab-00.pdf"
    )
fi
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is not installed" >&2; exit 1; }
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release --locked" >&2; exit 1; }

# Prints "pdftotext_ms ours_ms" for one file: medians of $runs alternating runs.
median_pair() {
    if command -v hyperfine >/dev/null; then
        local json
        json=$(mktemp)
        # -i: `check` exits 1 when it has findings, which is not a failed run.
        hyperfine -N -i -w 2 -r "$runs" --export-json "$json" \
            "pdftotext -layout $1 /dev/null" "$bin check --json $1" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.2f" % (x["median"]*1e3) for x in r))' "$json"
        rm -f "$json"
    else
        python3 - "$runs" "$1" "$bin" <<'EOF'
import statistics, subprocess, sys, time
runs, pdf, nianbao = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = [["pdftotext", "-layout", pdf, "/dev/null"], [nianbao, "check", "--json", pdf]]
times = [[], []]
for i in range(runs + 2):  # two warm-up rounds, not counted
    for k, cmd in enumerate(cmds):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= 2:
            times[k].append((time.perf_counter() - t) * 1e3)
print(" ".join("%.2f" % statistics.median(t) for t in times))
EOF
    fi
}

printf '%-48s %5s %12s %9s %6s\n' file pages pdftotext_ms ours_ms ratio
for f in "${files[@]}"; do
    pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages/{print $2}')
    read -r theirs ours < <(median_pair "$f")
    ratio=$(python3 -c "print('%.2f' % ($ours / $theirs))")
    printf '%-48s %5s %12s %9s %6s\n' "$(basename "$f")" "${pages:-?}" "$theirs" "$ours" "$ratio"
done
