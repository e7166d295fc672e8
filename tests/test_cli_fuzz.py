"""The command line, fuzzed: any arguments end in a clear message or a whole file, never a crash.

For every command, Hypothesis draws argument lists from the command's real options, as
Click holds them (each option's names, whether it is a flag, repeated or takes a value),
with values drawn from the right ones, near misses, odd Unicode, awkward paths and odd
numbers, and runs each in a folder of its own. Whatever happens, the command must end as
bizcase ends it: a status of 0, 1 or 2, no exception, each error on a line of its own (no
control character in any), whatever it says of a path so, no file changed without --force,
and nothing left in the folder but whole files.

LibreOffice is never started: it is made to look missing, so --verify, 'verify' and PDFs
end in the message that says so (the page tests run it for real).

Set BIZCASE_FUZZ_EXAMPLES to hunt with many more examples than CI runs.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from bizcase.cli import cli
from bizcase.errors import ToolMissingError
from bizcase.export import pdf
from bizcase.library import load_library, packaged_path

from .conftest import FIXTURES

COMMANDS = sorted(cli.commands)

#: A line of an error after its first: a problem in a file ('path:line: CODE message'),
#: an option to fix ('--title: is empty: fill it in'), or a library's count of its errors.
PROBLEM = re.compile(r"(.+?(:\d+)?: [EW]\d{3} |--[a-z-]+: |\d+ errors? in )")

#: Every control character but the line break that ends each line.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")

#: Examples per command: enough for CI to catch a regression in seconds, more when hunting.
EXAMPLES = int(os.environ.get("BIZCASE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def _words() -> dict[str, list[str]]:
    """The values each kind of option takes, from both libraries the fuzz builds from."""
    org_types: list[str] = []
    concerns: list[str] = []
    entries: list[str] = []
    # Read when the first test runs, so that the tests' own cache folder is set by then.
    for lib in (load_library(FIXTURES / "library"), load_library()):
        for org in lib.org_types.values():
            org_types += [org.id, *org.aliases]
        for concern in lib.concerns.values():
            concerns += [concern.id, *concern.aliases]
        entries += list(lib.entries)
    return {
        "org_type": sorted(set(org_types)),
        "concern": sorted(set(concerns)),
        "entry": sorted(set(entries)),
    }


# What the folder each example runs in holds, so that paths can name something real.
LIBRARY = "lib"
EXISTING = "existing.md"
EXISTING_TEXT = b"Last week's copy, with the officer's own edits.\n"
FOLDER = "folder"
TEMPLATES = "templates"
# A library with errors of several kinds, and a template that does not compile.
BROKEN_LIBRARY = "broken-lib"
BROKEN_ENTRIES = (
    "entry-not-utf8.md",
    "entry-unclosed-quote.md",
    "entry-id-ends-in-escaped-newline.md",
)
BROKEN_TEMPLATES = "broken-templates"

PATHS = [
    "case.docx",
    "case.md",
    "case.pdf",
    "case.txt",
    "case",
    "CASE.DOCX",
    "new-folder/case.md",
    "nowhere/deeper/case.docx",
    FOLDER,
    f"{FOLDER}/",
    f"{FOLDER}/case.md",
    EXISTING,
    f"{EXISTING}/",
    f"{EXISTING}/case.md",
    LIBRARY,
    f"{LIBRARY}/",
    f"{LIBRARY}/reasons",
    f"{LIBRARY}/reasons/council-savings.md",
    f"{LIBRARY}/case.md",
    TEMPLATES,
    f"{TEMPLATES}/business-case.md.j2",
    BROKEN_LIBRARY,
    f"{BROKEN_LIBRARY}/{BROKEN_ENTRIES[0]}",
    BROKEN_TEMPLATES,
    "arguments",
    "/dev/null",
    "/dev/full",
    "/nonexistent-bizcase-folder/case.md",
    "-",
    ".",
    "./",
    "x" * 300 + ".md",
    "é" * 200 + ".docx",
    "case\nname.md",
    "case .md ",
    " ",
]

NEAR_MISSES = ["", " ", "-", "--", "-o", "--force", "--output=x.md", "-h", "--help", "all"]

ODD = [
    "\u0301",  # a combining accent with nothing to sit on
    "\u202eevil",  # right-to-left override
    "مجلس المدينة",
    "🙂🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "Anytown\nBorough",
    "tab\there",
    "\x1b[31mred\x1b[0m",
    "\udcff\udcfe",  # bytes that are not UTF-8, as Python hands them over in sys.argv
    "\ufffe\uffff",
    "x" * 5000,
    "{{ ''.__class__ }}",
    "<script>alert(1)</script>",
    "'; rm -rf /",
]

NUMBERS = ["-1", "0", "1", "3", "5", "99999999999999999999", "1e3", "nan", "inf", "3.0", "٣", " 2"]

# Any text a shell can pass: every character but NUL, which no argument can hold, and
# surrogates other than those Python uses for bytes that are not UTF-8.
TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
        st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
    ),
    max_size=30,
)


def _near(value: str) -> st.SearchStrategy[str]:
    """``value`` mistyped: a letter dropped, doubled or swapped, the wrong case, spaces around."""
    n = len(value)
    choices: list[st.SearchStrategy[str]] = [
        st.just(value.upper()),
        st.just(value.title()),
        st.just(value + " "),
        st.just(" " + value),
        st.just(value + ","),
    ]
    if n > 1:
        choices.append(st.integers(0, n - 1).map(lambda i: value[:i] + value[i + 1 :]))
        choices.append(st.integers(0, n - 1).map(lambda i: value[:i] + value[i] + value[i:]))
        choices.append(
            st.integers(0, n - 2).map(
                lambda i: value[:i] + value[i + 1] + value[i] + value[i + 2 :]
            )
        )
    return st.one_of(choices)


def _safe(value: str) -> bool:
    """Whether ``value`` cannot lead a write outside the example's folder, as a path."""
    parts = Path(value).parts
    if ".." in parts:
        return False
    return not value.startswith(("/", "~")) or value in PATHS


