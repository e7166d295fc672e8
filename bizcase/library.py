"""Load the argument library: entries with their line numbers, and its vocabularies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bizcase import checks, schema
from bizcase.errors import LibraryError, OptionError, UnknownEntryError
from bizcase.problems import Problem, display_path
from bizcase.text import placeholder_problem

#: The C parser is many times faster on large libraries; fall back when absent.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LIBRARY_ENV = "BIZCASE_LIBRARY"
_PACKAGE_DIR = Path(__file__).resolve().parent


def packaged_path(name: str) -> Path:
    """The folder ``name`` ('arguments' or 'templates') that ships with bizcase."""
    # An installed wheel carries the folders in bizcase/_data; a source checkout
    # keeps them at the top of the repository.
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise LibraryError(f"bizcase is installed without its '{name}' folder: reinstall it.")


@dataclass(frozen=True)
class OrgType:
    """A kind of organisation a case is built for, and the words its page uses."""

    id: str
    label: str
    audience: str
    organisation: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concern:
    """A fear or goal of senior management that entries answer."""

    id: str
    label: str
    question: str


@dataclass(frozen=True)
class Source:
    """Where arguments came from, for the credit line."""

    id: str
    title: str
    author: str
    short: str
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Entry:
    """One argument: a reason the ban should go, or a safeguard against its risks."""

    id: str
    kind: str
    title: str
    summary: str
    org_types: tuple[str, ...]
    concerns: tuple[str, ...]
    strength: int
    source: str
    body: str
    path: Path
    credit: str | None = None
    #: The line of each front-matter key in the file, for precise messages.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    body_line: int = 1

    def applies_to(self, org_type: str) -> bool:
        """Whether the entry belongs in a case for ``org_type``."""
        return schema.ALL in self.org_types or org_type in self.org_types

    @property
    def is_specific(self) -> bool:
        """Whether the entry was written for particular organisation types."""
        return schema.ALL not in self.org_types

    def front_matter(self) -> dict[str, Any]:
        """The entry's fields under their front-matter names, plus its body."""
        data: dict[str, Any] = {}
        for name in schema.ENTRY.names:
            value = getattr(self, name)
            if value is None:
                continue
            data[name] = list(value) if isinstance(value, tuple) else value
        data["body"] = self.body
        return data


@dataclass(frozen=True)
class Library:
    """Every entry of a library, with the vocabularies they draw on."""

    root: Path
    entries: Mapping[str, Entry]
    org_types: Mapping[str, OrgType]
    concerns: Mapping[str, Concern]
    sources: Mapping[str, Source]

    def org_type(self, name: str, option: str = "--org-type") -> OrgType:
        """The organisation type called ``name`` (an id or an alias)."""
        wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
        for org_type in self.org_types.values():
            if wanted == org_type.id or wanted in org_type.aliases:
                return org_type
        names = list(self.org_types)
        aliases = [alias for org_type in self.org_types.values() for alias in org_type.aliases]
        suggestion = schema.closest(wanted, names + aliases)
        hint = ""
        if suggestion:
            hint = f" Did you mean '{self.org_type(suggestion).id}'?"
        raise OptionError(
            option,
            f"unknown organisation type '{name}'.{hint} Choose one of: {', '.join(names)} "
            "(bizcase org-types lists them).",
        )

    def concern(self, name: str, option: str = "--concern") -> Concern:
        """The concern called ``name``."""
        wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
        if wanted in self.concerns:
            return self.concerns[wanted]
        names = list(self.concerns)
        suggestion = schema.closest(wanted, names)
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        raise OptionError(
            option,
            f"unknown concern '{name}'.{hint} Choose from: {', '.join(names)} "
            "(bizcase concerns lists them).",
        )

    def entry(self, entry_id: str) -> Entry:
        """The entry with id ``entry_id``."""
        if entry_id in self.entries:
            return self.entries[entry_id]
        raise UnknownEntryError(self.unknown_entry(entry_id))

    def unknown_entry(self, entry_id: str) -> str:
        """Why ``entry_id`` names nothing here, with the closest id that does."""
        suggestion = schema.closest(entry_id, list(self.entries))
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        return (
            f"no entry '{entry_id}' in the library at {self.root}.{hint} "
            "Run 'bizcase list' to see every id."
        )

    def select(self, org_type: str | None = None, kind: str | None = None) -> list[Entry]:
        """The entries for ``org_type`` and of ``kind`` (either may be None for all)."""
        return [
            entry
            for entry in self.entries.values()
            if (org_type is None or entry.applies_to(org_type))
            and (kind is None or entry.kind == kind)
        ]


# --------------------------------------------------------------------------- reading


def load_library(root: Path | str | None = None) -> Library:
    """Load the library at ``root`` (the packaged one by default), or raise LibraryError."""
    read = read_library(root)
    errors = [problem for problem in read.problems if problem.is_error]
    if errors or read.library is None:
        raise LibraryError.from_problems(errors, f"the library at {read.root}")
    return read.library


