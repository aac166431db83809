#!/usr/bin/env python3
"""How large the text of a printed workbook is: runs `pdftotext -bbox` on the PDF that
tests/render_workbook.sh made and prints the page count, and for each page the median height of
its words in pt (yMax − yMin; the bbox coordinates are already pt, 72 per inch) with the page's
running header (the sheet's name, which every sheet prints at the top), then the smallest of
those medians and the pages below the target.

  measure_print.py WORKBOOK.pdf [TARGET_PT]      (target: 8.5)

Exit status 0 always: it measures; the caller decides. python3 standard library only.
"""
import html
import re
import statistics
import subprocess
import sys
from collections import OrderedDict

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)
# The running header (the sheet's name) and footer (第 N 页，共 M 页) are centred in the top and
# bottom margins (0.6 in); the body is measured without them. (Text of a merged cell cut by a
# page break can also lie in the margin, clipped and invisible, at the left.)
MARGIN = 0.6 * 72


def pages(pdf: str):
    out = subprocess.run(
        ["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    for m in PAGE.finditer(out):
        words = []
        for w in WORD.finditer(m.group(3)):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            words.append((x0, y0, x1, y1, html.unescape(w.group(5))))
        yield float(m.group(1)), float(m.group(2)), words


def main() -> None:
    pdf = sys.argv[1]
    target = float(sys.argv[2]) if len(sys.argv) > 2 else 8.5
    rows = []
    for n, (width, height, words) in enumerate(pages(pdf), start=1):
        def centred(w):
            return abs((w[0] + w[2]) / 2 - width / 2) < width * 0.3

        head = [w for w in words if w[3] <= MARGIN and centred(w)]
        foot = [w for w in words if w[1] >= height - MARGIN and centred(w)]
        header = " ".join(w[4] for w in head)
        body = [w for w in words if w not in head and w not in foot]
        heights = [w[3] - w[1] for w in (body or words)]
        median = statistics.median(heights) if heights else 0.0
        orient = "横" if width > height else "纵"
        rows.append((n, orient, header, median, len(heights)))
    print(f"页数：{len(rows)}")
    print("页  方向  中位字高(pt)  词数  页眉")
    by_sheet = OrderedDict()
    for n, orient, header, median, count in rows:
        print(f"{n:>3}  {orient}    {median:6.2f}      {count:>5}  {header}")
        by_sheet.setdefault(header, []).append(median)
    print("按页眉（工作表）：")
    for header, medians in by_sheet.items():
        print(
            f"  {header or '（无页眉）'}：{len(medians)} 页，中位字高 "
            f"{min(medians):.2f}–{max(medians):.2f} pt"
        )
    measured = [r for r in rows if r[4] > 0]
    if measured:
        low = min(measured, key=lambda r: r[3])
        print(f"各页中位字高的最小值：{low[3]:.2f} pt（第 {low[0]} 页，{low[2]}）")
        below = [r[0] for r in measured if r[3] < target]
        print(f"低于 {target} pt 的页：{below if below else '无'}")


if __name__ == "__main__":
    main()
