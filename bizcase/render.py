"""Render a case to Markdown through Jinja2: the one source every format is made from."""

from __future__ import annotations

import contextlib
import os
import re
import types
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.exceptions
import jinja2.sandbox

from bizcase import text
from bizcase.cache import fingerprint, template_cache_dir
from bizcase.case import Case
from bizcase.errors import TemplateError
from bizcase.library import Entry, packaged_path

TEMPLATE = "business-case.md.j2"


def environment(template_dirs: Sequence[Path | str] = ()) -> jinja2.Environment:
    """The Jinja2 environment: the user's template folders first, then ours."""
    return _environment(tuple(str(path) for path in template_dirs))


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    # One environment per set of folders, so each template compiles once; Jinja2
    # reloads a template whose file has changed since.
    search = [*template_dirs, str(packaged_path("templates"))]
    compiled = template_cache_dir()
    # A template from an officer's folder is their own file, but it still gets
    # no way to reach Python's objects: the sandbox refuses attribute tricks and
    # caps ranges, so a template can only lay out the case it is given.
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        # Compiled templates are kept between runs; Jinja2 recompiles a changed one.
        bytecode_cache=_BytecodeCache(str(compiled)) if compiled else None,
        loader=_Loader(search),
        # A misspelt variable must fail the build, not leave a gap on the page.
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_marked,
    )
    env.filters["md"] = text.inline
    env.filters["sentence"] = sentence
    env.filters["join_words"] = join_words
    return env


# Each inline value the template prints is marked off by these while the page is
# rendered, so that its edges can be escaped where its line needs it (see
# text.Inline). Neither can reach the page: no Word file can hold them, and every
# value is cleared of them before it is marked.
_OPEN, _CLOSE = "\x02", "\x03"
_PLACED = re.compile(f"{_OPEN}([^{_OPEN}{_CLOSE}]*){_CLOSE}")
# What may come before text on its line and leave it opening a block: indentation,
# quote markers and list markers (a list item's text can open a list of its own).
_BLOCK_PREFIX = re.compile(r"[ \t]*(?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)*")


def _marked(value: Any) -> Any:
    """What the template prints for ``value``: an inline value marked off, to be placed."""
    if isinstance(value, text.Inline):
        return f"{_OPEN}{text.xml_safe(value.within)}{_CLOSE}"
    return value


