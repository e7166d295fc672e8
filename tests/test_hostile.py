"""Hostile and awkward input: rejected with a clear message, or rendered inertly as text.

The corpus is tests/fixtures/hostile/ (see its README): one file per case.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import signal
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from docx import Document

from bizcase import api, text
from bizcase.cli import cli
from bizcase.document import markdown_to_html, parse
from bizcase.errors import LibraryError, TemplateError
from bizcase.layout import NO_BREAK_SPACE

from .conftest import DATE, FIXTURES, assert_no_crash

HOSTILE = FIXTURES / "hostile"
GOOD = FIXTURES / "library" / "reasons" / "phones-are-not-banned.md"
PLACEHOLDERS_ONLY = (
    "E133 only plain placeholders are allowed in entry text ({{ audience }}, {{ organisation }})"
)
FIELDS = "id, kind, title, summary, org_types, concerns, strength, source, credit, core, excludes"

REJECTED: dict[str, list[str]] = {
    "template-injection": [
        f"template-injection.md:4: {PLACEHOLDERS_ONLY}",
        f"template-injection.md:5: {PLACEHOLDERS_ONLY}",
        f"template-injection.md:11: {PLACEHOLDERS_ONLY}",
    ],
    "jinja-statement": [f"jinja-statement.md:11: {PLACEHOLDERS_ONLY}"],
    "python-object-tag": [
        "python-object-tag.md:4: E101 YAML syntax error: the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain text, "
        "numbers and lists",
    ],
    "yaml-alias-bomb": [
        f"yaml-alias-bomb.md:6: E111 unknown field 'a'; the fields are: {FIELDS}",
        f"yaml-alias-bomb.md:7: E111 unknown field 'b'; the fields are: {FIELDS}",
        f"yaml-alias-bomb.md:8: E111 unknown field 'c'; the fields are: {FIELDS}",
        f"yaml-alias-bomb.md:9: E111 unknown field 'd' (did you mean 'id'?); the fields are: {FIELDS}",
        "yaml-alias-bomb.md:10: E112 'org_types' items must be text, not a list",
    ],
    "deeply-nested": [
        "deeply-nested.md:2: E101 YAML syntax error: the values are nested too deeply"
    ],
    "reordering-characters": [
        "reordering-characters.md:4: E135 column 32 holds U+202E RIGHT-TO-LEFT OVERRIDE, an "
        "invisible character that reverses or reorders the text after it: delete it (it is often "
        "pasted in invisibly from another document)",
        "reordering-characters.md:4: E135 column 49 holds U+202C POP DIRECTIONAL FORMATTING, an "
        "invisible character that reverses or reorders the text after it: delete it (it is often "
        "pasted in invisibly from another document)",
    ],
    "long-word": [
        "long-word.md:11: E114 the body is 10,001 characters; the limit is 4,000: keep it to a "
        "few short paragraphs",
    ],
    "control-characters": [
        "control-characters.md:4: E131 column 12 holds U+0007, a control character a Word "
        "document cannot hold: delete it (it is often pasted in invisibly from another document)",
        "control-characters.md:4: E131 column 24 holds U+001B, a control character a Word "
        "document cannot hold: delete it (it is often pasted in invisibly from another document)",
        "control-characters.md:11: E131 column 25 holds U+000B, a control character a Word "
        "document cannot hold: delete it (it is often pasted in invisibly from another document)",
    ],
    "escaped-control-characters": [
        "escaped-control-characters.md:4: E131 'title' holds U+0007, a character a Word "
        "document cannot hold: remove the escape that writes it",
    ],
    "truncated": [
        # At the line it breaks off at, which shows that the file is cut short.
        "truncated.md:5: E102 the front matter is not closed: if the body starts here, put a "
        "'---' line before it",
    ],
    # Every line a field: nothing shows where the body would start.
    "truncated-after-a-field": [
        "truncated-after-a-field.md:1: E102 the front matter is not closed: add a line '---' "
        "after the last field (is the file cut short?)",
    ],
    "empty": [
        "empty.md:1: E102 no front matter: the file must start with a '---' line, then the "
        "fields, then another '---' line (see CONTRIBUTING.md)",
    ],
    "binary": ["binary.md:1: E103 the file is not UTF-8 text: save it as UTF-8 in your editor"],
    # One line, not a problem for each NUL: thousands of them, and minutes, for a large file.
    "utf-16": [
        "utf-16.md:1: E103 the file is not UTF-8 text: it holds NUL bytes, as a file saved as "
        "UTF-16 or left damaged does: save it as UTF-8 in your editor"
    ],
    "nul-bytes": [
        "nul-bytes.md:13: E103 the file is not UTF-8 text: it holds NUL bytes, as a file saved "
        "as UTF-16 or left damaged does: save it as UTF-8 in your editor"
    ],
    # A lone surrogate cannot be saved as UTF-8 at all: written as its bytes, the file is
    # not UTF-8; written as a YAML escape, YAML cannot read it.
    "lone-surrogate-bytes": [
        "lone-surrogate-bytes.md:4: E103 the file is not UTF-8 text: save it as UTF-8 in your "
        "editor"
    ],
    "lone-surrogate-escape": [
        "lone-surrogate-escape.md:4: E101 YAML syntax error: '\\ud83d' is half of a character "
        "pair (a surrogate), which YAML cannot hold alone: write the character itself, or the "
        "whole character's code in eight digits, such as \\U0001F600 for 😀"
    ],
    "noncharacters": [
        "noncharacters.md:4: E131 column 18 holds U+FFFE, a noncharacter (one that stands for no "
        "letter) a Word document cannot hold: delete it (it is often pasted in invisibly from "
        "another document)",
        "noncharacters.md:5: E131 'summary' holds U+FFFF, a character a Word document cannot "
        "hold: remove the escape that writes it",
    ],
    "tag-that-does-not-fit": [
        "tag-that-does-not-fit.md:8: E101 YAML syntax error: the tag !!int does not fit its "
        "value: remove the tag",
    ],
    "huge-number": [
        "huge-number.md:8: E101 YAML syntax error: a number 5,000 characters long, more than any "
        "field holds: shorten it, or put it in double quotes if it is meant as text",
    ],
}
ACCEPTED = ["rtl-and-emoji", "bom-and-crlf", "script-tag", "html-in-code"]


@pytest.fixture
def library_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A library of one good entry and the named hostile file."""

    def make(name: str) -> Path:
        folder = tmp_path / "library"
        folder.mkdir()
        shutil.copy(GOOD, folder / GOOD.name)
        shutil.copy(HOSTILE / f"{name}.md", folder / f"{name}.md")
        monkeypatch.chdir(folder)
        return folder

    return make


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "--library", ".", *args])


