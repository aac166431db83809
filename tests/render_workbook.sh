#!/usr/bin/env bash
# Exports the seed reports and their mutated copies to a workbook with `nianbao check --xlsx`,
# opens it in LibreOffice headless, converts it to PDF and renders every page to PNG to look at.
#
# Usage: tests/render_workbook.sh [OUT_DIR]      (default: target/render-workbook)
# Needs: soffice (LibreOffice), pdftoppm (poppler-utils), Chinese fonts (fonts-noto-cjk).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$here/tests/fixtures"
out="${1:-$here/target/render-workbook}"
rm -rf "$out"
mkdir -p "$out/input"

for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "缺少 $tool" >&2; exit 2; }
done

# The seeds and the mutated copies the fixture generator made (errors injected), plus one copy
# of each seed with 本年新收 自然人 raised by 3, so that red cells appear on every kind of table.
cp "$fixtures"/seeds/*.txt "$fixtures"/mutated/*.txt "$out/input/"
for f in "$fixtures"/seeds/*.txt; do
    name="$(basename "$f" .txt)"
    # The first number on or after the 本年新收 label (some texts put each number on its own line).
    awk 'BEGIN{OFS=FS="\t"} /本年新收政府信息公开申请数量/ { armed = 1 }
         armed && !done {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { $i = $i + 3; done = 1; break }
         } {print}' "$f" > "$out/input/${name}_改.txt"
done

cd "$here"
cargo build --quiet --no-default-features --bin nianbao
# Exit status 1 only means that some report has errors, which the mutated copies do.
status=0
./target/debug/nianbao check --xlsx "$out/seeds.xlsx" "$out/input" >"$out/check.txt" || status=$?
if [ "$status" -gt 1 ]; then
    echo "导出失败（退出码 $status）" >&2
    exit "$status"
fi

# A private profile, so that a LibreOffice the user has open is not disturbed.
profile="$out/lo-profile"
soffice --headless -env:UserInstallation="file://$profile" \
    --convert-to pdf --outdir "$out" "$out/seeds.xlsx" >"$out/soffice.log" 2>&1
test -s "$out/seeds.pdf" || { echo "LibreOffice 未能转换工作簿" >&2; cat "$out/soffice.log" >&2; exit 1; }
# LibreOffice says so when it had to repair a file.
if grep -qi "repair\|corrupt\|修复" "$out/soffice.log"; then
    echo "LibreOffice 报告工作簿需要修复" >&2
    cat "$out/soffice.log" >&2
    exit 1
fi

pdftoppm -r 70 -png "$out/seeds.pdf" "$out/page"
pages=$(ls "$out"/page-*.png | wc -l)
echo "工作簿：$out/seeds.xlsx"
echo "PDF：$out/seeds.pdf（$pages 页）"
echo "图片：$out/page-*.png"
