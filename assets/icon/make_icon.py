"""Draws the app icon: a report sheet with a table, checked by a red seal.

Writes icon.png (256×256, used for the window) and icon.ico (16–256 px, for the Windows build)
next to this script. Needs Pillow (pip install pillow). Drawn at 4× and scaled down for smooth edges.
"""
import pathlib
from PIL import Image, ImageDraw

S = 4  # supersampling factor
N = 256 * S
here = pathlib.Path(__file__).resolve().parent


def px(v):
    return int(v * S)


img = Image.new("RGBA", (N, N), (0, 0, 0, 0))
d = ImageDraw.Draw(img)

# Background tile.
d.rounded_rectangle([px(8), px(8), px(248), px(248)], radius=px(48), fill=(28, 86, 160, 255))

# The report sheet.
d.rounded_rectangle([px(52), px(34), px(194), px(222)], radius=px(10), fill=(255, 255, 255, 255))
# Title bar of the sheet.
d.rectangle([px(70), px(54), px(176), px(66)], fill=(28, 86, 160, 255))
# A small table: 4 rows × 3 columns.
grid = (150, 170, 200, 255)
left, right, top, bottom = 70, 176, 84, 196
for i in range(5):
    y = top + i * (bottom - top) / 4
    d.line([px(left), px(y), px(right), px(y)], fill=grid, width=px(4))
for x in (left, 106, 141, right):
    d.line([px(x), px(top), px(x), px(bottom)], fill=grid, width=px(4))
# One wrong cell, as the app marks it.
d.rectangle([px(108), px(114), px(139), px(138)], fill=(235, 90, 80, 255))

# The seal with a check mark.
cx, cy, r = 186, 186, 46
d.ellipse([px(cx - r), px(cy - r), px(cx + r), px(cy + r)], fill=(206, 32, 41, 255),
          outline=(255, 255, 255, 255), width=px(6))
d.line([px(164), px(188), px(180), px(204), px(210), px(168)], fill=(255, 255, 255, 255),
       width=px(11), joint="curve")

icon = img.resize((256, 256), Image.LANCZOS)
icon.save(here / "icon.png")
icon.save(here / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
print("wrote", here / "icon.png", here / "icon.ico")