def test_the_corpus_is_all_accounted_for() -> None:
    cases = {path.stem for path in HOSTILE.glob("*.md")} - {"README"}
    assert cases == set(REJECTED) | set(ACCEPTED)
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}.md`" in readme for name in cases)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_hostile_files_are_rejected_with_a_clear_message(library_of, name: str) -> None:
    library_of(name)
    result = check()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == REJECTED[name]
    assert_no_crash(result)
    # The build refuses the library too, naming the same problems, and writes nothing.
    output = Path("..", "case.docx")
    build = CliRunner().invoke(cli, ["build", "-t", "health", "--library", ".", "-o", str(output)])
    assert build.exit_code == 1
    assert build.stderr.startswith(f"Error: {REJECTED[name][0]}\n")
    assert not output.exists()


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_a_yaml_tag_runs_nothing(library_of, parser: str) -> None:
    folder = library_of("python-object-tag")
    if parser == "python":
        # Front matter that might nest deeper than libyaml can safely go is read by
        # PyYAML's own parser: the brackets of a comment are enough to send it there.
        path = folder / "python-object-tag.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("\nsource: fbps12\n", "\nsource: fbps12\n# " + "[" * 2_500 + "\n"),
            encoding="utf-8",
        )
    result = check()
    assert result.stdout.splitlines() == REJECTED["python-object-tag"]
    # The tag's command would have made this file in the library folder.
    assert not (folder / "pwned").exists()


def test_a_five_megabyte_body_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(GOOD, tmp_path)
    huge = GOOD.read_text(encoding="utf-8").replace("phones-are-not-banned", "huge-body")
    (tmp_path / "huge-body.md").write_text(huge + "word " * 1_000_000, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 1
    assert result.stdout == (
        "huge-body.md:12: E114 the body is 5,000,127 characters; the limit is 4,000: keep it to "
        "a few short paragraphs\n"
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (
            "title",
            "huge-links.md:4: E114 'title' is 60000 characters; the limit is 80: shorten it "
            "by 59920 characters",
        ),
        (
            "summary",
            "huge-links.md:5: E114 'summary' is 60000 characters; the limit is 200: "
            "shorten it by 59800 characters",
        ),
        (
            "body",
            "huge-links.md:12: E114 the body is 60,127 characters; the limit is 4,000: keep "
            "it to a few short paragraphs",
        ),
    ],
    ids=["title", "summary", "body"],
)
def test_text_far_too_long_is_refused_at_once_whatever_it_holds(
    field: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Links that never close: finding them took time growing with the square of the text,
    # hours for a file of this size, in every command that read the library.
    shutil.copy(GOOD, tmp_path)
    links = "![" * 15_000 + "](" * 15_000
    entry = GOOD.read_text(encoding="utf-8").replace("phones-are-not-banned", "huge-links")
    if field == "body":
        entry += links
    else:
        start = entry.index(f"\n{field}: ") + len(field) + 3
        entry = entry[:start] + f'"{links}"' + entry[entry.index("\n", start) :]
    (tmp_path / "huge-links.md").write_text(entry, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with _stopped_after(seconds=30):
        result = check()
    assert result.exit_code == 1
    assert result.stdout == message + "\n"


@pytest.mark.parametrize("mistake", ["control characters", "unknown fields"])
def test_the_same_mistake_thousands_of_times_is_counted_not_listed(
    mistake: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pasted binary, or a generated file gone wrong: a line for each would be hundreds
    # of thousands of lines, minutes of a pull request's check, for one thing to fix.
    entry = GOOD.read_text(encoding="utf-8").replace("phones-are-not-banned", "pasted")
    if mistake == "control characters":
        entry += "\x01" * 50_000
        line = entry.count("\n") + 1
        shown = [
            f"pasted.md:{line}: E131 column {column} holds U+0001, a control character a Word "
            "document cannot hold: delete it (it is often pasted in invisibly from another "
            "document)"
            for column in range(1, 11)
        ]
        last = line
    else:
        entry = entry.replace(
            "\n---\n", "\n" + "".join(f"f{n}: x\n" for n in range(5_000)) + "---\n", 1
        )
        first = next(n for n, row in enumerate(entry.split("\n"), start=1) if row == "f0: x")
        shown = [
            f"pasted.md:{first + n}: E111 unknown field 'f{n}'; the fields are: id, kind, title, "
            "summary, org_types, concerns, strength, source, credit, core, excludes"
            for n in range(10)
        ]
        last = first + 10
    (tmp_path / "pasted.md").write_text(entry, encoding="utf-8")
    shutil.copy(GOOD, tmp_path)
    monkeypatch.chdir(tmp_path)
    with _stopped_after(seconds=30):
        result = check("pasted.md")
    assert result.exit_code == 1
    code = shown[0].split()[1]
    total = 50_000 if code == "E131" else 5_000
    assert result.stdout.splitlines() == [
        *shown,
        f"pasted.md:{last}: {code} and {total - 10:,} more of the same from this line on, not "
        "listed: fix the 10 above, and any like them, then check again",
    ]
    # The summary counts every one, as the line says, not the lines printed.
    assert result.stderr == (
        f"1 entry checked (with the library's 3 vocabulary files): {total:,} errors, 0 warnings.\n"
    )


def test_a_build_counts_the_mistakes_a_line_stands_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = GOOD.read_text(encoding="utf-8").replace("phones-are-not-banned", "pasted")
    (tmp_path / "pasted.md").write_text(entry + "\x01\n" * 30, encoding="utf-8")
    shutil.copy(GOOD, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "-t", "housing", "--library", ".", "-o", "-"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 12  # ten listed, one counting the other twenty, and the total
    assert lines[-2].endswith(
        "E131 and 20 more of the same from this line on, not listed: "
        "fix the 10 above, and any like them, then check again"
    )
    assert lines[-1] == "30 errors in the library at .: fix them and try again."
    report = json.loads(check("--json").stdout)
    assert [row["count"] for row in report] == [1] * 10 + [20]


@contextlib.contextmanager
def _stopped_after(seconds: int) -> Iterator[None]:
    """Fail, rather than wait for ever, if the block runs longer than ``seconds``."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(*_: object) -> None:
        raise TimeoutError(f"still checking after {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_yaml_nested_fifty_thousand_deep_is_refused_not_a_crash(
    opener: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml recurses on the C stack: this depth once killed the process outright.
    shutil.copy(GOOD, tmp_path)
    (tmp_path / "deep.md").write_text(
        f"---\nid: deep\nkind: reason\ntitle: {opener * 50_000}\n---\nBody\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 1
    assert result.stdout.startswith("deep.md:")
    assert " E101 YAML syntax error: " in result.stdout
    assert len(result.stdout.splitlines()) == 1


def test_a_vocabulary_nested_too_deeply_is_refused(
    arguments_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    shutil.copytree(arguments_dir, library)
    with (library / "concerns.yaml").open("a", encoding="utf-8") as concerns:
        concerns.write("\n- id: deep\n  label: " + "{a: " * 40_000 + "1" + "}" * 40_000 + "\n")
    monkeypatch.chdir(library)
    result = check()
    assert result.exit_code == 1
    assert (
        result.stdout
        == "concerns.yaml:1: E101 YAML syntax error: the values are nested too deeply\n"
    )


def test_the_sandbox_blocks_injection_even_without_the_check() -> None:
    # fill() refuses anything but placeholders before Jinja2 sees it...
    with pytest.raises(TemplateError) as refused:
        text.fill("{{ ''.__class__.__mro__ }}", {"audience": "a", "organisation": "o"})
    assert refused.value.message == (
        "entry text not filled in: only plain placeholders are allowed in entry text "
        "({{ audience }}, {{ organisation }})"
    )
    # ...and the sandbox it renders in would refuse Python internals anyway.
    with pytest.raises(jinja2.exceptions.SecurityError) as blocked:
        text._SANDBOX.from_string("{{ ''.__class__.__mro__ }}").render()
    assert str(blocked.value) == "access to attribute '__class__' of 'str' object is unsafe."


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.add(tag)


def _build(folder: Path, name: str, fmt: str) -> bytes:
    # The output goes beside the library, not into it.
    output = folder.parent / f"case.{fmt}"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-t",
            "health",
            "--library",
            str(folder),
            "-i",
            name,
            "-o",
            str(output),
            "--force",
        ],
    )
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def test_html_in_an_entry_is_shown_never_obeyed(library_of) -> None:
    folder = library_of("script-tag")
    markdown = _build(folder, "script-tag", "md").decode("utf-8")
    assert "<script" not in markdown
    assert "<img" not in markdown
    assert "&lt;script>alert('x')&lt;/script>" in markdown
    # Rendered anywhere (an intranet page, an email), the Markdown makes no such element.
    parser = _Tags()
    parser.feed(markdown_to_html(markdown))
    assert not parser.tags & {"script", "img", "iframe"}
    document = Document(io.BytesIO(_build(folder, "script-tag", "docx")))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Scripts in an entry"))
    assert "<script>alert('x')</script> and <img src=x onerror=alert(1)>" in paragraph.text


def test_code_is_printed_as_typed_and_only_real_code_escapes_neutralising(library_of) -> None:
    folder = library_of("html-in-code")
    # The script is warned of; the tag in code, shown as typed on purpose, is not.
    assert check().stdout.splitlines() == [
        "html-in-code.md:5: W204 raw HTML '<script>' is shown as text on the page, not obeyed: "
        "remove it, and use Markdown for *emphasis* and [links](https://...)"
    ]
    markdown = _build(folder, "html-in-code", "md").decode("utf-8")
    # The tag in backticks is code, which Markdown prints as typed: '&lt;' would show.
    assert "Staff tag posts `<team>` for the right desk" in markdown
    # Escaped backticks are not code, so the script between them is made inert.
    assert "\\`&lt;script>alert(1)&lt;/script>\\`" in markdown
    parser = _Tags()
    parser.feed(markdown_to_html(markdown))
    assert not parser.tags & {"script", "team"}
    document = Document(io.BytesIO(_build(folder, "html-in-code", "docx")))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("Code in a summary")]
    assert paragraph.text.replace("\u00a0", " ") == (
        "Code in a summary is shown exactly as typed. Staff tag posts <team> for the right "
        "desk, while `<script>alert(1)</script>` stays text too."
    )


def test_any_script_is_printed_as_written(library_of) -> None:
    folder = library_of("rtl-and-emoji")
    markdown = _build(folder, "rtl-and-emoji", "md").decode("utf-8")
    title = "Staff reach everyone: مرحبا, שלום, 你好 and 👋🏽"
    summary = (
        "Right-to-left Arabic (نص) and Hebrew (טקסט), Chinese (中文) and emoji 🎉 print as written."
    )
    assert f"**{title}.** {summary}" in markdown
    document = Document(io.BytesIO(_build(folder, "rtl-and-emoji", "docx")))
    # A wrapping paragraph's last two words are held by a no-break space.
    assert f"{title}. {summary}" in [p.text.replace("\u00a0", " ") for p in document.paragraphs]


def test_a_windows_file_with_bom_and_crlf_is_accepted(library_of) -> None:
    folder = library_of("bom-and-crlf")
    assert check().exit_code == 0
    markdown = _build(folder, "bom-and-crlf", "md").decode("utf-8")
    assert "**Saved by a Windows editor with a byte order mark.** A BOM" in markdown
    assert "\r" not in markdown


@pytest.mark.parametrize(
    "name",
    [
        "Anytown \x00Council\x07",
        "Anytown \ud800Council",
        "Anytown\ufffe Council",
        "مجلس مدينة Anytown 🏛️",
        "Anytown\tCouncil\n",
    ],
)
def test_names_with_odd_characters_never_break_a_build(name: str, tmp_path: Path) -> None:
    for fmt in ("md", "docx"):
        result = api.build("council", org_name=name, output=tmp_path / f"case.{fmt}", date=DATE)
        assert result.path is not None
    document = Document(str(tmp_path / "case.docx"))
    title = document.paragraphs[0].text
    assert text.xml_safe(title) == title
    title = title.replace(NO_BREAK_SPACE, " ")  # how a wrapped title's lines are kept whole
    assert title.startswith("Opening up social media to all staff at ")
    clean = " ".join(text.xml_safe(name).split())
    assert title.endswith(clean)
    assert (
        (tmp_path / "case.md")
        .read_text(encoding="utf-8")
        .startswith(f"# Opening up social media to all staff at {clean}\n")
    )


def test_hostile_entries_cannot_be_loaded_through_the_api(library_of) -> None:
    folder = library_of("template-injection")
    with pytest.raises(LibraryError) as caught:
        api.build_case("council", library=folder)
    assert caught.value.message.splitlines() == [
        *REJECTED["template-injection"],
        f"3 errors in the library at {folder}: fix them and try again.",
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "Most staff [[x]](javascript:alert(1)) carry a phone.",
        "Most staff [a [b] c](JavaScript:alert(1)) carry a phone.",
        "Most staff [x](data:text/html,hi) carry a phone.",
        "Most staff [x](<javascript:alert(1)>) carry a phone.",
    ],
)
def test_a_link_that_is_not_to_the_web_never_reaches_any_output(summary: str) -> None:
    from bizcase.document import parse

    page = text.page_summary(summary)
    assert "](" not in page.replace("]\\(", "")  # Markdown shows it as text, not a link
    runs = [run for block in parse(f"- **Title** {page}\n") for run in block.runs]
    assert all(run.href is None for run in runs)
    # Even given the raw text, the Word export makes no link of it.
    raw = [run for block in parse(f"- {summary}\n") for run in block.runs]
    assert all(run.href is None for run in raw)
    assert "Most staff" in "".join(run.text for run in raw)


def test_a_web_link_still_works() -> None:
    from bizcase.document import parse

    page = text.page_summary("See [the guide](https://example.org/guide) for more.")
    (block,) = parse(f"- {page}\n")
    assert [run.href for run in block.runs if run.href] == ["https://example.org/guide"]


def test_a_title_or_summary_cannot_restructure_the_page() -> None:
    from bizcase.document import parse

    title = text.page_title("Staff** can\n\n## Injected\n\n---\nreach `it")
    summary = text.page_summary("One line.\n\n## Injected heading\n\n---\n\nTwo.")
    blocks = parse(f"- **{title}** {summary}\n")
    assert [block.style for block in blocks] == ["List Bullet"]
    assert blocks[0].runs[0].text == "Staff** can ## Injected --- reach `it"
    assert blocks[0].runs[0].bold


