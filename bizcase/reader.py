"""Read argument and vocabulary files: YAML front matter with line numbers, and every check.

Only a file the cache has not seen is read here, so a warm run of a large
library never imports YAML or the lint rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bizcase import checks, schema
from bizcase.characters import LONG_DASHES, TYPESET_QUOTES
from bizcase.library import Entry, read_file
from bizcase.problems import Problem
from bizcase.text import placeholder_problem, xml_safe

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_STANDARD_TAG = "tag:yaml.org,2002:"
#: The longest whole number read: no field needs more, and Python refuses to read
#: one of thousands of digits.
_NUMBER_LENGTH = 100


def _construct_object(self: yaml.SafeLoader, node: yaml.Node, deep: bool = False) -> Any:
    """A value as YAML reads it, or a YAML error at its node's line if it cannot be read."""
    if node.tag == _INT and isinstance(node, yaml.ScalarNode) and len(node.value) > _NUMBER_LENGTH:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number {len(node.value):,} characters long, more than any field holds: "
            "shorten it, or put it in double quotes if it is meant as text",
            node.start_mark,
        )
    try:
        return yaml.constructor.BaseConstructor.construct_object(self, node, deep=deep)
    except (ValueError, KeyError, AttributeError, TypeError):
        # A tag the value does not fit ('!!int three', '!!bool maybe'), which PyYAML
        # reports with Python's own error.
        tag = node.tag.replace(_STANDARD_TAG, "!!", 1)
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {tag} does not fit its value: remove the tag", node.start_mark
        ) from None


