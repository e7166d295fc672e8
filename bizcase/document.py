"""The rendered Markdown as a list of styled paragraphs: what every export and the fitter read.

The Markdown package parses the text into HTML, with raw HTML switched off so
it is shown rather than obeyed, and that HTML is read back into ``Block``s:
one per Word paragraph, each naming its Word style and holding its runs.
The Word export writes these blocks; the page fitter measures them. Both see
exactly the same page.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.sane_lists import SaneListExtension

from bizcase.errors import TemplateError
from bizcase.text import is_web_link, xml_safe

#: Markdown heading levels onto Word styles: '#' is the title, '##' the sections.
HEADING_STYLES = {
    "h1": "Title",
    "h2": "Heading 1",
    "h3": "Heading 2",
    "h4": "Heading 3",
    "h5": "Heading 3",
    "h6": "Heading 3",
}
_BLOCK_TAGS = frozenset({"p", "ul", "ol", "blockquote", "pre", "hr", "div", "table", "li"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})
# HTML collapses only ASCII white space; a no-break space must survive.
_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one format; an empty run with ``line_break`` ends a line."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    line_break: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph: its Word style and its runs."""

    style: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join("\n" if run.line_break else run.text for run in self.runs)


# One converter per thread: making one costs more than converting a page, and a
# converter holds its parser's state while it works, so two threads sharing one (an
# intranet form answering two officers at once) would each get parts of the other's page.
_local = threading.local()


def _converter() -> markdown.Markdown:
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        # The extension is passed as a class, not a name, to skip the entry-point search.
        converter = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _local.converter = converter
    return converter


