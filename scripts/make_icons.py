"""Draw the application and document icons (resources/icons/): a small 工程表 with bars.

    python scripts/make_icons.py
Pillow comes with reportlab. The icons are drawn, not downloaded, so their licence is ours.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"


def draw(size: int, document: bool = False) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    if document:
        d.polygon([(40 * s, 12 * s), (176 * s, 12 * s), (220 * s, 56 * s), (220 * s, 244 * s), (40 * s, 244 * s)],
                  fill=(255, 255, 255, 255), outline=(40, 70, 120, 255))
        d.polygon([(176 * s, 12 * s), (176 * s, 56 * s), (220 * s, 56 * s)], fill=(200, 214, 235, 255))
        x0, x1, y0 = 60, 200, 80
    else:
        d.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=40 * s, fill=(31, 78, 140, 255))
        x0, x1, y0 = 40, 216, 56
    colors = [(255, 196, 61), (120, 200, 140), (255, 255, 255), (150, 190, 240)]
    spans = [(0.0, 0.45), (0.3, 0.75), (0.55, 1.0), (0.15, 0.6)]
    row = 38 * s
    for i, ((a, b), c) in enumerate(zip(spans, colors, strict=True)):
        y = y0 * s + i * row * 1.2
        d.rounded_rectangle([(x0 + (x1 - x0) * a) * s, y, (x0 + (x1 - x0) * b) * s, y + row * 0.75],
                            radius=6 * s, fill=c if not document else (31, 78, 140, 255 - i * 40))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = draw(256)
    app.save(OUT / "dxplanner.png")
    app.save(OUT / "dxplanner.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    doc = draw(256, document=True)
    doc.save(OUT / "dxplan-document.png")
    doc.save(OUT / "dxplan-document.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    print(OUT)


if __name__ == "__main__":
    main()
