#!/usr/bin/env python3
"""Batch scale bench (issue 26): `nianbao check --json` over folders of 1,000, 4,000 and 10,000
mixed reports, each run under `/usr/bin/time -v`; prints wall time, user CPU and peak RSS.

    python3 benches/batch_scale.py [--bin target/release/nianbao] [--sizes 1000,4000,10000]
                                   [--keep DIR]

How the folders are made (deterministic, no randomness):
- The sources are the test fixtures that are reports: tests/fixtures/seeds, generated, mutated
  and reading/corpus (not the .json truth files): about 240 files in every format.
- Report k of a folder is made from source k mod S. A text-like source (.txt, .md, .html, UTF-8)
  becomes a *distinct* report: its agency name (as the binary itself reads it, asked once) is
  replaced everywhere in the text by a made-up name of body k (`<county><town>镇人民政府`, 10,000+
  distinct), and the copies of a source come in pairs of one body, the second a year earlier, so that the
  batch holds many near-copies of one text under other bodies' names (TEXT_COPIED's work) and
  pairs of consecutive years of one body (the cross-year rules' work).
- Any other source (PDF, Word, Excel, ODS, GBK text) is hard-linked under a new name: the same
  body many times over, as when one report is loaded in several formats.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = ["seeds", "generated", "mutated", "reading/corpus"]
TEXT_LIKE = {".txt", ".md", ".html"}
COUNTIES = "东西南北中上下前后新老大小长平安宁兴和永丰广福清泰"
TOWNS = "山川河湖林桥岭沟湾坪坡塘营集店堡寨庄屯滩洲峪关口台岗埠渡"


def sources():
    found = []
    for sub in SOURCES:
        for p in sorted((FIXTURES / sub).iterdir()):
            if p.is_file() and not p.name.endswith(".json"):
                found.append(p)
    return found


def agencies(binary, files):
    """Agency and year of each source, as the program reads them."""
    out = subprocess.run(
        [binary, "check", "--json", *map(str, files)], capture_output=True, check=False
    )
    by_file = {}
    for obj in json.loads(out.stdout):
        by_file[obj["file"]] = (obj.get("agency"), obj.get("year"))
    return by_file


def body_name(k):
    """A made-up, distinct township name for body k."""
    a = COUNTIES[k % len(COUNTIES)] + COUNTIES[(k // len(COUNTIES)) % len(COUNTIES)]
    t = TOWNS[(k // 7) % len(TOWNS)] + TOWNS[(k // 211) % len(TOWNS)]
    return f"{a}县{t}{k}镇人民政府"


def renamed(text, agency, year, k, sources):
    """Copy k of a source: rounds 2m and 2m+1 over the sources are one body, the odd round a
    year earlier."""
    rounds, i = divmod(k, sources)
    new = body_name((rounds // 2) * sources + i)
    for old, repl in [(agency, new)] + short_forms(agency, new):
        if len(old) >= 2:
            text = text.replace(old, repl)
    if year and rounds % 2 == 1:
        text = re.sub(f"{year}(\\s*)年", f"{year - 1}\\1年", text)
    return text


def short_forms(agency, new):
    forms = []
    for end in ["人民政府", "政府"]:
        if agency.endswith(end) and new.endswith("人民政府"):
            forms.append((agency[: -len(end)], new[: -len("人民政府")]))
            break
    return forms


def build(folder, size, srcs, info):
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(size):
        src = srcs[k % len(srcs)]
        dest = folder / f"{k:05d}_{src.name}"
        agency, year = info.get(str(src), (None, None))
        text = None
        if src.suffix in TEXT_LIKE and agency:
            try:
                text = src.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                text = None
        if text is not None and agency in text:
            dest.write_text(renamed(text, agency, year, k, len(srcs)), encoding="utf-8")
        else:
            os.link(src, dest)


def measure(binary, folder):
    start = time.monotonic()
    run = subprocess.run(
        ["/usr/bin/time", "-v", binary, "check", "--json", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.monotonic() - start
    err = run.stderr.decode("utf-8", "replace")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    reports = json.loads(run.stdout)
    copied = sum(
        1 for r in reports for f in r.get("findings", []) if f["rule"] == "TEXT_COPIED"
    )
    cross = sum(
        1
        for r in reports
        for f in r.get("findings", [])
        if f["rule"] in ("TEXT_DUPLICATE", "CARRY_OVER_MISMATCH", "ROLL_FORWARD_MISMATCH")
    )
    return wall, user, system, peak_kb, len(reports), copied, cross


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "nianbao"))
    ap.add_argument("--sizes", default="1000,4000,10000")
    ap.add_argument("--keep", help="build the folders here and keep them (reused if present)")
    args = ap.parse_args()
    srcs = sources()
    info = agencies(args.bin, srcs)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="nianbao-scale-"))
    print(f"{len(srcs)} source files; folders under {base}", file=sys.stderr)
    print("| reports | wall | user CPU | sys | peak RSS | TEXT_COPIED | cross-year |")
    print("|---|---|---|---|---|---|---|")
    try:
        for size in map(int, args.sizes.split(",")):
            folder = base / f"n{size}"
            if not folder.exists():
                build(folder, size, srcs, info)
            wall, user, system, peak, n, copied, cross = measure(args.bin, folder)
            print(
                f"| {n:,} | {wall:.2f} s | {user:.2f} s | {system:.2f} s | "
                f"{peak / 1024:.0f} MB | {copied} | {cross} |",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
