"""Entry text: placeholders filled safely, and plain text made safe for Markdown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from jinja2 import Template, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from bizcase.errors import TemplateError

#: The only variables an entry may use, with what each stands for.
PLACEHOLDERS: Mapping[str, str] = {
    "audience": "the people the organisation serves, plural (residents, patients, tenants...)",
    "organisation": "the organisation's name, or a noun phrase (the council, the trust...)",
}
#: Filters an entry may apply to a placeholder, such as {{ organisation|capitalize }}.
FILTERS = frozenset({"capitalize", "lower", "upper", "title"})

#: Words used where no organisation type is chosen (``bizcase show`` without one).
GENERIC_WORDS: Mapping[str, str] = {"audience": "the public", "organisation": "the organisation"}

# Entry text is data written by strangers: it is rendered in Jinja2's sandbox,
# with nothing but the placeholders in scope, and only after it is checked to
# hold nothing but those placeholders.
_SANDBOX = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)


def capitalised(name: str) -> str:
    """``name`` fit to start a sentence: 'the council' becomes 'The council', 'eBay' stays."""
    first = name.split(" ", 1)[0]
    return name[:1].upper() + name[1:] if first.isalpha() and first.islower() else name


# Jinja2's own capitalize lowers every other letter, which would make 'Northshire
# County Council' of an officer's name 'Northshire county council'.
_SANDBOX.filters["capitalize"] = capitalised


_FILTER_NAMES = "|".join(sorted(FILTERS))
_PLACEHOLDER = re.compile(
    rf"\{{\{{\s*(?:{'|'.join(PLACEHOLDERS)})\s*(?:\|\s*(?:{_FILTER_NAMES})\s*)?\}}\}}"
)
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")
_NAMED = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*(?:\|[^{}]*)?\}\}")
_WORDS = re.compile(r"\{\{\s*([A-Za-z]+(?: [A-Za-z]+){1,5})\s*\}\}")


def placeholder_problem(text: str) -> str | None:
    """Why ``text`` may not be used as entry text, or None when it is fine."""
    if "{" not in text:
        return None
    # Entry text may hold exactly these placeholders and nothing else a template
    # engine would act on: wherever Jinja2 would start a tag, one must start.
    for marker in _TEMPLATE_SYNTAX.finditer(text):
        if _PLACEHOLDER.match(text, marker.start()):
            continue
        allowed = ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
        named = _NAMED.match(text, marker.start())
        if named and named.group(1) not in PLACEHOLDERS:
            name = named.group(1)
            if name.lower() in PLACEHOLDERS:
                # '{{ Organisation }}' to start a sentence: the filter is what does that.
                wanted = name.lower()
                return (
                    f"a placeholder is written in lowercase: write {{{{ {wanted} }}}} in place "
                    f"of '{{{{ {name} }}}}', or {{{{ {wanted}|capitalize }}}} at the start of a "
                    "sentence"
                )
            from bizcase.schema import closest  # only when a placeholder is misspelt

            close = closest(name.lower(), list(PLACEHOLDERS), cutoff=0.7)
            hint = f" (did you mean {{{{ {close} }}}}?)" if close else ""
            return f"unknown placeholder '{{{{ {name} }}}}'{hint}: use only {allowed}"
        words = _WORDS.match(text, marker.start())
        if words:
            # '{{ the council }}': words meant for the page, which no placeholder stands for.
            return f"'{{{{ {words.group(1)} }}}}' is not a placeholder: use only {allowed}"
        return f"only plain placeholders are allowed in entry text ({allowed})"
    return None


@lru_cache(maxsize=8192)
def _compiled(text: str) -> Template:
    # The loader refuses such text already; this keeps fill() safe on its own.
    problem = placeholder_problem(text)
    if problem:
        raise TemplateError(f"entry text not filled in: {problem}")
    try:
        return _SANDBOX.from_string(text)
    except TemplateSyntaxError as error:
        raise TemplateError(f"entry text not filled in: {error.message}") from None


def fill(text: str, words: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced by ``words``."""
    if "{" not in text:
        return text
    return _compiled(text).render({name: words[name] for name in PLACEHOLDERS})


_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]])")
# An underscore inside a word (jane_smith) is plain text to Markdown already.
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


# Where typed text opens a line (a name opens the recommendation), these would
# make a list, a quote, a heading or a rule of it.
_LINE_START = re.compile(r"^(\s*)(?:([-+>#])|(\d+)(?=[.)]))")
# A heading drops the '#'s that end it ('C#' would print as 'C').
_TRAILING_HASH = re.compile(r"#(?=#*\s*$)")
# '&amp;' typed as a name must print as typed, not as '&'.
_ENTITY = re.compile(r"&(?=#?\w+;)")


