"""Writes each image of a Windows .ico into a hicolor icon tree as apps/nianbao.png.

usage: ico_to_hicolor.py ICON.ico HICOLOR_DIR
The .ico made by assets/icon/make_icon.py stores PNG images (16–256 px); they are copied out
byte for byte, so no image library is needed.
"""
import pathlib
import struct
import sys

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_images(data):
    """Yields (size, png bytes) for every PNG-encoded entry of an ICO file."""
    _reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if kind != 1:
        raise ValueError("not an .ico file")
    for i in range(count):
        w, _h, _colours, _res, _planes, _bpp, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i)
        blob = data[offset:offset + length]
        if blob.startswith(PNG_MAGIC):
            yield (w or 256), blob


def main():
    ico, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    written = 0
    for size, blob in png_images(ico.read_bytes()):
        folder = out / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "nianbao.png").write_bytes(blob)
        written += 1
    if written == 0:
        sys.exit(f"{ico}: no PNG images inside")


if __name__ == "__main__":
    main()
