"""bizcase as a library: what the CLI's commands do, as calls.

Building, checking, verifying, adding an entry (``new_entry``), the credits and
the schema are one call each; ``load_library`` returns the library that
``list``, ``show``, ``org-types`` and ``concerns`` read. Every error is a
:class:`bizcase.errors.BizcaseError`, and nothing is printed.

>>> from bizcase import api
>>> case = api.build_case("health", org_name="Anytown NHS Trust")
>>> markdown = api.render_markdown(case)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack, cast

from bizcase import render
from bizcase.case import Case
from bizcase.characters import QUOTE_PAIRS, unaccented
from bizcase.errors import OptionError, OutputError, RenderError, ToolMissingError
from bizcase.fit import fit
from bizcase.library import Concern, Entry, Library, OrgType, Source, load_library
from bizcase.output import (
    as_typed,
    check_name,
    check_separators,
    check_target,
    in_full,
    is_folder,
    make_folder,
    remove_if_empty,
    shown,
    write_file,
    write_files,
)
from bizcase.problems import Problem, Severity
from bizcase.select import candidates

if TYPE_CHECKING:
    from bizcase.export.docx import DocumentInfo
    from bizcase.export.pdf import PageReport
    from bizcase.scaffold import new_entry

__all__ = [
    "BuildResult",
    "Case",
    "CaseOptions",
    "CheckReport",
    "Concern",
    "Credit",
    "Entry",
    "Format",
    "Library",
    "OrgType",
    "PageReport",
    "Problem",
    "Severity",
    "Source",
    "build",
    "build_all",
    "build_case",
    "check",
    "credits",
    "default_output",
    "export",
    "json_schema",
    "load_library",
    "new_entry",
    "render_markdown",
    "resolve_format",
    "verify",
]

#: Names kept in modules that are slow to import, imported when first used.
_LAZY = {"PageReport": "bizcase.export.pdf", "new_entry": "bizcase.scaffold"}


def __getattr__(name: str) -> object:
    """``PageReport`` and ``new_entry``, imported only when a script asks for them."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)


_T = TypeVar("_T")


def _as_list(values: Sequence[_T]) -> list[_T]:
    """``values`` as a list: a lone string or path is one value, not a sequence of letters."""
    return [cast(_T, values)] if isinstance(values, str | PurePath) else list(values)


class Format(StrEnum):
    """The file formats a case can be written in."""

    MD = "md"
    DOCX = "docx"
    PDF = "pdf"

    @property
    def extension(self) -> str:
        """The file extension, with its dot."""
        return f".{self.value}"

    @property
    def description(self) -> str:
        """What a file in this format is, in an officer's words."""
        return {"md": "Markdown", "docx": "a Word document", "pdf": "a PDF"}[self.value]


#: Words an officer may give for a format that are not its name: 'word' for docx.
_FORMAT_WORDS = {
    "word": Format.DOCX,
    "doc": Format.DOCX,
    "msword": Format.DOCX,
    "markdown": Format.MD,
    "acrobat": Format.PDF,
}


def format_meant(word: str) -> Format | None:
    """The format ``word`` (such as 'Word', '.docx' or 'markdown') stands for, if any."""
    name = word.strip().lower().lstrip(".")
    try:
        return Format(name)
    except ValueError:
        return _FORMAT_WORDS.get(name)


def format_hint(word: str) -> str:
    """' Did you mean 'docx' (a Word document)?' for a word that stands for a format, else ''."""
    meant = format_meant(word)
    return f" Did you mean '{meant.value}' ({meant.description})?" if meant else ""


def unknown_format(word: str) -> str:
    """Why ``word`` names no format, with the one it probably means."""
    return f"unknown format '{word}'.{format_hint(word)} Choose one of: {', '.join(sorted(Format))}"


_EXTENSIONS = {
    ".md": Format.MD,
    ".markdown": Format.MD,
    ".docx": Format.DOCX,
    ".pdf": Format.PDF,
}