def forget_converter() -> None:
    """Make this thread's next conversion start with a new Markdown converter."""
    _local.converter = None


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off, so it is shown, never obeyed."""
    try:
        return _converter().reset().convert(text)
    except BaseException:
        # A conversion stopped part-way (Python 3.12 and later run out of stack inside
        # a list nested hundreds deep) leaves the converter's parser inside that list,
        # where reset() does not reach: every later page would lose its paragraph breaks.
        forget_converter()
        raise


def parse(text: str) -> list[Block]:
    """The paragraphs of a Markdown document, mapped onto Word styles."""
    try:
        return list(_Reader().blocks(_tree(_html(text))))
    except RecursionError:
        # Only a template of the officer's own can nest this deep: entries are one line.
        raise TemplateError(
            "the page's Markdown is nested too deeply to lay out: if you use --template-dir, "
            "give its template fewer levels of lists or quotes"
        ) from None


# Fitting a page renders it many times over with one entry more or less, so the
# Markdown is converted piece by piece and each piece is remembered. That is only
# done where a piece converts exactly as it does in its document: no indented
# lines (nested lists, code) and no reference links, which reach across pieces.
_NOT_PIECEWISE = re.compile(r"^(?:[ \t]+\S|\s{0,3}\[[^\]]+\]:)", re.MULTILINE)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")


def _html(text: str) -> str:
    if _NOT_PIECEWISE.search(text):
        return markdown_to_html(text)
    return "\n".join(_piece_html(piece) for piece in _pieces(text))


def _pieces(text: str) -> list[str]:
    """Blank-line separated blocks, with each one-line list item a piece of its own."""
    pieces: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = block.split("\n")
        if len(lines) > 1 and all(_LIST_ITEM.match(line) for line in lines):
            pieces.extend(lines)
        elif block.strip():
            pieces.append(block)
    return pieces


@lru_cache(maxsize=4096)
def _piece_html(piece: str) -> str:
    return markdown_to_html(piece)


class _TreeBuilder(HTMLParser):
    """HTML into a small ElementTree, entities decoded (the standard library suffices)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].append(element)
        if tag not in _VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def _tree(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class _Reader:
    """Walks the HTML and yields one Block per Word paragraph."""

    def __init__(self) -> None:
        self.previous: str | None = None
        self.after_rule = False

    def blocks(self, root: Element) -> Iterator[Block]:
        if root.text and root.text.strip():
            yield self._block("Normal", root.text)
        for element in root:
            yield from self._element(element)
            if element.tail and element.tail.strip():
                yield self._block("Normal", element.tail)

    def _element(self, element: Element) -> Iterator[Block]:
        tag = element.tag
        if tag in HEADING_STYLES:
            yield self._block(HEADING_STYLES[tag], element)
        elif tag == "p":
            if self.after_rule:
                # What follows the closing rule is the page's credit line.
                style = "Credit"
            elif self.previous == "h1":
                # The paragraph right under the title is its subtitle.
                style = "Subtitle"
            else:
                style = "Normal"
            yield self._block(style, element)
        elif tag in ("ul", "ol"):
            yield from self._list(element, level=1)
        elif tag == "blockquote":
            for child in element:
                if child.tag == "p":
                    yield self._block("Quote", child)
                else:
                    yield from self._element(child)
        elif tag == "pre":
            code = "".join(element.itertext()).rstrip("\n")
            runs: list[Run] = []
            for number, line in enumerate(code.split("\n")):
                if number:
                    runs.append(Run("", line_break=True))
                runs.append(Run(xml_safe(line), code=True))
            yield Block("Normal", tuple(runs))
        elif tag == "hr":
            self.after_rule = True
        else:
            yield self._block("Normal", element)
        self.previous = tag

    def _list(self, element: Element, level: int) -> Iterator[Block]:
        base = "List Bullet" if element.tag == "ul" else "List Number"
        suffix = "" if level == 1 else f" {min(level, 3)}"
        for item in element:
            if item.tag != "li":
                continue
            paragraphs = [child for child in item if child.tag == "p"]
            if paragraphs:
                # A loose list: each item holds paragraphs.
                yield self._block(base + suffix, paragraphs[0])
                for extra in paragraphs[1:]:
                    yield self._block("List Continue" + suffix, extra)
            else:
                yield self._block(base + suffix, item)
            for nested in item:
                if nested.tag in ("ul", "ol"):
                    yield from self._list(nested, level + 1)

    def _block(self, style: str, content: Element | str) -> Block:
        runs: list[Run] = []
        if isinstance(content, str):
            _add_text(runs, content, Run(""))
        else:
            _inline(runs, content, Run(""))
        return Block(style, _trim(runs))


def _inline(runs: list[Run], element: Element, fmt: Run) -> None:
    if element.text:
        _add_text(runs, element.text, fmt)
    for child in element:
        tag = child.tag
        if tag in _BLOCK_TAGS:
            # Nested blocks (a list inside a list item) are read by their caller.
            pass
        elif tag in ("strong", "b"):
            _inline(runs, child, replace(fmt, bold=True))
        elif tag in ("em", "i"):
            _inline(runs, child, replace(fmt, italic=True))
        elif tag == "code":
            _inline(runs, child, replace(fmt, code=True))
        elif tag == "a" and is_web_link(child.get("href") or "") and fmt.href is None:
            _inline(runs, child, replace(fmt, href=xml_safe(child.get("href", ""))))
        elif tag == "br":
            runs.append(Run("", line_break=True))
        elif tag == "img":
            _add_text(runs, child.get("alt") or "", fmt)
        else:
            _inline(runs, child, fmt)
        if child.tail:
            _add_text(runs, child.tail, fmt)


def collapse_space(text: str) -> str:
    """Runs of white space as one space, as HTML shows them; no-break spaces stay."""
    return _SPACE.sub(" ", xml_safe(text))


def _add_text(runs: list[Run], text: str, fmt: Run) -> None:
    text = collapse_space(text)
    if not text:
        return
    if runs and replace(runs[-1], text="") == fmt and not runs[-1].line_break:
        runs[-1] = replace(runs[-1], text=runs[-1].text + text)
    else:
        runs.append(replace(fmt, text=text))


def _trim(runs: list[Run]) -> tuple[Run, ...]:
    """Drop the space Markdown leaves at the start and end of a paragraph."""
    while runs and not runs[0].line_break and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].line_break and not runs[-1].text.strip():
        runs.pop()
    if runs and not runs[0].line_break:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
    if runs and not runs[-1].line_break:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(runs)
