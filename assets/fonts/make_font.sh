#!/bin/sh
# Rebuilds NotoSansSC-subset.otf, the CJK font bundled into the app.
#
# Source: Noto Sans CJK SC Regular (SIL OFL 1.1, see OFL.txt), taken from the Debian package
# fonts-noto-cjk. Its .ttc holds ten faces and face 0 is Japanese, so the Simplified Chinese face
# is picked by name. The subset keeps every character of GB2312 (the 6763 hanzi an official text
# practically always stays within), ASCII/Latin-1, general and CJK punctuation, full-width forms,
# circled numbers, arrows and box symbols, plus every non-ASCII character that appears in the UI
# sources and the bundled samples. Rarer characters (some place names) come from the system's
# CJK fonts at run time (see src/ui/theme.rs).
#
# Needs: python3 with fontTools (pip install fonttools).
# Usage: assets/fonts/make_font.sh [path/to/NotoSansCJK-Regular.ttc]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ttc=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$ttc" "$work" "$root" <<'PY'
import pathlib, sys
from fontTools.ttLib import TTCollection

ttc, work, root = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])

faces = [f for f in TTCollection(ttc).fonts if f["name"].getDebugName(4) == "Noto Sans CJK SC"]
if not faces:
    sys.exit(f"{ttc} has no face named 'Noto Sans CJK SC'")
faces[0].save(work / "sc.otf")

chars = set()
for lead in range(0xA1, 0xF8):  # GB2312: rows A1-F7, cells A1-FE
    for trail in range(0xA1, 0xFF):
        try:
            chars.add(bytes([lead, trail]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
sources = list((root / "src").rglob("*.rs")) + list((root / "assets" / "samples").glob("*"))
for path in sources:
    chars.update(c for c in path.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x7F)
(work / "chars.txt").write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} characters requested")
PY

pyftsubset "$work/sc.otf" \
    --text-file="$work/chars.txt" \
    --unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-25FF,U+2600-27BF,U+3000-303F,U+FF00-FFEF" \
    --layout-features='*' \
    --no-hinting \
    --name-IDs='*' \
    --output-file="$here/NotoSansSC-subset.otf"
ls -l "$here/NotoSansSC-subset.otf"