#: Endings of word-processor formats bizcase does not write, which an officer may type from
#: habit: what each is, and why a .docx serves instead.
_OTHER_DOCUMENTS = {
    ".doc": (
        "the format of Word 97 to 2003",
        "today's Word format, which every Word since 2007 opens",
    ),
    ".dot": (
        "a Word 97 to 2003 template",
        "today's Word format, which every Word since 2007 opens",
    ),
    ".dotx": ("a Word template", "Word documents, not templates"),
    ".docm": ("a Word document with macros", "Word documents without macros"),
    ".odt": ("LibreOffice's own format", "Word documents, which LibreOffice opens as well"),
    ".rtf": ("Rich Text Format", "Word documents, which Word, LibreOffice and Pages all open"),
    ".pages": ("Apple Pages' own format", "Word documents, which Pages opens as well"),
}


def _other_document(output: Path, chosen: Format | None) -> OptionError:
    """The refusal of a name ending in a format bizcase does not write, such as .odt."""
    suffix = output.suffix
    what, instead = _OTHER_DOCUMENTS[suffix.lower()]
    name, stem = output.name, output.stem
    # A Word file named .odt is opened as OpenDocument, and fails, by Word and LibreOffice.
    if chosen is None or chosen is Format.DOCX:
        return OptionError(
            "--output",
            f"'{name}' ends in {suffix}, {what}: bizcase writes {instead}, so name the file "
            f"ending .docx ('{stem}.docx')",
        )
    return OptionError(
        "--format",
        f"the output '{name}' ends in {suffix}, {what}, but --format is {chosen.value}: "
        f"name the file ending {chosen.extension} ('{stem}{chosen.extension}')",
    )


def _check_output_name(output: Path) -> None:
    """Refuse a name copied with the full stop or space after it, or a bare extension."""
    name = output.name
    meant = re.sub(r"[.\s]+$", "", name)
    if meant != name and Path(meant).suffix.lower() in _EXTENSIONS:
        # Copied from a sentence: 'it writes case.docx.'
        tail = name[len(meant) :]
        what = "a space" if tail.isspace() else "a full stop" if set(tail) == {"."} else f"'{tail}'"
        raise OptionError(
            "--output",
            f"'{shown(name)}' ends in {what}: leave it off, "
            f"--output {as_typed(str(output.with_name(meant)))}",
        )
    if name.lower() in _EXTENSIONS:
        raise OptionError(
            "--output",
            f"'{name}' is only an ending: give the file a name before it, such as "
            f"--output {as_typed(str(output.with_name('business-case' + name.lower())))}",
        )


def resolve_format(fmt: str | Format | None, output: Path | str | None) -> Format:
    """The format asked for, or the one the output's extension names, or Word."""
    output = Path(output) if output is not None else None
    to_terminal = output is not None and str(output) == "-"
    if output is not None and not to_terminal:
        _check_output_name(output)
    suffix = output.suffix.lower() if output is not None and not to_terminal else ""
    from_extension = _EXTENSIONS.get(suffix)
    if fmt is None:
        if to_terminal:
            return Format.MD
        # (A folder or a blank name gets its own message from the output checks.)
        if (
            output is not None
            and from_extension is None
            and output.name.strip()
            and not os.path.isdir(output)
        ):
            # A Word file quietly written as 'case.txt' would not open for the officer.
            ending = f"ends in {suffix}" if suffix else "has no extension"
            if suffix in _OTHER_DOCUMENTS:
                raise _other_document(output, None)
            raise OptionError(
                "--output",
                f"'{output.name}' {ending}, so the format is unclear: name the file ending "
                ".docx, .md or .pdf, or add --format",
            )
        return from_extension or Format.DOCX
    try:
        chosen = Format(str(fmt.value if isinstance(fmt, Format) else fmt).lower())
    except ValueError:
        raise OptionError("--format", unknown_format(str(fmt))) from None
    if chosen is not Format.MD and to_terminal:
        raise OptionError(
            "--output",
            f"a {chosen.value} file cannot be printed to the terminal: give a file name",
        )
    if output is not None and suffix in _OTHER_DOCUMENTS and not os.path.isdir(output):
        raise _other_document(output, chosen)
    if from_extension is not None and from_extension is not chosen:
        raise OptionError(
            "--format",
            f"the output '{output}' ends in {suffix} but --format is {chosen.value}: "
            f"name the file ending {chosen.extension}, or leave out --format",
        )
    return chosen


