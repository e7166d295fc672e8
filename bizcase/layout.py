"""The page's geometry and typography: one source for the Word export and for fitting."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bizcase.document import Block, Run, parse

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
    #: The least height of each line (Word's "at least" spacing): a fixed pitch both
    #: Word and LibreOffice honour exactly, unless a line's own font needs more.
    leading: float = 13.5
    #: Indent of the text from the left margin (lists hang their marker in it).
    indent: float = 0.0
    keep_with_next: bool = False
    #: Colour of a rule drawn above or below the paragraph, if any.
    rule_above: str | None = None
    rule_below: str | None = None


NAVY = "1F3864"
BLUE = "2E5597"
GREY = "595959"


def _list(level: int, number: bool = False) -> TextStyle:
    # Word's list styles indent 18 points a level (the template's numbering).
    return TextStyle(size=10.5, space_before=2 if number else 4, indent=18 * level)


# Space is only ever set above a paragraph, never below: Word adds the space
# below one paragraph to the space above the next, LibreOffice takes the larger,
# and with nothing below the two agree.
STYLES: Mapping[str, TextStyle] = {
    "Normal": TextStyle(size=10.5, space_before=4),
    "Title": TextStyle(size=20, leading=25, bold=True, color=NAVY),
    "Subtitle": TextStyle(
        size=11, leading=14, italic=True, color=GREY, space_before=3, rule_below=BLUE
    ),
    "Heading 1": TextStyle(
        size=13, leading=16, bold=True, color=BLUE, space_before=12, keep_with_next=True
    ),
    "Heading 2": TextStyle(
        size=11.5, leading=14.5, bold=True, color=BLUE, space_before=10, keep_with_next=True
    ),
    "Heading 3": TextStyle(
        size=11,
        leading=14,
        bold=True,
        italic=True,
        color=BLUE,
        space_before=8,
        keep_with_next=True,
    ),
    "List Bullet": _list(1),
    "List Bullet 2": _list(2),
    "List Bullet 3": _list(3),
    "List Number": _list(1, number=True),
    "List Number 2": _list(2, number=True),
    "List Number 3": _list(3, number=True),
    "List Continue": _list(1),
    "List Continue 2": _list(2),
    "List Continue 3": _list(3),
    "Quote": TextStyle(size=10.5, italic=True, color=GREY, space_before=4, indent=18),
    "Credit": TextStyle(
        size=10, leading=12.5, italic=True, color=GREY, space_before=10, rule_above="BFBFBF"
    ),
}


# --------------------------------------------------------------------------- measuring

#: Kept free at the foot of the page, in points, for what the estimate cannot
#: know: a renderer's rounding, kerning or a fallback font for a rare character.
SAFETY = 12.0
#: Lines are wrapped as if the column were this much narrower, so a line that
#: only just fits here, but not in Word, is counted as the two lines it may be.
WRAP_TOLERANCE = 0.995


#: How wide, in ems, a character the document font lacks is counted, per style.
#: LibreOffice draws such a character in a fallback font (DejaVu Sans on most
#: Linux systems; Noto Color Emoji where installed), whose glyphs can be far wider
#: than Carlito's: emoji are 1.6 em in DejaVu Sans, Canadian syllabics up to 1.63
#: em, and 2.02 em in bold. Counting each at the widest advance of any character
#: Carlito lacks in that style of those fonts (``scripts/font_metrics.py --fallback``
#: measures them, and a test checks these against the installed fonts) may leave a
#: line of an exotic name short, but never lets one overflow onto a second page.
FALLBACK_EM: Mapping[str, float] = {
    "regular": 1.74,
    "bold": 2.02,
    "italic": 1.74,
    "bold_italic": 2.02,
}


#: How wide, in ems, a no-break space is counted in italic. LibreOffice sets one
#: 0.328 em wide in italic (a space is 0.226 em) in a file saved for Word 2013 and
#: later, as bizcase's are: the byline, which holds its date together with them,
#: would otherwise wrap there where the estimate kept it on one line.
ITALIC_NO_BREAK_EM = 0.33


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths and vertical metrics of the document font, from its TrueType data."""

    units_per_em: int
    ascent: int
    descent: int
    line_gap: int
    #: Advance width of each character, per style: regular, bold, italic, bold_italic.
    widths: Mapping[str, Mapping[str, int]]
    mono_advance: float

    def line_height(self, size: float) -> float:
        """The font's single line spacing at ``size`` points."""
        return (self.ascent + self.descent + self.line_gap) / self.units_per_em * size

    def text_height(self, size: float) -> float:
        """The height of the glyphs' box (ascent to descent) at ``size`` points."""
        return (self.ascent + self.descent) / self.units_per_em * size

    def width(self, text: str, size: float, bold: bool, italic: bool, code: bool = False) -> float:
        """How wide ``text`` sets at ``size`` points."""
        if code:
            return len(text) * self.mono_advance * size
        key = _STYLE_KEYS[bold, italic]
        table = self.widths[key]
        em = self.units_per_em
        try:
            # Nearly all text is in the font: sum it in one pass, which is fastest.
            total: float = sum(map(table.__getitem__, text))
        except KeyError:
            fallback = FALLBACK_EM[key] * em
            total = 0.0
            for char in text:
                known = table.get(char)
                if known is not None:
                    total += known
                elif not _is_zero_width(char):
                    total += fallback
        return total / em * size


