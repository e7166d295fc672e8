"""Markdown onto Word: headings, lists, bold, italic and links become real Word styles.

The Markdown is parsed by the Markdown package into HTML, and that structure is
mapped onto python-docx paragraphs and runs, so the Word file says exactly what
the Markdown says.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import lxml.html
import markdown
from docx import Document as new_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from bizcase import layout
from bizcase.text import xml_safe

LANGUAGE = "en-GB"
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


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off, so it is shown, never obeyed."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter.convert(text)


def markdown_to_docx(text: str, info: DocumentInfo) -> bytes:
    """A print-ready A4 Word document from Markdown, as bytes."""
    document = new_document()
    _set_up_page(document)
    _set_up_styles(document)
    _set_properties(document, info)
    _drop_template_thumbnail(document)
    body = document.element.body
    # The template starts with one empty paragraph; the content replaces it.
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    _Writer(document).write(markdown_to_html(text))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


# --------------------------------------------------------------------------- page and styles


def _set_up_page(document: Document) -> None:
    page = layout.PAGE
    for section in document.sections:
        section.page_width = Mm(page.width_mm)
        section.page_height = Mm(page.height_mm)
        section.top_margin = section.bottom_margin = Mm(page.margin_mm)
        section.left_margin = section.right_margin = Mm(page.margin_mm)
        section.header_distance = section.footer_distance = Mm(page.margin_mm / 2)


def _explicit_fonts(rpr: OxmlElement, font: str) -> None:
    """Name ``font`` outright, dropping theme fonts (the template's theme says Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def _set_language(rpr: OxmlElement) -> None:
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
        fmt.space_after = Pt(look.space_after)
        fmt.line_spacing = look.line_spacing
        fmt.keep_with_next = look.keep_with_next
        ppr = style.element.get_or_add_pPr()
        # Word's list styles drop the space between items; ours keep it.
        for child in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(child)
        if name == "Subtitle":
            # The template numbers its subtitle; a subtitle is not a list item.
            for child in ppr.findall(qn("w:numPr")):
                ppr.remove(child)
        if look.indent and name == "Quote":
            fmt.left_indent = Pt(look.indent)
        _set_rules(ppr, look)


def _set_rules(ppr: OxmlElement, look: layout.TextStyle) -> None:
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
    # pBdr must come before spacing in the schema's order of pPr children.
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        spacing.addprevious(borders)
    else:
        ppr.append(borders)


def _set_properties(document: Document, info: DocumentInfo) -> None:
    now = info.created or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title = xml_safe(info.title)
    props.subject = xml_safe(info.subject)
    props.author = xml_safe(info.author)
    props.last_modified_by = xml_safe(info.author)
    props.keywords = xml_safe(info.keywords)
    props.comments = xml_safe(info.comments)
    props.category = xml_safe(info.category)
    props.language = LANGUAGE
    props.created = now
    props.modified = now
    props.revision = 1
    props.content_status = ""
    props.identifier = ""
    props.version = ""


def _drop_template_thumbnail(document: Document) -> None:
    """Drop the template's preview image, which shows a page that is not ours."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


_BLOCK_TAGS = frozenset({"p", "ul", "ol", "blockquote", "pre", "hr", "div", "table"})
_SPACE = re.compile(r"\s+")


class _Writer:
    """Walks the HTML the Markdown made and writes Word paragraphs for it."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.previous: str | None = None
        self.after_rule = False

    def write(self, html: str) -> None:
        if not html.strip():
            return
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        if root.text and root.text.strip():
            self._paragraph("Normal", root.text)
        for element in root:
            self._block(element)

    def _block(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag
        if tag in layout.HEADING_STYLES:
            self._paragraph(layout.HEADING_STYLES[tag], element)
        elif tag == "p":
            if self.after_rule:
                style = "Credit"
            elif self.previous == "h1":
                style = "Subtitle"
            else:
                style = "Normal"
            self._paragraph(style, element)
        elif tag in ("ul", "ol"):
            self._list(element, level=1)
        elif tag == "blockquote":
            for child in element:
                if child.tag == "p":
                    self._paragraph("Quote", child)
                else:
                    self._block(child)
        elif tag == "pre":
            paragraph = self.document.add_paragraph(style="Normal")
            code = "".join(element.itertext()).rstrip("\n")
            paragraph.add_run(xml_safe(code)).font.name = MONOSPACE
        elif tag == "hr":
            self.after_rule = True
        else:
            self._paragraph("Normal", element)
        self.previous = tag

    def _list(self, element: lxml.html.HtmlElement, level: int) -> None:
        base = "List Bullet" if element.tag == "ul" else "List Number"
        style = base if level == 1 else f"{base} {min(level, 3)}"
        for item in element.iterchildren("li"):
            paragraphs = [child for child in item if child.tag == "p"]
            if paragraphs:
                # A loose list: each item holds paragraphs.
                self._paragraph(style, paragraphs[0])
                for extra in paragraphs[1:]:
                    self._paragraph(
                        "List Continue" if level == 1 else f"List Continue {min(level, 3)}", extra
                    )
            else:
                self._paragraph(style, item)
            for nested in item.iterchildren("ul", "ol"):
                self._list(nested, level + 1)

    def _paragraph(self, style: str, content: lxml.html.HtmlElement | str) -> Paragraph:
        paragraph = self.document.add_paragraph(style=style)
        if isinstance(content, str):
            self._text(paragraph, None, content, _Format())
        else:
            self._inline(paragraph, None, content, _Format())
        _trim(paragraph)
        return paragraph

    def _inline(
        self,
        paragraph: Paragraph,
        link: OxmlElement | None,
        element: lxml.html.HtmlElement,
        fmt: _Format,
    ) -> None:
        if element.text:
            self._text(paragraph, link, element.text, fmt)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _BLOCK_TAGS:
                # Nested blocks (a list inside a list item) are written by their caller.
                pass
            elif tag in ("strong", "b"):
                self._inline(paragraph, link, child, replace(fmt, bold=True))
            elif tag in ("em", "i"):
                self._inline(paragraph, link, child, replace(fmt, italic=True))
            elif tag == "code":
                self._inline(paragraph, link, child, replace(fmt, code=True))
            elif tag == "a" and child.get("href") and link is None:
                hyperlink = _hyperlink(paragraph, child.get("href"))
                self._inline(paragraph, hyperlink, child, replace(fmt, href=child.get("href")))
            elif tag == "br":
                paragraph.add_run().add_break()
            elif tag == "img":
                self._text(paragraph, link, child.get("alt") or "", fmt)
            else:
                self._inline(paragraph, link, child, fmt)
            if child.tail:
                self._text(paragraph, link, child.tail, fmt)

    def _text(
        self, paragraph: Paragraph, link: OxmlElement | None, text: str, fmt: _Format
    ) -> None:
        text = _SPACE.sub(" ", xml_safe(text))
        if not text:
            return
        run = paragraph.add_run(text, style="Hyperlink" if fmt.href else None)
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.code:
            run.font.name = MONOSPACE
        if link is not None:
            link.append(run._r)


def _hyperlink(paragraph: Paragraph, url: str) -> OxmlElement:
    r_id = paragraph.part.relate_to(xml_safe(url), RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    paragraph._p.append(hyperlink)
    return hyperlink


def _runs(paragraph: Paragraph) -> Iterator[OxmlElement]:
    yield from paragraph._p.iter(qn("w:r"))


def _trim(paragraph: Paragraph) -> None:
    """Strip the space Markdown leaves at the start and end of a paragraph."""
    texts = [t for run in _runs(paragraph) for t in run.iter(qn("w:t"))]
    if not texts:
        return
    texts[0].text = (texts[0].text or "").lstrip()
    texts[-1].text = (texts[-1].text or "").rstrip()
