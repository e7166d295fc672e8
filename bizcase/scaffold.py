"""Write a new, valid argument file: what ``bizcase new`` does."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bizcase import schema
from bizcase.characters import unaccented
from bizcase.errors import InvalidEntryError, LibraryError, OptionError
from bizcase.library import (
    Library,
    environment_variable_naming,
    given_folder,
    is_entry_name,
    load_library,
)
from bizcase.output import make_folder, write_file
from bizcase.problems import display_path
from bizcase.reader import read_entry
from bizcase.text import UNHOLDABLE, xml_safe

#: Each kind of entry lives in its own sub-folder of the library.
FOLDERS = schema.FOLDERS
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


def _id_limit() -> int:
    """The longest id the schema allows, so a derived id is never cut shorter than it must be."""
    field = schema.ENTRY.field("id")
    assert field is not None
    assert field.max_length is not None
    return field.max_length


#: Derived ids stop at the schema's limit, at a word.
ID_LENGTH = _id_limit()
#: Words an id should not end on: 'staff-can-warn-of' reads as cut short.
_DANGLING = frozenset("a an and as at by for from in into of on or the to with".split())


def slug(title: str, limit: int = ID_LENGTH) -> str:
    """An id made from a title: its first lowercase words joined by hyphens, at most ``limit``."""
    # An accent goes, not its letter: 'Ynys Môn' is 'ynys-mon', not 'ynys-m-n'.
    plain = unaccented(re.sub(r"\{\{.*?\}\}", " ", title))
    words: list[str] = re.findall(r"[a-z0-9]+", plain)
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _DANGLING:
        kept.pop()
    if not kept and words:
        # One word longer than the limit: better cut than no id at all.
        return words[0][:limit]
    return "-".join(kept)


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
        root = given_folder(library, "at the top of your bizcase checkout")
        top = _library_above(root)
        if top is not None:
            # 'arguments/reasons' would take the new file to arguments/reasons/reasons/,
            # which every check accepts: the mistake would never be pointed out.
            variable = environment_variable_naming(root)
            if variable is not None:
                raise LibraryError(
                    f"{variable} is set to '{root}', a folder inside the library, not the "
                    f"library itself (it has no {_TYPES_FILE}), so the new file would go a "
                    f"folder too deep: set {variable} to {shlex.quote(top)}."
                )
            raise OptionError(
                "--library",
                f"'{root}' is a folder inside the library, not the library itself (it has no "
                f"{_TYPES_FILE}), so the new file would go a folder too deep: use --library "
                f"{shlex.quote(top)}",
            )
        return root
    here = Path("arguments")
    if (here / "org-types.yaml").is_file():
        return here
    raise OptionError(
        "--library",
        "no library here: run bizcase new at the top of your bizcase checkout (beside "
        "'arguments'), or pass --library DIR",
    )


#: The vocabulary every library of its own holds, marking the top of the library.
_TYPES_FILE = schema.VOCABULARY_FILES["org_types"][0]


def _library_above(folder: Path) -> str | None:
    """The library that ``folder`` lies inside, as it should be given, when it is not one itself.

    A folder of entries alone, outside any library, is a private library of its own.
    """
    if not folder.is_dir() or (folder / _TYPES_FILE).is_file():
        return None
    here = Path(os.path.abspath(folder))
    above = next((parent for parent in here.parents if (parent / _TYPES_FILE).is_file()), None)
    if above is None and here.name in FOLDERS.values():
        above = here.parent  # a kind's folder, even of a library that has no vocabularies
    if above is None:
        return None
    return str(above) if folder.is_absolute() else os.path.relpath(above)


def org_type_ids(values: Iterable[str], library: Library) -> list[str]:
    """The ids the values name, an alias ('council') becoming its id; unknown values kept."""
    found: list[str] = []
    for value in values:
        if schema.normal_name(value) == schema.ALL:
            match = schema.ALL
        else:
            try:
                match = library.org_type(value).id
            except OptionError:
                match = value  # reported by check_entry, with the closest it knows
        if match not in found:
            found.append(match)
    return found


def concern_ids(values: Iterable[str], library: Library) -> list[str]:
    """The concern ids the values name; unknown values kept, to be reported."""
    found: list[str] = []
    for value in values:
        try:
            match = library.concern(value).id
        except OptionError:
            match = value
        if match not in found:
            found.append(match)
    return found


#: Text that passes every check, standing in for fields not given yet, so that
#: one answer can be checked as soon as it is typed.
_STAND_INS: dict[str, Any] = {
    "id": "new-argument",
    "kind": "reason",
    "title": "Staff can answer questions where people ask them",
    "summary": "Staff who can see social media answer questions in the places people ask them.",
    "org_types": [schema.ALL],
    "strength": 3,
}
_STAND_IN_BODY = "Staff answer questions on social media every day."
#: Codes check_field reports already, in the option's own words.
_FIELD_CODES = frozenset(
    {"E110", "E111", "E112", "E113", "E114", "E115", "E116", "E117", "E120", "E134"}
)
_ORDER = [*OPTIONS.values(), "--body"]
#: The lists whose unknown values the library explains itself, with the closest it knows.
_LOOKUPS = {"org_types": "org_type", "concerns": "concern"}


def _with_own_example(field: schema.Field, typed: Any, message: str) -> str:
    """An id's message with the id the officer meant as its example, when one can be made."""
    if not isinstance(typed, str) or not message.startswith(f"'{typed}' is not valid: "):
        return message
    # 'x.md' or 'Spot Complaints': the id they meant is plain to see, so say it.
    meant = schema.as_id(typed.strip().removesuffix(".md"))
    if not meant or schema.check_field(field, meant, {}):
        return message
    extension = ", without '.md'" if typed.strip().endswith(".md") else ""
    return f"'{typed}' is not valid: use {schema.ID_RULE}{extension}, such as '{meant}'"


