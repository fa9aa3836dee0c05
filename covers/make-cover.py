#!/usr/bin/env python3
"""Makes covers/serge-cover.jpg, the sample book's typographic cover.

Run once by hand (`pip install pillow`, then `python3 covers/make-cover.py`
from the repository root); the JPEG is committed. Nothing in the build or the
tests runs this script: it documents how the cover was made.

1600 x 2560 px (the EPUB cover size stores recommend), an ink-red field, the
title in EB Garamond from fonts/, the author letter-spaced in capitals, and a
rule with a lozenge between them. Deterministic: same fonts, same bytes.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
OUT = ROOT / "covers" / "serge-cover.jpg"

WIDTH, HEIGHT = 1600, 2560
FIELD = (112, 24, 30)  # deep red
INK = (244, 234, 214)  # warm paper white
MUTED = (224, 190, 170)  # paper white mixed into the red, for secondary lines


def font(style, size):
    return ImageFont.truetype(str(FONTS / f"EBGaramond-{style}.ttf"), size)


def centred(draw, y, text, face, fill, tracking=0):
    """Draws `text` centred horizontally, its top at `y`; `tracking` adds space
    between letters (for capitals), in pixels."""
    if tracking == 0:
        w = draw.textlength(text, font=face)
        draw.text(((WIDTH - w) / 2, y), text, font=face, fill=fill)
        return
    widths = [draw.textlength(ch, font=face) for ch in text]
    total = sum(widths) + tracking * (len(text) - 1)
    x = (WIDTH - total) / 2
    for ch, w in zip(text, widths):
        draw.text((x, y), ch, font=face, fill=fill)
        x += w + tracking


def rule_with_lozenge(draw, y, half_width, fill):
    """A hairline rule across the centre with a small lozenge in the middle."""
    cx = WIDTH / 2
    gap, r = 46, 20
    draw.line([(cx - half_width, y), (cx - gap, y)], fill=fill, width=4)
    draw.line([(cx + gap, y), (cx + half_width, y)], fill=fill, width=4)
    draw.polygon([(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y)], fill=fill)


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT), FIELD)
    draw = ImageDraw.Draw(image)

    # A thin inset frame, as on a cloth binding.
    inset = 70
    draw.rectangle([inset, inset, WIDTH - inset, HEIGHT - inset], outline=MUTED, width=3)

    centred(draw, 330, "SUSAN WEISSMAN", font("Regular", 78), INK, tracking=18)
    rule_with_lozenge(draw, 560, 420, MUTED)

    centred(draw, 760, "Victor Serge", font("Regular", 250), INK)
    centred(draw, 1080, "and the Renewal", font("Italic", 150), INK)
    centred(draw, 1270, "of Socialism", font("Italic", 150), INK)

    rule_with_lozenge(draw, 1620, 420, MUTED)

    centred(draw, 2180, "AGAINST THE CURRENT", font("Regular", 52), MUTED, tracking=12)
    centred(draw, 2265, "2008", font("Regular", 52), MUTED, tracking=12)

    image.save(OUT, "JPEG", quality=90, optimize=True, subsampling=0)


if __name__ == "__main__":
    main()
