"""The page's geometry and typography: one source for the Word export and for fitting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Calibri in Word; LibreOffice substitutes Carlito, which has the same metrics.
FONT = "Calibri"
MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Page:
    """A4 portrait with even margins."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    margin_mm: float = 20.0

    @property
    def text_width(self) -> float:
        """Width of the text area, in points."""
        return (self.width_mm - 2 * self.margin_mm) * MM

    @property
    def text_height(self) -> float:
        """Height of the text area, in points."""
        return (self.height_mm - 2 * self.margin_mm) * MM


PAGE = Page()


@dataclass(frozen=True)
class TextStyle:
    """How one Word paragraph style looks; sizes and spacing in points."""

    size: float
    bold: bool = False
    italic: bool = False
    color: str = "1A1A1A"
    space_before: float = 0.0
    space_after: float = 0.0
    #: Line height as a multiple of the font's single line spacing.
    line_spacing: float = 1.0
    #: Indent of the text from the left margin (lists hang their marker in it).
    indent: float = 0.0
    keep_with_next: bool = False
    #: Colour of a rule drawn above or below the paragraph, if any.
    rule_above: str | None = None
    rule_below: str | None = None


NAVY = "1F3864"
BLUE = "2E5597"
GREY = "595959"

STYLES: Mapping[str, TextStyle] = {
    "Normal": TextStyle(size=10.5, space_after=6, line_spacing=1.05),
    "Title": TextStyle(size=20, bold=True, color=NAVY, space_after=2, line_spacing=1.0),
    "Subtitle": TextStyle(
        size=11, italic=True, color=GREY, space_after=8, line_spacing=1.0, rule_below=BLUE
    ),
    "Heading 1": TextStyle(
        size=13, bold=True, color=BLUE, space_before=10, space_after=3, keep_with_next=True
    ),
    "Heading 2": TextStyle(
        size=11.5, bold=True, color=BLUE, space_before=8, space_after=2, keep_with_next=True
    ),
    "Heading 3": TextStyle(
        size=11,
        bold=True,
        italic=True,
        color=BLUE,
        space_before=6,
        space_after=2,
        keep_with_next=True,
    ),
    "List Bullet": TextStyle(size=10.5, space_after=3, line_spacing=1.05, indent=18),
    "List Number": TextStyle(size=10.5, space_after=2, line_spacing=1.05, indent=18),
    "Quote": TextStyle(size=11, italic=True, color=GREY, space_after=6, indent=18),
    "Credit": TextStyle(
        size=10, italic=True, color=GREY, space_before=10, line_spacing=1.0, rule_above="BFBFBF"
    ),
}

#: Markdown heading levels onto Word styles: '#' is the title, '##' the sections.
HEADING_STYLES: Mapping[str, str] = {
    "h1": "Title",
    "h2": "Heading 1",
    "h3": "Heading 2",
    "h4": "Heading 3",
    "h5": "Heading 3",
    "h6": "Heading 3",
}