def _valid(param: click.Parameter) -> list[str]:
    """Values that ``param`` takes, as an officer would type them."""
    name = param.name or ""
    if isinstance(param.type, click.Choice):
        return [str(choice) for choice in param.type.choices]
    if isinstance(param.type, click.Path):
        return PATHS
    if isinstance(param.type, click.DateTime):
        return ["2026-11-21", "0001-01-01", "9999-12-31", "21/11/2026", "2026-02-30"]
    if isinstance(param.type, click.IntRange):
        return NUMBERS
    if name in ("org_type", "org_types"):
        return [*_words()["org_type"], "all"]
    if name == "concerns":
        return [*_words()["concern"], ",".join(_words()["concern"][:3])]
    if name in ("include", "exclude", "entry_id"):
        return _words()["entry"]
    if name == "source":
        return ["contributors", "fbps12"]
    return ["Anytown Borough Council", "Sam Jones", "the University of Bristol"]


def _values(param: click.Parameter) -> st.SearchStrategy[str]:
    valid = _valid(param)
    return st.one_of(
        st.sampled_from(valid),
        st.sampled_from(valid).flatmap(_near),
        st.sampled_from(NEAR_MISSES),
        st.sampled_from(ODD),
        st.sampled_from(PATHS),
        st.sampled_from(NUMBERS),
        TEXT,
    ).filter(_safe)


def _option(option: click.Option) -> st.SearchStrategy[list[str]]:
    """One use of ``option`` on the command line, in any of the forms Click reads."""
    names = st.sampled_from(option.opts)
    if option.is_flag:
        return names.map(lambda name: [name])

    def spelt(name: str, value: str) -> st.SearchStrategy[list[str]]:
        forms = [[name, value]]
        # '--output=case.md' and '-ocase.md' are read as '--output case.md'.
        forms.append([f"{name}={value}"] if name.startswith("--") else [name + value])
        return st.sampled_from(forms)

    return st.tuples(names, _values(option)).flatmap(lambda pair: spelt(*pair))


def _joined(pieces: Any) -> list[str]:
    return list(itertools.chain.from_iterable(pieces))


