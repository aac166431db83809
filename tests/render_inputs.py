#!/usr/bin/env python3
"""Writes the input files of tests/render_workbook.sh.

  render_inputs.py seeds OUT_DIR BIN   the seeds, their mutated copies, and each seed with
                                      本年新收 自然人 raised by 3 (red cells on every table)
  render_inputs.py many OUT_DIR BIN    200 township reports of 2023 (5 counties × 40 towns) made
                                      the same way, for packaging/measure-frames.sh; the one first
                                      in the app's pinyin order (安平县北关…) is made from the
                                      largest base text, so it is the largest report
  render_inputs.py forty OUT_DIR BIN   40 township reports of 2023 made from the seeds and the
                                      2023 text cases of the reading corpus under 40 town names
                                      (every fourth with a number raised, so some are red), plus a
                                      city's report (another level), a corrected duplicate of the
                                      first town, and a file that cannot be read

BIN is the nianbao binary; its `check --json` gives each base text's agency, which is replaced.
"""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
STEMS = [a + b for a in "东西南北中" for b in "关河岭营桥庄山湖"]


def raise_new_natural(text: str, by: int = 3) -> str:
    """The first number on or after the 本年新收 label, raised (as the seeds' awk did)."""
    at = text.find("本年新收政府信息公开申请数量")
    if at < 0:
        return text
    m = re.compile(r"(?<![\d.])(\d+)(?![\d.])").search(text, at)
    if not m:
        return text
    return text[: m.start()] + str(int(m.group(1)) + by) + text[m.end():]


def read(path: Path) -> str:
    """A text in UTF-8, or in GB18030 as some offices save them."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def agencies(binary: str, files: list) -> dict:
    out = subprocess.run(
        [binary, "check", "--json", *map(str, files)], capture_output=True, check=False
    ).stdout
    return {Path(o["file"]).name: (o.get("agency"), o.get("year")) for o in json.loads(out)}


def seeds(out: Path, binary: str) -> None:
    for f in sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "mutated").glob("*.txt")):
        shutil.copy(f, out / f.name)
    for f in sorted((FIXTURES / "seeds").glob("*.txt")):
        (out / f"{f.stem}_改.txt").write_text(raise_new_natural(read(f)), "utf-8")


def township_bases(binary: str):
    """The seeds and reading-corpus texts that are township reports of 2023, with their agencies."""
    bases = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted(
        (FIXTURES / "reading" / "corpus").glob("*-tab.txt")
    )
    known = agencies(binary, bases)
    bases = [
        b
        for b in bases
        if known.get(b.name, (None, None))[1] == 2023
        and any(w in (known[b.name][0] or "") for w in ("镇", "乡", "街道"))
    ]
    return bases, known


def town(base: Path, known: dict, county: str, stem: str) -> str:
    """The base's text with its agency replaced by county + stem + the base's own ending
    (镇人民政府, 乡, 街道办事处 …), so the text still reads right."""
    old = known[base.name][0]
    at = max(old.rfind(w) for w in ("镇", "乡", "街道"))
    return read(base).replace(old, f"{county}{stem}{old[at:]}")


def many(out: Path, binary: str) -> None:
    bases, known = township_bases(binary)
    largest = max(bases, key=lambda b: b.stat().st_size)
    k = 0
    for county in ("安平县", "白河县", "清河县", "新安县", "永和县"):
        for stem in STEMS:
            base = largest if (county, stem) == ("安平县", "北关") else bases[k % len(bases)]
            text = town(base, known, county, stem)
            if k % 4 == 3:
                text = raise_new_natural(text)
            k += 1
            (out / f"{k:03d}_{county}{stem}.txt").write_text(text, "utf-8")


def forty(out: Path, binary: str) -> None:
    bases, known = township_bases(binary)
    # The set is one county's towns.
    for k, stem in enumerate(STEMS):
        text = town(bases[k % len(bases)], known, "清河县", stem)
        if k % 4 == 3:
            text = raise_new_natural(text)
        (out / f"{k + 1:02d}_{stem}.txt").write_text(text, "utf-8")
    first = bases[0]
    text = read(first).replace(known[first.name][0], "清河市人民政府")
    (out / "41_清河市人民政府.txt").write_text(text, "utf-8")
    dup = (out / f"01_{STEMS[0]}.txt").read_text("utf-8")
    (out / f"01_{STEMS[0]}（更正版）.txt").write_text(raise_new_natural(dup, 1), "utf-8")
    (out / "损坏的报告.pdf").write_bytes(b"%PDF-1.7\n% broken on purpose\n")


if __name__ == "__main__":
    mode, out, binary = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    out.mkdir(parents=True, exist_ok=True)
    {"seeds": seeds, "forty": forty, "many": many}[mode](out, binary)