_STYLE_KEYS = {
    (False, False): "regular",
    (True, False): "bold",
    (False, True): "italic",
    (True, True): "bold_italic",
}


def _is_zero_width(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) in ("Mn", "Me", "Cf")


@lru_cache(maxsize=1)
def metrics() -> FontMetrics:
    """The metrics of the document font (Calibri, measured from its twin Carlito)."""
    data = json.loads((Path(__file__).parent / "fonts" / "carlito.json").read_text("utf-8"))
    widths: dict[str, dict[str, int]] = {}
    for style, runs in data["styles"].items():
        table: dict[str, int] = {}
        for first, advances in runs:
            for offset, advance in enumerate(advances):
                table[chr(first + offset)] = advance
        # Carlito has no glyph for the no-break space. Word, and LibreOffice in
        # upright text, set it as wide as a space; LibreOffice, in italic text of a
        # file saved for Word 2013 and later, sets it wider.
        space = table[" "]
        wider = round(ITALIC_NO_BREAK_EM * data["units_per_em"]) if "italic" in style else 0
        table.setdefault(NO_BREAK_SPACE, max(space, wider))
        widths[style] = table
    return FontMetrics(
        units_per_em=data["units_per_em"],
        ascent=data["ascent"],
        descent=data["descent"],
        line_gap=data["line_gap"],
        widths=widths,
        mono_advance=data["mono_advance"],
    )


# A line may break after spaces (not no-break spaces), and after a hyphen or
# dash between letters.
_BREAKING_SPACE = r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]"
_HYPHEN = r"[\-\u2010\u2013\u2014]"
_LETTER = rf"(?:(?!{_BREAKING_SPACE})[^\-\u2010\u2013\u2014])"
_TOKEN = re.compile(
    rf"{_HYPHEN}*{_LETTER}+{_HYPHEN}+(?=\w)|{_HYPHEN}*{_LETTER}*{_HYPHEN}*|{_BREAKING_SPACE}+"
)
_IS_SPACE = re.compile(_BREAKING_SPACE)


@dataclass
class _Unit:
    """An unbreakable stretch of text, and the spaces after it."""

    width: float = 0.0
    space: float = 0.0
    #: Whether a line may break after this unit.
    open: bool = False
    #: The text it is made of, with each piece's (bold, italic, code): kept so that
    #: a word too long for any line can be broken between its letters.
    pieces: list[tuple[str, bool, bool, bool]] = field(default_factory=list)


def _advances(unit: _Unit, size: float, fonts: FontMetrics) -> Iterator[float]:
    """The width of each character of ``unit``, in order."""
    for piece, bold, italic, code in unit.pieces:
        for char in piece:
            yield fonts.width(char, size, bold, italic, code)