def test_vocabulary_words_print_as_words_never_as_markup(
    arguments_dir: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    shutil.copytree(arguments_dir, library)
    org_types = library / "org-types.yaml"
    text = org_types.read_text(encoding="utf-8")
    text = text.replace(
        "organisation: the council", 'organisation: "the <b>council</b>\\n\\n## Injected"'
    )
    text = text.replace("audience: residents", "audience: '<img src=x> [x](javascript:a)'")
    org_types.write_text(text, encoding="utf-8")
    concerns = library / "concerns.yaml"
    concerns.write_text(
        concerns.read_text(encoding="utf-8").replace(
            "label: IT security", "label: '<b>IT</b> **security**'"
        ),
        encoding="utf-8",
    )
    case = api.build_case("council", library=library, concerns=["security"], date=DATE)
    page = api.export(case, api.Format.MD).decode("utf-8")
    assert "<b>" not in page
    assert "<img" not in page
    assert "\n## Injected" not in page
    assert "[x](javascript:" not in page  # it is escaped as \\[x\\]
    blocks = parse(page)
    assert [b.style for b in blocks].count("Title") == 1
    assert [b.text for b in blocks if b.style == "Heading 1"] == [
        "Recommendation",
        "Why the ban should go",
        "How the risk is managed",
        "Decision required",
    ]
    words = " ".join(block.text for block in blocks)
    assert "The <b>council</b> ## Injected should lift its block" in words
    assert "conversations <img src=x> [x](javascript:a) are" in words
    assert "concerns raised about <b>IT</b> **security**" in words
    assert all(run.href is None for block in blocks for run in block.runs)


def test_an_image_in_a_summary_becomes_a_link_never_a_picture() -> None:
    summary = text.page_summary("Our logo ![logo](https://tracker.example/pixel.png) says it.")
    assert summary == "Our logo [logo](https://tracker.example/pixel.png) says it."
    html = markdown_to_html(summary)
    assert "<img" not in html
    assert '<a href="https://tracker.example/pixel.png">logo</a>' in html
    # An escaped '!' is the writer's own and stays.
    assert text.page_summary(r"Wow\![x](https://a.example)") == r"Wow\![x](https://a.example)"