def _arguments(command: click.Command) -> st.SearchStrategy[list[str]]:
    """An argument list for ``command``, drawn from its own options and arguments."""
    pieces: list[st.SearchStrategy[list[str]]] = []
    positional: list[st.SearchStrategy[list[str]]] = []
    for param in command.params:
        if isinstance(param, click.Option):
            pieces.append(_option(param))
        elif isinstance(param, click.Argument):
            most = 3 if param.nargs == -1 else param.nargs
            positional.append(st.lists(_values(param), min_size=0, max_size=most))
    # Now and then, something the command does not have: an option mistyped, or none of its own.
    names = [name for param in command.params for name in param.opts if name.startswith("-")]
    if names:
        pieces.append(
            st.tuples(st.sampled_from(names).flatmap(_near), st.sampled_from(PATHS)).map(list)
        )
    pieces.append(st.sampled_from([["--help"], ["-h"], ["--frobnicate"], ["--", "-x"]]))
    options = st.lists(st.one_of(pieces), max_size=8).map(_joined)
    if not positional:
        return options
    args = st.tuples(*positional).map(_joined)
    # Arguments before or after the options: Click reads both.
    return st.tuples(options, args, st.booleans()).map(
        lambda drawn: drawn[1] + drawn[0] if drawn[2] else drawn[0] + drawn[1]
    )


ENVIRONMENT = st.fixed_dictionaries(
    {},
    optional={
        "BIZCASE_LIBRARY": st.sampled_from(
            ["", LIBRARY, BROKEN_LIBRARY, EXISTING, FOLDER, "nowhere", "/dev/null", "Any\ntown"]
        ),
        # Off, or a file where the folder should be: the cache is then done without.
        "BIZCASE_CACHE_DIR": st.sampled_from(["off", EXISTING, "/dev/null"]),
    },
)


def _prepare(folder: Path) -> None:
    """The files and folders the drawn paths may name."""
    shutil.copytree(FIXTURES / "library", folder / LIBRARY)
    shutil.copytree(FIXTURES / "library", folder / "arguments")
    shutil.copytree(packaged_path("templates"), folder / TEMPLATES)
    (folder / FOLDER).mkdir()
    (folder / EXISTING).write_bytes(EXISTING_TEXT)
    shutil.copytree(FIXTURES / "library", folder / BROKEN_LIBRARY)
    for name in BROKEN_ENTRIES:
        shutil.copy(FIXTURES / "entries" / name, folder / BROKEN_LIBRARY / name)
    (folder / BROKEN_TEMPLATES).mkdir()
    (folder / BROKEN_TEMPLATES / "business-case.md.j2").write_text(
        "# {{ title }}\n\n{% if reasons %}\n{{ reasons | nosuchfilter }}\n", encoding="utf-8"
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


@contextlib.contextmanager
def _without_libreoffice() -> Iterator[None]:
    """LibreOffice and poppler as if not installed: --verify, 'verify' and PDFs fail at once.

    Each render takes seconds, far too slow for a fuzz; their own tests run them. This way
    the fuzz still drives those options, down to the message that the tool is missing.
    """

    def missing(*_args: Any, **_kwargs: Any) -> str:
        raise ToolMissingError("LibreOffice is not installed here")

    def never(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the fuzz must never start LibreOffice")

    with (
        mock.patch.object(pdf, "find_soffice", missing),
        mock.patch.object(pdf, "_pdftotext", missing),
        mock.patch.object(pdf, "_run_all_of", never),
    ):
        yield


@contextlib.contextmanager
def _ran(args: list[str], env: dict[str, str]) -> Iterator[tuple[Result, dict[str, bytes], Path]]:
    """Run bizcase with ``args`` in a folder of its own: what it printed, what the folder held
    before, and the folder, as it was left."""
    home = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="bizcase-fuzz-") as where, _without_libreoffice():
        folder = Path(where)
        _prepare(folder)
        before = _snapshot(folder)
        os.chdir(folder)
        try:
            result = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)
        finally:
            os.chdir(home)
        yield result, before, folder


def _is_file(path: str) -> bool:
    return os.path.exists(path) and not os.path.isdir(path)