def count_lines(block: Block, style: TextStyle, width: float, fonts: FontMetrics) -> int:
    """How many lines ``block`` wraps to in a column ``width`` points wide."""
    lines = 1
    line = 0.0  # width used on the current line, trailing spaces included
    units: list[_Unit] = []

    def flush() -> None:
        nonlocal lines, line
        for unit in units:
            if line > 0 and line + unit.width > width:
                lines += 1
                line = 0.0
            if unit.width > width:
                # A word longer than the line is broken between whole letters, as
                # many as fit on each line: never mid-letter, so a line may end short.
                for advance in _advances(unit, style.size, fonts):
                    if line > 0 and line + advance > width:
                        lines += 1
                        line = 0.0
                    line += advance
                line += unit.space
                continue
            line += unit.width + unit.space
        units.clear()

    for run in block.runs:
        if run.line_break:
            flush()
            lines += 1
            line = 0.0
            continue
        bold = style.bold or run.bold
        italic = style.italic or run.italic
        for token in _TOKEN.findall(run.text):
            if not token:
                continue
            size = fonts.width(token, style.size, bold, italic, run.code)
            if _IS_SPACE.match(token):
                if units:
                    units[-1].space += size
                    units[-1].open = True
                else:
                    line += size
                continue
            # Text glued to the previous run's (no space or hyphen between) joins its
            # unit, since no line can break between them.
            if not (units and not units[-1].open and units[-1].space == 0):
                units.append(_Unit())
            units[-1].width += size
            units[-1].pieces.append((token, bold, italic, run.code))
            if token[-1] in "-\u2010\u2013\u2014":
                units[-1].open = True
    flush()
    return lines


@dataclass(frozen=True)
class Measured:
    """How a paragraph sits on the page, in points from the top of the text area."""

    block: Block
    lines: int
    top: float
    #: Where its last line of text ends.
    text_bottom: float
    #: Where the next paragraph may start, before its own space above.
    bottom: float


def style_for(name: str) -> TextStyle:
    """The look of the Word style ``name``; styles bizcase does not set look like Normal."""
    return STYLES.get(name) or STYLES["Normal"]


def rule_height(look: TextStyle) -> tuple[float, float]:
    """Points taken by the rules above and below a paragraph (line plus its gap)."""
    rule = RULE_WIDTH + RULE_SPACE
    return (rule if look.rule_above else 0.0, rule if look.rule_below else 0.0)


RULE_WIDTH = 0.75  # points: w:sz="6" eighths
RULE_SPACE = 4.0  # points between the text and the rule


@lru_cache(maxsize=16384)
def _extent(block: Block, page: Page) -> tuple[TextStyle, int, float]:
    """The block's style, how many lines it wraps to, and the pitch of those lines."""
    look = style_for(block.style)
    fonts = metrics()
    lines = count_lines(block, look, _column(look, page), fonts)
    # Each line is at least the style's leading; the extra sits above the glyphs.
    return look, lines, max(look.leading, fonts.line_height(look.size))


def _column(look: TextStyle, page: Page) -> float:
    """Points a line of ``look`` may fill, a shade narrower than Word's, to be safe."""
    return (page.text_width - look.indent) * WRAP_TOLERANCE


def measure(blocks: list[Block], page: Page = PAGE) -> list[Measured]:
    """Lay ``blocks`` out down the page, as Word and LibreOffice do."""
    placed: list[Measured] = []
    y = 0.0
    for index, block in enumerate(blocks):
        look, lines, pitch = _extent(block, page)
        above, below = rule_height(look)
        if index:
            y += look.space_before
        top = y
        y += above + lines * pitch
        text_bottom = y
        y += below
        placed.append(Measured(block, lines, top, text_bottom, y))
    return placed


def height_of(block: Block, page: Page = PAGE) -> float:
    """Points one paragraph adds below the paragraph before it, its space above included."""
    look, lines, pitch = _extent(block, page)
    above, below = rule_height(look)
    return look.space_before + above + lines * pitch + below


#: Joins two words so no line breaks between them.
NO_BREAK_SPACE = "\u00a0"
#: Styles whose wrapped lines are balanced, so no word is left alone on the last line.
BALANCED_STYLES = frozenset({"Title"})
#: Styles whose lines, when they wrap, end in a line break where the estimate ends
#: them. Their lines are a title's 25 points or a byline's 14, and one that only just
#: fits may wrap in Word and not in LibreOffice (which sets "staff" with a narrower
#: "ff" ligature, and fits a line a column's width wide that the estimate, wrapping
#: at WRAP_TOLERANCE, does not): a line break makes all three agree.
BROKEN_STYLES = frozenset({"Title", "Subtitle"})
#: Styles of running text, whose last line is not left to a single word.
UNWIDOWED_STYLES = frozenset(
    name for name in STYLES if name.startswith(("Normal", "List", "Quote", "Credit"))
)


