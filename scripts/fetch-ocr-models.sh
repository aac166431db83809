#!/bin/sh
# Fetches the OCR models for scanned reports (src/read/scan) into models/ocr/.
#
# The models are PaddleOCR's PP-OCRv6 small detection and recognition networks (Apache-2.0), as
# shipped in the PyPI wheel rapidocr 3.10.0. The wheel is downloaded by name from the package
# registry with pip, its SHA-256 checked, and only the models and their licences kept:
#
#   models/ocr/PP-OCRv6_det_small.onnx   text detection (DBNet)
#   models/ocr/PP-OCRv6_rec_small.onnx   text recognition (CTC; its dictionary is in the ONNX metadata)
#   models/ocr/LICENSE, MODEL_LICENSES.md
#
# Idempotent: does nothing when every file is there with its expected SHA-256. build.rs runs it
# when models/ocr/ is incomplete; run it by hand after a build without network.
# Usage: scripts/fetch-ocr-models.sh [DEST]   (default: models/ocr next to this script's folder)
set -eu

WHEEL=rapidocr-3.10.0-py3-none-any.whl
WHEEL_SHA256=2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-"$here/../models/ocr"}

# name in the wheel, then its SHA-256
FILES="rapidocr/models/PP-OCRv6_det_small.onnx 090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f
rapidocr/models/PP-OCRv6_rec_small.onnx 6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884
rapidocr-3.10.0.dist-info/licenses/LICENSE -
rapidocr-3.10.0.dist-info/licenses/MODEL_LICENSES.md -"

sha() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

complete() {
    echo "$FILES" | while read -r inner want; do
        f="$dest/$(basename "$inner")"
        [ -s "$f" ] || return 1
        [ "$want" = - ] || [ "$(sha "$f")" = "$want" ] || return 1
    done
}

if complete; then
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" rapidocr==3.10.0
got=$(sha "$tmp/$WHEEL")
if [ "$got" != "$WHEEL_SHA256" ]; then
    echo "fetch-ocr-models: $WHEEL has SHA-256 $got, expected $WHEEL_SHA256" >&2
    exit 1
fi
mkdir -p "$dest"
echo "$FILES" | while read -r inner want; do
    python3 - "$tmp/$WHEEL" "$inner" "$tmp/$(basename "$inner")" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as out:
    shutil.copyfileobj(src, out)
PY
    if [ "$want" != - ] && [ "$(sha "$tmp/$(basename "$inner")")" != "$want" ]; then
        echo "fetch-ocr-models: $inner in the wheel does not have the expected SHA-256" >&2
        exit 1
    fi
    mv "$tmp/$(basename "$inner")" "$dest/"
done
echo "fetch-ocr-models: models in $dest"