def build_case(
    org_type: str,
    *,
    library: Library | Path | str | None = None,
    org_name: str | None = None,
    author: str | None = None,
    concerns: Sequence[str] = (),
    date: dt.date | str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_reasons: int | None = None,
    max_safeguards: int | None = None,
    template_dirs: Sequence[Path | str] = (),
) -> Case:
    """Choose the entries for one organisation and fill one page with them."""
    lib = _library(library)
    org = lib.org_type(org_type)
    template_dirs = _as_list(template_dirs)
    _check_template_dirs(template_dirs)
    chosen_concerns = tuple(dict.fromkeys(lib.concern(name) for name in _as_list(concerns)))
    for option, value, least in (
        ("--max-reasons", max_reasons, 1),
        ("--max-safeguards", max_safeguards, 0),
    ):
        if value is not None and value < least:
            raise OptionError(option, f"must be at least {least}")
    pool = candidates(
        lib,
        org,
        [concern.id for concern in chosen_concerns],
        include=_as_list(include),
        exclude=_as_list(exclude),
    )
    blank = Case(
        org_type=org,
        org_name=typed_text(org_name, "--org-name"),
        author=typed_text(author, "--author"),
        date=_date(date),
        concerns=chosen_concerns,
        reasons=(),
        safeguards=(),
    )
    return fit(
        lib,
        blank,
        pool,
        max_reasons=max_reasons,
        max_safeguards=max_safeguards,
        template_dirs=template_dirs,
    )


def _check_template_dirs(template_dirs: Sequence[Path | str]) -> None:
    """A template folder that holds no template would silently change nothing: say so."""
    from bizcase.render import TEMPLATE, find_template

    if template_dirs and find_template(template_dirs) is None:
        shown = ", ".join(f"'{d}'" for d in template_dirs)
        raise OptionError(
            "--template-dir",
            f"{shown} holds no {TEMPLATE}: copy templates/{TEMPLATE} from bizcase into it "
            "and edit the copy",
        )


def _library(library: Library | Path | str | None) -> Library:
    """The library given, or the one loaded from the folder given (ours by default)."""
    return library if isinstance(library, Library) else load_library(library)


def _date(value: dt.date | str | None) -> dt.date:
    """The page's date: today's by default; a form's text in year-month-day taken as a date."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from bizcase.dates import read_date

    try:
        return read_date(str(value))
    except ValueError as error:
        raise OptionError("--date", str(error)) from None


def typed_text(value: str | None, option: str) -> str | None:
    """Text an officer typed, without what no document can hold, or None when blank.

    Refused, naming ``option``, when it is wrapped in quote marks, which would print
    on the page: quotes typed twice over, or a word processor's curly ones.
    """
    from bizcase.text import xml_safe

    cleaned = " ".join(xml_safe(value).split()) if value else ""
    if len(cleaned) > 1 and (cleaned[0], cleaned[-1]) in QUOTE_PAIRS:
        example = "Sam Jones" if option == "--author" else "Anytown Borough Council"
        raise OptionError(
            option,
            f"{cleaned} is in quote marks, which would be printed on the page: leave them out "
            f"(the straight double quotes around a value of several words, "
            f'{option} "{example}", are only for the command line)',
        )
    return cleaned or None


def render_markdown(case: Case, template_dirs: Sequence[Path | str] = ()) -> str:
    """The case as Markdown, from the business-case template (or your copy of it)."""
    return render.render_markdown(case, _as_list(template_dirs))


def export(case: Case, fmt: Format | str, template_dirs: Sequence[Path | str] = ()) -> bytes:
    """The case as the bytes of a file in ``fmt`` (a Format, or 'md', 'docx' or 'pdf')."""
    fmt = resolve_format(fmt, None)
    template_dirs = _as_list(template_dirs)
    if fmt is Format.PDF:
        # Made from the Word file by LibreOffice, which also proves it one page.
        ((pdf, _),) = _render([case], fmt, False, template_dirs)
        return pdf
    markdown_text = render.render_markdown(case, template_dirs)
    if fmt is Format.MD:
        return markdown_text.encode("utf-8")
    # python-docx and lxml are heavy: import them only when a Word file is wanted.
    from bizcase.export.docx import markdown_to_docx

    return markdown_to_docx(markdown_text, document_info(case))


def _not_one_page(report: PageReport) -> str:
    return (
        f"LibreOffice laid the case out on {report.pages} pages, not one: drop an entry with "
        "--exclude or lower --max-reasons, and please report this as a bug. Nothing was written."
    )


def document_info(case: Case) -> DocumentInfo:
    """The Word document's core properties for ``case``."""
    from bizcase.export.docx import DocumentInfo

    where = f" at {case.org_name or case.org_type.organisation}"
    concerns = ", ".join(concern.label for concern in case.answered)
    return DocumentInfo(
        title=f"Opening up social media to all staff{where}",
        subject=f"Business case for open social media access ({case.org_type.label})",
        # The officer, or failing that the organisation: never the tool that typed it.
        author=case.author or case.org_name or "",
        keywords="; ".join(["social media", "business case", case.org_type.label]),
        comments=(
            f"Built by bizcase for {case.org_type.label}"
            + (f", answering concerns about {concerns}" if concerns else "")
            + "."
        ),
        category="Business case",
        company=case.org_name or "",
    )