def page_blocks(markdown: str, page: Page = PAGE) -> list[Block]:
    """The paragraphs of ``markdown`` as set on the page: what Word gets and the fitter measures."""
    return [unwidowed(broken(balanced(block, page), page), page) for block in parse(markdown)]


@lru_cache(maxsize=1024)
def unwidowed(block: Block, page: Page = PAGE) -> Block:
    """``block`` with its last two words held together when the last would end it alone.

    A paragraph whose last line is one short word ("...a blanket / ban.") looks
    like a mistake on a printed page. Pulling the word before it down joins it
    without changing the line count, so the fitter's measure still holds. Every
    paragraph that wraps is held so, not only those the estimate ends on one word:
    LibreOffice kerns, and fits a few more letters on a line than the estimate
    (which wraps at WRAP_TOLERANCE) allows, so its last lines are not the estimate's.
    """
    if block.style not in UNWIDOWED_STYLES or any(run.line_break for run in block.runs):
        return block
    spaces = _spaces(block)
    if not spaces:
        return block
    look = style_for(block.style)
    fonts = metrics()
    width = _column(look, page)
    lines = count_lines(block, look, width, fonts)
    if lines < 2:
        return block
    joined = _join(block, {spaces[-1]})
    return joined if count_lines(joined, look, width, fonts) == lines else block


@lru_cache(maxsize=256)
def broken(block: Block, page: Page = PAGE) -> Block:
    """``block`` with a line break, not a space, wherever the estimate wraps it.

    Only for BROKEN_STYLES, and only at spaces: a word too long for a line, or one
    broken at its hyphen, still wraps where it falls, and a space before a line that
    starts mid-word stays a space, since a line break there would add a line. A block
    with characters the font lacks is left as it was: the estimate counts those at
    the widest fallback glyph, a bound rather than a prediction, and breaking where
    it wraps would cut lines short that the renderer has room to finish.
    """
    if block.style not in BROKEN_STYLES or any(run.line_break for run in block.runs):
        return block
    look = style_for(block.style)
    fonts = metrics()
    if not all(_known(run, look, fonts) for run in block.runs):
        return block
    width = _column(look, page)
    lines = count_lines(block, look, width, fonts)
    if lines < 2 or _overflows(lines, look, page):
        return block
    spaces = _spaces(block)
    result = block
    kept: set[tuple[int, int]] = set()
    for j in sorted(_breaks(block, spaces, look, width, fonts)):
        # A line that starts after a hyphen looks to _breaks like one that starts
        # after the space before that word; only the breaks that keep the count are real.
        trial = _break(block, kept | {spaces[j]})
        if count_lines(trial, look, width, fonts) == lines:
            kept.add(spaces[j])
            result = trial
    return result


@lru_cache(maxsize=256)
def balanced(block: Block, page: Page = PAGE) -> Block:
    """``block`` with each line's words held together, when it is a title that wraps.

    Left to itself a wrapped title can end on one orphaned word ("...at Northshire
    County / Council"). The narrowest column that still takes the same number of
    lines gives balanced lines, as CSS's ``text-wrap: balance`` does; joining each
    line's words with no-break spaces makes Word and LibreOffice break there too,
    without changing the line count. Where that cannot hold, the last line alone is.
    """
    if block.style not in BALANCED_STYLES or any(run.line_break for run in block.runs):
        return block
    look = style_for(block.style)
    fonts = metrics()
    width = _column(look, page)
    lines = count_lines(block, look, width, fonts)
    if lines < 2 or _overflows(lines, look, page):
        return block
    narrow, wide = width / lines, width
    for _ in range(20):
        middle = (narrow + wide) / 2
        if count_lines(block, look, middle, fonts) > lines:
            narrow = middle
        else:
            wide = middle
    spaces = _spaces(block)
    breaks = _breaks(block, spaces, look, wide, fonts)
    every_line = _join(block, {space for j, space in enumerate(spaces) if j not in breaks})
    if (
        breaks
        and max(breaks) < len(spaces) - 1  # the last line has more than one word
        and count_lines(every_line, look, wide, fonts)
        == lines
        == count_lines(every_line, look, width, fonts)
    ):
        return every_line
    best = block
    # From the last space backwards: each step adds a word to the held-together tail.
    for start in reversed(range(len(spaces))):
        tail = _after(block, spaces[start - 1] if start else None)
        if count_lines(tail, look, wide, fonts) > 1:
            break
        joined = _join(block, set(spaces[start:]))
        if (
            count_lines(joined, look, wide, fonts)
            == lines
            == count_lines(joined, look, width, fonts)
        ):
            best = joined
    return best


