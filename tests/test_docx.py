"""The Word document, reopened with python-docx: page, styles, properties, content."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

from bizcase import api, layout
from bizcase.export.docx import DocumentInfo, _set_rules, markdown_to_docx
from bizcase.layout import FONT, NO_BREAK_SPACE
from bizcase.library import Library, load_library
from bizcase.text import fill

from .conftest import DATE, FIXTURES

USED_STYLES = ["Title", "Subtitle", "Heading 1", "Normal", "List Bullet", "List Number", "Credit"]


def open_docx(data: bytes) -> DocumentType:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def council(library: Library) -> tuple[api.Case, DocumentType]:
    case = api.build_case(
        "local-government",
        library=library,
        org_name="Anytown Borough Council",
        author="Sam Jones",
        concerns=["productivity", "security"],
        date=DATE,
    )
    return case, open_docx(api.export(case, api.Format.DOCX))


def test_page_is_a4_with_2cm_margins(council) -> None:
    _, document = council
    assert len(document.sections) == 1
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        for margin in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        ):
            assert abs(margin - Mm(20)) < Mm(0.1)


def test_structure_uses_real_word_styles(council) -> None:
    _, document = council
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title"
    assert styles[1] == "Subtitle"
    assert set(styles) == set(USED_STYLES)
    assert styles.count("Heading 1") == 4
    assert styles.count("List Number") == 3
    assert styles[-1] == "Credit"
    # Nothing is faked: no Normal paragraph is a bold line standing in for a heading.
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Normal":
            assert not all(run.bold for run in paragraph.runs)


def test_no_empty_paragraphs(council) -> None:
    _, document = council
    assert all(p.text.strip() for p in document.paragraphs)


def test_fonts_are_explicit_and_readable(council) -> None:
    _, document = council
    for name in USED_STYLES:
        style = document.styles[name]
        assert style.font.name == "Calibri"
        assert style.font.size is not None
        assert style.font.size >= Pt(10)
        fonts = style.element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:asciiTheme")) is None
        assert fonts.get(qn("w:hAnsiTheme")) is None
    # No style anywhere in the document may fall back to the theme's fonts.
    assert document.styles.element.xpath(".//w:rFonts[@w:asciiTheme]") == []
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.size is None or run.font.size >= Pt(10)


def test_letters_are_set_at_the_fonts_own_widths(council) -> None:
    # The template's Title and Subtitle add character spacing, and its Title is
    # kerned, neither of which the page fitter measures; bizcase removes both.
    _, document = council
    for name in USED_STYLES:
        rpr = document.styles[name].element.find(qn("w:rPr"))
        assert rpr.find(qn("w:spacing")) is None, name
        assert rpr.find(qn("w:kern")) is None, name


def test_words_given_a_headings_style_in_word_look_like_the_heading(council) -> None:
    # Word applies the linked character style ("Heading 1 Char") when an officer gives
    # part of a paragraph a paragraph style: it must not bring back the template's look.
    _, document = council
    linked = 0
    for name in USED_STYLES:
        style = document.styles[name]
        link = style.element.find(qn("w:link"))
        if link is None:
            continue
        character = document.styles.element.get_by_id(link.get(qn("w:val")))
        assert character.type == WD_STYLE_TYPE.CHARACTER
        font, own = document.styles[character.name_val].font, style.font
        assert (font.name, font.size, font.bold, font.italic, font.color.rgb) == (
            own.name,
            own.size,
            own.bold,
            own.italic,
            own.color.rgb,
        ), name
        assert character.find(qn("w:rPr")).find(qn("w:kern")) is None, name
        linked += 1
    assert linked >= 3  # Title, Subtitle and the headings are linked in Word's own template


@pytest.mark.parametrize(
    ("options", "author"),
    [({"org_name": "Anytown Borough Council"}, "Anytown Borough Council"), ({}, "")],
)
def test_without_an_author_the_organisation_is_named_never_the_tool(
    library: Library, options: dict, author: str
) -> None:
    case = api.build_case("local-government", library=library, date=DATE, **options)
    props = Document(io.BytesIO(api.export(case, api.Format.DOCX))).core_properties
    assert props.author == author
    assert props.last_modified_by == author


def test_document_language_is_british_english(council) -> None:
    _, document = council
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    # Text in East Asian scripts too, where the template says American English.
    assert lang.get(qn("w:eastAsia")) == "en-GB"
    assert document.core_properties.language == "en-GB"


def test_core_properties_describe_the_case(council) -> None:
    _, document = council
    props = document.core_properties
    assert props.title == "Opening up social media to all staff at Anytown Borough Council"
    assert props.author == "Sam Jones"
    assert props.last_modified_by == "Sam Jones"
    assert props.subject == "Business case for open social media access (Local government)"
    assert "productivity" in props.comments
    assert "python-docx" not in " ".join(
        [props.author, props.comments, props.keywords, props.last_modified_by, props.title]
    )
    assert props.created.year >= 2024
    assert props.revision == 1


def _part_xml(document: DocumentType, reltype: str, owner: str = "package") -> etree._Element:
    source = document.part.package if owner == "package" else document.part
    return etree.fromstring(source.part_related_by(reltype).blob)


def test_nothing_of_python_docxs_template_file_is_left(council) -> None:
    _, document = council
    parts = {part.partname for part in document.part.package.iter_parts()}
    # Its preview picture, a stale copy of its 160 styles and an empty bibliography.
    assert not {"/docProps/thumbnail.jpeg", "/word/stylesWithEffects.xml"} & parts
    assert not any(name.startswith("/customXml/") for name in parts)
    settings = document.settings.element
    # The template claims to be spell-checked, which would stop Word checking our text.
    assert settings.find(qn("w:proofState")) is None
    assert settings.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"
    # Saved as Word 2013 and later save, so Word does not open it in "Compatibility Mode".
    modes = [
        setting.get(qn("w:val"))
        for setting in settings.iter(qn("w:compatSetting"))
        if setting.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]
    # The schema requires a zoom's percentage; the template's has none.
    assert settings.find(qn("w:zoom")).get(qn("w:percent")) == "100"


def test_rules_keep_the_schemas_order_of_paragraph_properties() -> None:
    # Word refuses ("unreadable content") paragraph properties out of the schema's order.
    ppr = parse_xml(
        f'<w:pPr {nsdecls("w")}><w:keepNext/><w:ind w:left="0"/><w:jc w:val="left"/></w:pPr>'
    )
    _set_rules(ppr, layout.STYLES["Subtitle"])
    assert [child.tag.split("}")[1] for child in ppr] == ["keepNext", "pBdr", "ind", "jc"]


def test_word_names_bizcase_as_the_application_and_the_organisation_as_company(council) -> None:
    _, document = council
    app = _part_xml(document, RT.EXTENDED_PROPERTIES)
    fields = {element.tag.split("}")[1]: element.text for element in app}
    assert fields["Application"] == "bizcase"
    assert fields["Company"] == "Anytown Borough Council"
    assert "Macintosh" not in etree.tostring(app, encoding="unicode")


def test_styles_added_later_in_word_use_the_documents_font(council) -> None:
    _, document = council
    theme = _part_xml(document, RT.THEME, owner="document")
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    fonts = [latin.get("typeface") for latin in theme.iter(f"{drawing}latin")]
    assert fonts == [FONT, FONT]  # headings, then body text


def test_title_names_the_organisation_and_reasons_are_present(council) -> None:
    case, document = council
    # The title's lines are held together with no-break spaces, and end in a line
    # break where the estimate ends them, so Word and LibreOffice wrap it alike.
    title = document.paragraphs[0].text
    assert title.replace(NO_BREAK_SPACE, " ") == (
        "Opening up social media to all\nstaff at Anytown Borough Council"
    )
    assert "Sam Jones" in document.paragraphs[1].text
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == len(case.reasons) + len(case.safeguards)
    for entry, paragraph in zip(case.entries, bullets, strict=True):
        title = fill(entry.title, case.words)
        assert paragraph.text.startswith(title)
        assert paragraph.runs[0].bold
        assert paragraph.runs[0].text.startswith(title)
        # A bullet's last two words are held together, so no word ends it alone.
        assert paragraph.text.endswith(NO_BREAK_SPACE + fill(entry.summary, case.words).split()[-1])
        assert fill(entry.summary, case.words) in paragraph.text.replace(NO_BREAK_SPACE, " ")


def test_a_wrapped_byline_never_leaves_the_date_alone_on_its_last_line(library: Library) -> None:
    # A byline like this one can wrap just before the date, which then started the
    # second line on its own, with the separating dot left at the end of the first.
    case = api.build_case(
        "local-government",
        library=library,
        org_name="Anytown Borough Council",
        author="Sam Jones, Digital Communications Manager",
        date=DATE,
    )
    byline = open_docx(api.export(case, api.Format.DOCX)).paragraphs[1]
    assert byline.style.name == "Subtitle"
    # The date is held to the dot and the word before it, so a line can only
    # break before 'Manager', and does, with a line break, as the estimate wraps it.
    # Written out, not rebuilt with strftime, whose month name follows the locale.
    last = byline.text.rsplit("\n", 1)[1]
    assert last == NO_BREAK_SPACE.join(["Manager", "·", "21", "November", "2026"])


def test_markdown_links_and_emphasis_become_word_formatting() -> None:
    library = load_library(FIXTURES / "library")
    case = api.build_case("health", library=library, date=DATE)
    document = open_docx(api.export(case, api.Format.DOCX))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Reading is not posting"))
    italic = [run.text for run in paragraph.runs if run.italic]
    bold = [run.text for run in paragraph.runs if run.bold]
    assert italic == ["little"]
    assert bold == ["Reading is not posting.", "straight away"]
    links = paragraph._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external
    assert rel.target_ref == "https://example.org/guide"
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == "guidance"
    assert paragraph.text == (
        "Reading is not posting. Reading carries little risk, as the guidance explains, "
        "and it can open straight away."
    )


def test_markdown_maps_onto_styles_generally() -> None:
    text = (
        "# Title\n\nSub *title*\n\n## Section\n\nBody with `code`.\n\n"
        "- one\n    - nested\n- two\n\n1. first\n2. second\n\n> quoted\n\n---\n\nCredit line\n"
    )
    info = DocumentInfo(title="T", subject="S", author="A")
    document = open_docx(markdown_to_docx(text, info))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Title"),
        ("Subtitle", "Sub title"),
        ("Heading 1", "Section"),
        ("Normal", "Body with code."),
        ("List Bullet", "one"),
        ("List Bullet 2", "nested"),
        ("List Bullet", "two"),
        ("List Number", "first"),
        ("List Number", "second"),
        ("Quote", "quoted"),
        ("Credit", "Credit line"),
    ]


def test_raw_html_is_shown_as_text_not_obeyed() -> None:
    info = DocumentInfo(title="T", subject="S", author="A")
    document = open_docx(markdown_to_docx("# T\n\nA <b>bold</b> claim <script>x</script>\n", info))
    assert document.paragraphs[1].text == "A <b>bold</b> claim <script>x</script>"
    assert not any(run.bold for run in document.paragraphs[1].runs)


def test_characters_word_cannot_hold_are_dropped_not_fatal() -> None:
    info = DocumentInfo(title="T\x00", subject="S", author="A\x07")
    document = open_docx(markdown_to_docx("# T\n\nBad \x01 text \ufffe here\n", info))
    assert document.paragraphs[1].text == "Bad text here"
    assert document.core_properties.author == "A"


def test_long_property_values_are_shortened_at_a_word() -> None:
    name = "Anytown Borough Council Social Media Working Group " * 5
    info = DocumentInfo(
        title=f"Opening up social media to all staff at {name}", subject="S", author="x" * 300
    )
    props = open_docx(markdown_to_docx("# T\n", info)).core_properties
    assert len(props.title) <= 255
    assert props.title.endswith("Working Group Anytown\u2026")
    # One long word cannot be cut at a space, so it is cut where the limit falls.
    assert props.author == "x" * 254 + "\u2026"
    assert props.last_modified_by == props.author


def test_a_name_longer_than_word_properties_hold_still_builds(library: Library) -> None:
    name = "Anytown Borough Council Social Media Working Group " * 5
    author = f"Sam Jones for {name}"
    case = api.build_case("housing", library=library, org_name=name, author=author, date=DATE)
    document = open_docx(api.export(case, api.Format.DOCX))
    # The page keeps the whole name; only the document's properties are shortened.
    # Its lines are held together and end in line breaks; the words are all there.
    title = document.paragraphs[0].text.replace(NO_BREAK_SPACE, " ").replace("\n", " ")
    assert title == f"Opening up social media to all staff at {name.strip()}"
    props = document.core_properties
    assert max(len(props.title), len(props.author), len(props.comments)) <= 255
    assert props.author.endswith("\u2026")
