"""Draw the program's icon: resources/icons/thidua.png (256 px) and thidua.ico (16-256 px).

A gold medal (ring, star, ribbon tails) on a red rounded square, the
colours of the emulation movement's banners; drawn large and scaled down so
the small sizes stay crisp. Run from the repository root:

    python packaging/make_icon.py          # write the files
    python packaging/make_icon.py --check  # exit 1 when they are missing or stale
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
RED, DARK_RED, GOLD = (200, 16, 46, 255), (140, 8, 30, 255), (255, 205, 0, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
CANVAS = 1024


def star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, one point straight up."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int = CANVAS) -> Image.Image:
    """The icon at `size` pixels."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin, radius = size * 0.04, size * 0.18
    pen.rounded_rectangle([margin, margin, size - margin, size - margin], radius, fill=DARK_RED)
    inset = size * 0.07
    pen.rounded_rectangle([inset, inset, size - inset, size - inset], radius * 0.8, fill=RED)
    # A medal (huân chương): ribbon tails, a gold ring, the star inside.
    cx, cy, ring = size / 2, size * 0.43, size * 0.27
    for side in (-1, 1):
        x0 = cx + side * ring * 0.25
        pen.polygon([(x0, cy), (x0 + side * ring * 0.75, cy), (x0 + side * ring * 0.95, size * 0.86),
                     (x0 + side * ring * 0.5, size * 0.78), (x0 + side * ring * 0.05, size * 0.86)],
                    fill=GOLD)
    pen.ellipse([cx - ring, cy - ring, cx + ring, cy + ring], fill=GOLD)
    pen.ellipse([cx - ring * 0.84, cy - ring * 0.84, cx + ring * 0.84, cy + ring * 0.84], fill=DARK_RED)
    pen.polygon(star(cx, cy + ring * 0.04, ring * 0.74, ring * 0.3), fill=GOLD)
    return image


def render() -> dict[str, bytes]:
    """The PNG and ICO files as bytes."""
    big = draw()
    png = io.BytesIO()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(png, format="PNG", optimize=True)
    ico = io.BytesIO()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ico, format="ICO", sizes=ICO_SIZES)
    return {"thidua.png": png.getvalue(), "thidua.ico": ico.getvalue()}


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [name for name, data in files.items()
                 if not (ICONS / name).is_file() or (ICONS / name).read_bytes() != data]
        if stale:
            print(f"icons missing or stale: {', '.join(stale)}; run python packaging/make_icon.py")
            return 1
        return 0
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (ICONS / name).write_bytes(data)
        print(f"wrote {ICONS / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