def _overflows(lines: int, look: TextStyle, page: Page) -> bool:
    """Whether a paragraph of ``lines`` lines is taller than the page: no page can hold it.

    Finding where such a paragraph's lines break costs time that grows with the square
    of its length (minutes for a name of 16,000 characters), and is wasted: the fitter
    refuses the page at once, saying what to shorten.
    """
    return lines * look.leading > page.text_height


def _known(run: Run, look: TextStyle, fonts: FontMetrics) -> bool:
    """Whether the font has every character of ``run`` that takes up room on the line."""
    if run.code:
        return True
    table = fonts.widths[_STYLE_KEYS[look.bold or run.bold, look.italic or run.italic]]
    return all(char in table or _is_zero_width(char) for char in run.text)


def _spaces(block: Block) -> list[tuple[int, int]]:
    """Where ``block``'s spaces are, as ``(run, offset)``."""
    return [
        (index, offset)
        for index, run in enumerate(block.runs)
        for offset, char in enumerate(run.text)
        if char == " "
    ]


def _breaks(
    block: Block,
    spaces: list[tuple[int, int]],
    look: TextStyle,
    width: float,
    fonts: FontMetrics,
) -> set[int]:
    """Which of ``spaces`` the lines break at in a column ``width`` points wide."""

    def lines_through(j: int) -> int:
        # A line that breaks before a word wraps the text up to that word onto one more line.
        through = _before(block, spaces[j + 1]) if j + 1 < len(spaces) else block
        return count_lines(through, look, width, fonts)

    found = set()
    lines, start = 1, 0
    while start < len(spaces):
        # The first space after which the text takes more lines: found by halving, since
        # more words never take fewer lines, so a long byline costs a few measures a line
        # rather than one for every word.
        low, high = start, len(spaces)
        while low < high:
            middle = (low + high) // 2
            if lines_through(middle) > lines:
                high = middle
            else:
                low = middle + 1
        if low == len(spaces):
            break
        found.add(low)
        lines, start = lines_through(low), low + 1
    return found


def _before(block: Block, space: tuple[int, int]) -> Block:
    """The part of ``block`` before the space at ``(run, offset)``."""
    index, offset = space
    last = block.runs[index]
    runs = (*block.runs[:index], replace(last, text=last.text[:offset]))
    return Block(block.style, runs)


def _after(block: Block, space: tuple[int, int] | None) -> Block:
    """The part of ``block`` after the space at ``(run, offset)``, or all of it."""
    if space is None:
        return block
    index, offset = space
    first = block.runs[index]
    runs = (replace(first, text=first.text[offset + 1 :]), *block.runs[index + 1 :])
    return Block(block.style, runs)


def _join(block: Block, spaces: set[tuple[int, int]]) -> Block:
    """``block`` with the spaces at ``(run, offset)`` made no-break spaces."""
    runs = tuple(
        replace(
            run,
            text="".join(
                NO_BREAK_SPACE if (index, offset) in spaces else char
                for offset, char in enumerate(run.text)
            ),
        )
        for index, run in enumerate(block.runs)
    )
    return Block(block.style, runs)


def _break(block: Block, spaces: set[tuple[int, int]]) -> Block:
    """``block`` with the spaces at ``(run, offset)`` made line breaks."""
    runs: list[Run] = []
    for index, run in enumerate(block.runs):
        start = 0
        for offset in sorted(offset for at, offset in spaces if at == index):
            runs.extend((replace(run, text=run.text[start:offset]), Run("", line_break=True)))
            start = offset + 1
        runs.append(replace(run, text=run.text[start:]))
    # A space that ended a run leaves an empty run behind, which sets nothing.
    return Block(block.style, tuple(run for run in runs if run.text or run.line_break))
