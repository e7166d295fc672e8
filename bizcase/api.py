"""bizcase as a library: every command of the CLI is one call here.

>>> from bizcase import api
>>> case = api.build_case("health", org_name="Anytown NHS Trust")
>>> markdown = api.render_markdown(case)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from bizcase.errors import OptionError
from bizcase.library import Library, load_library
from bizcase.output import write_file
from bizcase.render import render_markdown
from bizcase.select import Case, choose

if TYPE_CHECKING:
    from bizcase.export.docx import DocumentInfo

__all__ = [
    "BuildResult",
    "Case",
    "Format",
    "build",
    "build_case",
    "default_output",
    "export",
    "load_library",
    "render_markdown",
    "resolve_format",
]


class Format(StrEnum):
    """The file formats a case can be written in."""

    MD = "md"
    DOCX = "docx"

    @property
    def extension(self) -> str:
        """The file extension, with its dot."""
        return f".{self.value}"


_EXTENSIONS = {".md": Format.MD, ".markdown": Format.MD, ".docx": Format.DOCX}


def resolve_format(fmt: str | Format | None, output: Path | None) -> Format:
    """The format asked for, or the one the output's extension names, or Word."""
    suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
    from_extension = _EXTENSIONS.get(suffix)
    if fmt is None:
        if output is not None and str(output) == "-":
            return Format.MD
        return from_extension or Format.DOCX
    try:
        chosen = Format(str(fmt.value if isinstance(fmt, Format) else fmt).lower())
    except ValueError:
        names = ", ".join(f.value for f in Format)
        raise OptionError("--format", f"unknown format '{fmt}': choose one of {names}") from None
    if chosen is Format.DOCX and output is not None and str(output) == "-":
        raise OptionError(
            "--output", "a Word document cannot be printed to the terminal: give a file name"
        )
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
    date: dt.date | None = None,
) -> Case:
    """Choose the entries for one organisation: the case, ready to render."""
    lib = library if isinstance(library, Library) else load_library(library)
    chosen_concerns = tuple(dict.fromkeys(lib.concern(name) for name in concerns))
    return choose(
        lib,
        lib.org_type(org_type),
        org_name=org_name,
        author=author,
        concerns=chosen_concerns,
        date=date,
    )


def export(case: Case, fmt: Format, template_dirs: Sequence[Path | str] = ()) -> bytes:
    """The case as the bytes of a file in ``fmt``."""
    markdown_text = render_markdown(case, template_dirs)
    if fmt is Format.MD:
        return markdown_text.encode("utf-8")
    # python-docx and lxml are heavy: import them only when a Word file is wanted.
    from bizcase.export.docx import markdown_to_docx

    return markdown_to_docx(markdown_text, document_info(case))


def document_info(case: Case) -> DocumentInfo:
    """The Word document's core properties for ``case``."""
    from bizcase.export.docx import DocumentInfo

    where = f" at {case.org_name}" if case.org_name else ""
    concerns = ", ".join(concern.label for concern in case.concerns)
    return DocumentInfo(
        title=f"Opening up social media to all staff{where}",
        subject=f"Business case for open social media access ({case.org_type.label})",
        author=case.author or "bizcase",
        keywords="; ".join(["social media", "business case", case.org_type.label]),
        comments=(
            f"Built by bizcase for {case.org_type.label}"
            + (f", answering concerns about {concerns}" if concerns else "")
            + "."
        ),
        category="Business case",
    )


def default_output(case: Case, fmt: Format) -> Path:
    """A sensible file name: the organisation's name, or its type, and the extension."""
    base = case.org_name or case.org_type.id
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60].strip("-") or "business"
    return Path(f"{slug}-social-media-case{fmt.extension}")


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and where it went."""

    case: Case
    format: Format
    data: bytes
    path: Path | None


def build(
    org_type: str,
    *,
    output: Path | str | None = None,
    fmt: Format | str | None = None,
    force: bool = False,
    library: Library | Path | str | None = None,
    org_name: str | None = None,
    author: str | None = None,
    concerns: Sequence[str] = (),
    date: dt.date | None = None,
    template_dirs: Sequence[Path | str] = (),
) -> BuildResult:
    """Build a case and write it to ``output`` (or return it only, when output is '-')."""
    out = Path(output) if output is not None else None
    chosen = resolve_format(fmt, out)
    case = build_case(
        org_type,
        library=library,
        org_name=org_name,
        author=author,
        concerns=concerns,
        date=date,
    )
    if out is None:
        out = default_output(case, chosen)
    data = export(case, chosen, template_dirs)
    if str(out) == "-":
        return BuildResult(case, chosen, data, None)
    return BuildResult(case, chosen, data, write_file(out, data, force=force))
