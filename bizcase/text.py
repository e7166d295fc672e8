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
    "organisation": "the organisation as a noun phrase (the council, the trust, the force...)",
}
#: Filters an entry may apply to a placeholder, such as {{ organisation|capitalize }}.
FILTERS = frozenset({"capitalize", "lower", "upper", "title"})

#: Words used where no organisation type is chosen (``bizcase show`` without one).
GENERIC_WORDS: Mapping[str, str] = {"audience": "the public", "organisation": "the organisation"}

# Entry text is data written by strangers: it is rendered in Jinja2's sandbox,
# with nothing but the placeholders in scope, and only after it is checked to
# hold nothing but those placeholders.
_SANDBOX = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)


_FILTER_NAMES = "|".join(sorted(FILTERS))
_PLACEHOLDER = re.compile(
    rf"\{{\{{\s*(?:{'|'.join(PLACEHOLDERS)})\s*(?:\|\s*(?:{_FILTER_NAMES})\s*)?\}}\}}"
)
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")
_NAMED = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*(?:\|[^{}]*)?\}\}")


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
            return f"unknown placeholder '{{{{ {named.group(1)} }}}}': use only {allowed}"
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


def escape_markdown(text: str) -> str:
    """Plain text (a name typed by an officer) made to read literally in Markdown."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LOOSE_UNDERSCORE.sub(r"\\_", text)
    # '<' could open raw HTML; as an entity it prints as itself everywhere.
    return text.replace("<", "&lt;")


def neutralise_html(markdown_text: str) -> str:
    """Contributor Markdown with any raw HTML made inert, shown as text instead."""
    return markdown_text.replace("<", "&lt;")


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
