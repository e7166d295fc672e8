"""The Markdown one-pager: golden files, templates, and how entries are worded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from bizcase import api, document
from bizcase.cli import cli
from bizcase.errors import TemplateError
from bizcase.library import Library, load_library
from bizcase.render import join_words, render_markdown
from bizcase.text import escape_markdown, fill

from .conftest import DATE, FIXTURES, run_at_once


@pytest.fixture(scope="module")
def small_library() -> Library:
    return load_library(FIXTURES / "library")


def test_council_case_with_every_option_matches_golden(small_library: Library, golden) -> None:
    case = api.build_case(
        "council",
        library=small_library,
        org_name="Anytown Borough Council",
        author="Sam Jones, Digital Communications Manager",
        concerns=["cost", "misuse"],
        date=DATE,
    )
    golden("council-full.md", render_markdown(case))


def test_health_case_without_name_or_author_matches_golden(small_library: Library, golden) -> None:
    case = api.build_case("health", library=small_library, date=DATE)
    golden("health-minimal.md", render_markdown(case))


def test_the_page_speaks_the_readers_language(small_library: Library) -> None:
    health = render_markdown(api.build_case("health", library=small_library, date=DATE))
    housing = render_markdown(api.build_case("housing", library=small_library, date=DATE))
    assert "**Help patients where they ask.**" in health
    assert "**Help tenants where they ask.**" in housing
    assert "conversations patients are already having" in health


def test_every_section_the_reader_needs_is_there(library: Library) -> None:
    case = api.build_case("education", library=library, org_name="Anytown College", date=DATE)
    text = render_markdown(case)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Opening up social media to all staff at Anytown College",
        "## Recommendation",
        "## Why the ban should go",
        "## How the risk is managed",
        "## Decision required",
    ]
    for entry in case.entries:
        assert f"**{fill(entry.title, case.words)}" in text
    assert "Arguments from " in text.splitlines()[-1]


@pytest.mark.parametrize(
    "name",
    ["St_Mary's *Parish* [Council]", "_Anytown_ & District", "Council <b>One</b>", "A\\B `x`"],
)
def test_names_typed_by_the_officer_print_literally(small_library: Library, name: str) -> None:
    import lxml.html

    from bizcase.document import markdown_to_html

    case = api.build_case("council", library=small_library, org_name=name, date=DATE)
    html = markdown_to_html(render_markdown(case))
    title = lxml.html.fragment_fromstring(html, create_parent="div").find("h1")
    assert title.text_content() == f"Opening up social media to all staff at {name}"
    assert len(title) == 0  # no <em>, <b> or <a> made out of the name


def test_underscores_inside_words_are_left_alone() -> None:
    assert escape_markdown("@jane_smith") == "@jane_smith"
    assert escape_markdown("_x_") == "\\_x\\_"


def test_join_words() -> None:
    assert join_words([]) == ""
    assert join_words(["cost"]) == "cost"
    assert join_words(["cost", "trust"]) == "cost and trust"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_a_user_template_directory_comes_first(small_library: Library, tmp_path: Path) -> None:
    (tmp_path / "business-case.md.j2").write_text("# Our own {{ Name }}\n", encoding="utf-8")
    case = api.build_case("council", library=small_library, org_name="Anytown", date=DATE)
    assert render_markdown(case, [tmp_path]) == "# Our own Anytown\n"


def test_an_undefined_variable_in_a_template_fails_loudly(
    small_library: Library, tmp_path: Path
) -> None:
    template = tmp_path / "business-case.md.j2"
    template.write_text("# Title\n\n{{ organisation_nmae }}\n", encoding="utf-8")
    case = api.build_case("council", library=small_library, date=DATE)
    with pytest.raises(TemplateError) as caught:
        render_markdown(case, [tmp_path])
    assert caught.value.message == f"{template}:3: 'organisation_nmae' is undefined"


def test_a_template_syntax_error_names_file_and_line(
    small_library: Library, tmp_path: Path
) -> None:
    template = tmp_path / "business-case.md.j2"
    template.write_text("# Title\n\n{% for x in reasons %}\n", encoding="utf-8")
    case = api.build_case("council", library=small_library, date=DATE)
    with pytest.raises(TemplateError) as caught:
        render_markdown(case, [tmp_path])
    assert caught.value.message.startswith(
        f"{template}:3: template syntax error: Unexpected end of template."
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            ":3: the template tried something templates may not do (access to attribute "
            "'__init__' of 'type' object is unsafe): use only the case's variables and filters",
        ),
        ("{{ 1 / 0 }}", ":3: the template failed: division by zero"),
        (
            "{% for i in range(10 ** 9) %}{% endfor %}",
            ":3: the template failed: Range too big. The sandbox blocks ranges larger than "
            "MAX_RANGE (100000).",
        ),
        (
            "{% include 'business-case.md.j2' %}",
            ": the template includes or calls itself without end: remove the loop",
        ),
        # The case it is given is the case it lays out: it cannot drop or change entries.
        (
            "{{ reasons.clear() }}",
            ":3: the template tried something templates may not do (access to attribute "
            "'clear' of 'list' object is unsafe): use only the case's variables and filters",
        ),
    ],
    ids=["python-objects", "division", "huge-loop", "includes-itself", "changes-the-case"],
)
def test_a_template_of_the_officers_own_is_sandboxed_and_fails_in_one_line(
    small_library: Library, tmp_path: Path, line: str, message: str
) -> None:
    template = tmp_path / "business-case.md.j2"
    template.write_text(f"# Title\n\n{line}\n", encoding="utf-8")
    case = api.build_case("council", library=small_library, date=DATE)
    with pytest.raises(TemplateError) as caught:
        render_markdown(case, [tmp_path])
    assert caught.value.message == f"{template}{message}"


@pytest.mark.parametrize(
    ("name", "style", "starts"),
    [
        ("1. FC Köln", "Normal", "1. FC Köln should lift"),
        ("- Minus Council", "Normal", "- Minus Council should lift"),
        ("> Quote Trust", "Normal", "> Quote Trust should lift"),
        ("# Hash Council", "Normal", "# Hash Council should lift"),
        ("eBay", "Normal", "eBay should lift"),
    ],
)
def test_a_name_that_opens_a_paragraph_never_restyles_it(
    small_library: Library, name: str, style: str, starts: str
) -> None:
    from bizcase.document import parse

    case = api.build_case("council", library=small_library, org_name=name, date=DATE)
    blocks = parse(render_markdown(case))
    recommendation = blocks[[b.text for b in blocks].index("Recommendation") + 1]
    assert recommendation.style == style
    assert recommendation.text.startswith(starts)
    assert blocks[0].text == f"Opening up social media to all staff at {name}"


@pytest.mark.parametrize(
    ("name", "opening"),
    [
        ("1. Anytown Council", "1\\. Anytown Council"),
        ("1) Anytown Council", "1\\) Anytown Council"),
        ("#1 Council", "\\#1 Council"),
        ("- Council", "\\- Council"),
        ("+ Council", "\\+ Council"),
        ("> Council", "\\> Council"),
    ],
)
def test_a_name_is_escaped_as_a_block_only_where_it_opens_one(
    small_library: Library, name: str, opening: str
) -> None:
    # Pasted into an email as plain text, every backslash shows: mid-line, where
    # nothing in the name could start a list, quote or heading, there is none.
    case = api.build_case(
        "council", library=small_library, org_name=name, concerns=["cost"], date=DATE
    )
    lines = render_markdown(case).splitlines()
    assert lines[0] == f"# Opening up social media to all staff at {name}"
    assert lines[6].startswith(f"{opening} should lift its block on social media")
    assert lines[10] == (
        f"- **Online channels cost less than counters.** {name} saves money when residents "
        "choose to get help online."
    )
    assert lines[18] == (
        f"- **A clear policy sets the lines.** The policy says who speaks for {name}, what may "
        "be said and when to escalate."
    )
    word = Document(BytesIO(api.export(case, api.Format.DOCX)))
    # A wrapped title's lines are held together and end in line breaks.
    shown = [
        paragraph.text.replace("\u00a0", " ").replace("\n", " ") for paragraph in word.paragraphs
    ]
    assert shown[0] == f"Opening up social media to all staff at {name}"
    assert shown[3].startswith(f"{name} should lift its block on social media")
    assert shown[5] == (
        f"Online channels cost less than counters. {name} saves money when residents choose "
        "to get help online."
    )


def test_a_name_is_escaped_as_a_block_wherever_a_template_of_the_officers_own_opens_one(
    small_library: Library, tmp_path: Path
) -> None:
    (tmp_path / "business-case.md.j2").write_text(
        "# {{ name }}\n\n{{ name }} opens.\n\n> {{ name }} quoted\n\n- {{ name }} listed\n"
        "- **{{ name }}** in bold, {{ name }} within\n\n{{ name | upper }} filtered\n",
        encoding="utf-8",
    )
    case = api.build_case("council", library=small_library, org_name="1. Team C#", date=DATE)
    assert render_markdown(case, [tmp_path]) == (
        "# 1. Team C\\#\n\n1\\. Team C# opens.\n\n> 1\\. Team C# quoted\n\n"
        "- 1\\. Team C# listed\n- **1. Team C#** in bold, 1. Team C# within\n\n"
        # A filter's result is no longer the name the page placed: escaped everywhere.
        "1\\. TEAM C\\# filtered\n"
    )


def test_a_trailing_hash_stays_in_the_title(small_library: Library) -> None:
    from bizcase.document import parse

    case = api.build_case("council", library=small_library, org_name="C# Users", date=DATE)
    assert parse(render_markdown(case))[0].text.endswith("at C# Users")
    case = api.build_case("council", library=small_library, org_name="Team C#", date=DATE)
    assert parse(render_markdown(case))[0].text.endswith("at Team C#")


def test_an_entity_typed_in_a_name_prints_as_typed(small_library: Library) -> None:
    from bizcase.document import parse

    case = api.build_case("council", library=small_library, org_name="AT&amp;T", date=DATE)
    assert parse(render_markdown(case))[0].text.endswith("at AT&amp;T")


def test_entries_call_the_organisation_by_the_name_the_officer_gave(library: Library) -> None:
    include = ["official-accounts-stay-official", "firewalls-and-filtering"]
    named = api.build_case(
        "health", library=library, org_name="Riverside Surgery", include=include, date=DATE
    )
    page = render_markdown(named)
    assert "post in the name of Riverside Surgery, just as" in page
    assert "the trust" not in page.lower()
    # Without a name, the type's own word stands in.
    unnamed = api.build_case("health", library=library, include=include, date=DATE)
    assert "post in the name of the trust, just as" in render_markdown(unnamed)


def test_a_name_opening_a_sentence_keeps_its_own_capitals() -> None:
    words = {"audience": "residents", "organisation": "eBay for Good at Northshire CC"}
    assert fill("{{ organisation|capitalize }} can act.", words) == (
        "eBay for Good at Northshire CC can act."
    )
    words["organisation"] = "the council"
    assert fill("{{ organisation|capitalize }} can act.", words) == "The council can act."


def test_a_name_in_a_summary_reads_literally(library: Library) -> None:
    name = "Anytown *Borough* [Council]_x_"
    case = api.build_case(
        "health",
        library=library,
        org_name=name,
        include=["official-accounts-stay-official"],
        date=DATE,
    )
    page = render_markdown(case)
    assert f"post in the name of {escape_markdown(name)}, just as" in page
    docx = api.export(case, api.Format.DOCX)
    text = "\n".join(p.text for p in Document(BytesIO(docx)).paragraphs)
    assert f"post in the name of {name}, just as" in text


def test_the_decision_names_the_governance_team_once(library: Library) -> None:
    with_team = api.build_case(
        "local-government", library=library, include=["cross-functional-governance"], date=DATE
    )
    page = render_markdown(with_team)
    assert "3. set up the cross-functional team described above" in page
    assert page.count("communications, customer service, HR and staff representatives") == 1
    without = api.build_case(
        "local-government", library=library, exclude=["cross-functional-governance"], date=DATE
    )
    assert "3. ask a small group from communications, customer service, HR and staff " in (
        render_markdown(without)
    )


def test_a_name_too_long_to_repeat_leaves_the_arguments_with_the_type_s_word(
    library: Library,
) -> None:
    name = "Anytown and Othertown Community Health Services Partnership Trust"
    assert len(name) > 50
    case = api.build_case(
        "health",
        library=library,
        org_name=name,
        include=["official-accounts-stay-official"],
        date=DATE,
    )
    page = render_markdown(case)
    assert page.count(name) == 2  # the title and the recommendation
    assert "post in the name of the trust, just as" in page


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize(
    "template", ["{# nothing yet #}\n", "{{ '   ' }}\n\n\n"], ids=["nothing", "blank-lines"]
)
def test_a_template_that_writes_nothing_is_refused(tmp_path: Path, fmt: str, template: str) -> None:
    (tmp_path / "business-case.md.j2").write_text(template, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-t",
            "council",
            "--template-dir",
            str(tmp_path),
            "-o",
            str(tmp_path / f"x.{fmt}"),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'business-case.md.j2'}: the template makes an empty page: it must "
        "write the case's Markdown, as the packaged business-case.md.j2 does\n"
    )


def test_a_template_nested_too_deeply_to_lay_out_is_refused(tmp_path: Path) -> None:
    lists = "".join("  " * level + "- item\n" for level in range(700))
    (tmp_path / "business-case.md.j2").write_text(f"# Title\n\n{lists}", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        api.build_case("council", template_dirs=[tmp_path], date=DATE)
    assert caught.value.message == (
        "the page's Markdown is nested too deeply to lay out: if you use --template-dir, give "
        "its template fewer levels of lists or quotes"
    )
    # A long-running caller (an intranet form) goes on building whole pages.
    page = api.export(api.build_case("council", date=DATE), api.Format.MD).decode("utf-8")
    assert "\n\n## Recommendation\n\nThe council should lift" in page
    blocks = document.parse(page)
    assert [b.style for b in blocks[:4]] == ["Title", "Subtitle", "Heading 1", "Normal"]


@pytest.fixture
def fresh_converter() -> Iterator[None]:
    """The shared Markdown converter, rebuilt after the test whatever it did to it."""
    yield
    document.forget_converter()


@pytest.mark.usefixtures("fresh_converter")
def test_a_conversion_stopped_part_way_leaves_nothing_behind_for_the_next() -> None:
    # Stopped inside a list item, the converter's parser stays in that list, and the
    # next page's paragraphs would run together into one (as Python 3.12 and later,
    # running out of stack in a deeply nested template, once did to every later page).
    from markdown.blockprocessors import BlockProcessor

    class Stop(BlockProcessor):
        def test(self, parent: object, block: str) -> bool:
            # Only inside the list item, where the parser has noted that it is in one.
            return "STOP" in block and bool(self.parser.state.isstate("list"))

        def run(self, parent: object, blocks: list[str]) -> None:
            raise RecursionError

    converter = document._converter()
    converter.parser.blockprocessors.register(Stop(converter.parser), "stop", 1000)
    with pytest.raises(RecursionError):
        document.markdown_to_html("- STOP\n")
    assert document.markdown_to_html("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>"


def test_pages_converted_in_several_threads_at_once_each_come_out_whole() -> None:
    # An intranet form may answer two officers at once, in two threads of one process.
    texts = [
        f"# Title {n}\n\n- item *{n}*\n- **bold** {n}\n\nA [link](https://example.org/{n})."
        for n in range(400)
    ]
    expected = [document.markdown_to_html(text) for text in texts]
    results: dict[int, str] = {}

    def convert(numbers: range) -> None:
        for n in numbers:
            results[n] = document.markdown_to_html(texts[n])

    # Sharing one converter, four threads taking turns this often met inside a
    # conversion on most runs.
    jobs = [partial(convert, range(k, 400, 4)) for k in range(4)]
    assert run_at_once(jobs, interval=1e-6) == []
    assert [results[n] for n in range(400)] == expected


def test_half_a_surrogate_pair_from_a_template_never_stops_the_markdown(tmp_path: Path) -> None:
    template = '# Title\n\nBefore {{ "\\ud800" }} after, at {{ name }}.\n'
    (tmp_path / "business-case.md.j2").write_text(template, encoding="utf-8")
    case = api.build_case("council", template_dirs=[tmp_path], date=DATE)
    page = api.export(case, api.Format.MD, template_dirs=[tmp_path]).decode("utf-8")
    assert "Before  after, at the council." in page


def test_the_byline_dates_the_case_in_english_whatever_the_locale(library: Library) -> None:
    # Written out: made with strftime's %B, the month would follow the machine's locale
    # (a Python caller's locale.setlocale), putting 'novembre' on a British English page.
    months = "January February March April May June July August September October November December"
    for month, name in enumerate(months.split(), start=1):
        case = api.build_case("police", library=library, date=dt.date(2026, month, 1))
        byline = render_markdown(case).splitlines()[2]
        assert byline.endswith(f"1\u00a0{name}\u00a02026"), byline