@dataclass(frozen=True)
class LibraryRead:
    """Everything reading a library found: the library itself only when it has no errors."""

    root: Path
    #: The vocabulary files used (the library's own, or the packaged ones).
    vocabularies: tuple[Path, ...]
    #: The entry files read.
    files: tuple[Path, ...]
    #: The entries that read without errors, one per id.
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    library: Library | None


def read_library(root: Path | str | None = None, extra: Sequence[Path] = ()) -> LibraryRead:
    """Read every file of the library (and ``extra`` entry files), collecting every problem."""
    base = _library_root(root)
    if not base.exists():
        raise LibraryError(
            f"the library folder '{base}' does not exist: pass --library with a folder of "
            "argument files, or leave it out to use the library that ships with bizcase."
        )
    if not base.is_dir():
        raise LibraryError(f"the library '{base}' is a file, not a folder: pass its folder.")

    problems: list[Problem] = []
    read: list[Path] = []
    vocab_records: dict[str, list[dict[str, Any]]] = {}
    for key, (filename, record_schema) in schema.VOCABULARY_FILES.items():
        path = base / filename
        if not path.is_file():
            # A private library may hold only entries; it shares our vocabularies.
            path = packaged_path("arguments") / filename
        records, found = _read_vocabulary(path, record_schema)
        vocab_records[key] = records
        problems.extend(found)
        read.append(path)

    vocabularies = {key: [r["id"] for r in records] for key, records in vocab_records.items()}
    entries: dict[str, Entry] = {}
    files = list(entry_files(base)) + [path for path in extra if path not in read]
    if not files:
        raise LibraryError(
            f"the library folder '{base}' has no argument files: add .md files to it, "
            "or leave out --library to use the library that ships with bizcase."
        )
    for path in files:
        entry, found = read_entry(path, vocabularies)
        problems.extend(found)
        if entry is None:
            continue
        if entry.id in entries:
            problems.append(
                Problem(
                    path,
                    entry.lines.get("id"),
                    "E121",
                    f"id '{entry.id}' is already used by {display_path(entries[entry.id].path)}: "
                    "choose another id and rename this file to match",
                )
            )
            continue
        entries[entry.id] = entry

    library = None
    if not any(problem.is_error for problem in problems):
        library = Library(
            root=base,
            entries=dict(sorted(entries.items())),
            org_types={r["id"]: _org_type(r) for r in vocab_records["org_types"]},
            concerns={
                r["id"]: Concern(r["id"], r["label"], r["question"])
                for r in vocab_records["concerns"]
            },
            sources={r["id"]: _source(r) for r in vocab_records["sources"]},
        )
    return LibraryRead(
        root=base,
        vocabularies=tuple(read),
        files=tuple(files),
        entries=tuple(entries.values()),
        problems=tuple(problems),
        library=library,
    )


def find_root(path: Path) -> Path | None:
    """The library a file or folder belongs to: the nearest folder with its vocabularies."""
    names = [filename for filename, _ in schema.VOCABULARY_FILES.values()]
    start = path.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if any((folder / name).is_file() for name in names):
            return folder
    return None


def _library_root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else packaged_path("arguments")


def entry_files(base: Path) -> Iterator[Path]:
    """Every entry file under ``base``, in a stable order."""
    for path in sorted(base.rglob("*.md")):
        relative = path.relative_to(base)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        if path.name.lower() == "readme.md" or not path.is_file():
            continue
        yield path


def _org_type(record: Mapping[str, Any]) -> OrgType:
    return OrgType(
        id=record["id"],
        label=record["label"],
        audience=record["audience"],
        organisation=record["organisation"],
        description=record.get("description") or "",
        aliases=tuple(record.get("aliases") or ()),
    )


def _source(record: Mapping[str, Any]) -> Source:
    return Source(
        id=record["id"],
        title=record["title"],
        author=record["author"],
        short=record["short"],
        publisher=record.get("publisher"),
        year=record.get("year"),
        url=record.get("url"),
    )


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying where it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "E103",
                "the file is not UTF-8 text: save it as UTF-8 in your editor",
            )
        ]


def parse_yaml(
    text: str, path: Path, line_offset: int = 0
) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML safely, keeping its nodes for line numbers; report syntax errors."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = _explain_yaml(error.problem or error.context or "invalid YAML")
        return None, None, [Problem(path, line, "E101", f"YAML syntax error: {what}")]
    except yaml.YAMLError as error:
        return (
            None,
            None,
            [Problem(path, line_offset + 1 or None, "E101", f"YAML syntax error: {error}")],
        )
    except RecursionError:
        deep = "YAML syntax error: the values are nested too deeply"
        return None, None, [Problem(path, line_offset + 1, "E101", deep)]
    finally:
        loader.dispose()
    return data, node, []


def _explain_yaml(problem: str) -> str:
    """YAML's complaint in plain words, the same from the C and the Python parser."""
    if "mapping values are not allowed" in problem:
        return "a value contains ': '; put the whole text in double quotes"
    if "could not determine a constructor" in problem:
        tag = problem.rsplit(" ", 1)[-1]
        return f"the tag {tag} is not allowed; write plain text, numbers and lists"
    if "found character '\\t'" in problem or "found a tab character" in problem:
        return "a tab character; indent with spaces, not tabs"
    return problem