def check_entry(
    library: Library, fields: Mapping[str, Any], body: str | None = None
) -> list[tuple[str, str]]:
    """Every error ``bizcase check`` would find in an entry, each named by the option that sets it.

    Fields left out of ``fields`` (and the body, when None) are filled in with text
    that passes, and are not reported: so a single answer can be checked on its own.
    """
    vocabularies = library.vocabularies
    given = {name: value for name, value in fields.items() if value is not None}
    stand_ins = dict(_STAND_INS)
    stand_ins["concerns"] = list(library.concerns)[:1]
    stand_ins["source"] = schema.OWN_IDEA if schema.OWN_IDEA in library.sources else None
    stand_ins["source"] = stand_ins["source"] or next(iter(library.sources), None)
    whole = {**stand_ins, **given}
    text_body = _STAND_IN_BODY if body is None else body
    wrong: list[tuple[str, str]] = []
    for field in schema.ENTRY.fields:
        if field.name in given:
            for message in schema.check_field(field, given[field.name], vocabularies):
                if field.name in _LOOKUPS and message.startswith("has unknown value "):
                    continue  # said below as 'bizcase build' says it, aliases and all
                if field.name == "id":
                    message = _with_own_example(field, given["id"], message)
                wrong.append((OPTIONS[field.name], message))
    for name, lookup in _LOOKUPS.items():
        values = given.get(name)
        for value in values if isinstance(values, list) else ():
            if isinstance(value, str) and value != schema.ALL:
                try:
                    getattr(library, lookup)(value)
                except OptionError as error:
                    wrong.append((OPTIONS[name], error.message.removeprefix(f"{OPTIONS[name]}: ")))
    entry_id = given.get("id")
    if isinstance(entry_id, str) and schema.is_id(entry_id) and not is_entry_name(f"{entry_id}.md"):
        # A valid id, but the library would never read its file, nor say so.
        wrong.append(
            (
                "--id",
                f"'{entry_id}' would name the file {entry_id}.md, which bizcase takes for a "
                "read-me and never reads as an argument: choose another id",
            )
        )
    # The file would be refused for these characters; the rest is checked as if they
    # were gone, as 'bizcase check' does.
    texts = [(OPTIONS[name], value) for name, value in given.items() if isinstance(value, str)]
    if body is not None:
        texts.append(("--body", body))
    for option, value in texts:
        match = UNHOLDABLE.search(value)
        if match:
            wrong.append(
                (
                    option,
                    f"holds U+{ord(match.group()):04X} (character {match.start() + 1}), a control "
                    "character a Word document cannot hold: delete it (it is often pasted in "
                    "invisibly from another document)",
                )
            )
    for option, value in texts:
        if option != "--body" and "\n" in value.strip():
            # YAML would keep the break, and the page would print it mid-line.
            wrong.append((option, "runs over more than one line: write it on one line"))
    if body is not None and not body.strip():
        wrong.append(("--body", "is empty: write a few sentences that back the claim"))
    clean = {
        name: xml_safe(value) if isinstance(value, str) else value for name, value in whole.items()
    }
    if not (isinstance(clean.get("id"), str) and schema.is_id(clean["id"])):
        clean["id"] = _STAND_INS["id"]
    kind = clean.get("kind") if clean.get("kind") in FOLDERS else "reason"
    text = entry_text(clean, xml_safe(text_body), "../" + schema.SCHEMA_FILE)
    path = library.root / FOLDERS[str(kind)] / f"{clean['id']}.md"
    _, problems = read_entry(path, vocabularies, text.encode("utf-8"))
    owners, body_line = _owners(text)
    for problem in problems:
        if not problem.is_error or problem.code in ("E130", "E131"):
            continue
        line = problem.line or 1
        owner = "--body" if line >= body_line else owners.get(line)
        if owner == "--body":
            if body is None:
                continue  # the stand-in body
        elif owner is None or problem.code in _FIELD_CODES or _field_of(owner) not in given:
            continue
        message = problem.message.removeprefix("the body ")
        if owner == "--body" and "\n" in text_body.strip():
            message = f"line {line - body_line + 1}: {message}"
        wrong.append((owner, message))
    unique = list(dict.fromkeys(wrong))
    return sorted(unique, key=lambda item: _ORDER.index(item[0]))