class Inline(str):
    """Text made to print as itself within a line of Markdown: a name, a title, a summary.

    As a str it is safe anywhere on the page. ``within`` is the same text without
    the escapes that only the edges of a line need: a '1.', '-', '+', '>' or '#'
    that would open a list, quote or heading where the text starts a line, and a
    '#' that a heading would drop where it ends one. Mid-line, those backslashes
    are noise to whoever pastes the Markdown into an email as plain text, so the
    page's renderer places ``within`` and escapes its edges only where its line
    needs them (render.py).
    """

    within: str

    def __new__(cls, within: str) -> Inline:
        made = super().__new__(cls, escape_edges(within, opens=True, closes=True))
        made.within = within
        return made


def escape_markdown(text: str | None) -> Inline:
    """Plain text (a name typed by an officer) made to read literally in Markdown."""
    if not text:
        return Inline("")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LOOSE_UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    # '<' could open raw HTML; as an entity it prints as itself everywhere.
    return Inline(text.replace("<", "&lt;"))


def escape_edges(text: str, *, opens: bool, closes: bool) -> str:
    """Text escaped within a line, made safe too where it opens a line or ends one."""
    if closes:
        text = _TRAILING_HASH.sub(r"\\#", text)
    if opens:
        text = _LINE_START.sub(_escape_line_start, text)
    return text


def page_title(title: str) -> Inline:
    """An entry's title as the page prints it: plain words on one line."""
    return inline(title)


def inline(value: str) -> Inline:
    """Plain text, from an entry or a vocabulary, made to print as itself within a line."""
    # A line break must not start a heading or a rule, nor a '**' end the bold.
    return escape_markdown(_one_line(value))


def page_summary(summary: str) -> Inline:
    """An entry's summary as the page prints it: one line of inert Markdown."""
    return Inline(neutralise_html(_one_line(summary)))


# Line breaks and ordinary spaces; a no-break space is meant and stays.
_BREAKING_WHITESPACE = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")


def _one_line(value: str) -> str:
    return _BREAKING_WHITESPACE.sub(" ", value).strip(" ")


def _escape_line_start(match: re.Match[str]) -> str:
    space, marker, number = match.groups()
    # '\-' for a marker; '1\.' for a number (the backslash goes before its dot).
    return f"{space}\\{marker}" if marker else f"{space}{number}\\"


def neutralise_html(markdown_text: str) -> str:
    """Contributor Markdown with any raw HTML, or a link that is not to the web, made inert.

    An image becomes a link to it: a picture from someone else's server, pasted
    into an email or an intranet page, would tell that server who read the case.
    """
    if "`" not in markdown_text:
        return _neutralised(markdown_text)
    # Code is shown as typed: a '<' in `<team>` is already text there, and made
    # '&lt;' it would print as '&lt;'. Only what lies between code spans is made inert.
    pieces = []
    last = 0
    for span in CODE_SPAN.finditer(markdown_text):
        pieces += [_neutralised(markdown_text[last : span.start()]), span.group()]
        last = span.end()
    return "".join([*pieces, _neutralised(markdown_text[last:])])


def _neutralised(text: str) -> str:
    text = text.replace("<", "&lt;")
    if "](" not in text:
        return text
    return _LINK_TARGET.sub(_inert_unless_web, _IMAGE.sub("[", text))


#: A Markdown code span: a run of backticks, and the same run closing it.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# An image's '![': the '!' that is not itself escaped.
_IMAGE = re.compile(r"(?<!\\)!\[")


#: The only links a printed page or a pasted email should carry.
WEB_SCHEMES = frozenset({"http", "https", "mailto"})
# Where a Markdown link's address starts, whatever its text holds.
_LINK_TARGET = re.compile(r"\]\((?=\s*(?:&lt;)?\s*([^\s)]*))")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def is_web_link(address: str) -> bool:
    """Whether ``address`` is a web or email address (never javascript:, data: or a file)."""
    scheme = _SCHEME.match(address.strip())
    return scheme is not None and scheme.group(1).lower() in WEB_SCHEMES


def _inert_unless_web(match: re.Match[str]) -> str:
    # '](' escaped as ']\(' is plain text to Markdown: the words stay, the link goes.
    return match.group(0) if is_web_link(match.group(1)) else "]\\("


def as_sentence(text: str) -> str:
    """``text`` ending in a full stop unless it already ends a sentence."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", ":", "…")) else text + "."


# XML 1.0, and so Word, cannot hold C0 controls other than tab, newline and
# carriage return, lone surrogates, or U+FFFE/U+FFFF (lxml refuses them); DEL is
# an invisible control too. The check reports these and the builder drops them.
UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """``value`` without the characters a Word document cannot hold."""
    return UNHOLDABLE.sub("", value)
