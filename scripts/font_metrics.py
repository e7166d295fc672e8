"""Extract the font metrics bizcase fits the page with, from the fonts themselves.

bizcase's Word documents use Calibri; LibreOffice renders them with Carlito,
which has the same advance widths and vertical metrics. This script reads
Carlito's TrueType files with fontTools and writes the advance width of every
character they map, per style, to bizcase/fonts/carlito.json, so bizcase can
measure text without the fonts or fontTools being installed.

    python scripts/font_metrics.py [FONT_DIR]     # default: Debian's fonts-crosextra-carlito
    python scripts/font_metrics.py --fallback     # the widest fallback glyphs, per style

A character Carlito lacks is drawn from a fallback font, whose glyphs may be far
wider; ``--fallback`` prints the widest advance, in ems, of any such character
in the fallback fonts installed here, which bizcase.layout.FALLBACK_EM must not
be below. tests/test_layout.py checks both against the fonts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bizcase" / "fonts" / "carlito.json"
DEFAULT_DIR = Path("/usr/share/fonts/truetype/crosextra")
MONO = Path("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf")
STYLES = {
    "regular": "Carlito-Regular.ttf",
    "bold": "Carlito-Bold.ttf",
    "italic": "Carlito-Italic.ttf",
    "bold_italic": "Carlito-BoldItalic.ttf",
}
#: The fonts LibreOffice falls back on for characters Carlito lacks, per style:
#: DejaVu Sans on most Linux systems, and Noto Color Emoji for emoji where installed.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
EMOJI = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
FALLBACKS = {
    "regular": [DEJAVU / "DejaVuSans.ttf", EMOJI],
    "bold": [DEJAVU / "DejaVuSans-Bold.ttf", EMOJI],
    "italic": [DEJAVU / "DejaVuSans-Oblique.ttf", EMOJI],
    "bold_italic": [DEJAVU / "DejaVuSans-BoldOblique.ttf", EMOJI],
}


def advance_runs(font: TTFont) -> list[list[object]]:
    """Advance widths as runs of consecutive code points: [[first, [w, w, ...]], ...]."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    runs: list[list[object]] = []
    previous = None
    for codepoint in sorted(cmap):
        if codepoint < 32:
            continue
        width = hmtx[cmap[codepoint]][0]
        if previous is not None and codepoint == previous + 1:
            runs[-1][1].append(width)  # type: ignore[union-attr]
        else:
            runs.append([codepoint, [width]])
        previous = codepoint
    return runs


def extract(font_dir: Path) -> dict[str, object]:
    """The metrics table for the Carlito files in ``font_dir``."""
    regular = TTFont(font_dir / STYLES["regular"], lazy=True)
    hhea = regular["hhea"]
    table: dict[str, object] = {
        "family": "Carlito",
        "stands_for": "Calibri",
        "units_per_em": regular["head"].unitsPerEm,
        "ascent": hhea.ascent,
        "descent": -hhea.descent,
        "line_gap": hhea.lineGap,
        "styles": {
            style: advance_runs(TTFont(font_dir / name, lazy=True))
            for style, name in STYLES.items()
        },
    }
    if MONO.exists():
        mono = TTFont(MONO, lazy=True)
        space = mono.getBestCmap()[ord(" ")]
        table["mono_advance"] = mono["hmtx"][space][0] / mono["head"].unitsPerEm
    else:
        table["mono_advance"] = 0.6001  # Courier New and Liberation Mono
    return table


def widest_fallbacks(font_dir: Path) -> dict[str, float]:
    """Per style, the widest advance (in ems) of a character Carlito lacks, in the fallbacks.

    Only the fallback fonts installed here are measured; a style none of them
    covers is left out.
    """
    widest: dict[str, float] = {}
    for style, paths in FALLBACKS.items():
        carlito = set(TTFont(font_dir / STYLES[style], lazy=True).getBestCmap())
        for path in paths:
            if not path.exists():
                continue
            font = TTFont(path, lazy=True)
            hmtx = font["hmtx"]
            em = font["head"].unitsPerEm
            for codepoint, glyph in font.getBestCmap().items():
                if codepoint >= 32 and codepoint not in carlito:
                    widest[style] = max(widest.get(style, 0.0), hmtx[glyph][0] / em)
    return widest


def main() -> None:
    if sys.argv[1:2] == ["--fallback"]:
        font_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_DIR
        for style, advance in widest_fallbacks(font_dir).items():
            print(f"{style}: {advance:.3f} em")
        return
    font_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    table = extract(font_dir)
    OUTPUT.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} from {font_dir}")


if __name__ == "__main__":
    main()