def _field_of(option: str) -> str:
    return next(name for name, flag in OPTIONS.items() if flag == option)


def _owners(text: str) -> tuple[dict[int, str], int]:
    """The option behind each line of the front matter, and the body's first line."""
    owners: dict[int, str] = {}
    current: str | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if line == "---":
            return owners, number + 1
        name = line.split(":", 1)[0]
        if name in OPTIONS and not line.startswith(" "):
            current = OPTIONS[name]
        if current is not None:
            # A value YAML folds onto more lines stays with its field.
            owners[number] = current
    return owners, len(lines) + 1


def new_entry(
    *,
    kind: str,
    title: str,
    summary: str,
    body: str,
    org_types: Sequence[str] = (schema.ALL,),
    concerns: Sequence[str] = (),
    strength: int = 3,
    source: str = schema.OWN_IDEA,
    credit: str | None = None,
    entry_id: str | None = None,
    library: Library | Path | str | None = None,
) -> Path:
    """Write a new entry to the library, refusing anything invalid or already there.

    The entry is checked as ``bizcase check`` would check its file before anything
    is written: on any error, :class:`InvalidEntryError` names each option to fix.
    """
    if isinstance(library, Library):
        lib, root = library, library.root
    else:
        root = target_library(library)
        lib = load_library(root, empty_ok=True)
    derived = slug(title) if entry_id is None else entry_id
    fields: dict[str, Any] = {
        "id": derived or None,
        # 'reasons' is 'reason', as on the command line; anything else is checked below.
        "kind": schema.kind_meant(kind) or kind,
        "title": title.strip(),
        "summary": summary.strip(),
        "org_types": org_type_ids(org_types, lib) or [schema.ALL],
        "concerns": concern_ids(concerns, lib),
        "strength": strength,
        "source": source,
        "credit": credit.strip() if credit and credit.strip() else None,
    }
    wrong = check_entry(lib, fields, body)
    if not derived:
        if entry_id is None:
            problem = "has no letters or digits to make an id from: add some, or give --id"
            wrong.insert(0, ("--title", problem))
        else:
            wrong.insert(0, ("--id", f"is empty: use {schema.ID_HINT}"))
    if wrong:
        # Every mistake at once, one per line, each naming its option.
        raise InvalidEntryError(wrong)
    if fields["id"] in lib.entries:
        raise LibraryError(
            f"an entry with id '{fields['id']}' already exists: "
            f"{display_path(lib.entries[fields['id']].path)}; improve it, or choose another "
            "title or --id"
        )
    folder = root / FOLDERS[fields["kind"]]
    # A library that cannot be written to is the one to change: another --id would not help.
    make_folder(folder, "--library")
    path = folder / f"{fields['id']}.md"
    schema_path = Path(os.path.relpath(root / schema.SCHEMA_FILE, folder)).as_posix()
    write_file(path, entry_text(fields, body, schema_path).encode("utf-8"), option="--library")
    return path
