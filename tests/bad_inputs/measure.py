#!/usr/bin/env python3
"""Time and memory of `nianbao check --json` on every hostile input (issue 23's bound: each ends
within 40 s and under 1 GB for the CLI *and* its reading workers together).

  python3 tests/bad_inputs/measure.py [path/to/nianbao]     (default target/release/nianbao)

Inputs: tests/bad_inputs/corpus/*, the fuzz regressions (as the files they stand for), the
encrypted and scanned fixture PDFs, the big inputs the Rust tests build (written once into
target/bad_inputs_big by their `write_the_big_inputs` tests, run with --ignored), a FIFO and a
link to /dev/zero. Each file is run on its own, under /usr/bin/time -v (its "Maximum resident set
size" is the largest single process: the CLI or one worker), while this script adds up the
resident memory of the CLI and all its descendants every 10 ms (the sum of the tree, the figure
the bound is about). Prints one line per input and a summary; exits 1 if any input broke the bound.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BIG = os.path.join(ROOT, "target", "bad_inputs_big")
LIMIT_S = 40
LIMIT_MB = 1024


def big_inputs():
    """The Rust tests' big inputs, written once (they are deterministic)."""
    if not os.path.isdir(BIG) or len(os.listdir(BIG)) < 10:
        os.makedirs(BIG, exist_ok=True)
        env = dict(os.environ, NIANBAO_BIG_INPUTS=BIG)
        for test in ["bad_inputs", "hostile_readers"]:
            subprocess.run(
                ["cargo", "test", "--release", "--locked", "--test", test, "--",
                 "--ignored", "--exact", "write_the_big_inputs"],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return sorted(os.path.join(BIG, n) for n in os.listdir(BIG))


def regressions(tmp):
    """Each fuzz regression as the file it stands for (as tests/bad_inputs.rs does)."""
    out = []
    folder = os.path.join(HERE, "regressions")
    for name in sorted(os.listdir(folder)):
        data = open(os.path.join(folder, name), "rb").read()
        target = name.split("-")[0]
        if target == "read_sheet":
            ext, data = ["xlsx", "xls", "ods"][data[0] % 3], data[1:]
        else:
            ext = {"read_pdf": "pdf", "read_docx": "docx", "read_doc": "doc",
                   "read_html": "html"}.get(target, "txt")
        path = os.path.join(tmp, f"{name}.{ext}")
        open(path, "wb").write(data)
        out.append(path)
    return out


def specials(tmp):
    fifo = os.path.join(tmp, "fifo.txt")
    os.mkfifo(fifo)
    zero = os.path.join(tmp, "zero.txt")
    os.symlink("/dev/zero", zero)
    return [fifo, zero]


def tree_rss_kb(pid):
    """Resident memory of `pid` and all its descendants, in KB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                m = re.search(r"VmRSS:\s+(\d+)", f.read())
            total += int(m.group(1)) if m else 0
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            pass
    return total


def measure(exe, path):
    start = time.monotonic()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-v", exe, "check", "--json", path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_tree = 0
    # stdout is small (one report's JSON); read it after exit, sampling memory meanwhile.
    while proc.poll() is None:
        peak_tree = max(peak_tree, tree_rss_kb(proc.pid))
        time.sleep(0.01)
    wall = time.monotonic() - start
    out, err = proc.communicate()
    err = err.decode("utf-8", "replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    peak_one = int(m.group(1)) if m else 0
    text = out.decode("utf-8", "replace")
    m = re.search(r'"error":\s*("(?:[^"\\]|\\.)*"|null)', text)
    verdict = m.group(1) if m else "(no JSON)"
    if verdict == "null":
        verdict = "read"
    return wall, peak_one / 1024, peak_tree / 1024, verdict.strip('"')[:60]


def main():
    exe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                          os.path.join(ROOT, "target", "release", "nianbao"))
    tmp = tempfile.mkdtemp(prefix="nianbao-measure-")
    try:
        inputs = sorted(os.path.join(HERE, "corpus", n) for n in os.listdir(os.path.join(HERE, "corpus")))
        inputs += [os.path.join(ROOT, "tests", "fixtures", "pdf", n) for n in ["encrypted.pdf", "scanned.pdf"]]
        inputs += regressions(tmp) + big_inputs() + specials(tmp)
        worst_wall = worst_mem = 0.0
        broken = []
        print(f"{'input':44} {'wall s':>7} {'max proc MB':>12} {'tree MB':>8}  result")
        for path in inputs:
            wall, one, tree, verdict = measure(exe, path)
            worst_wall, worst_mem = max(worst_wall, wall), max(worst_mem, tree, one)
            name = os.path.basename(path)
            print(f"{name[:44]:44} {wall:7.2f} {one:12.0f} {tree:8.0f}  {verdict}")
            if wall > LIMIT_S or max(one, tree) > LIMIT_MB:
                broken.append(name)
        print(f"\n{len(inputs)} inputs; slowest {worst_wall:.2f} s, most memory {worst_mem:.0f} MB "
              f"(bound: {LIMIT_S} s, {LIMIT_MB} MB); over the bound: {broken or 'none'}")
        return 1 if broken else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
