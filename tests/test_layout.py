"""Measuring text with the font's own widths: line wrapping and paragraph heights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bizcase import layout
from bizcase.document import Block, Run, parse

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent
CARLITO = Path("/usr/share/fonts/truetype/crosextra")
NORMAL = layout.STYLES["Normal"]


def lines(text: str, width: float, style: layout.TextStyle = NORMAL, **run) -> int:
    return layout.count_lines(Block("Normal", (Run(text, **run),)), style, width, layout.metrics())


def width(text: str, bold: bool = False) -> float:
    return layout.metrics().width(text, NORMAL.size, bold, False)


def test_widths_come_from_the_font() -> None:
    fonts = layout.metrics()
    # Carlito (like Calibri) has proportional figures and letters of differing widths.
    assert fonts.width("i", 10, False, False) < fonts.width("m", 10, False, False)
    assert fonts.width("a", 10, True, False) > fonts.width("a", 10, False, False)
    assert fonts.width("abc", 20, False, False) == pytest.approx(
        2 * fonts.width("abc", 10, False, False)
    )
    assert fonts.units_per_em == 2048
    assert fonts.line_height(10) == pytest.approx(12.207, abs=0.001)


def test_text_that_fits_is_one_line_and_one_word_more_wraps() -> None:
    text = "Staff can already reach social media"
    assert lines(text, width(text) + 0.01) == 1
    assert lines(text + " today", width(text) + 0.01) == 2


def test_spaces_at_the_end_of_a_line_do_not_push_a_word_over() -> None:
    assert lines("word " * 3, width("word word word") + 0.01) == 1


def test_lines_may_break_after_a_hyphen_or_dash_between_words() -> None:
    words = [t for t in layout._TOKEN.findall("a 15-minute well- x co\u2013op -5") if t.strip()]
    assert words == ["a", "15-", "minute", "well-", "x", "co\u2013", "op", "-5"]


def test_a_no_break_space_keeps_words_together() -> None:
    room = width("one two") + 0.01
    assert lines("one two three", room) == 2  # "one two" / "three"
    assert lines("one two\u00a0three", room) == 3  # "one" / "two thre" / "e"


def test_a_word_longer_than_the_line_is_broken() -> None:
    word = "x" * 400
    assert lines(word, width("x" * 100) + 0.01) == 4


def test_a_long_word_breaks_between_whole_letters() -> None:
    # Ten and nine tenths of an "m" fit a line, but LibreOffice sets whole letters:
    # ten to a line, so 32 take four lines, not the three a mid-letter break would.
    room = width("m" * 10) + 0.9 * width("m")
    assert lines("m" * 32, room) == 4
    assert lines("m" * 30, room) == 3


def test_a_long_word_after_others_starts_a_line_of_its_own() -> None:
    room = width("m" * 10) + 0.9 * width("m")
    assert lines("a " + "m" * 20, room) == 3  # "a" / ten m / ten m
    # What follows the word carries on from its last letter, if it fits there.
    assert lines("m" * 20 + " a", room) == 2
    assert lines("m" * 20 + " again", room) == 3


def test_the_police_title_with_an_88_letter_name_takes_its_true_lines() -> None:
    # The audit's case: 88 letters "m" after the title's words, set in the Title style.
    title = layout.STYLES["Title"]
    block = Block("Title", (Run("Opening up social media to all staff at " + "m" * 88),))
    column = layout.PAGE.text_width * layout.WRAP_TOLERANCE
    fonts = layout.metrics()
    per_line = int(column // fonts.width("m", title.size, True, False))
    expected = 1 + -(-88 // per_line)  # the words, then the name in whole-letter lines
    assert layout.count_lines(block, title, column, fonts) == expected


def test_bold_runs_are_measured_in_bold() -> None:
    text = "Deal with the person who misuses it"
    room = width(text) + 0.01
    assert lines(text, room) == 1
    assert lines(text, room, bold=True) == 2


def test_runs_without_a_space_between_them_do_not_break() -> None:
    block = Block("Normal", (Run("one two "), Run("head", bold=True), Run("ing three four")))
    room = max(width("one two ") + width("head", bold=True), width("ing three four")) + 0.5
    # "heading" cannot break between its bold and plain halves, so it starts a line:
    # "one two" / "heading" / "three four", not "one two head" / "ing three four".
    assert layout.count_lines(block, NORMAL, room, layout.metrics()) == 3


def test_explicit_line_breaks_count() -> None:
    block = Block("Normal", (Run("one"), Run("", line_break=True), Run("two")))
    assert layout.count_lines(block, NORMAL, 400, layout.metrics()) == 2


def test_characters_the_font_lacks_are_counted_wide() -> None:
    regular = layout.FALLBACK_EM["regular"]
    assert width("漢字") == pytest.approx(2 * regular * NORMAL.size)
    # Emoji and Canadian syllabics come from a fallback font, up to twice an em wide.
    assert width("😴") == pytest.approx(regular * NORMAL.size)
    assert width("ᙶ", bold=True) == pytest.approx(layout.FALLBACK_EM["bold"] * NORMAL.size)
    assert width("e\u0301") == pytest.approx(width("e"))  # combining accent takes no room


def test_a_name_of_characters_the_font_lacks_wraps_as_the_fallback_font_would() -> None:
    # 40 syllabics in bold at 20 points are 40 x 2.016 em = 1613 points in DejaVu
    # Sans Bold: four lines of the column, where counting each as 1 em made two.
    title = layout.STYLES["Title"]
    column = layout.PAGE.text_width * layout.WRAP_TOLERANCE
    block = Block("Title", (Run("ᙶ" * 40),))
    assert layout.count_lines(block, title, column, layout.metrics()) == 4
    emoji = Block("Title", (Run("Sleepy Charity 😴😴😴 " * 5),))
    assert layout.count_lines(emoji, title, column, layout.metrics()) == 3


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def test_fallback_widths_cover_the_widest_fallback_glyphs() -> None:
    import runpy

    require(
        (CARLITO / "Carlito-Regular.ttf").exists() and (DEJAVU / "DejaVuSans.ttf").exists(),
        "the Carlito and DejaVu Sans fonts",
    )

    script = runpy.run_path(str(ROOT / "scripts" / "font_metrics.py"))
    widest = script["widest_fallbacks"](CARLITO)
    assert set(widest) == set(layout.FALLBACK_EM)
    short = {
        style: (advance, layout.FALLBACK_EM[style])
        for style, advance in widest.items()
        if advance > layout.FALLBACK_EM[style]
    }
    assert short == {}


def test_paragraph_heights_add_up_with_space_above_only() -> None:
    blocks = parse("# Title\n\nSub\n\n## Heading\n\nOne line.\n\n- a\n- b\n")
    placed = layout.measure(blocks)
    title, subtitle, heading, normal, first, second = placed
    assert title.top == 0
    assert subtitle.top == pytest.approx(title.bottom + layout.STYLES["Subtitle"].space_before)
    assert heading.top == pytest.approx(subtitle.bottom + layout.STYLES["Heading 1"].space_before)
    assert second.bottom - first.bottom == pytest.approx(layout.height_of(blocks[-1]))
    assert normal.bottom - normal.top == pytest.approx(NORMAL.leading)


def test_rules_add_their_height() -> None:
    (subtitle,) = layout.measure([Block("Subtitle", (Run("x"),))])
    assert subtitle.bottom - subtitle.text_bottom == pytest.approx(
        layout.RULE_WIDTH + layout.RULE_SPACE
    )


def test_committed_metrics_match_the_fonts() -> None:
    import runpy

    require((CARLITO / "Carlito-Regular.ttf").exists(), "the Carlito fonts")

    script = runpy.run_path(str(ROOT / "scripts" / "font_metrics.py"))
    fresh = json.loads(json.dumps(script["extract"](CARLITO)))
    committed = json.loads(
        (ROOT / "bizcase" / "fonts" / "carlito.json").read_text(encoding="utf-8")
    )
    assert fresh == committed


def _title(text: str, *runs: Run) -> Block:
    return Block("Title", (Run(text), *runs))


def _title_lines(block: Block) -> int:
    column = layout.PAGE.text_width * layout.WRAP_TOLERANCE
    return layout.count_lines(block, layout.STYLES["Title"], column, layout.metrics())


@pytest.mark.parametrize(
    "name",
    [
        "Northshire County Council",
        "Greater Manchester Fire and Rescue Service",
        "Northumbria Healthcare NHS Foundation Trust",
        "The Royal Borough of Kensington and Chelsea with Westminster City Council Tri-borough "
        "Shared Services Partnership Boards",
    ],
)
def test_a_wrapped_title_holds_its_balanced_last_line_together(name: str) -> None:
    block = _title(f"Opening up social media to all staff at {name}")
    held = layout.balanced(block)
    # Only spaces change, and only into no-break spaces; the line count stays.
    assert held.text.replace(layout.NO_BREAK_SPACE, " ") == block.text
    assert _title_lines(held) == _title_lines(block) >= 2
    # The held-together last line has several words and is a whole ending of the title.
    last = held.text.rsplit(" ", 1)[1]
    assert last.count(layout.NO_BREAK_SPACE) >= 1
    assert block.text.endswith(last.replace(layout.NO_BREAK_SPACE, " "))


def test_the_balanced_last_line_is_the_narrowest_that_keeps_the_line_count() -> None:
    held = layout.balanced(
        _title("Opening up social media to all staff at Northshire County Council")
    )
    assert held.text.split(" ")[-1] == "staff\u00a0at\u00a0Northshire\u00a0County\u00a0Council"


def test_a_title_of_several_lines_holds_every_line_together() -> None:
    name = (
        "The University of Anytown and Northshire Institute of Technology, Agriculture and the "
        "Performing Arts (incorporating Anytown College)"
    )
    block = _title(f"Opening up social media to all staff at {name}")
    held = layout.balanced(block)
    assert held.text.replace(layout.NO_BREAK_SPACE, " ") == block.text
    # The only spaces a line may still break at are those between the balanced lines.
    lines = held.text.split(" ")
    assert len(lines) == _title_lines(held) == _title_lines(block) == 4
    title = layout.STYLES["Title"]
    widths = [layout.metrics().width(line, title.size, title.bold, False) for line in lines]
    # Holding only the last line together left the third ending '...and the Performing',
    # a third shorter than the lines around it.
    assert min(widths[:-1]) > 0.85 * max(widths)


def test_titles_on_one_line_and_other_styles_are_left_alone() -> None:
    short = _title("Opening up social media to all staff at Leeds City Council")
    assert _title_lines(short) == 1
    assert layout.balanced(short) == short
    body = Block("Normal", (Run("Opening up social media to all staff at Northshire " * 4),))
    assert layout.balanced(body) == body


def test_a_title_in_several_runs_keeps_each_run() -> None:
    block = _title(
        "Opening up social media to all staff at ", Run("Northshire County Council", bold=True)
    )
    held = layout.balanced(block)
    assert [run.bold for run in held.runs] == [False, True]
    assert held.runs[1].text == "Northshire\u00a0County\u00a0Council"


def test_the_no_break_space_is_as_wide_as_a_space_but_wider_in_italic() -> None:
    # Carlito has no glyph for it; Word and LibreOffice set it as a space, but
    # LibreOffice sets it wider in italic, as in the byline that holds the date together.
    assert width("a\u00a0b") == width("a b")
    assert width("a\u00a0b", bold=True) == width("a b", bold=True)
    fonts = layout.metrics()
    for bold in (False, True):
        assert fonts.width("\u00a0", 10, bold, True) == pytest.approx(
            10 * layout.ITALIC_NO_BREAK_EM, abs=0.01
        )
        assert fonts.width("\u00a0", 10, bold, True) > fonts.width(" ", 10, bold, True)


def _page(markdown: str) -> list[str]:
    return [block.text for block in layout.page_blocks(markdown)]


def test_a_title_that_only_just_fills_a_line_ends_its_lines_where_the_estimate_does() -> None:
    # Within half a percent of the column, this title was two lines to the estimate
    # (which wraps a shade narrower) and one to LibreOffice and Word: the page came
    # out a title line, 3% of it, emptier than fitted. A line break makes them agree.
    assert _page("# Opening up social media to all staff at Northumbria Police\n") == [
        "Opening\u00a0up\u00a0social\u00a0media\u00a0to\nall\u00a0staff\u00a0at\u00a0Northumbria"
        "\u00a0Police"
    ]
    # Just wider than the column: two lines in Word, but one in LibreOffice, which
    # sets the 'ff' of 'staff' as a narrower ligature.
    assert _page("# Opening up social media to all staff at University of Bristol\n") == [
        "Opening\u00a0up\u00a0social\u00a0media\u00a0to\u00a0all\nstaff\u00a0at\u00a0University"
        "\u00a0of\u00a0Bristol"
    ]


def test_a_byline_that_only_just_fills_a_line_ends_its_lines_where_the_estimate_does() -> None:
    # One line to LibreOffice, two to the estimate, a byline line the fitter kept free.
    byline = (
        "A business case for senior management, prepared by Chris Evans, Marketing Manager"
        "\u00a0·\u00a021\u00a0November\u00a02026"
    )
    assert _page(f"# Opening up social media to all staff at Leeds\n\n{byline}\n") == [
        "Opening up social media to all staff at Leeds",
        "A business case for senior management, prepared by Chris Evans, Marketing\n"
        "Manager\u00a0·\u00a021\u00a0November\u00a02026",
    ]


def test_a_line_that_starts_after_a_hyphen_keeps_the_space_before_its_word() -> None:
    # Its first line ends at 'Shared-': a line break before that word would add a line.
    title = "Opening up social media to all staff at Shared-Services County County Tri-borough"
    (held,) = layout.parse(f"# {title} Health-and-Care\n")
    assert _title_lines(held) == 2
    assert layout.page_blocks(f"# {title} Health-and-Care\n") == [layout.balanced(held)]
    assert "\n" not in layout.balanced(held).text
    # Where a title has both kinds of line end, the line ending at a space still breaks.
    assert _page(
        "# Opening up social media to all staff at Shared-Services Northshire-and-Southshire "
        "Council the Tri-borough County\n"
    ) == [
        "Opening\u00a0up\u00a0social\u00a0media\u00a0to\u00a0all\u00a0staff\u00a0at "
        "Shared-Services\nNorthshire-and-Southshire\u00a0Council\u00a0the\u00a0Tri-borough"
        "\u00a0County"
    ]


def test_only_titles_and_bylines_of_known_widths_are_broken_into_lines() -> None:
    body = Block("Normal", (Run("Opening up social media to all staff at Northshire " * 4),))
    assert layout.broken(body) == body
    # The widths of characters the font lacks are a bound, not a prediction.
    exotic = _title(f"Opening up social media to all staff at {'ᙶ' * 8} Trust")
    assert _title_lines(exotic) == 2
    assert layout.broken(exotic) == exotic


def _bullet_ending_alone() -> Block:
    """A bullet that fills its first line, so that its last word starts a line of its own."""
    look = layout.STYLES["List Bullet"]
    column = layout.PAGE.text_width * layout.WRAP_TOLERANCE - look.indent
    lead = Run("Managed access works.", bold=True)
    words = ["rather", "than", "penalise", "everyone", "with", "a", "blanket"]
    text = ""
    while True:
        longer = f"{text} {words[len(text.split()) % len(words)]}"
        if (
            layout.count_lines(
                Block("List Bullet", (lead, Run(longer))), look, column, layout.metrics()
            )
            > 1
        ):
            break
        text = longer
    return Block("List Bullet", (lead, Run(f"{text} ban.")))


def test_a_wrapping_paragraph_never_ends_on_a_word_alone() -> None:
    block = _bullet_ending_alone()
    fonts, look = layout.metrics(), layout.STYLES["List Bullet"]
    column = layout.PAGE.text_width * layout.WRAP_TOLERANCE - look.indent
    without = Block("List Bullet", (block.runs[0], Run(block.runs[1].text[: -len(" ban.")])))
    assert layout.count_lines(without, look, column, fonts) == 1
    held = layout.unwidowed(block)
    assert held.text == without.text + "\u00a0ban."
    assert [run.bold for run in held.runs] == [True, False]
    # The pair moves down to the last line, which takes it without a line more.
    assert layout.count_lines(held, look, column, fonts) == 2
    assert layout.count_lines(block, look, column, fonts) == 2
    assert layout.page_blocks(f"- **Managed access works.**{block.runs[1].text}\n") == [held]


def test_a_paragraph_on_one_line_and_headings_are_left_as_written() -> None:
    one_line = Block("List Bullet", (Run("Staff are trusted with the phone already."),))
    assert layout.unwidowed(one_line) == one_line
    heading = Block("Heading 2", (Run("How the risk is managed " * 8),))
    assert layout.unwidowed(heading) == heading


def test_a_very_long_title_or_byline_is_measured_a_few_times_a_line_not_once_a_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Measured once for every word, a byline of 2,000 words took 12 seconds to refuse,
    # and a name of 16,000 characters minutes: the work grew with the square of the text.
    calls = []
    measure = layout.count_lines

    def counted(*args, **kwargs) -> int:
        calls.append(1)
        return measure(*args, **kwargs)

    monkeypatch.setattr(layout, "count_lines", counted)
    byline = Block("Subtitle", (Run("Chief " * 800),))
    lines = measure(byline, layout.STYLES["Subtitle"], layout.PAGE.text_width, layout.metrics())
    assert 20 < lines < layout.PAGE.text_height / layout.STYLES["Subtitle"].leading
    held = layout.broken(byline)
    assert sum(run.line_break for run in held.runs) == lines - 1
    assert len(calls) < 12 * lines
    # A title taller than the page cannot be fitted at all: it is left for the fitter to refuse.
    calls.clear()
    title = Block("Title", (Run("Anytown Borough " * 400),))
    assert layout.balanced(title) == title
    assert layout.broken(title) == title
    assert len(calls) == 2
