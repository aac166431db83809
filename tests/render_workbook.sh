#!/usr/bin/env bash
# Exports a set of reports to a workbook with `nianbao check --xlsx`, and the 整改通知 (with their
# tables) and the 核查情况通报 with `--notices`; opens them in LibreOffice headless, converts them
# to PDF and renders every page to PNG to look at (in colour, and in grey as a black-and-white
# office printer gives it).
#
# Usage: tests/render_workbook.sh [seeds|forty] [OUT_DIR]   (default: seeds, target/render-<set>)
#   seeds: the seed reports, their mutated copies and each seed with one number raised
#   forty: 40 towns of one county, a city's report, a duplicate and an unreadable file
#   (tests/render_inputs.py writes the inputs)
# Then tests/measure_print.py prints the page count and each page's median text height (pt), also
# kept in OUT_DIR/measure.txt.
# Needs: soffice (LibreOffice), pdftoppm and pdftotext (poppler-utils), Chinese fonts
# (fonts-noto-cjk), python3.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
set_name="${1:-seeds}"
out="${2:-$here/target/render-$set_name}"
rm -rf "$out"
mkdir -p "$out/input"

for tool in soffice pdftoppm pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "缺少 $tool" >&2; exit 2; }
done

cd "$here"
# NIANBAO_BIN: an already built binary to use instead (e.g. an older one, for a before/after).
if [ -n "${NIANBAO_BIN:-}" ]; then
    bin="$NIANBAO_BIN"
else
    cargo build --quiet --release --locked --bin nianbao
    bin="${CARGO_TARGET_DIR:-$here/target}/release/nianbao"
fi
python3 "$here/tests/render_inputs.py" "$set_name" "$out/input" "$bin"
# Exit status 1 means that some report has errors, 2 that some file could not be read: both are
# in the sets on purpose. Anything else is a failure.
status=0
"$bin" check --xlsx "$out/$set_name.xlsx" --notices "$out/notices" --notice-tables \
    --office 某某县人民政府办公室 "$out/input" >"$out/check.txt" 2>"$out/check.err" || status=$?
if [ "$status" -gt 2 ] || [ ! -s "$out/$set_name.xlsx" ]; then
    echo "导出失败（退出码 $status）" >&2
    cat "$out/check.err" >&2
    exit 1
fi

# A private profile, so that a LibreOffice the user has open is not disturbed.
profile="$out/lo-profile"
soffice --headless -env:UserInstallation="file://$profile" \
    --convert-to pdf --outdir "$out" "$out/$set_name.xlsx" >"$out/soffice.log" 2>&1
test -s "$out/$set_name.pdf" || { echo "LibreOffice 未能转换工作簿" >&2; cat "$out/soffice.log" >&2; exit 1; }
# LibreOffice says so when it had to repair a file.
if grep -qi "repair\|corrupt\|修复" "$out/soffice.log"; then
    echo "LibreOffice 报告工作簿需要修复" >&2
    cat "$out/soffice.log" >&2
    exit 1
fi

pdftoppm -r 70 -png "$out/$set_name.pdf" "$out/page"
pdftoppm -r 70 -png -gray "$out/$set_name.pdf" "$out/grey"
pages=$(ls "$out"/page-*.png | wc -l)
python3 "$here/tests/measure_print.py" "$out/$set_name.pdf" | tee "$out/measure.txt"

# The documents: every notice and the 通报, each to PDF, measured the same way (the page count,
# each page's median text height).
soffice --headless -env:UserInstallation="file://$profile" \
    --convert-to pdf --outdir "$out/notices" "$out"/notices/*.docx >>"$out/soffice.log" 2>&1
: >"$out/documents.txt"
for pdf in "$out"/notices/*.pdf; do
    name="$(basename "$pdf" .pdf)"
    echo "== $name" >>"$out/documents.txt"
    python3 "$here/tests/measure_print.py" "$pdf" >>"$out/documents.txt"
    pdftoppm -r 50 -png -gray "$pdf" "$out/notices/$name-grey"
done
docs=$(ls "$out"/notices/*.pdf | wc -l)
doc_pages=0
for pdf in "$out"/notices/*.pdf; do
    doc_pages=$((doc_pages + $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')))
done
echo "文书：$docs 份，共 $doc_pages 页；逐份测量见 $out/documents.txt"
echo "工作簿：$out/$set_name.xlsx"
echo "PDF：$out/$set_name.pdf（$pages 页）"
echo "图片：$out/page-*.png"