def _key_lines(
    node: yaml.Node | None, line_offset: int
) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Map each key of a mapping node to its line; also list keys that repeat."""
    lines: dict[str, int] = {}
    repeats: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1 + line_offset
            if key in lines:
                repeats.append((key, line))
            else:
                lines[key] = line
    return lines, repeats


def _read_vocabulary(
    path: Path, record_schema: schema.Schema
) -> tuple[list[dict[str, Any]], list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return [], problems
    data, node, problems = parse_yaml(text, path)
    if problems:
        return [], problems
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return [], [Problem(path, 1, "E102", f"must be a list of {record_schema.name} records")]
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    path, line, "E112", f"each {record_schema.name} must be a mapping of fields"
                )
            )
            continue
        lines, repeats = _key_lines(item_node, 0)
        problems.extend(_repeat_problems(path, repeats))
        found = schema.validate(
            item, record_schema, path=path, lines=lines, line=line, vocabularies={}
        )
        problems.extend(found)
        if found:
            continue
        if item["id"] in seen:
            problems.append(
                Problem(path, lines["id"], "E121", f"id '{item['id']}' is listed twice")
            )
            continue
        seen.add(item["id"])
        records.append(item)
    return records, problems


def _repeat_problems(path: Path, repeats: Iterable[tuple[str, int]]) -> list[Problem]:
    return [
        Problem(path, line, "E117", f"field '{key}' appears twice: keep one")
        for key, line in repeats
    ]


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a file into its front matter, its body and the body's first line."""
    # Lines end at '\n' only, as editors count them: not at form feeds or U+2028.
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            return front, "\n".join(lines[index + 1 :]), index + 2
    return None


def read_entry(
    path: Path, vocabularies: Mapping[str, Sequence[str]]
) -> tuple[Entry | None, list[Problem]]:
    """Read and check one entry file: the entry, if it has no errors, and every problem."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    unholdable = checks.control_characters(path, text)
    if unholdable:
        # Report them, then check the rest as if they were gone.
        text = checks.without_control_characters(text)
    entry, found = _read_entry_text(path, text, vocabularies)
    problems = unholdable + found
    if any(problem.is_error for problem in problems):
        return None, problems
    return entry, problems


def _read_entry_text(
    path: Path, text: str, vocabularies: Mapping[str, Sequence[str]]
) -> tuple[Entry | None, list[Problem]]:
    parts = split_front_matter(text)
    if parts is None and text.split("\n", 1)[0].rstrip() == "---":
        return None, [
            Problem(
                path,
                1,
                "E102",
                "the front matter is not closed: add a line '---' after the last field "
                "(is the file cut short?)",
            )
        ]
    if parts is None:
        return None, [
            Problem(
                path,
                1,
                "E102",
                "no front matter: the file must start with a '---' line, then the fields, "
                "then another '---' line (see CONTRIBUTING.md)",
            )
        ]
    front, body, body_line = parts
    # Front matter starts on the file's second line.
    data, node, problems = parse_yaml(front, path, line_offset=1)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            Problem(path, 2, "E102", "the front matter must be fields written as 'name: value'")
        ]
    lines, repeats = _key_lines(node, 1)
    problems = _repeat_problems(path, repeats)
    problems += schema.validate(
        data, schema.ENTRY, path=path, lines=lines, line=2, vocabularies=vocabularies
    )
    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(
            Problem(
                path,
                lines.get("id"),
                "E120",
                f"id '{data['id']}' does not match the file name '{path.name}': "
                f"set id to '{path.stem}' or rename the file to '{data['id']}.md'",
            )
        )
    problems += checks.control_characters_in_values(path, data, lines)
    if not body.strip():
        problems.append(
            Problem(
                path,
                body_line,
                "E130",
                "the body is empty: after the closing '---', write a few sentences "
                "that back the claim",
            )
        )
    elif len(body) > schema.BODY_MAX:
        problems.append(
            Problem(
                path,
                body_line,
                "E114",
                f"the body is {len(body):,} characters; the limit is {schema.BODY_MAX:,}: keep "
                "it to a few short paragraphs",
            )
        )
    texts = [(data.get(key), lines.get(key)) for key in ("title", "summary")]
    texts.append((body, body_line))
    for value, line in texts:
        if not isinstance(value, str):
            continue
        why = placeholder_problem(value)
        if why:
            problems.append(Problem(path, line, "E133", why))
        # A value on one line: its links are reported on that line.
        problems += checks.broken_links(path, value, line or 1)
        problems += checks.raw_html(path, value, line or 1)
    problems += checks.style(path, data, lines, body, body_line)
    if any(problem.is_error for problem in problems):
        return None, problems
    entry = Entry(
        id=data["id"],
        kind=data["kind"],
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        org_types=tuple(data["org_types"]),
        concerns=tuple(data["concerns"]),
        strength=data["strength"],
        source=data["source"],
        credit=data.get("credit"),
        body=body.strip() + "\n",
        path=path,
        lines=lines,
        body_line=body_line,
    )
    return entry, problems