def default_output(case: Case, fmt: Format) -> Path:
    """A sensible file name: the organisation's name, or its type, and the extension."""
    # An accent goes, not its letter: 'Ynys Môn' is 'ynys-mon', not 'ynys-m-n'.
    base = unaccented(case.org_name or "")
    # A name in another script leaves nothing: the type names the file instead.
    slug = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:60].strip("-") or case.org_type.id
    return Path(f"{slug}-social-media-case{fmt.extension}")


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and where it went."""

    case: Case
    format: Format
    data: bytes
    path: Path | None
    #: LibreOffice's account of the page, when the build was verified.
    report: PageReport | None = None


class CaseOptions(TypedDict, total=False):
    """What an officer may say about a case besides its organisation type (see build_case)."""

    org_name: str | None
    author: str | None
    concerns: Sequence[str]
    date: dt.date | str | None
    include: Sequence[str]
    exclude: Sequence[str]
    max_reasons: int | None
    max_safeguards: int | None
    template_dirs: Sequence[Path | str]


def build(
    org_type: str,
    *,
    output: Path | str | None = None,
    fmt: Format | str | None = None,
    force: bool = False,
    verify: bool = False,
    library: Library | Path | str | None = None,
    **options: Unpack[CaseOptions],
) -> BuildResult:
    """Build a case and write it to ``output`` (or only return it, when output is '-')."""
    if output is not None and str(output) != "-":
        # Path('') means this folder and Path('case.md/') the file case.md: each is caught
        # before it becomes one.
        check_name(output, "--output", f"business-case{resolve_format(fmt, None).extension}")
    out = Path(output) if output is not None else None
    chosen = resolve_format(fmt, out)
    example = f"business-case{chosen.extension}"
    lib = _library(library)
    template_dirs = _as_list(options.get("template_dirs", ()))
    case = build_case(org_type, library=lib, **options)
    if out is None:
        out = default_output(case, chosen)
    if str(out) != "-":
        # Refuse now rather than after rendering, which may keep LibreOffice busy a while.
        _check_not_read(out, lib, template_dirs, "--output")
        check_target(out, force=force, example=example)
    ((data, report),) = _render([case], chosen, verify, template_dirs)
    if str(out) == "-":
        return BuildResult(case, chosen, data, None, report)
    written = write_file(out, data, force=force, example=example)
    return BuildResult(case, chosen, data, written, report)


def build_all(
    output_dir: Path | str,
    *,
    org_types: Sequence[str] | None = None,
    fmt: Format | str | None = None,
    force: bool = False,
    verify: bool = False,
    library: Library | Path | str | None = None,
    **options: Unpack[CaseOptions],
) -> list[BuildResult]:
    """Build one case per organisation type (every type by default) into ``output_dir``."""
    check_name(output_dir, "--output-dir", "cases")
    check_separators(output_dir, "--output-dir")
    if str(output_dir) == "-":
        # '-' is the terminal for --output; as a folder's name it is surely not meant.
        raise OptionError(
            "--output-dir",
            "'-' would be a folder called '-': every type's case is a file of its own, so give "
            "a folder, such as --output-dir cases",
        )
    folder = Path(output_dir)
    # A new folder is made, as 'mkdir' would, but only inside one that exists: a
    # mistyped path must not quietly grow a tree of folders.
    new_folder = not is_folder(folder, "--output-dir")
    if new_folder and folder.is_symlink() and not folder.exists():
        raise OptionError(
            "--output-dir",
            f"'{shown(folder)}' is a link to '{shown(os.readlink(folder))}', which does not "
            "exist: create that folder, or choose another --output-dir",
        )
    if new_folder and folder.exists():
        raise OptionError(
            "--output-dir",
            f"'{shown(folder)}' is a file, not a folder: choose another --output-dir",
        )
    parent = folder.parent
    if new_folder and not is_folder(parent, "--output-dir") and parent.exists():
        raise OptionError(
            "--output-dir",
            f"'{shown(folder)}' cannot be made, as '{shown(parent)}' is a file, not a folder: "
            "choose another --output-dir",
        )
    if new_folder and not is_folder(parent, "--output-dir"):
        home = in_full(folder, "--output-dir")
        raise OptionError(
            "--output-dir",
            f"'{shown(folder)}' cannot be made, as its folder '{shown(parent)}' does not exist: "
            + (home or "create it, or choose another --output-dir"),
        )
    chosen = resolve_format(fmt, None)
    lib = _library(library)
    # No case is named like the template, so only the library need be kept out of.
    _check_not_read(folder, lib, (), "--output-dir")
    types = (
        [lib.org_type(name).id for name in _as_list(org_types)]
        if org_types
        else list(lib.org_types)
    )
    targets = [folder / f"{org_type}-social-media-case{chosen.extension}" for org_type in types]
    # Every target is checked before the build, and again before writing, so that a
    # folder or device in the way stops the run before any document is replaced.
    existing: list[str] = []
    if not new_folder:
        reals = [check_target(target, force=True, option="--output-dir") for target in targets]
        existing = [t.name for t, real in zip(targets, reals, strict=True) if real.exists()]
    if existing and not force:
        # Every clash at once, before anything is written.
        raise OutputError(
            f"{', '.join(existing)} already {'exists' if len(existing) == 1 else 'exist'} in "
            f"'{shown(folder)}' and may hold your edits: "
            f"choose another --output-dir, or add --force to replace "
            f"{'it' if len(existing) == 1 else 'them'}"
        )
    cases = [build_case(org_type, library=lib, **options) for org_type in types]
    rendered = _render(cases, chosen, verify, _as_list(options.get("template_dirs", ())))
    if new_folder:
        make_folder(folder, "--output-dir")
    try:
        paths = write_files(
            [(target, data) for target, (data, _) in zip(targets, rendered, strict=True)],
            force=force,
            option="--output-dir",
        )
    except BaseException:
        if new_folder:
            remove_if_empty(folder)
        raise
    return [
        BuildResult(case, chosen, data, path, report)
        for case, path, (data, report) in zip(cases, paths, rendered, strict=True)
    ]


def _check_not_read(
    path: Path, lib: Library, template_dirs: Sequence[Path | str], option: str
) -> None:
    """Refuse to write a case where bizcase reads: into the library, or over the template.

    A case in the library would break it (a Markdown one is read as an argument,
    and every command then fails on it), even as a new file; --force does not help.
    """
    from bizcase.library import packaged_path, real_path
    from bizcase.render import find_template

    real = real_path(path)
    # The library that ships with bizcase too: a library of entries alone reads its
    # vocabularies, and every command without --library its entries.
    shipped = packaged_path("arguments")
    for folder in dict.fromkeys([lib.root, shipped]):
        root = real_path(folder)
        if real.is_relative_to(root):
            where = "is" if real == root else "is in"
            library = (
                f"the argument library at '{shown(folder)}'"
                if folder == lib.root
                else f"the argument library that ships with bizcase, at '{shown(folder)}'"
            )
            raise OutputError(
                f"'{shown(path)}' {where} {library}, which must hold only its arguments: "
                f"choose another {option}"
            )
    template = find_template(template_dirs)
    if template is not None and real == real_path(template):
        raise OutputError(
            f"'{shown(path)}' is the template the case is made from: choose another {option}"
        )


def _render(
    cases: Sequence[Case], fmt: Format, verify: bool, template_dirs: Sequence[Path | str]
) -> list[tuple[bytes, PageReport | None]]:
    """Each case as the bytes of ``fmt``, with LibreOffice's report when it rendered them.

    The documents LibreOffice must see go through as few soffice runs as may be
    (up to 100 each), and the page is proven before anything is written: a failure
    leaves nothing.
    """
    if fmt is Format.MD and not verify:
        return [(export(case, fmt, template_dirs), None) for case in cases]
    words = [export(case, Format.DOCX, template_dirs) for case in cases]
    if fmt is Format.DOCX and not verify:
        return [(word, None) for word in words]
    from bizcase.export.pdf import docx_to_pdf_many

    try:
        pdfs = docx_to_pdf_many(words)
    except ToolMissingError as error:
        # An officer whose laptop takes no new programs can still send the case.
        instead = (
            "write a Word document (.docx) instead and save it as a PDF from Word"
            if fmt is Format.PDF
            else "build without --verify"
        )
        raise ToolMissingError(f"{error.message}; or {instead}") from None
    for case, (_, report) in zip(cases, pdfs, strict=True):
        if not report.one_page:
            raise RenderError(f"{case.org_type.id}: {_not_one_page(report)}")
    results: list[tuple[bytes, PageReport | None]] = []
    for case, word, (pdf, report) in zip(cases, words, pdfs, strict=True):
        if fmt is Format.PDF:
            data = pdf
        elif fmt is Format.DOCX:
            data = word
        else:
            data = export(case, fmt, template_dirs)
        results.append((data, report))
    return results


@dataclass(frozen=True)
class CheckReport:
    """What ``bizcase check`` found in a library."""

    root: Path
    #: The files checked: the vocabulary files, then the entry files.
    files: tuple[Path, ...]
    problems: tuple[Problem, ...]
    #: The vocabulary files among them, which every entry is checked against.
    vocabularies: tuple[Path, ...] = ()

    @property
    def entries(self) -> tuple[Path, ...]:
        """The entry files checked: those the contributor asked about."""
        return tuple(path for path in self.files if path not in self.vocabularies)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop the library being used."""
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems worth fixing that do not stop a build."""
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def error_count(self) -> int:
        """How many errors were found, counting those a line stands for without listing."""
        return sum(p.count for p in self.errors)

    @property
    def warning_count(self) -> int:
        """How many warnings were found, counting those a line stands for without listing."""
        return sum(p.count for p in self.warnings)

    def passed(self, strict: bool = False) -> bool:
        """Whether the check passes: no errors, and under ``strict`` no warnings either."""
        return not (self.error_count or (strict and self.warning_count))


def check(paths: Sequence[Path | str] = (), library: Path | str | None = None) -> CheckReport:
    """Check argument files (by default the whole library) and report every problem at once."""
    from bizcase.checks import Claim, crowded_core, near_duplicates, unused_sources
    from bizcase.library import (
        entry_files,
        find_root,
        is_entry_name,
        packaged_path,
        read_library,
        real_path,
    )
    from bizcase.schema import VOCABULARY_FILES

    vocabulary_names = {name for name, _ in VOCABULARY_FILES.values()}
    paths = _as_list(paths)
    for given in paths:
        if not str(given).strip():
            # Path('') means this folder: an empty PATH must not quietly become it.
            raise OptionError(
                "PATH",
                "an empty path names no file: give an argument file or folder, or leave "
                "PATH out to check the whole library",
            )
    wanted = [Path(path) for path in paths]
    for path in wanted:
        # A broken link is there to be reported (E104), not 'missing'.
        if not (path.exists() or path.is_symlink()):
            raise OptionError("PATH", f"'{path}' does not exist")
        if not path.is_dir() and path.suffix != ".md" and path.name not in vocabulary_names:
            raise OptionError(
                "PATH",
                f"'{path}' is not an argument file: give .md files, folders of them, or a "
                f"vocabulary file ({', '.join(sorted(vocabulary_names))})",
            )
        if path.suffix == ".md" and not path.is_dir() and not is_entry_name(path.name):
            # Checked, it would pass; the library would still never read it.
            raise OptionError(
                "PATH",
                f"'{path}' is never read as an argument: the library passes over read-me files, "
                "a repository's own documents named in capitals (such as LICENSE.md or "
                "CHANGELOG.md) and files whose names start with '.' or '_' (drafts): rename it "
                "to check it",
            )
    roots = {find_root(path) for path in wanted} - {None}
    if len(roots) > 1:
        raise OptionError("PATH", "the files belong to different libraries: check one at a time")
    root = roots.pop() if roots else library
    base = real_path(Path(root)) if root is not None else real_path(packaged_path("arguments"))
    # Files outside the library are checked as if they were added to it.
    files = [
        file
        for path in wanted
        for file in (entry_files(path) if _is_folder_of_entries(path) else [path])
        if file.suffix == ".md"
    ]

    def place(path: Path) -> Path:
        # Where a file lies, not where a link in its place leads: a link in the
        # library is the library's file, and one that loops cannot be resolved.
        return real_path(path.parent) / path.name

    outside = [f for f in files if not place(f).is_relative_to(base)]
    read = read_library(root, extra=outside)
    claims = [
        Claim(entry.path, entry.lines.get("title"), entry.title, entry.summary)
        for entry in read.entries
    ]
    focus = None
    compared = None
    if wanted and not any(path.name in vocabulary_names for path in wanted):
        # A changed vocabulary can break any entry, so it means checking them all.
        focus = {place(f) for f in files}
        # Only files that read have claims; a link that loops cannot be resolved.
        compared = {real for real in map(real_path, files) if not real.is_symlink()}
    core = [(e.path, e.lines.get("core"), e.core_types) for e in read.entries if e.core]
    problems = [*read.problems, *near_duplicates(claims, focus=compared), *crowded_core(core)]
    sources = next((p for p in read.vocabularies if p.name == VOCABULARY_FILES["sources"][0]), None)
    # The whole of a library with its own list of sources: a library sharing ours
    # would otherwise hear of every source its own few entries do not use.
    if (
        focus is None
        and read.library is not None
        and sources is not None
        and place(sources).is_relative_to(base)
    ):
        cited = {entry.source for entry in read.entries}
        problems += unused_sources(sources, read.library.sources, cited)
    checked = read.vocabularies + read.files
    if focus is not None:
        # A problem in a vocabulary file touches every entry, so it is always shown.
        shown = focus | {place(path) for path in read.vocabularies}
        problems = [p for p in problems if place(p.path) in shown]
        checked = tuple(f for f in checked if place(f) in shown)
    return CheckReport(
        read.root, checked, tuple(sorted(problems, key=_problem_order)), read.vocabularies
    )


def _is_folder_of_entries(path: Path) -> bool:
    """Whether ``path`` is a folder to check the entries in, not one named as an entry file.

    A folder called 'x.md' is an entry file made wrongly, which the library reports
    (E104): named on its own, it must be reported too, not checked as an empty folder.
    """
    from bizcase.library import is_entry_name

    return path.is_dir() and not is_entry_name(path.name)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (str(problem.path), problem.line or 0, problem.code)


@dataclass(frozen=True)
class Credit:
    """One source of the library's arguments, and the people credited within it."""

    source: Source
    entries: tuple[Entry, ...]
    #: Each person or handle credited, with the ids of their entries.
    people: dict[str, tuple[str, ...]]


