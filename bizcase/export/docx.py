"""Markdown onto Word: headings, lists, bold, italic and links become real Word styles.

The Markdown is read into styled paragraphs by :mod:`bizcase.document`, and each
becomes a python-docx paragraph in that Word style, so the Word file says
exactly what the Markdown says.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import _Element

from bizcase import cache, layout
from bizcase.document import Block
from bizcase.text import xml_safe

LANGUAGE = "en-GB"
#: Word's compatibility mode for documents of Word 2013 and every version since.
WORD_2013 = "15"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
MONOSPACE = "Courier New"


@dataclass(frozen=True)
class DocumentInfo:
    """The document's core properties, shown by Word under File > Info."""

    title: str
    subject: str
    author: str
    keywords: str = ""
    comments: str = ""
    category: str = ""
    created: dt.datetime | None = None
    #: The organisation, shown by Word as the document's company.
    company: str = ""


def markdown_to_docx(text: str, info: DocumentInfo) -> bytes:
    """A print-ready A4 Word document from Markdown, as bytes."""
    try:
        document = new_document(io.BytesIO(_base_document()))
    except Exception:  # a damaged cache file: make the base afresh rather than fail
        document = new_document(io.BytesIO(_make_base_document()))
    _set_properties(document, info)
    _set_extended_properties(document, info)
    _write(document, layout.page_blocks(text), _style_ids(document))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


@lru_cache(maxsize=1)
def _base_document() -> bytes:
    """python-docx's template made ready: page, styles, no content; kept between runs."""
    import docx as python_docx

    here = Path(__file__).resolve()
    key = cache.fingerprint(
        here,
        here.parent.parent / "layout.py",
        Path(python_docx.__file__).parent / "templates" / "default.docx",
        extra=python_docx.__version__.encode(),
    )
    return cache.cached_bytes("base-document", key, _make_base_document)


def _make_base_document() -> bytes:
    document = new_document()
    _set_up_page(document)
    _prune_styles(document)
    _set_up_styles(document)
    _drop_template_leftovers(document)
    _set_theme_fonts(document)
    _set_up_settings(document)
    body = document.element.body
    # The template starts with one empty paragraph; the content replaces it.
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _name(style: _Element) -> str:
    """A style's name as Word shows it ('Heading 1'; the file says 'heading 1')."""
    name = style.find(qn("w:name"))
    return BabelFish.internal2ui(name.get(qn("w:val"))) if name is not None else ""


def _style_ids(document: Document) -> dict[str, str]:
    """Each style's id by its name: python-docx looks names up one by one, slowly."""
    return {
        _name(style): style.get(qn("w:styleId"))
        for style in document.styles.element.iterchildren(qn("w:style"))
    }


# --------------------------------------------------------------------------- page and styles


