"""Read argument and vocabulary files: YAML front matter with line numbers, and every check.

Only a file the cache has not seen is read here, so a warm run of a large
library never imports YAML or the lint rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bizcase import checks, schema
from bizcase.library import Entry, read_file
from bizcase.problems import Problem
from bizcase.text import placeholder_problem, xml_safe

#: The C parser is many times faster on large libraries; fall back when absent.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: libyaml counts a reader error's position in UTF-8 bytes, the Python parser in characters.
_COUNTS_BYTES = _Loader is not yaml.SafeLoader
#: libyaml nests on the C stack, and crashes the whole process at some tens of
#: thousands of levels; YAML that might nest deeper than this goes to the Python
#: parser, which stops at its recursion limit with an error bizcase can report.
_C_DEPTH_LIMIT = 2000
_INDENT = re.compile(r"^ +", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """More levels than ``text`` can nest: each needs a bracket, a '- ' or '? ', or an indent."""
    openers = sum(map(text.count, ("[", "{", "- ", "-\t", "? ")))
    indent = max(map(len, _INDENT.findall(text)), default=0)
    return openers + indent + 1


def read_text(path: Path, raw: bytes | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying where it is not UTF-8 (or why it cannot be read)."""
    if raw is None:
        read = read_file(path)
        if isinstance(read, Problem):
            return None, [read]
        raw = read
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
    text: str, path: Path, line_offset: int = 0, *, flat: bool = False
) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML safely, keeping its nodes for line numbers; report syntax errors.

    ``flat`` YAML (an entry's front matter) has every field at the start of its line.
    """
    loader = None
    counts_bytes = _COUNTS_BYTES
    try:
        # The Python parser checks every character as it starts, libyaml as it reads.
        if _depth_bound(text) > _C_DEPTH_LIMIT:
            loader, counts_bytes = yaml.SafeLoader(text), False
        else:
            loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        stray = _first_stray_line(text) if flat else None
        if stray is not None and (mark is None or stray <= mark.line):
            # YAML stops a line or two later; the line to fix is the one that is not a field.
            return None, None, [Problem(path, stray + 1 + line_offset, "E101", _STRAY)]
        line = mark.line + 1 + line_offset if mark else None
        source = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        what = _explain_yaml(error.problem or error.context or "invalid YAML", source, flat)
        return None, None, [Problem(path, line, "E101", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as error:
        return None, None, [_reader_problem(text, path, line_offset, error, counts_bytes)]
    except yaml.YAMLError as error:
        # Whatever else YAML says, on one line as every problem is.
        what = " ".join(str(error).split())
        return None, None, [Problem(path, line_offset + 1, "E101", f"YAML syntax error: {what}")]
    except RecursionError:
        deep = "YAML syntax error: the values are nested too deeply"
        return None, None, [Problem(path, line_offset + 1, "E101", deep)]
    finally:
        if loader is not None:
            loader.dispose()
    return data, node, []


def _reader_problem(
    text: str,
    path: Path,
    line_offset: int,
    error: yaml.reader.ReaderError,
    counts_bytes: bool = _COUNTS_BYTES,
) -> Problem:
    """A character YAML refuses to read, at its own line and column."""
    offset = max(0, min(error.position, len(text)))
    if counts_bytes:
        offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
    start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset) + 1 + line_offset
    character = error.character
    if isinstance(character, int):
        what = f"U+{character:04X}"
    else:
        what = f"U+{ord(text[offset]):04X}" if offset < len(text) else "a character"
    return Problem(
        path,
        line,
        "E101",
        f"YAML syntax error: column {offset - start + 1} holds {what}, a character YAML does "
        "not allow: delete it (it is often pasted in invisibly from another document)",
    )


# 'name: value' as a field of the front matter starts.
_FIELD_LINE = re.compile(r"[A-Za-z_][\w-]*\s*:(?:\s|$)")


_STRAY = (
    "YAML syntax error: this line is not a field ('name: value'): if the body starts here, "
    "put a '---' line before it to close the front matter"
)


def _first_stray_line(text: str) -> int | None:
    """The index of the first line of flat front matter that cannot be part of a field."""
    for index, line in enumerate(text.split("\n")):
        if not line.strip() or line[0] in " \t#-" or _FIELD_LINE.match(line):
            continue
        if line.rstrip().endswith((",", "]", "}")):
            continue  # the rest of a list or mapping written across lines
        return index
    return None


def _explain_yaml(problem: str, line: str = "", flat: bool = False) -> str:
    """YAML's complaint in plain words, the same from the C and the Python parser.

    ``line`` is the text of the line YAML stopped at: the usual mistakes (a tab,
    a field indented by a space) show there more plainly than in YAML's words.
    """
    if "\t" in line[: len(line) - len(line.lstrip())] or (
        "\t" in line and "cannot start any token" in problem
    ):
        return "a tab character; indent with spaces, not tabs"
    if flat and line[:1] == " " and _FIELD_LINE.match(line.lstrip()):
        return (
            f"'{line.strip().split(':', 1)[0]}' is indented: start each field at the beginning "
            "of its line"
        )
    if flat and ("did not find expected key" in problem or "expected <block end>" in problem):
        return (
            "the indentation is uneven: start each field at the beginning of its line, and "
            "indent list items ('- ...') by the same number of spaces"
        )
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


def read_vocabulary(
    path: Path, record_schema: schema.Schema, raw: bytes | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read and check one vocabulary file: its records, and every problem."""
    text, problems = read_text(path, raw)
    if text is None:
        return [], problems
    # Labels reach the terminal and the page, as entries' text does: the same
    # characters are refused, and the rest is checked as if they were gone.
    problems = checks.control_characters(path, text)
    if problems:
        text = xml_safe(text)
    data, node, found = parse_yaml(text, path)
    if found:
        return [], problems + found
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(path, 1, "E102", f"must be a list of {record_schema.name} records"))
        return [], problems
    if not data:
        problems.append(
            Problem(path, 1, "E102", f"lists no {record_schema.name}s: add at least one")
        )
        return [], problems
    checked: list[tuple[dict[str, Any], dict[str, int]]] = []
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
        found += checks.control_characters_in_values(path, item, lines)
        problems.extend(found)
        if found:
            continue
        if item["id"] in seen:
            problems.append(
                Problem(path, lines["id"], "E121", f"id '{item['id']}' is listed twice")
            )
            continue
        seen.add(item["id"])
        checked.append((item, lines))
    clashes = _name_clashes(checked, record_schema)
    for item, lines in checked:
        if item["id"] in clashes:
            problems.append(
                Problem(path, lines.get("aliases", lines["id"]), "E121", clashes[item["id"]])
            )
    records = [item for item, _ in checked if item["id"] not in clashes]
    return records, problems