def credits(library: Library | Path | str | None = None) -> list[Credit]:
    """Who contributed what: every source with its entries, the most used first."""
    lib = _library(library)
    found = []
    for source in lib.sources.values():
        entries = tuple(e for e in lib.entries.values() if e.source == source.id)
        people: dict[str, list[str]] = {}
        for entry in entries:
            if entry.credit:
                people.setdefault(entry.credit, []).append(entry.id)
        found.append(Credit(source, entries, {k: tuple(v) for k, v in people.items()}))
    found.sort(key=lambda credit: -len(credit.entries))
    return found


def json_schema(library: Library | Path | str | None = None) -> dict[str, object]:
    """The JSON Schema of an entry's front matter, with this library's allowed values."""
    from bizcase import schema

    return schema.json_schema(_library(library).vocabularies)


def _not_a_document(path: Path) -> str:
    """Why a path given to verify is not a document to measure, and what to give instead."""
    if path.is_dir():
        return (
            # The pattern outside the quotes, so that the shell expands it.
            f"'{shown(path)}' is a folder: give the documents in it, such as "
            f"{as_typed(str(path))}{os.sep}*.docx"
        )
    if path.exists():
        return f"'{shown(path)}' is not a file (a device or a pipe): give the file bizcase built"
    return f"'{shown(path)}' does not exist: check the name, or build it first with bizcase build"


def verify(documents: Sequence[Path | str]) -> list[PageReport]:
    """Each document's page: Word files rendered by LibreOffice, 100 a run; PDFs as they are."""
    from bizcase.export.pdf import verify as render_and_measure

    paths = [Path(document) for document in _as_list(documents)]
    for path in paths:
        if not path.is_file():
            raise OptionError("FILE", _not_a_document(path))
        if path.suffix.lower() not in (".docx", ".pdf"):
            raise OptionError(
                "FILE", f"'{path}' is not a Word .docx file or a PDF: give the file bizcase built"
            )
    return render_and_measure(paths)
