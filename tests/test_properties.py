"""Property-based tests: any text a contributor writes is either refused clearly or built safely."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from bizcase import api, document, layout, scaffold, schema, text
from bizcase.checks import CODES
from bizcase.fit import bullet_block
from bizcase.problems import Problem

from .conftest import DATE, FIXTURES, require_renderer

# Each example builds a case, which Hypothesis finds slow; no health check that would
# say the examples are filtered away is turned off.
SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
# Every character but surrogates, which no UTF-8 file can hold.
ANY = st.characters(exclude_categories=["Cs"])
# Text that Markdown leaves alone, so it must reach the page exactly as written.
PLAIN = st.characters(
    exclude_categories=["Cs", "Cc", "Zl", "Zp"],
    exclude_characters="\\`*_[](){}<>#!&|~^=+-.:\"'",
)


def _library() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bizcase-prop-"))
    shutil.copytree(FIXTURES / "library", folder / "lib")
    return folder / "lib"


def _entry(folder: Path, title: str, summary: str, body: str) -> Path:
    fields = {
        "id": "generated",
        "kind": "reason",
        "title": title,
        "summary": summary,
        "org_types": ["all"],
        "concerns": ["trust"],
        "strength": 5,
        "source": "contributors",
    }
    path = folder / "reasons" / "generated.md"
    path.write_bytes(scaffold.entry_text(fields, body, "../schema.json").encode("utf-8"))
    return path


def _is_clear(problem: Problem, path: Path) -> bool:
    lines = path.read_bytes().count(b"\n") + 1
    return (
        problem.code in CODES
        and problem.message.strip() != ""
        and (problem.line is None or 1 <= problem.line <= lines + 1)
        and re.match(r"^.+?(:\d+)?: [EW]\d{3} \S", str(problem)) is not None
    )


# Characters the check refuses wherever they stand, besides the controls and surrogates
# excluded by category: U+FFFE and U+FFFF, which a Word document cannot hold (E131), and the
# invisible embeddings, overrides and isolates that reorder the text after them (E135).
# Categories Zl and Zp are U+2028 and U+2029, the line breaks editors do not show (E136).
REFUSED = "\ufffe\uffff" + "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Drawn from the whole of Unicode, most characters would be CJK or unassigned code points:
# each word is drawn from one of the scripts contributors write in, or from anywhere else.
SCRIPTS = [
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII, Markdown's punctuation
    st.characters(min_codepoint=0xC0, max_codepoint=0x17F),  # accented Latin, Welsh ŵ and ŷ
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining accents
    st.characters(min_codepoint=0x590, max_codepoint=0x6FF),  # Hebrew and Arabic
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # Japanese kana
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters=REFUSED),
]
# Whole pieces that one character at a time would almost never spell.
SNIPPETS = [
    "Ysbyty Gwynedd",
    "e\u0301",
    "\u00a0",
    "👋🏽",
    "👩\u200d👩\u200d👧",
    "🏳️\u200d🌈",
    "مرحبا بكم",
    "שלום",
    "**bold**",
    "_stress_",
    "`code`",
    "# ",
    "> ",
    "- ",
    "1. ",
    "\\",
    "[a link](https://example.org/page)",
    "<b>",
    "</p>",
    "<script>alert(1)</script>",
    "&amp;",
    "{{ audience }}",
    "{{ organisation }}",
    "{{ organisation|capitalize }}",
]
WORD = st.one_of(
    *(st.text(script, min_size=1, max_size=12) for script in SCRIPTS), st.sampled_from(SNIPPETS)
)
# The body has paragraphs, lists and quotations too.
BODY_WORD = st.one_of(WORD, st.sampled_from(["\n", "\n\n", "\n- ", "\n1. ", "\n> ", "\n## "]))


@st.composite
def sized(draw: st.DrawFn, low: int, high: int, words: st.SearchStrategy[str] = WORD) -> str:
    """Words of any script, ``low`` to ``high`` characters in all, so that the check passes.

    Like the text 'bizcase new' writes, it neither starts nor ends with white space.
    """
    length = draw(st.integers(low, high))
    # Drawn as one list, not a word at a time until the text is long enough: Hypothesis
    # discards many more of the examples that open-ended drawing makes.
    text = ""
    for word in draw(st.lists(words, min_size=max(1, length // 8), max_size=length // 2 + 1)):
        longer = f"{text} {word}".strip()
        if len(longer) > length:
            break  # a word cut short could be half a link or a placeholder, rightly refused
        text = longer
    while len(text) < low:  # when the words drawn were too long for the room left
        text = (text + draw(SCRIPTS[0])).strip()
    return text


def limits(name: str) -> tuple[int, int]:
    """The shortest and longest text the schema allows in a field, should it change."""
    field = schema.ENTRY.field(name)
    assert field is not None
    assert field.min_length is not None
    assert field.max_length is not None
    return field.min_length, field.max_length


@SETTINGS
@given(
    title=sized(*limits("title")),
    summary=sized(*limits("summary")),
    # Only the check reads the body (the page prints the claim and summary): a short one keeps
    # each example quick.
    body=sized(1, 300, BODY_WORD),
)
def test_valid_text_builds_in_every_format_and_survives(
    title: str, summary: str, body: str
) -> None:
    lib = _library()
    try:
        path = _entry(lib, title, summary, body)
        report = api.check([path], library=lib)
        assert all(_is_clear(problem, path) for problem in report.problems)
        # Counted by Hypothesis (--hypothesis-show-statistics), which would fail the test's
        # health check if so many were refused that the property went untested.
        refused = sorted({problem.code for problem in report.errors})
        event(f"refused by the check: {', '.join(refused)}" if refused else "built")
        assume(not refused)
        case = api.build_case("health", library=lib, include=["generated"], date=DATE)
        markdown = api.export(case, api.Format.MD).decode("utf-8")
        word = Document(io.BytesIO(api.export(case, api.Format.DOCX)))
        # The paragraph on the page says what the Markdown says, character for character.
        entry = next(e for e in case.reasons if e.id == "generated")
        (expected,) = document.parse(
            f"- **{text.as_sentence(text.page_title(text.fill(entry.title, case.words)))}** "
            f"{text.page_summary(text.fill(entry.summary, case.words))}\n"
        )
        # Its last two words held together, as on every paragraph that wraps.
        assert layout.unwidowed(expected).text in [paragraph.text for paragraph in word.paragraphs]
        assert markdown.startswith("# Opening up social media")
        assert all(paragraph.text.strip() for paragraph in word.paragraphs)
    finally:
        shutil.rmtree(lib.parent)


@SETTINGS
@given(
    title=st.text(PLAIN, min_size=10, max_size=79).filter(
        lambda t: t.strip() == t and "  " not in t
    ),
    summary=st.text(PLAIN, min_size=40, max_size=199).filter(
        lambda t: t.strip() == t and "  " not in t
    ),
)
def test_plain_text_reaches_the_page_exactly(title: str, summary: str) -> None:
    lib = _library()
    try:
        _entry(lib, title, summary, "A body.")
        case = api.build_case("health", library=lib, include=["generated"], date=DATE)
        word = Document(io.BytesIO(api.export(case, api.Format.DOCX)))
        claim = text.as_sentence(title)  # the page ends the claim with a full stop
        # The fitter's quick estimate sees the same paragraph as the Markdown parser.
        (parsed,) = document.parse(f"- **{claim}** {summary}\n")
        assert bullet_block(claim, summary) == parsed
        assert parsed.text == f"{claim} {summary}"
        # Word gets it with its last two words held together if it wraps, and no other change.
        assert layout.unwidowed(parsed).text in [paragraph.text for paragraph in word.paragraphs]
        markdown = api.export(case, api.Format.MD).decode("utf-8")
        assert f"- **{claim}** {summary}\n" in markdown
    finally:
        shutil.rmtree(lib.parent)


@settings(deadline=None, max_examples=200)
@given(content=st.text(ANY, max_size=600))
def test_any_file_text_is_accepted_or_clearly_refused(content: str) -> None:
    lib = _library()
    try:
        path = lib / "reasons" / "anything.md"
        path.write_text(content, encoding="utf-8")
        report = api.check([path], library=lib)
        assert all(_is_clear(problem, path) for problem in report.problems)
    finally:
        shutil.rmtree(lib.parent)


@settings(deadline=None, max_examples=100)
@given(content=st.binary(max_size=400))
def test_any_bytes_are_accepted_or_clearly_refused(content: bytes) -> None:
    lib = _library()
    try:
        path = lib / "reasons" / "anything.md"
        path.write_bytes(b"---\n" + content)
        report = api.check([path], library=lib)
        assert all(_is_clear(problem, path) for problem in report.problems)
    finally:
        shutil.rmtree(lib.parent)


@settings(deadline=None, max_examples=100)
@given(
    field=st.sampled_from(["title", "summary", "credit", "org_types", "strength"]),
    value=st.text(ANY),
)
def test_any_field_value_is_accepted_or_clearly_refused(field: str, value: str) -> None:
    lib = _library()
    try:
        source = (FIXTURES / "library" / "reasons" / "help-people-online.md").read_text(
            encoding="utf-8"
        )
        line = f"{field}: {scaffold._scalar(value)}"
        lines = [current for current in source.split("\n") if not current.startswith(f"{field}:")]
        lines.insert(2, line)
        path = lib / "reasons" / "help-people-online.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        report = api.check([path], library=lib)
        assert all(_is_clear(problem, path) for problem in report.problems)
    finally:
        shutil.rmtree(lib.parent)


TRICKY = [
    (
        "Staff reach everyone: مرحبا and שלום",
        "Right-to-left text (نص عربي, טקסט עברי) mixes with English on one line.",
    ),
    (
        "Emoji survive the page 🎉👋🏽🏳️‍🌈",
        "Emoji with skin tones and joiners 👩‍👩‍👧 print as the writer wrote them, whole.",
    ),
    (
        "Combining accents stay put: e\u0301 a\u0308",
        "Decomposed accents (n\u0303, o\u0302) and precomposed ones (é, ü) both print.",
    ),
    (
        "中文的论点也可以放在页面上吗",
        "漢字とかなの文章も、一枚の紙に収まるように測られて配置されます。それが約束です。",
    ),
    (
        "No\u00a0break spaces hold words together",
        "A\u00a0no-break space and a narrow\u202fone keep 21\u00a0November on one line here.",
    ),
    (
        "A very long unbroken word ahead",
        "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft is long.",
    ),
]


def test_tricky_text_is_one_page_in_every_format(tmp_path: Path) -> None:
    require_renderer()
    from bizcase.export import pdf

    paths = []
    for number, (title, summary) in enumerate(TRICKY):
        lib = _library()
        try:
            _entry(lib, title, summary, "A body.")
            assert api.check([lib / "reasons" / "generated.md"], library=lib).errors == ()
            case = api.build_case("police", library=lib, include=["generated"], date=DATE)
            for fmt in (api.Format.MD, api.Format.DOCX):
                (tmp_path / f"case{number}.{fmt.value}").write_bytes(api.export(case, fmt))
            paths.append(tmp_path / f"case{number}.docx")
        finally:
            shutil.rmtree(lib.parent)
    reports = pdf.verify(paths)
    assert [report.pages for report in reports] == [1] * len(TRICKY)


INLINE = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=40
).map(lambda t: t.replace("\n", " "))
SPAN = st.one_of(
    INLINE,
    INLINE.map(lambda t: f"**{t.strip() or 'x'}**"),
    INLINE.map(lambda t: f"*{t.strip() or 'x'}*"),
    INLINE.map(lambda t: f"[{t.strip() or 'x'}](https://example.org/{len(t)})"),
)
LINE = st.lists(SPAN, min_size=1, max_size=4).map(" ".join)
BLOCK = st.one_of(
    LINE.map(lambda t: f"# {t}"),
    LINE.map(lambda t: f"## {t}"),
    LINE,
    st.lists(LINE, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(LINE, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
    LINE.map(lambda t: f"> {t}"),
    st.just("---"),
)


@settings(deadline=None, max_examples=150)
@given(blocks=st.lists(BLOCK, min_size=1, max_size=8))
def test_converting_piece_by_piece_is_the_same_as_whole(blocks: list[str]) -> None:
    markdown = "\n\n".join(blocks) + "\n"
    whole = list(document._Reader().blocks(document._tree(document.markdown_to_html(markdown))))
    assert document.parse(markdown) == whole