def _prune_styles(document: Document) -> None:
    """Keep only the styles a business case can use, not the template's 160."""
    root = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in root.iterchildren(qn("w:style"))}
    names = {sid: _name(style) for sid, style in by_id.items()}
    wanted = set(layout.STYLES) | {"Normal", "Default Paragraph Font", "Table Normal", "No List"}
    keep = {sid for sid, name in names.items() if name in wanted}
    keep |= {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"}
    # Styles the kept ones build on or link to must stay too.
    pending = list(keep)
    while pending:
        style = by_id[pending.pop()]
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            target = ref.get(qn("w:val")) if ref is not None else None
            if target in by_id and target not in keep:
                keep.add(target)
                pending.append(target)
    for sid, style in by_id.items():
        if sid not in keep:
            root.remove(style)


def _set_up_page(document: Document) -> None:
    page = layout.PAGE
    for section in document.sections:
        section.page_width = Mm(page.width_mm)
        section.page_height = Mm(page.height_mm)
        section.top_margin = section.bottom_margin = Mm(page.margin_mm)
        section.left_margin = section.right_margin = Mm(page.margin_mm)
        section.header_distance = section.footer_distance = Mm(page.margin_mm / 2)


def _explicit_fonts(rpr: _Element, font: str) -> None:
    """Name ``font`` outright, dropping theme fonts (the template's theme says Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def _set_language(rpr: _Element) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _set_up_styles(document: Document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _explicit_fonts(default_rpr, layout.FONT)
    _set_language(default_rpr)
    # The template's defaults add 10 points below every paragraph at 1.15 lines;
    # bizcase's styles set their own spacing, and anything else gets none.
    default_spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if default_spacing is not None:
        default_spacing.set(qn("w:after"), "0")
        default_spacing.set(qn("w:line"), "240")
        default_spacing.set(qn("w:lineRule"), "auto")
    # Every style the template defines is pinned to the document font, so
    # nothing falls back to the theme in Word or in LibreOffice.
    for rfonts in list(styles.element.iter(qn("w:rFonts"))):
        if any(qn(a) in rfonts.attrib for a in ("w:asciiTheme", "w:hAnsiTheme")):
            _explicit_fonts(rfonts.getparent(), layout.FONT)

    if "Credit" not in [style.name for style in styles]:
        credit = styles.add_style("Credit", WD_STYLE_TYPE.PARAGRAPH)
        credit.base_style = styles["Normal"]
        credit.quick_style = True
    if "Hyperlink" not in [style.name for style in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string("0563C1")
        link.font.underline = True
        link.hidden = False
        link.unhide_when_used = True

    for name, look in layout.STYLES.items():
        style = styles[name]
        font = style.font
        font.name = layout.FONT
        font.size = Pt(look.size)
        font.bold = look.bold
        font.italic = look.italic
        font.color.rgb = RGBColor.from_string(look.color)
        fmt = style.paragraph_format
        fmt.space_before = Pt(look.space_before)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(look.leading)
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        if look.indent and name.startswith(("Quote", "List Continue")):
            fmt.left_indent = Pt(look.indent)
        fmt.keep_with_next = look.keep_with_next
        rpr = style.element.get_or_add_rPr()
        # The template spreads the letters of its title and subtitle apart, and
        # kerns its title; the page is fitted with the font's own advance widths,
        # so letters keep them. (Kerned, a word only just wider than the column
        # fitted on one line in LibreOffice that the estimate counted as two.)
        for tag in ("w:spacing", "w:kern"):
            for child in rpr.findall(qn(tag)):
                rpr.remove(child)
        ppr = style.element.get_or_add_pPr()
        # Word's list styles drop the space between items; ours keep it.
        for child in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(child)
        if name == "Subtitle":
            # The template numbers its subtitle; a subtitle is not a list item.
            for child in ppr.findall(qn("w:numPr")):
                ppr.remove(child)
        _set_rules(ppr, look)
        _match_linked_character_style(styles.element, style.element)


def _match_linked_character_style(styles: _Element, style: _Element) -> None:
    """The character style linked to a paragraph style gets its look, as Word keeps them.

    Word applies it when an officer gives part of a paragraph a heading's style; left
    as the template has it, those words would take the template's colours and sizes.
    """
    link = style.find(qn("w:link"))
    linked = None if link is None else styles.get_by_id(link.get(qn("w:val")))
    if linked is None:
        return
    look = copy.deepcopy(style.find(qn("w:rPr")))
    old = linked.find(qn("w:rPr"))
    if old is None:
        linked.append(look)  # a character style's run properties come last
    else:
        linked.replace(old, look)


def _set_rules(ppr: _Element, look: layout.TextStyle) -> None:
    for existing in ppr.findall(qn("w:pBdr")):
        ppr.remove(existing)
    if not (look.rule_above or look.rule_below):
        return
    borders = OxmlElement("w:pBdr")
    for side, colour in (("top", look.rule_above), ("bottom", look.rule_below)):
        if colour:
            rule = OxmlElement(f"w:{side}")
            rule.set(qn("w:val"), "single")
            rule.set(qn("w:sz"), "6")  # eighths of a point
            rule.set(qn("w:space"), "4")  # points between text and rule
            rule.set(qn("w:color"), colour)
            borders.append(rule)
    # Word refuses a file whose paragraph properties are out of the schema's order.
    ppr.insert_element_before(borders, *_AFTER_BORDERS)


#: The paragraph properties that follow w:pBdr in the schema (ISO 29500, CT_PPr).
_AFTER_BORDERS = tuple(
    f"w:{name}"
    for name in (
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
        "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
        "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId "
        "cnfStyle rPr sectPr pPrChange"
    ).split()
)


#: python-docx refuses a core property longer than this (Word's own limit).
PROPERTY_LIMIT = 255


def shorten(value: str, limit: int = PROPERTY_LIMIT) -> str:
    """``value`` cut to at most ``limit`` characters, at a word, ending in an ellipsis.

    A long organisation name belongs on the page, but Word's document properties
    hold only 255 characters, so there it is shortened rather than refused.
    """
    value = xml_safe(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    # Back to the last space, unless that would throw away most of the text (one long word).
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "\u2026"


def _set_properties(document: Document, info: DocumentInfo) -> None:
    now = info.created or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title = shorten(info.title)
    props.subject = shorten(info.subject)
    props.author = shorten(info.author)
    props.last_modified_by = shorten(info.author)
    props.keywords = shorten(info.keywords)
    props.comments = shorten(info.comments)
    props.category = shorten(info.category)
    props.language = LANGUAGE
    props.created = now
    props.modified = now
    props.revision = 1
    props.content_status = ""
    props.identifier = ""
    props.version = ""


# python-docx's template was saved by Word 2011 for the Mac, and these parts
# describe that file, not ours: its preview image, a stale copy of its 160
# styles for Word 2010, an empty bibliography, and properties naming Word as
# the application that wrote it.
_LEFTOVERS = {
    RT.THUMBNAIL,
    RT.EXTENDED_PROPERTIES,
    RT.CUSTOM_XML,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}


def _drop_template_leftovers(document: Document) -> None:
    for rels in (document.part.package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in _LEFTOVERS:
                del rels[r_id]


def _set_theme_fonts(document: Document) -> None:
    """Make the theme's heading and body fonts the document's font.

    Every bizcase style names its font, but a style the officer later adds in
    Word takes the theme's fonts, which in the template are Calibri and Cambria.
    """
    theme = document.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for latin in root.iterfind(
        f"{{{_DRAWING}}}themeElements/{{{_DRAWING}}}fontScheme/*/{{{_DRAWING}}}latin"
    ):
        latin.set("typeface", layout.FONT)
    # A generic part keeps its bytes as they were read; there is no setter.
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_up_settings(document: Document) -> None:
    settings = document.settings.element
    # The template says it has been spell-checked, so Word would not check our
    # text; and it records the editing sessions of the template's own author.
    for tag in ("w:proofState", "w:rsids"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)
    # The template was saved by Word 2010, so newer Word opens it in "Compatibility
    # Mode" and offers to convert it, which may move the text; 15 is Word 2013 onwards.
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013)
    # The schema requires a zoom's percentage, which the template leaves out.
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def _set_extended_properties(document: Document, info: DocumentInfo) -> None:
    """Say that bizcase wrote the file, for the organisation, in place of the template's Word."""
    root = etree.Element(f"{{{_EXTENDED}}}Properties", nsmap={None: _EXTENDED})
    for tag, value in (
        ("Application", "bizcase"),
        ("DocSecurity", "0"),
        ("Company", shorten(info.company)),
    ):
        etree.SubElement(root, f"{{{_EXTENDED}}}{tag}").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


# --------------------------------------------------------------------------- content


def _write(document: Document, blocks: list[Block], style_ids: dict[str, str]) -> None:
    for block in blocks:
        paragraph = document.add_paragraph()
        paragraph._p.style = style_ids.get(block.style, style_ids["Normal"])
        # Consecutive runs with the same address share one w:hyperlink.
        link: _Element | None = None
        link_url: str | None = None
        for run in block.runs:
            if run.line_break:
                paragraph.add_run().add_break()
                link = link_url = None
                continue
            added = paragraph.add_run(run.text)
            if run.href:
                added._r.style = style_ids["Hyperlink"]
            if run.bold:
                added.bold = True
            if run.italic:
                added.italic = True
            if run.code:
                added.font.name = MONOSPACE
            if run.href is None:
                link = link_url = None
                continue
            if link is None or link_url != run.href:
                link, link_url = _hyperlink(paragraph, run.href), run.href
            link.append(added._r)


def _hyperlink(paragraph: Paragraph, url: str) -> _Element:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    paragraph._p.append(hyperlink)
    return hyperlink