#: What a message says of a path it quotes, and how to tell whether that is so. A path is
#: looked up as the system reads it: 'notes.md/' does not exist, even where notes.md does.
CLAIMS: list[tuple[re.Pattern[str], Callable[[str], bool]]] = [
    (re.compile(r"'([^']+)'[^']*? does not exist(?! or)"), lambda path: not os.path.exists(path)),
    (re.compile(r"'([^']+)' is a file, not a folder"), _is_file),
    (re.compile(r"'([^']+)' is a folder:"), os.path.isdir),
    (re.compile(r"'([^']+)' already exists"), os.path.exists),
]


def _untrue(message: str, folder: Path) -> list[str]:
    """What ``message`` says of a path that is not so."""
    wrong = []
    for pattern, holds in CLAIMS:
        for found in pattern.finditer(message):
            shown = found.group(1)
            # A long path is shortened, and a control character escaped: neither can be looked up.
            if "..." in shown or "\\" in shown:
                continue
            if not holds(os.path.join(folder, shown)):
                wrong.append(found.group())
    return wrong


def _complete(command: str, name: str, data: bytes) -> bool:
    """Whether ``data``, written by ``command`` to ``name``, is a whole file of its kind."""
    if command == "schema":
        return isinstance(json.loads(data), dict)
    if command == "new":
        return data.startswith(b"---\n") and data.count(b"\n---\n") >= 1
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    return data.decode("utf-8").startswith("# ")


def _check(args: list[str], env: dict[str, str]) -> None:
    """Run bizcase with ``args``, and check that it ended as bizcase ends, leaving whole files."""
    command = args[0] if args else ""
    note(f"bizcase {args!r} with {env!r}")
    with _ran(args, env) as (result, before, folder):
        after = _snapshot(folder)
        leftovers = [str(p.relative_to(folder)) for p in folder.rglob("*.part")]
        untrue = _untrue(result.stderr, folder)
    note(f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}")
    assert leftovers == [], f"temporary files left behind: {leftovers}"
    assert untrue == [], f"the message is wrong about a path: {untrue}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    if not args:
        # 'bizcase' alone shows its help, as Click does, to standard error.
        assert result.exit_code == 2
        assert "Start here:" in result.stderr
        return
    # Click's own usage errors take three lines; bizcase makes every one a single line.
    assert not result.stderr.startswith("Usage:")
    assert "Try 'bizcase" not in result.stderr
    # A tab or an escape sequence typed in a value is shown as its escape, not obeyed.
    assert not CONTROL.search(result.stderr), result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert all(line.startswith("Error: ") for line in errors), errors
    if result.exit_code != 0 and command not in ("check", "verify"):
        # The command's error ends its output: 'Error: ' and the first problem, then
        # each further problem on a line of its own, as it names the file or option to fix.
        lines = result.stderr.splitlines()
        assert errors, result.stderr
        assert all(PROBLEM.match(line) for line in lines[lines.index(errors[0]) + 1 :]), (
            result.stderr
        )
    if result.exit_code == 0:
        assert errors == [], result.stderr
    forced = any(arg == "--force" for arg in args)
    for name, data in before.items():
        assert name in after, f"{name} was removed"
        if not forced:
            assert after[name] == data, f"{name} was changed without --force"
    for name in after.keys() - before.keys():
        if command != "new":
            assert result.exit_code == 0, f"{name} was written by a command that failed"
        assert _complete(command, name, after[name]), f"{name} is not a whole file"


@pytest.mark.parametrize("command", COMMANDS)
def test_any_command_line_ends_cleanly(command: str) -> None:
    @FUZZ
    @given(args=_arguments(cli.commands[command]), env=ENVIRONMENT)
    def fuzz(args: list[str], env: dict[str, str]) -> None:
        _check([command, *args], env)

    fuzz()


@FUZZ
@given(
    args=st.lists(
        st.one_of(st.sampled_from(["--version", "--help", "-h", "-x", *COMMANDS]), TEXT).filter(
            _safe
        ),
        max_size=4,
    )
)
def test_any_words_after_bizcase_end_cleanly(args: list[str]) -> None:
    _check(args, {})