def _placed(rendered: str) -> str:
    """The rendered page, each marked value escaped at the edges where its line needs it."""
    pieces: list[str] = []
    line = ""  # the page's current line, as far as it is written
    end = 0
    for found in _PLACED.finditer(rendered):
        before = rendered[end : found.start()]
        line = line + before if "\n" not in before else before.rsplit("\n", 1)[1]
        stop = rendered.find("\n", found.end())
        after = rendered[found.end() : stop if stop >= 0 else len(rendered)]
        value = text.escape_edges(
            found.group(1),
            opens=_BLOCK_PREFIX.fullmatch(line) is not None,
            # A value printed empty after it leaves this one ending the line.
            closes=not after.replace(_OPEN, "").replace(_CLOSE, "").strip(" \t"),
        )
        pieces += [before, value]
        line += value
        end = found.end()
    pieces.append(rendered[end:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _compiled_by() -> str:
    """The fingerprint of the code that sets up the environment templates are compiled in."""
    # Read only when compiled templates are cached, not by every import.
    return fingerprint(Path(__file__)).hex()


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates, which must never stop a build."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Jinja2 checks a compiled template against its source, but not against the
        # environment that compiled it: code compiled before the environment changed
        # (without _marked, say) must not be run by this one.
        return super().get_cache_key(f"{_compiled_by()}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()
        # A damaged file with a valid header unmarshals to anything (a number, say),
        # which Jinja2 would run: compile the template afresh instead.
        if not isinstance(bucket.code, types.CodeType):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


class _NotText(Exception):
    """A template file that is not UTF-8 text, and the line where it stops being so."""

    def __init__(self, path: str, line: int) -> None:
        super().__init__(path, line)
        self.path, self.line = path, line


class _Loader(jinja2.FileSystemLoader):
    """Jinja2's loader, saying which file is not UTF-8 text: an included one, say."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:
            # The file Jinja2 was reading: the first of the folders that has it.
            pieces = jinja2.loaders.split_template_path(template)
            path = next(
                found
                for folder in self.searchpath
                if os.path.isfile(found := os.path.join(folder, *pieces))
            )
            with open(path, "rb") as file:
                line = file.read(error.start).count(b"\n") + 1
            raise _NotText(path, line) from None


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c': a list as an English phrase."""
    items = list(items)
    inline = [item for item in items if isinstance(item, text.Inline)]
    if inline and len(inline) == len(items):
        # Still inline, so that the phrase's edges are escaped only where it is put.
        return text.Inline(join_words([item.within for item in inline], conjunction))
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(value: str) -> str:
    """``value`` ending in a full stop unless it already ends a sentence; inline if it was."""
    if isinstance(value, text.Inline):
        return text.Inline(text.as_sentence(value.within))
    return text.as_sentence(value)


#: The page is in British English whatever the locale, which strftime's %B would follow.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def context(case: Case) -> dict[str, Any]:
    """The variables the template sees."""
    words = case.words

    def entry(item: Entry) -> dict[str, Any]:
        return {
            "id": item.id,
            "kind": item.kind,
            "title": text.page_title(text.fill(item.title, words)),
            "summary": text.page_summary(text.fill(item.summary, case.markdown_words)),
            "concerns": list(item.concerns),
            "strength": item.strength,
        }

    name = text.inline(case.org_name or case.org_type.organisation)
    return {
        "org_name": case.org_name,
        "name": name,
        "Name": text.Inline(text.capitalised(name.within)),
        "org_type": case.org_type,
        "audience": text.inline(case.org_type.audience),
        "author": case.author,
        # No-break spaces keep the date on one line.
        "date": f"{case.date.day}\u00a0{MONTHS[case.date.month - 1]}\u00a0{case.date:%Y}",
        "concerns": [text.inline(concern.label) for concern in case.answered],
        "reasons": [entry(item) for item in case.reasons],
        "safeguards": [entry(item) for item in case.safeguards],
        "sources": [text.inline(source.short) for source in case.sources],
        "credits": [text.inline(credit) for credit in case.credits],
    }


def render_markdown(case: Case, template_dirs: Sequence[Path | str] = ()) -> str:
    """The case as Markdown, from the business-case template."""
    env = environment(template_dirs)
    try:
        template = env.get_template(TEMPLATE)
        markdown = template.render(context(case))
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateError(f"{where}: template syntax error: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{_template_location(error)}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        folders = ", ".join([*map(str, template_dirs), str(packaged_path("templates"))])
        raise TemplateError(f"template '{error.name}' not found in {folders}") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(
            f"{_template_location(error)}: the template tried something templates may not "
            f"do ({str(error).rstrip('.')}): use only the case's variables and filters"
        ) from None
    except _NotText as error:
        raise TemplateError(
            f"{error.path}:{error.line}: the template is not UTF-8 text: save it as UTF-8"
        ) from None
    except RecursionError:
        raise TemplateError(
            f"{_named_template(template_dirs)}: the template includes or calls itself "
            "without end: remove the loop"
        ) from None
    except Exception as error:
        # Whatever a template of the officer's own does wrong, say where, in one line.
        what = " ".join(str(error).split()) or type(error).__name__
        raise TemplateError(f"{_template_location(error)}: the template failed: {what}") from None
    if not markdown.strip():
        raise TemplateError(
            f"{_named_template(template_dirs)}: the template makes an empty page: it must "
            "write the case's Markdown, as the packaged business-case.md.j2 does"
        )
    # A character no file can hold (half of a surrogate pair) must not stop the
    # Markdown being written, nor one Word cannot hold reach the Word file.
    return text.xml_safe(_placed(markdown))


def find_template(folders: Sequence[Path | str]) -> Path | None:
    """The business-case template in the first of ``folders`` that has one, as Jinja2 looks."""
    for folder in folders:
        candidate = Path(folder) / TEMPLATE
        if candidate.is_file():
            return candidate
    return None


def _named_template(template_dirs: Sequence[Path | str]) -> str:
    """The file the business-case template is read from, for a message."""
    found = find_template([*template_dirs, packaged_path("templates")])
    return str(found) if found else TEMPLATE


def _template_location(error: BaseException) -> str:
    """The template file and line an error was raised from, read off its traceback."""
    tb = error.__traceback__
    location = TEMPLATE
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
