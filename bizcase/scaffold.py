"""Write a new, valid argument file: what ``bizcase new`` does."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bizcase import schema
from bizcase.errors import LibraryError, OptionError
from bizcase.library import Library, load_library
from bizcase.output import write_file
from bizcase.problems import display_path

#: Each kind of entry lives in its own sub-folder of the library.
FOLDERS = {"reason": "reasons", "safeguard": "safeguards"}
#: The option of ``bizcase new`` that sets each field.
OPTIONS = {
    "id": "--id",
    "kind": "--kind",
    "title": "--title",
    "summary": "--summary",
    "org_types": "--org-type",
    "concerns": "--concern",
    "strength": "--strength",
    "source": "--source",
    "credit": "--credit",
}


def slug(title: str) -> str:
    """An id made from a title: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"\{\{.*?\}\}", " ", title.lower()))
    text = "-".join(words)
    while len(text) > 60 and "-" in text:
        text = text.rsplit("-", 1)[0]
    return text[:60]


def _scalar(value: Any) -> str:
    """A YAML scalar or flow list, quoted only where YAML needs it."""
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n...\n").strip()


def entry_text(fields: dict[str, Any], body: str, schema_path: str) -> str:
    """The whole file of an entry: modeline, front matter in schema order, body."""
    lines = ["---", schema.MODELINE.format(path=schema_path)]
    for name in schema.ENTRY.names:
        if fields.get(name) not in (None, "", []):
            lines.append(f"{name}: {_scalar(fields[name])}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body.strip() + "\n"


def target_library(library: Path | str | None) -> Path:
    """Where new entries go: --library, or the arguments folder of this checkout."""
    if library is not None:
        return Path(library)
    here = Path("arguments")
    if (here / "org-types.yaml").is_file():
        return here
    raise OptionError(
        "--library",
        "no library here: run bizcase new at the top of your bizcase checkout (beside "
        "'arguments'), or pass --library DIR",
    )


def new_entry(
    *,
    kind: str,
    title: str,
    summary: str,
    body: str,
    org_types: Sequence[str] = (schema.ALL,),
    concerns: Sequence[str] = (),
    strength: int = 3,
    source: str = "contributors",
    credit: str | None = None,
    entry_id: str | None = None,
    library: Library | Path | str | None = None,
) -> Path:
    """Write a new entry to the library, refusing anything invalid or already there."""
    if isinstance(library, Library):
        lib, root = library, library.root
    else:
        root = target_library(library)
        lib = load_library(root)
    fields: dict[str, Any] = {
        "id": entry_id or slug(title),
        "kind": kind,
        "title": title.strip(),
        "summary": summary.strip(),
        "org_types": list(org_types) or [schema.ALL],
        "concerns": list(concerns),
        "strength": strength,
        "source": source,
        "credit": credit.strip() if credit and credit.strip() else None,
    }
    vocabularies = lib.vocabularies
    wrong = [
        (OPTIONS[field.name], message)
        for field in schema.ENTRY.fields
        if fields[field.name] is not None
        for message in schema.check_field(field, fields[field.name], vocabularies)
    ]
    if not body.strip():
        wrong.append(("--body", "is empty: write a few sentences that back the claim"))
    if wrong:
        # Every mistake at once, one per line, each naming its option.
        option, message = wrong[0]
        raise OptionError(option, "\n".join([message] + [f"{o}: {m}" for o, m in wrong[1:]]))
    if fields["id"] in lib.entries:
        raise LibraryError(
            f"an entry with id '{fields['id']}' already exists: "
            f"{display_path(lib.entries[fields['id']].path)}; improve it, or choose another "
            "title or --id"
        )
    folder = root / FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fields['id']}.md"
    schema_path = Path(os.path.relpath(root / schema.SCHEMA_FILE, folder)).as_posix()
    write_file(path, entry_text(fields, body, schema_path).encode("utf-8"))
    return path