def _name_clashes(
    checked: Sequence[tuple[dict[str, Any], dict[str, int]]], record_schema: schema.Schema
) -> dict[str, str]:
    """For each record with a name that would stand for two records, why."""
    # An officer types any of a record's names: each must lead to one record only.
    ids = {schema.normal_name(item["id"]) for item, _ in checked}
    owner = {schema.normal_name(item["id"]): item["id"] for item, _ in checked}
    clashes: dict[str, str] = {}
    for item, _ in checked:
        for name in (item["id"], *item.get("aliases", ())):
            typed = schema.normal_name(name)
            if record_schema is schema.ORG_TYPE and typed == schema.ALL:
                clashes[item["id"]] = (
                    f"'{name}' is reserved: it means every organisation type; remove it"
                )
            elif owner.setdefault(typed, item["id"]) != item["id"]:
                whose = (
                    "the id of another"
                    if typed in ids
                    else f"already a name for '{owner[typed]}', another"
                )
                clashes[item["id"]] = (
                    f"'{name}' is {whose} {record_schema.name}: give each name to one "
                    f"{record_schema.name} only"
                )
    return clashes


def _repeat_problems(path: Path, repeats: Iterable[tuple[str, int]]) -> list[Problem]:
    return [
        Problem(path, line, "E117", f"field '{key}' appears twice: keep one")
        for key, line in repeats
    ]


def _without_unchecked(
    problems: list[Problem], vocabularies: Mapping[str, Sequence[str]]
) -> list[Problem]:
    """Leave out unknown values of a vocabulary not given (it has errors of its own)."""
    # The vocabulary's own error is reported; an entry's value it fails to list
    # says nothing more, and in every entry would bury that one error.
    unchecked = tuple(
        f"'{field.name}' has unknown value "
        for field in schema.ENTRY.fields
        if isinstance(field.choices, str) and field.choices not in vocabularies
    )
    if not unchecked:
        return problems
    return [p for p in problems if not (p.code == "E113" and p.message.startswith(unchecked))]


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


def read_entries(
    files: Sequence[tuple[Path, bytes]], vocabularies: Mapping[str, Sequence[str]]
) -> list[tuple[Entry | None, list[Problem]]]:
    """Read and check many entry files given with their bytes (the work of one process)."""
    return [read_entry(path, vocabularies, raw) for path, raw in files]


def read_entry(
    path: Path, vocabularies: Mapping[str, Sequence[str]], raw: bytes | None = None
) -> tuple[Entry | None, list[Problem]]:
    """Read and check one entry file: the entry, if it has no errors, and every problem.

    A vocabulary left out of ``vocabularies`` (one with errors of its own) is not
    checked against.
    """
    text, problems = read_text(path, raw)
    if text is None:
        return None, problems
    unholdable = checks.control_characters(path, text)
    if unholdable:
        # Report them, then check the rest as if they were gone.
        text = xml_safe(text)
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
    data, node, problems = parse_yaml(front, path, line_offset=1, flat=True)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            Problem(path, 2, "E102", "the front matter must be fields written as 'name: value'")
        ]
    lines, repeats = _key_lines(node, 1)
    problems = _repeat_problems(path, repeats)
    problems += _without_unchecked(
        schema.validate(
            data, schema.ENTRY, path=path, lines=lines, line=2, vocabularies=vocabularies
        ),
        vocabularies,
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
    elif len(body.strip()) < schema.BODY_MIN:
        problems.append(
            checks.problem(
                path,
                body_line,
                "W207",
                f"the body is only {len(body.strip())} characters: add a sentence or two that "
                "backs the claim, such as evidence, an example or where it has worked",
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
        core=data.get("core") is True,
        excludes=tuple(data.get("excludes") or ()),
        body=body.strip() + "\n",
        path=path,
        lines=lines,
        body_line=body_line,
    )
    return entry, problems
