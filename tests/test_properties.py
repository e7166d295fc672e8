"""Property-based tests: any text a contributor writes is either refused clearly or built safely."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bizcase import api, document, scaffold, text
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


# Mostly text of the right length without control characters, so most examples
# pass the check and are built; the rest test the refusals.
PRINTABLE = st.characters(exclude_categories=["Cs", "Cc"])


def sized(low: int, high: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(PRINTABLE, min_size=low, max_size=high).filter(lambda t: len(t.strip()) >= low),
        st.text(ANY, max_size=high + 10),
    )


@SETTINGS
@given(title=sized(10, 80), summary=sized(40, 200), body=sized(1, 300))
def test_valid_text_builds_in_every_format_and_survives(
    title: str, summary: str, body: str
) -> None:
    lib = _library()
    try:
        path = _entry(lib, title, summary, body)
        report = api.check([path], library=lib)
        assert all(_is_clear(problem, path) for problem in report.problems)
        if report.errors:
            event("refused by the check")
            return
        event("built")
        case = api.build_case("health", library=lib, include=["generated"], date=DATE)
        markdown = api.export(case, api.Format.MD).decode("utf-8")
        word = Document(io.BytesIO(api.export(case, api.Format.DOCX)))
        # The paragraph on the page says what the Markdown says, character for character.
        entry = next(e for e in case.reasons if e.id == "generated")
        (expected,) = document.parse(
            f"- **{text.as_sentence(text.page_title(text.fill(entry.title, case.words)))}** "
            f"{text.page_summary(text.fill(entry.summary, case.words))}\n"
        )
        assert expected.text in [paragraph.text for paragraph in word.paragraphs]
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
        assert f"{claim} {summary}" in [paragraph.text for paragraph in word.paragraphs]
        markdown = api.export(case, api.Format.MD).decode("utf-8")
        assert f"- **{claim}** {summary}\n" in markdown
        # The fitter's quick estimate sees the same paragraph as the Markdown parser.
        (parsed,) = document.parse(f"- **{claim}** {summary}\n")
        assert bullet_block(claim, summary) == parsed
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