def _as_editors_read(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """``base`` reading values as YAML 1.2 does, as editors checking the JSON Schema do.

    Only true and false are true or false ('yes', 'no', 'on' and 'off' are text),
    and a date is text: so the check and the editor never disagree about a value.
    """
    resolvers = {
        first: [(tag, pattern) for tag, pattern in found if tag not in (_BOOL, _TIMESTAMP)]
        for first, found in base.yaml_implicit_resolvers.items()
    }
    loader: type[yaml.SafeLoader] = type(
        f"Editors{base.__name__}",
        (base,),
        {"yaml_implicit_resolvers": resolvers, "construct_object": _construct_object},
    )
    loader.add_implicit_resolver(
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


#: The C parser is many times faster on large libraries; fall back when absent.
_PARSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Loader = _as_editors_read(_PARSER)
#: libyaml counts a reader error's position in UTF-8 bytes, the Python parser in characters.
_COUNTS_BYTES = _PARSER is not yaml.SafeLoader
#: The Python parser, for YAML that might nest too deeply for libyaml (below).
_PYTHON_LOADER = _as_editors_read(yaml.SafeLoader)
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
        text = raw.decode("utf-8-sig")
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
    nul = text.find("\0")
    if nul >= 0:
        # UTF-16 of plain letters, or a file a crash left full of zeros, decodes as UTF-8:
        # a problem for each NUL would be thousands of lines, and minutes, hiding the fix.
        return None, [
            Problem(
                path,
                text.count("\n", 0, nul) + 1,
                "E103",
                "the file is not UTF-8 text: it holds NUL bytes, as a file saved as UTF-16 or "
                "left damaged does: save it as UTF-8 in your editor",
            )
        ]
    return text, []


def parse_yaml(
    text: str,
    path: Path,
    line_offset: int = 0,
    *,
    flat: bool = False,
    text_fields: Collection[str] = (),
) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML safely, keeping its nodes for line numbers; report syntax errors.

    ``flat`` YAML (an entry's front matter) has every field at the start of its line;
    otherwise it is a list of records, each starting '- '. ``text_fields`` hold free
    text, so a value of theirs starting '[' or '{' is a mistake, not a list or mapping.
    """
    loader = None
    counts_bytes = _COUNTS_BYTES
    try:
        # The Python parser checks every character as it starts, libyaml as it reads.
        if _depth_bound(text) > _C_DEPTH_LIMIT:
            loader, counts_bytes = _PYTHON_LOADER(text), False
        else:
            loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        problem = error.problem or error.context or "invalid YAML"
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and (
            "end of stream" in problem or "flow" in str(error.context)
        ):
            # A quote or a bracket never closed: the line to fix is where it opens, not
            # where YAML gave up looking for its end.
            mark = error.context_mark
        lines = text.split("\n")
        stopped = mark.line if mark else len(lines)
        cause = _first_cause(lines, stopped, flat, text_fields, str(error.context or ""))
        if cause is not None:
            # YAML stops a line or two later, or in its own words; this is the line to fix.
            index, what = cause
            return None, None, [Problem(path, index + 1 + line_offset, "E101", what)]
        line = mark.line + 1 + line_offset if mark else None
        source = lines[mark.line] if mark and mark.line < len(lines) else ""
        column = mark.column if mark else 0
        what = _explain_yaml(problem, source, flat, column)
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
    cut = _cut_short(node, text.split("\n"), text_fields)
    if cut is not None:
        index, what = cut
        return None, None, [Problem(path, index + 1 + line_offset, "E101", what)]
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
# The space after the ':' is one YAML takes for a space: not a non-breaking space.
_FIELD_LINE = re.compile(r"[A-Za-z_][\w-]*\s*:(?:[ \t\r]|$)")
# A field, perhaps a record's first ('- name: value'), with where its name and value start.
_FIELD = re.compile(
    r"^(?P<dash>\s*-\s+)?(?P<indent>\s*)(?P<name>[A-Za-z_][\w-]*)\s*:(?:[ \t]+(?P<value>.*))?$"
)
#: What YAML makes of a value starting with each of these, when it is meant as text.
_INDICATORS = {
    "{": "reads as a mapping",
    "[": "reads as a list",
    "- ": "reads as the start of a list",
    "*": "reads as a reference to another value",
    "&": "reads as a name for the value",
    "!": "reads as a type for the value",
    "|": "reads as the start of a text on the lines below",
    ">": "reads as the start of a text on the lines below",
    "? ": "does not allow at the start of a value",
    "%": "does not allow at the start of a value",
    "@": "does not allow at the start of a value",
    "`": "does not allow at the start of a value",
}


def _indicator(value: str) -> str | None:
    """The sign at the start of ``value`` that stops YAML reading it as text, if any."""
    if value.startswith("{{"):
        return "{{"
    if value.startswith("!!"):
        return None  # a standard tag, written on purpose: said as the tag it is
    return next((sign for sign in _INDICATORS if value.startswith(sign)), None)


_STRAY = (
    "YAML syntax error: this line is not a field ('name: value'): if the body starts here, "
    "put a '---' line before it to close the front matter"
)


def _first_cause(
    lines: Sequence[str], stopped: int, flat: bool, text_fields: Collection[str], context: str
) -> tuple[int, str] | None:
    """The first line at or before where YAML stopped that plainly caused the error, and why."""
    causes = []
    stray = _first_stray_line(lines, text_fields) if flat else _first_misaligned(lines)
    if stray is not None and stray[0] <= stopped:
        causes.append(stray)
    for index, line in enumerate(lines[: stopped + 1]):
        why = _unquoted(line, text_fields)
        # A mapping or list that parses ({ audience }) is reported as the wrong type; one
        # is to blame for the error only where YAML stopped, or while it read the braces.
        if why is not None and (index == stopped or "flow" in context):
            causes.append((index, why))
            break
    return min(causes) if causes else None


# A field of an entry written 'title:Staff...' or 'title = Staff...': a field, but not to YAML.
_MISWRITTEN_FIELD = re.compile(r"(?P<name>[A-Za-z_][\w-]*)[ \t]*(?::(?=\S)|(?P<equals>=))")
# A field written without its ':', 'title Staff spot complaints' or 'concerns' alone.
_FIELD_WITHOUT_COLON = re.compile(r"(?P<name>[a-z_]+)(?:[ \t]+[^\s:=].*)?[ \t\r]*$")
# A list's item written '-reputation', and what may come before it: an item, or 'concerns:'.
_ITEM_WITHOUT_SPACE = re.compile(r"[ \t]*-(?P<item>[^\s-].*)$")
_LIST_SO_FAR = re.compile(r"\s*-\s|[A-Za-z_][\w-]*\s*:\s*$")
# A field whose ':' is followed by a space YAML does not count, pasted from a word processor.
_ODD_SPACE_FIELD = re.compile(r"(?P<name>[A-Za-z_][\w-]*)[ \t]*:(?P<space>[^\S \t\r])")


def _first_stray_line(
    lines: Sequence[str], text_fields: Collection[str] = ()
) -> tuple[int, str] | None:
    """The first line of flat front matter that cannot be part of a field.

    Straight after a field of ``text_fields``, it may be that field's text broken in two.
    """
    for index, line in enumerate(lines):
        item = _ITEM_WITHOUT_SPACE.match(line)
        if item:
            before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
            if _LIST_SO_FAR.match(before):
                return index, (
                    "YAML syntax error: there is no space after the '-' of a list item: write "
                    f"'- {item['item'].strip()}'"
                )
        if not line.strip() or line[0] in " \t#-" or _FIELD_LINE.match(line):
            continue
        odd = _ODD_SPACE_FIELD.match(line)
        if odd and odd["name"] in schema.ENTRY.names:
            space = odd["space"]
            what = "a non-breaking space" if space == "\xa0" else "an unusual space"
            return index, (
                f"YAML syntax error: the space after '{odd['name']}:' is {what} "
                f"(U+{ord(space):04X}), which YAML does not take for a space: type an ordinary "
                "space in its place"
            )
        miswritten = _MISWRITTEN_FIELD.match(line)
        if miswritten and miswritten["name"] in schema.ENTRY.names:
            name = miswritten["name"]
            if miswritten["equals"]:
                return index, (
                    f"YAML syntax error: '{name}' is followed by '=': write a ':' and a space "
                    f"instead ('{name}: ...')"
                )
            return index, (
                f"YAML syntax error: there is no space after '{name}:': put one between the ':' "
                "and the value"
            )
        bare = _FIELD_WITHOUT_COLON.match(line)
        if bare and bare["name"] in schema.ENTRY.names:
            name = bare["name"]
            return index, (
                f"YAML syntax error: there is no ':' after '{name}': write '{name}: ' and then "
                "its value"
            )
        if line.rstrip().endswith((",", "]", "}")):
            continue  # the rest of a list or mapping written across lines
        above = _FIELD.match(lines[index - 1]) if index else None
        if above and above["name"] in text_fields and above["value"]:
            return index, (
                "YAML syntax error: this line is not a field ('name: value'): if it goes on "
                f"from '{above['name']}' above, join it to that line; if the body starts here, "
                "put a '---' line before it to close the front matter"
            )
        return index, _STRAY
    return None


def _first_misaligned(lines: Sequence[str]) -> tuple[int, str] | None:
    """The first field of a list of records that does not line up with the fields before it."""
    record_at: int | None = None
    fields_at: int | None = None
    for index, line in enumerate(lines):
        found = _FIELD.match(line)
        if found is None or line.lstrip().startswith("#"):
            continue  # a value continued, a list's item, a comment
        if "\t" in line[: len(line) - len(line.lstrip())]:
            # One column to YAML, however wide the editor shows it.
            return index, "YAML syntax error: a tab character; indent with spaces, not tabs"
        name = found.group("name")
        if found.group("dash") is not None:
            dash = len(found.group("dash")) - len(found.group("dash").lstrip())
            if record_at is None:
                record_at = dash
            elif dash != record_at:
                return index, (
                    f"YAML syntax error: the record '- {name}:' starts in column {dash + 1}, "
                    f"the records above in column {record_at + 1}: start each '- ' in the same "
                    "column"
                )
            fields_at = len(found.group("dash")) + len(found.group("indent"))
            continue
        indent = len(found.group("indent"))
        if fields_at is not None and indent == record_at:
            return index, (
                f"YAML syntax error: '{name}' starts in column {indent + 1}, where each record's "
                f"'- ' does: start a new record with '- ' ('- {name}: ...'), or line it up with "
                f"the fields above, in column {fields_at + 1}"
            )
        if fields_at is not None and indent != fields_at:
            return index, (
                f"YAML syntax error: '{name}' starts in column {indent + 1}, the field above "
                f"it in column {fields_at + 1}: line the fields of a record up under its first"
            )
    return None


def _unquoted(line: str, text_fields: Collection[str]) -> str | None:
    """Why a field's value, meant as text, is not read as text by YAML; None if it may be."""
    found = _FIELD.match(line)
    value = found.group("value") if found else None
    if not found or not value:
        return None
    name = found.group("name")
    if value[0] in "'\"" and _goes_on_after_quote(value):
        if value.rstrip()[-1] == value[0] == "'":
            # 'Staff don't wait': the apostrophe closed the quotes the text was put in.
            return (
                f"YAML syntax error: '{name}' is in single quotes, and the apostrophe inside "
                "ends them: put the whole text in double quotes instead"
            )
        if value.rstrip()[-1] == value[0]:
            return (
                f"YAML syntax error: '{name}' is in double quotes, and the quote marks inside "
                "end them: put the whole text in single quotes instead"
            )
        return (
            f"YAML syntax error: '{name}' goes on after its closing quote mark: quote the whole "
            "text, in single quotes if it holds double quotes"
        )
    sign = _indicator(value)
    if sign is None or name not in text_fields:
        return None  # text, or a list as it should be, or not text at all
    return (
        f"YAML syntax error: '{name}' starts with '{sign.strip()}', which YAML "
        f"{_INDICATORS[sign[0] if sign == '{{' else sign]}: put the whole text in double quotes"
    )


def _cut_short(
    node: yaml.Node | None, lines: Sequence[str], text_fields: Collection[str]
) -> tuple[int, str] | None:
    """The first text value that YAML cut short, at ' #' or at a starting '&', and why.

    A hashtag in an unquoted title ('Staff who follow #LocalGov ...') starts a comment
    to YAML, and '&' a name for the value ('&staff spot complaints'): either would be
    dropped without a word, and the page print what is left.
    """
    records = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for record in records:
        if not isinstance(record, yaml.MappingNode):
            continue
        for key, value in record.value:
            if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
                continue
            if key.value not in text_fields:
                continue
            start = value.start_mark
            line = lines[start.line] if start.line < len(lines) else ""
            if line[start.column : start.column + 1] == "&":
                name = line[start.column :].split(None, 1)[0]
                return start.line, (
                    f"YAML syntax error: '{key.value}' starts with '&', which YAML "
                    f"{_INDICATORS['&']}, so it drops '{name}': put the whole text in double "
                    "quotes"
                )
            if value.style:
                continue  # not free text, or quoted: a comment after the closing quote is one
            mark = value.end_mark
            rest = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
            if rest.lstrip(" \t").startswith("#"):
                dropped = _shown(rest, most=40)
                # Curly quote marks quote nothing to YAML: they are what needs replacing.
                curly = str(value.value).startswith(tuple(TYPESET_QUOTES))
                quotes = 'straight double quotes (")' if curly else "double quotes"
                return mark.line, (
                    f"YAML syntax error: '{key.value}' holds ' #', which YAML reads as the start "
                    f"of a comment, so it drops '{dropped}': put the whole text in {quotes}"
                )
    return None


# A whole quoted value: in double quotes '\"' is a quote mark, in single quotes "''" is.
_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\'\'|[^\'])*\'')


def _goes_on_after_quote(value: str) -> bool:
    """Whether a value's text goes on after the quote mark that closes its opening one."""
    closed = _QUOTED.match(value)
    rest = value[closed.end() :].strip() if closed else ""
    return bool(rest) and not rest.startswith("#")


def _explain_yaml(problem: str, line: str = "", flat: bool = False, column: int = 0) -> str:
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
    if any(
        words in problem
        for words in ("did not find expected key", "expected <block end>", "'-' indicator")
    ):
        if flat:
            return (
                "the indentation is uneven: start each field at the beginning of its line, and "
                "indent list items ('- ...') by the same number of spaces"
            )
        return (
            "the indentation is uneven: start each record with '- ' at the beginning of its "
            "line, and line its other fields up under its first"
        )
    if "mapping values are not allowed" in problem:
        if line.partition(":")[2].lstrip().startswith(tuple(TYPESET_QUOTES)):
            # Quoted, the writer thinks: but by a word processor, with marks YAML keeps as text.
            return (
                "a value contains ': ', and its curly quote marks are text to YAML, not quotes: "
                'put the whole text in straight double quotes (")'
            )
        if line.rstrip().endswith(":") and line.count(":") > 1:
            return "a value ends with ':'; put the whole text in double quotes"
        return "a value contains ': '; put the whole text in double quotes"
    if "could not determine a constructor" in problem:
        tag = problem.rsplit(" ", 1)[-1]
        return f"the tag {tag} is not allowed; write plain text, numbers and lists"
    if "found character '\\t'" in problem or "found a tab character" in problem:
        return "a tab character; indent with spaces, not tabs"
    if "',' or ']'" in problem:
        return (
            "a list in square brackets is not closed: end it with ']', and put any item "
            "holding ',' or ': ' in double quotes"
        )
    if "',' or '}'" in problem or "unhashable key" in problem:
        return (
            "a value starts with '{', which YAML reads as a mapping: put the whole text in "
            "double quotes"
        )
    if "cannot start any token" in problem:
        what = f"'{line[column]}'" if column < len(line) else "a character"
        return (
            f"a value starts with {what}, which YAML does not allow at the start of a value: "
            "put the whole text in double quotes"
        )
    if "alphabetic or numeric character" in problem or "undefined alias" in problem:
        return (
            "a value starts with '*' or '&', which YAML reads as a reference to another value: "
            "put the whole text in double quotes"
        )
    if "end of stream" in problem:
        return "a quoted text is not closed: end it with the quote mark it starts with"
    if "invalid Unicode character escape" in problem:
        return _bad_unicode_escape(line)
    if "expected hexdecimal number" in problem or "expected hexadecimal number" in problem:
        return (
            "an escape is cut short: give it all its digits (2 after \\x, 4 after \\u, 8 after "
            "\\U), or write the character itself instead"
        )
    if "unknown escape character" in problem:
        return (
            "a backslash inside double quotes starts an escape: write a backslash as two, or "
            "put the text in single quotes instead"
        )
    if "could not find expected ':'" in problem:
        return (
            "a line is not 'name: value': add the ':' after the field's name, or put a text "
            "running over several lines in double quotes"
        )
    return problem


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _bad_unicode_escape(line: str) -> str:
    """What is wrong with the escape YAML cannot turn into a character."""
    for found in _UNICODE_ESCAPE.finditer(line):
        code = int(found.group(1) or found.group(2), 16)
        if 0xD800 <= code <= 0xDFFF:
            what = "half of a character pair (a surrogate), which YAML cannot hold alone"
        elif code > 0x10FFFF:
            what = "beyond the last character there is"
        else:
            continue
        return f"'{found.group()}' is {what}: {_WHOLE_CHARACTER}"
    return f"an escape stands for no character: {_WHOLE_CHARACTER}"


_WHOLE_CHARACTER = (
    "write the character itself, or the whole character's code in eight digits, such as "
    "\\U0001F600 for 😀"
)


def _text_fields(record_schema: schema.Schema) -> frozenset[str]:
    """The fields that hold free text, which quotes keep whole, not ids or addresses."""
    return frozenset(
        field.name
        for field in record_schema.fields
        if field.type == "string" and field.pattern is None and field.choices is None
    )


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


def _characters(path: Path, text: str) -> tuple[str | None, list[Problem]]:
    """Problems with a file's characters, and its text as if they were gone.

    A file holding a merge conflict holds two versions: no text is given back, as
    checking either would only confuse.
    """
    conflicts = checks.merge_conflicts(path, text)
    if conflicts:
        return None, conflicts
    problems = checks.control_characters(path, text) + checks.invisible_characters(path, text)
    if problems:
        # Report them, then check the rest as if they were gone: a hidden line break
        # would have YAML count lines differently from the contributor's editor.
        text = checks.without_invisible(xml_safe(text))
    return text, problems


def read_vocabulary(
    path: Path, record_schema: schema.Schema, raw: bytes | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read and check one vocabulary file: its records, and every problem."""
    text, problems = read_text(path, raw)
    if text is None:
        return [], problems
    # Labels reach the terminal and the page, as entries' text does: the same
    # characters are refused, and the rest is checked as if they were gone.
    text, problems = _characters(path, text)
    if text is None:
        return [], problems
    data, node, found = parse_yaml(text, path, text_fields=_text_fields(record_schema))
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
    seen: dict[str, int] = {}  # each id read, and its line
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    path, line, "E112", f"each {record_schema.name} must be a mapping of fields"
                )
            )
            continue
        item = schema.whole_numbers(item, record_schema)
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
                Problem(
                    path,
                    lines["id"],
                    "E121",
                    f"id '{item['id']}' is listed twice, first on line {seen[item['id']]}: give "
                    "this record an id of its own, or remove it",
                )
            )
            continue
        seen[item["id"]] = lines["id"]
        checked.append((item, lines))
    clashes = _name_clashes(checked, record_schema)
    for item, lines in checked:
        if item["id"] in clashes:
            problems.append(
                Problem(path, lines.get("aliases", lines["id"]), "E121", clashes[item["id"]])
            )
    records = [item for item, _ in checked if item["id"] not in clashes]
    return records, problems


def record_lines(path: Path) -> dict[str, int]:
    """The line of each record's id in a vocabulary file, where YAML's parser found it.

    Read as read_vocabulary reads the file, so each line is the one its editor shows.
    A record that is not read (the file does not parse, the record is not a mapping,
    its id is not a plain value) has none.
    """
    text, _ = read_text(path)
    if text is not None:
        text, _ = _characters(path, text)
    if text is None:
        return {}
    _, node, _ = parse_yaml(text, path)
    lines: dict[str, int] = {}
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        for key, value in item.value if isinstance(item, yaml.MappingNode) else ():
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                lines.setdefault(value.value, key.start_mark.line + 1)
    return lines


def _name_clashes(
    checked: Sequence[tuple[dict[str, Any], dict[str, int]]], record_schema: schema.Schema
) -> dict[str, str]:
    """For each record with a name that would stand for two records, why."""
    # An officer types any of a record's names: each must lead to one record only.
    ids = {schema.normal_name(item["id"]) for item, _ in checked}
    owner = {schema.normal_name(item["id"]): item["id"] for item, _ in checked}
    clashes: dict[str, str] = {}
    for item, _ in checked:
        for name in (item["id"], *(item.get("aliases") or ())):
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


def _id_problems(path: Path, entry_id: str, line: int | None) -> list[Problem]:
    """An id that is not valid, or not the file's name, with the one change that fixes it."""
    valid = schema.is_id(entry_id)
    if valid and entry_id == path.stem:
        return []  # as almost every entry's is
    name_is_id = schema.is_id(path.stem) and schema.check_field(_ID, path.stem, {}) == []
    if not valid:
        if name_is_id:
            fix = f"set it to '{path.stem}', the file name without '.md'"
        else:
            # Setting the id to the file's name would not be valid either: both change.
            better = schema.as_id(path.stem) or schema.as_id(entry_id)
            fix = (
                f"rename the file to '{better}.md' and set id to '{better}'"
                if better
                else f"use {schema.ID_HINT}, and rename the file to match"
            )
        return [
            Problem(
                path,
                line,
                "E116",
                f"'id' '{entry_id}' is not valid: ids are lowercase words joined by hyphens, so "
                f"{fix}",
            )
        ]
    if not name_is_id:
        fix = f"the file name is not a valid id: rename the file to '{entry_id}.md'"
    else:
        fix = f"set id to '{path.stem}' or rename the file to '{entry_id}.md'"
    return [
        Problem(
            path,
            line,
            "E120",
            f"id '{entry_id}' does not match the file name '{path.name}': {fix}",
        )
    ]


_ID = next(field for field in schema.ENTRY.fields if field.name == "id")
#: The longest title, summary and body the schema allows.
_LONGEST = {
    **{f.name: f.max_length or 0 for f in schema.ENTRY.fields if f.name in ("title", "summary")},
    "body": schema.BODY_MAX,
}


def _fits(key: str, value: object) -> bool:
    """Whether ``value`` is within the length its field allows (any other field fits)."""
    return not (key in _LONGEST and isinstance(value, str) and len(value) > _LONGEST[key])


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
    text, unholdable = _characters(path, text)
    if text is None:
        return None, unholdable
    entry, found = _read_entry_text(path, text, vocabularies)
    problems = checks.capped(unholdable + found)
    if any(problem.is_error for problem in problems):
        return None, problems
    return entry, problems


#: A hyphen, or a dash a word processor makes of one, which looks like it on the screen.
_DASHES = "-" + LONG_DASHES
#: A line of Markdown that starts a fenced example: '```markdown'.
_FENCE = re.compile(r"\s*(```|~~~)")


def _meant_as_marker(line: str) -> bool:
    """Whether ``line`` was meant for a '---' line: '- - -', '***', '----', or a dash."""
    marks = line.strip()
    if marks in ("---", "...") or not marks or marks.strip(_DASHES + "*_= ") != "":
        return False
    # A dash alone ('—') is what a word processor makes of three hyphens.
    return len(marks.replace(" ", "")) >= 2 or marks.strip("-* _=") != ""


def _shown(text: str, most: int = 30) -> str:
    """``text`` as a message quotes it: whole if short, else its start, cut at a word."""
    text = text.strip()
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + "..."


def _marker_problem(lines: Sequence[str]) -> tuple[int, str] | None:
    """The line meant to close the front matter that does not, and what to type instead."""
    for index, line in enumerate(lines):
        if _meant_as_marker(line):
            return index, (
                f"'{_shown(line)}' does not close the front matter: type three hyphens and "
                "nothing else, '---', in its place"
            )
        if line.strip() == "---":
            return (
                index,
                "the '---' line that closes the front matter is indented: delete the "
                "spaces before it",
            )
        if line.startswith("---"):
            return index, (
                "the '---' that closes the front matter must be on a line of its own: start "
                f"'{_shown(line[3:])}' on the line after it"
            )
    return None


def _opening_problem(lines: Sequence[str]) -> str | None:
    """What is wrong with a first line that was meant to open the front matter, if it was."""
    first = lines[0] if lines else ""
    fence = _FENCE.match(first)
    if fence is not None:
        closing = next(
            (index for index in range(1, len(lines)) if lines[index].strip() == fence[1]), None
        )
        last = max(index for index, line in enumerate(lines) if line.strip())
        where = "at the end" if closing == last else f"at line {(closing or 0) + 1}"
        also = f", and the '{fence[1]}' line {where}" if closing else ""
        return (
            f"the first line is '{_shown(first)}', which starts the example in CONTRIBUTING.md, "
            f"not the file: delete it{also}"
        )
    if _meant_as_marker(first):
        made = (
            " (a word processor may have made a dash of them)"
            if any(dash in first for dash in _DASHES[1:])
            else ""
        )
        return (
            f"the first line is '{_shown(first)}', not '---': type three hyphens and nothing "
            f"else in its place{made}"
        )
    return None


def _read_entry_text(
    path: Path, text: str, vocabularies: Mapping[str, Sequence[str]]
) -> tuple[Entry | None, list[Problem]]:
    parts = split_front_matter(text)
    if parts is None and text.split("\n", 1)[0].rstrip() == "---":
        after = text.split("\n")[1:]
        # The first line that is not a field is where the closing '---' belongs.
        stray = _first_stray_line(after)
        marker = _marker_problem(after)
        if marker is not None and (stray is None or marker[0] <= stray[0]):
            return None, [Problem(path, marker[0] + 2, "E102", marker[1])]
        if stray is not None and stray[1] == _STRAY:
            return None, [
                Problem(
                    path,
                    stray[0] + 2,
                    "E102",
                    "the front matter is not closed: if the body starts here, put a '---' line "
                    "before it",
                )
            ]
        return None, [
            Problem(
                path,
                1,
                "E102",
                "the front matter is not closed: add a line '---' after the last field "
                "(is the file cut short?)",
            )
        ]
    if parts is None and text.lstrip().split("\n", 1)[0].rstrip() == "---":
        indented = [line for line in text.split("\n") if line.strip() and line[0] in " \t"]
        if sum(line.strip() == "---" for line in indented) > 1:
            # Copied from an example indented in its page: every line, not just the first.
            return None, [
                Problem(
                    path,
                    1,
                    "E102",
                    "the '---' lines start with spaces, as the lines between them do: delete the "
                    "spaces at the start of every line",
                )
            ]
        return None, [
            Problem(
                path,
                1,
                "E102",
                "the file must start with its '---' line, but blank lines or spaces come before "
                "it: delete them",
            )
        ]
    if parts is None and "\r" in text and "\n" not in text and text.startswith("---\r"):
        # Lines ended by a carriage return alone, as old Mac editors saved them: to
        # YAML, and to git and GitHub, the whole file is one line.
        return None, [
            Problem(
                path,
                1,
                "E102",
                "the file's lines end in a carriage return alone, as old Mac editors saved "
                "them, so it reads as one line: save it with ordinary (LF) line endings",
            )
        ]
    opening = _opening_problem(text.split("\n")) if parts is None else None
    if opening is not None:
        return None, [Problem(path, 1, "E102", opening)]
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
    data, node, problems = parse_yaml(
        front, path, line_offset=1, flat=True, text_fields=_text_fields(schema.ENTRY)
    )
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            Problem(path, 2, "E102", "the front matter must be fields written as 'name: value'")
        ]
    data = schema.whole_numbers(data, schema.ENTRY)
    lines, repeats = _key_lines(node, 1)
    problems = _repeat_problems(path, repeats)
    found = _without_unchecked(
        # A missing field is reported at the closing '---', the line it goes above.
        schema.validate(
            data,
            schema.ENTRY,
            path=path,
            lines=lines,
            line=body_line - 1,
            vocabularies=vocabularies,
        ),
        vocabularies,
    )
    entry_id = data.get("id")
    if isinstance(entry_id, str):
        # An id that is not valid is said with what to rename the file to, below.
        found = [p for p in found if not (p.code == "E116" and p.message.startswith("'id' "))]
        problems += found + _id_problems(path, entry_id, lines.get("id"))
    else:
        problems += found
    problems += checks.control_characters_in_values(path, data, lines)
    problems += checks.kind_and_folder(path, data.get("kind"), lines.get("kind"))
    problems += checks.core_beyond_org_types(
        path, data, lines.get("core"), vocabularies.get("org_types")
    )
    template = checks.template_text(path, body, body_line)
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
    elif len(body.strip()) < schema.BODY_MIN and not template:
        problems.append(
            checks.problem(
                path,
                body_line,
                "W207",
                f"the body is only {schema.counted(len(body.strip()), 'character')}: add a "
                "sentence or two that "
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
    # Too short or not, template text is not the contributor's yet: said once, as that.
    problems += template
    texts = [(key, data.get(key), lines.get(key)) for key in ("title", "summary")]
    texts.append(("body", body, body_line))
    for key, value, line in texts:
        if not isinstance(value, str):
            continue
        why = placeholder_problem(value)
        if why:
            problems.append(Problem(path, line, "E133", why))
        if not _fits(key, value):
            # Refused for its length already (E114). Finding links takes time that grows
            # with the square of the text: a hostile file's would run for hours.
            continue
        # A value on one line: its links are reported on that line.
        problems += checks.broken_links(path, value, line or 1)
        problems += checks.raw_html(path, value, line or 1)
    # Nor is a title or summary refused for its length checked for style, for the same reason.
    fitting = {key: value for key, value in data.items() if _fits(key, value)}
    problems += checks.style(path, fitting, lines, body, body_line)
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
        core=tuple(core) if isinstance(core := data.get("core"), list) else core is True,
        excludes=tuple(data.get("excludes") or ()),
        body=body.strip() + "\n",
        path=path,
        lines=lines,
        body_line=body_line,
    )
    return entry, problems
