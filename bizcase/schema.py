"""The library's schema, as data: the one place that says what a file may hold.

The loader validates against it, ``bizcase check`` reports against it, and the
JSON Schema for editors is generated from it. To add or change a field, change
it here and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bizcase.characters import TYPESET_QUOTES
from bizcase.problems import Problem

FieldType = Literal["string", "integer", "boolean", "list"]

#: The value of ``org_types`` that makes an entry apply to every organisation type.
ALL = "all"
#: The source of an idea of the contributor's own, who is then named in ``credit``.
OWN_IDEA = "contributors"

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RULE = "lowercase words joined by hyphens"
ID_HINT = f"{ID_RULE}, such as 'staff-are-advocates'"

#: Each kind of entry lives in its own sub-folder of the library.
FOLDERS: Mapping[str, str] = {"reason": "reasons", "safeguard": "safeguards"}

#: The contributing guide's template text, which a contributor pasting it must replace:
#: the check refuses a field or body still holding it. CONTRIBUTING.md shows it (a test
#: keeps the two the same), and each is matched ignoring case and spacing.
TEMPLATE_TEXT: Mapping[str, tuple[str, ...]] = {
    "credit": ("Your Name",),
    "body": (
        "Two to five sentences, in plain words, that back the claim for a sceptical reader.",
        "Evidence is welcome: say where it comes from.",
    ),
}
#: The name hints show where they ask for the contributor's own, as 'bizcase new --help' does.
EXAMPLE_NAME = "Jo Bloggs"


@dataclass(frozen=True)
class Field:
    """One key a file may hold, and the rules its value must keep."""

    name: str
    type: FieldType
    description: str
    required: bool = True
    #: Allowed values: a tuple of literals, or the name of a vocabulary the
    #: library defines ("org_types", "concerns" or "sources").
    choices: tuple[str, ...] | str | None = None
    #: Characters for strings, items for lists.
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    #: For lists: whether ``all`` may stand for every value.
    allow_all: bool = False
    #: For lists: whether ``true`` (or ``false``) may stand in for the list, as a
    #: yes or no for every value the entry's other fields allow.
    allow_true: bool = False
    example: Any = None
    #: Whether the JSON Schema for editors lists the allowed values. Not for a
    #: vocabulary contributors extend themselves (sources): a committed schema
    #: listing it would be out of date with every new source.
    listed: bool = True
    #: Text of the contributing guide's template that a contributor must replace.
    template_text: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """The fields of one kind of record."""

    name: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None."""
        for field in self.fields:
            if field.name == name:
                return field
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Field names in their documented order."""
        return tuple(field.name for field in self.fields)


KINDS = ("reason", "safeguard")


def kind_meant(name: str) -> str | None:
    """The kind ``name`` stands for, in any case, singular or plural, or None."""
    value = name.strip().lower()
    if value in KINDS:
        return value
    if value.endswith("s") and value[:-1] in KINDS:
        return value[:-1]
    return None


#: The body backs the claim in a few paragraphs; it is not an essay.
BODY_MAX = 4000
#: Below this, a body cannot back a claim: a real sentence at least.
BODY_MIN = 60

ENTRY = Schema(
    "entry",
    (
        Field(
            "id",
            "string",
            "The entry's id: its file name without '.md'.",
            max_length=60,
            pattern=ID_PATTERN,
            pattern_hint=ID_HINT,
            example="staff-are-advocates",
        ),
        Field(
            "kind",
            "string",
            "'reason' (why the ban should go) or 'safeguard' (how the risk is managed).",
            choices=KINDS,
            example="reason",
        ),
        Field(
            "title",
            "string",
            "The claim, as a senior manager reads it in five seconds; no full stop.",
            min_length=10,
            max_length=80,
            example="Staff are our best advocates",
        ),
        Field(
            "summary",
            "string",
            "One sentence that backs the claim on the page.",
            min_length=40,
            max_length=200,
            example="Staff who can share our news reach people our own accounts never will.",
        ),
        Field(
            "org_types",
            "list",
            "The organisation types the entry applies to, or [all].",
            choices="org_types",
            min_length=1,
            allow_all=True,
            example=["all"],
        ),
        Field(
            "concerns",
            "list",
            "The concerns or objections the entry answers.",
            choices="concerns",
            min_length=1,
            max_length=4,
            example=["reputation", "engagement"],
        ),
        Field(
            "strength",
            "integer",
            "How persuasive the entry is, from 1 to 5 (5 strongest); orders the page.",
            minimum=1,
            maximum=5,
            example=4,
        ),
        Field(
            "source",
            "string",
            "Where the idea came from: an id from sources.yaml.",
            choices="sources",
            listed=False,
            example="fbps12",
        ),
        Field(
            "credit",
            "string",
            "A person or handle to credit for this argument.",
            required=False,
            min_length=2,
            max_length=80,
            example="@siwhitehouse",
            template_text=TEMPLATE_TEXT["credit"],
        ),
        Field(
            "core",
            "list",
            "true for a safeguard the recommendation relies on, such as the policy or the "
            "training: every page it applies to makes room for it first. Or the organisation "
            "types whose pages do, for a duty of some sectors, such as "
            "[local-government, education] for safeguarding children.",
            required=False,
            choices="org_types",
            min_length=1,
            allow_all=True,
            allow_true=True,
            example=["local-government", "education"],
        ),
        Field(
            "excludes",
            "list",
            "Ids of entries that make much the same point, or pull against this one: "
            "a page holds at most one of them.",
            required=False,
            min_length=1,
            max_length=5,
            pattern=ID_PATTERN,
            pattern_hint=ID_HINT,
            example=["wider-cover-faster-answers"],
        ),
    ),
)


def _aliases(example: list[str]) -> Field:
    """The optional other names of a vocabulary's record, which officers may type for its id."""
    return Field(
        "aliases",
        "list",
        "Other ids an officer may type for it.",
        required=False,
        pattern=ID_PATTERN,
        pattern_hint=ID_HINT,
        example=example,
    )


ORG_TYPE = Schema(
    "organisation type",
    (
        Field(
            "id",
            "string",
            "The id used with --org-type.",
            pattern=ID_PATTERN,
            pattern_hint=ID_HINT,
            max_length=40,
            example="local-government",
        ),
        Field(
            "label",
            "string",
            "The name shown to officers.",
            max_length=40,
            example="Local government",
        ),
        Field(
            "description",
            "string",
            "Which organisations the type covers.",
            required=False,
            max_length=200,
        ),
        Field(
            "audience",
            "string",
            "How the page names the people it serves, in the plural: residents, the public.",
            max_length=30,
            example="residents",
        ),
        Field(
            "organisation",
            "string",
            "How the page names it when no name is given.",
            max_length=40,
            example="the council",
        ),
        _aliases(example=["council"]),
    ),
)

CONCERN = Schema(
    "concern",
    (
        Field(
            "id",
            "string",
            "The id used with --concern and in entries.",
            pattern=ID_PATTERN,
            pattern_hint=ID_HINT,
            max_length=30,
            example="productivity",
        ),
        Field(
            "label",
            "string",
            "The concern in a few words, lowercase.",
            max_length=40,
            example="productivity",
        ),
        Field(
            "question",
            "string",
            "The fear in management's own words.",
            max_length=120,
            example="Will staff waste time on social media?",
        ),
        _aliases(example=["time-wasting"]),
    ),
)

SOURCE = Schema(
    "source",
    (
        Field(
            "id",
            "string",
            "The id entries use in 'source'.",
            pattern=ID_PATTERN,
            pattern_hint=ID_HINT,
            max_length=40,
            example="fbps12",
        ),
        Field("title", "string", "The title of the article, list or event.", max_length=200),
        Field("author", "string", "Who wrote or made it.", max_length=120),
        Field("publisher", "string", "Where it was published.", required=False, max_length=120),
        Field(
            "year",
            "integer",
            "The year it was published.",
            required=False,
            minimum=1990,
            maximum=2100,
        ),
        Field(
            "url",
            "string",
            "Where to read it.",
            required=False,
            max_length=300,
            pattern=r"^https?://\S+$",
            pattern_hint="a web address starting http:// or https://",
        ),
        Field("short", "string", "How the page's credit line names it.", max_length=80),
    ),
)

#: The files of a library besides its entries, and the schema of their records.
VOCABULARY_FILES: Mapping[str, tuple[str, Schema]] = {
    "org_types": ("org-types.yaml", ORG_TYPE),
    "concerns": ("concerns.yaml", CONCERN),
    "sources": ("sources.yaml", SOURCE),
}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "list": "a list",
}


def closest(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word``, if any is close enough (``cutoff``) to suggest."""
    import difflib  # only when something is misspelt

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def normal_name(name: str) -> str:
    """An organisation type or concern as typed, in the form ids take: 'Fire and rescue'."""
    # Case, spaces and underscores do not matter to an officer, so not to bizcase.
    return name.strip().lower().replace(" ", "-").replace("_", "-")


def is_id(text: str) -> bool:
    """Whether ``text`` is a valid id: lowercase words joined by hyphens."""
    return re.fullmatch(ID_PATTERN, text) is not None


def as_id(text: str) -> str:
    """``text`` made an id: 'Staff spot complaints' becomes 'staff-spot-complaints'."""
    import unicodedata  # only when a name is not an id already

    # Accents are dropped rather than the letters that carry them: 'café' is 'cafe'.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def aliases_key(vocabulary: str) -> str:
    """Where a vocabulary's other names sit beside its ids, as 'alias=id' items."""
    return f"{vocabulary}:aliases"


def vocabulary(name: str, records: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """A vocabulary's ids from (id, other names) pairs, with the other names beside them."""
    pairs = [(record_id, tuple(aliases)) for record_id, aliases in records]
    return {
        name: [record_id for record_id, _ in pairs],
        aliases_key(name): [
            f"{alias}={record_id}" for record_id, aliases in pairs for alias in aliases
        ],
    }


def _other_names(vocabularies: Mapping[str, Sequence[str]], name: str) -> dict[str, str]:
    """The ids a vocabulary's other names stand for."""
    return dict(item.split("=", 1) for item in vocabularies.get(aliases_key(name), ()))


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def suggestion(
    value: str, choices: Sequence[str], other_names: Mapping[str, str] | None = None
) -> str | None:
    """The allowed value ``value`` probably means: in other case, by another name, or misspelt."""
    others = other_names or {}
    # 'FBPS12' and 'Customer service' are the ids in other clothes; 'NHS' and
    # 'council' are other names for one; 'councl' is a slip of the keyboard.
    wanted = normal_name(value)
    if wanted in choices:
        return wanted
    if wanted in others:
        return others[wanted]
    # 'Anytown Borough Council' and 'staff time' hold a name among other words.
    words = wanted.split("-")
    held = {
        others.get(name, name) for name in [*choices, *others] if _holds(words, name.split("-"))
    }
    if len(held) == 1:
        return held.pop()
    match = closest(wanted, [*choices, *others])
    if match is None or _another_word(words, match.split("-")):
        return None
    return others.get(match, match)


def _holds(words: Sequence[str], name: Sequence[str]) -> bool:
    """Whether the words of ``name`` stand together, in order, among ``words``."""
    return any(
        list(words[start : start + len(name)]) == list(name)
        for start in range(len(words) - len(name) + 1)
    )


def _another_word(typed: Sequence[str], match: Sequence[str]) -> bool:
    """Whether ``typed`` has a word of its own where ``match`` has another, not misspelt."""
    import difflib

    # 'public sector' is not 'private sector' misspelt, however alike the letters;
    # 'local gov' is 'local government' cut short.
    return len(typed) == len(match) > 1 and any(
        not (one.startswith(other) or other.startswith(one))
        and difflib.SequenceMatcher(None, one, other).ratio() < 0.5
        for one, other in zip(typed, match, strict=True)
    )


def validate(
    record: Mapping[str, Any],
    schema: Schema,
    *,
    path: Path,
    lines: Mapping[str, int],
    line: int | None,
    vocabularies: Mapping[str, Sequence[str]],
) -> list[Problem]:
    """Every way ``record`` breaks ``schema``; ``lines`` maps each key to its line."""
    problems: list[Problem] = []

    def report(key: str | None, code: str, message: str) -> None:
        problems.append(Problem(path, lines.get(key, line) if key else line, code, message))

    unknown = [str(key) for key in record if schema.field(str(key)) is None]
    for key in unknown:
        hint = did_you_mean(key, schema.names)
        allowed = ", ".join(schema.names)
        report(key, "E111", f"unknown field '{key}'{hint}; the fields are: {allowed}")
    # A required field written under a misspelt name ('tittle') is not missing: the
    # unknown field's own line says what to rename, which fixes both, and a second
    # problem at the top of the file for the same slip would only be noise.
    misspelt = {closest(key, schema.names) for key in unknown}

    for field in schema.fields:
        if field.name not in record:
            if field.required and field.name not in misspelt:
                example = f" (for example: {field.name}: {_yaml_example(field)})"
                report(None, "E110", f"missing required field '{field.name}'{example}")
            continue
        if record[field.name] is None:
            # 'title:' with nothing after it: there, but empty, and said at its own line.
            code, message = _empty(field, vocabularies)
            report(field.name, code, f"'{field.name}' {message}")
            continue
        # A list of many bad items of one kind is one problem, said once.
        for code, message in dict.fromkeys(_check_value(field, record[field.name], vocabularies)):
            report(field.name, code, f"'{field.name}' {message}")
    return problems


def whole_numbers(record: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """``record`` with a whole number written with a point ('strength: 3.0') read as 3.

    Editors checking schema.json take 3.0 for the integer 3, as JSON Schema does, and
    to someone who is not a programmer it is 3: the check agrees with both, where a
    refusal would contradict the editor. 3.5 stays a number of the wrong type.
    """
    whole = {
        name
        for name, value in record.items()
        if isinstance(value, float)
        and value.is_integer()
        and (field := schema.field(str(name))) is not None
        and field.type == "integer"
    }
    if not whole:
        return dict(record)
    return {name: int(value) if name in whole else value for name, value in record.items()}


def check_field(field: Field, value: Any, vocabularies: Mapping[str, Sequence[str]]) -> list[str]:
    """Why ``value`` cannot be ``field``'s value, as messages; empty when it can."""
    return [message for _, message in _check_value(field, value, vocabularies)]


def _empty(field: Field, vocabularies: Mapping[str, Sequence[str]]) -> tuple[str, str]:
    """What to say of a field written with no value, as of one written '' or []."""
    if field.allow_true:
        fix = f"write true, or a list such as {_yaml_example(field)}"
        return "E112", f"is empty: {fix}" + ("" if field.required else ", or remove the line")
    if field.type == "list" and field.min_length:
        return _check_value(field, [], {})[0]
    if field.type == "string":
        fix = "fill it in" if field.required else "fill it in, or remove the line"
        choices = (
            vocabularies.get(field.choices, ())
            if isinstance(field.choices, str)
            else field.choices or ()
        )
        if choices:
            fix += f"; allowed: {', '.join(choices)}"
        return "E114", f"is empty: {fix}"
    if field.type == "list":
        fix = f"write a list such as {_yaml_example(field)}"
    elif field.type == "integer" and field.minimum is not None and field.maximum is not None:
        fix = f"write a whole number from {field.minimum} to {field.maximum}"
    else:
        fix = "write a whole number" if field.type == "integer" else "write true or false"
    if not field.required:
        fix += ", or remove the line"
    return "E112", f"is empty: {fix}"


def _yaml_example(field: Field) -> str:
    if isinstance(field.example, bool):
        return str(field.example).lower()
    if isinstance(field.example, list):
        return "[" + ", ".join(field.example) + "]"
    return str(field.example) if field.example is not None else "..."


def counted(number: int, noun: str) -> str:
    """'1 character', '14 characters': a count in words, never 'character(s)'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _check_value(
    field: Field, value: Any, vocabularies: Mapping[str, Sequence[str]]
) -> list[tuple[str, str]]:
    if field.type == "boolean":
        return [] if isinstance(value, bool) else [("E112", _wrong_type(field, value))]
    if field.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return [("E112", _wrong_type(field, value))]
        if (
            field.minimum is not None
            and field.maximum is not None
            and not (field.minimum <= value <= field.maximum)
        ):
            return [("E115", f"must be from {field.minimum} to {field.maximum}, not {value}")]
        return []
    if field.type == "string":
        if not isinstance(value, str):
            return [("E112", _wrong_type(field, value))]
        return _check_string(field, value, vocabularies)
    if field.allow_true and isinstance(value, bool):
        return []
    if not isinstance(value, list):
        return [("E112", _wrong_type(field, value, vocabularies))]
    found: list[tuple[str, str]] = []
    if field.min_length is not None and len(value) < field.min_length:
        if not value:
            either = "write true, or " if field.allow_true else ""
            found.append(
                ("E114", f"is empty: {either}name at least one, such as {_yaml_example(field)}")
            )
        else:
            found.append(
                (
                    "E114",
                    f"has {counted(len(value), 'item')}; it needs at least {field.min_length}",
                )
            )
    if field.max_length is not None and len(value) > field.max_length:
        found.append(
            (
                "E114",
                f"has {len(value)} items; at most {field.max_length} are allowed: keep the "
                f"{field.max_length} that matter most",
            )
        )
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            found.append(("E112", f"items must be text, not {_describe(item)}"))
            continue
        if item in seen:
            found.append(("E113", f"lists '{item}' twice"))
        seen.add(item)
        if field.allow_all and item == ALL:
            if len(value) > 1:
                found.append(("E113", f"'{ALL}' must stand alone: it already means every type"))
            continue
        found.extend(_check_string(field, item, vocabularies, item_of_list=True))
    return found


def _wrong_type(
    field: Field, value: Any, vocabularies: Mapping[str, Sequence[str]] | None = None
) -> str:
    """Why ``value`` is of the wrong type for ``field``, and how to write it instead."""
    if field.type == "list":
        typed = [item.strip() for item in value.split(",")] if isinstance(value, str) else []
        if field.allow_true and not _all_known(field, typed, vocabularies or {}):
            wrong = (
                f"must be true, or a list such as {_yaml_example(field)}, not {_describe(value)}"
            )
            fix = _quoted_true_or_false(value)
            return f"{wrong}: {fix}" if fix else wrong
        if isinstance(value, str) and value.strip():
            # 'trust, reputation': the list meant, in the brackets that make it one, and by
            # the ids an officer's words stand for ('Council' is [local-government]).
            named = _named_in(field, value, vocabularies or {})
            typed = value.strip(_AROUND_ITEMS + " ").split(",")
            items = ", ".join(named or [item.strip() for item in typed if item.strip()])
            return f"must be a list, not {_describe(value)}: write it in square brackets, [{items}]"
        return f"must be a list such as {_yaml_example(field)}, not {_describe(value)}"
    wrong = f"must be {_TYPE_NAMES[field.type]}, not {_describe(value)}"
    quoted = isinstance(value, str)
    if field.type == "string":
        if isinstance(value, bytes):
            # Only YAML's tag makes binary data, and quotes would not undo it.
            fix = "remove the tag"
        elif isinstance(value, set):
            fix = "remove the tag, and put the whole text in double quotes"
        elif isinstance(value, (dict, list)):
            # A value starting '{' or '[' (or a line starting '- ') is one of these to YAML.
            fix = "put the whole text in double quotes"
        else:
            fix = "put it in double quotes"
    elif field.type == "integer":
        if quoted and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            fix = "remove the quotes"
        elif field.minimum is not None and field.maximum is not None:
            fix = f"write a whole number from {field.minimum} to {field.maximum}"
        else:
            fix = "write a whole number"
    else:
        fix = _quoted_true_or_false(value) or "write true or false"
    return f"{wrong}: {fix}"


def _named_in(
    field: Field, value: str, vocabularies: Mapping[str, Sequence[str]]
) -> list[str] | None:
    """The ids of ``field``'s vocabulary that ``value``, a phrase, names, if it names only them."""
    if not isinstance(field.choices, str) or not vocabularies.get(field.choices):
        return None
    choices = [*vocabularies[field.choices], *((ALL,) if field.allow_all else ())]
    return named_items(value, choices, _other_names(vocabularies, field.choices))


def _quoted_true_or_false(value: Any) -> str | None:
    """How to write true or false that was written as text ('true', yes), if it was."""
    word = value.strip().lower() if isinstance(value, str) else None
    if word in ("true", "false"):
        return "remove the quotes"
    if word in _YES_NO:
        # YAML 1.1 read these as true or false; editors, and so bizcase, read text.
        return f"write {_YES_NO[word]} instead ('{value.strip()}' is read as text)"
    return None


def _all_known(
    field: Field, items: Sequence[str], vocabularies: Mapping[str, Sequence[str]]
) -> bool:
    """Whether ``items`` are all values ``field`` allows: a list meant, if not written as one."""
    choices = vocabularies.get(field.choices, ()) if isinstance(field.choices, str) else ()
    allowed = {*choices, *((ALL,) if field.allow_all else ())}
    return bool(items) and all(item in allowed for item in items)


_YES_NO = {
    word: str(meaning).lower()
    for words, meaning in (("yes y on", True), ("no n off", False))
    for word in words.split()
}


def _same_text(value: str, texts: Iterable[str]) -> bool:
    """Whether ``value`` is one of ``texts``, whatever its case and spacing."""
    typed = " ".join(value.split()).casefold()
    return any(typed == " ".join(text.split()).casefold() for text in texts)


#: What may stand between the items of a list written as a phrase: 'trust, reputation'.
_BETWEEN_ITEMS = re.compile(r"[\s,;/&+]+")
#: Quote marks and brackets around a phrase or its words, which name nothing.
_AROUND_ITEMS = "()[]{}\"'" + TYPESET_QUOTES
#: The most words a phrase is read for: a longer text is no list of ids.
_PHRASE_WORDS = 12


def named_items(
    value: str, choices: Sequence[str], other_names: Mapping[str, str]
) -> list[str] | None:
    """The allowed values a phrase names, each by its id, if it names nothing else.

    'Council' names [local-government], 'reputation and customer service' names
    [reputation, customer-service], and 'all types' names [all] when all is allowed.
    """
    words = [
        stripped
        for word in _BETWEEN_ITEMS.split(value.strip(_AROUND_ITEMS + " ").lower())
        if (stripped := word.strip(_AROUND_ITEMS).replace("_", "-"))
    ]
    if not words or len(words) > _PHRASE_WORDS:
        return None

    def known(name: str) -> str | None:
        return name if name in choices else other_names.get(name)

    def items_from(start: int) -> list[str] | None:
        # The longest name first: 'fire and rescue' is one type, not two words and 'and'.
        if start == len(words):
            return []
        for end in range(len(words), start, -1):
            found = known("-".join(words[start:end]))
            rest = items_from(end) if found is not None else None
            if found is not None and rest is not None:
                return [found, *rest]
        if start and words[start] in ("and", "or") and start + 1 < len(words):
            return items_from(start + 1)  # between two items, as a comma is
        return None

    if ALL in choices and words[0] in ("all", "every") and len(words) > 1:
        # 'all councils' names councils; 'all types' or 'every organisation', every type.
        return _unique(items_from(1) or [ALL])
    items = items_from(0)
    return _unique(items) if items else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _check_string(
    field: Field,
    value: str,
    vocabularies: Mapping[str, Sequence[str]],
    *,
    item_of_list: bool = False,
) -> list[tuple[str, str]]:
    if field.choices is not None:
        choices = (
            tuple(vocabularies.get(field.choices, ()))
            if isinstance(field.choices, str)
            else field.choices
        )
        if field.allow_all:
            choices = (*choices, ALL)
        if value not in choices:
            # 'council' for local-government: an officer's word, not the id.
            others = (
                _other_names(vocabularies, field.choices) if isinstance(field.choices, str) else {}
            )
            match = suggestion(value, choices, others)
            items = named_items(value, choices, others) if item_of_list else None
            if items and len(items) == 1:
                match = items[0]
            hint = f" (did you mean '{match}'?)" if match else ""
            if items and len(items) > 1:
                # '[trust reputation]': not one of the two, which would drop the other.
                hint = (
                    f" (is a comma missing? separate the items with commas: [{', '.join(items)}])"
                )
            elif (
                item_of_list
                and " - " in value
                and named_items(value.replace(" - ", ","), choices, others)
            ):
                # '- trust' indented under '- reputation': YAML reads the two lines as one.
                hint = (
                    " (is a '- ' line indented more than the one above it? YAML joins the two: "
                    "start each '- ' in the same column)"
                )
            message = f"has unknown value '{value}'{hint}; allowed: {', '.join(choices)}"
            if field.choices == "sources" and not match:
                # Not a slip, most likely, but a source the contributor has not yet listed.
                message += _new_source(value)
            return [("E113", message)]
        return []
    if not item_of_list:
        if not value.strip():
            fix = "fill it in" if field.required else "fill it in, or remove the line"
            return [("E114", f"is empty: {fix}")]
        if field.template_text and _same_text(value, field.template_text):
            wanted = field.description[:1].lower() + field.description[1:].rstrip(".")
            fix = "" if field.required else ", or remove the line"
            return [
                (
                    "E134",
                    f"is the template's '{value.strip()}', not filled in yet: replace it with "
                    f"{wanted}{fix}",
                )
            ]
        if field.min_length is not None and len(value) < field.min_length:
            length = counted(len(value), "character")
            short = counted(field.min_length - len(value), "character")
            return [
                (
                    "E114",
                    f"is {length}; it needs at least {field.min_length}: lengthen it by at least "
                    f"{short}",
                )
            ]
        if field.max_length is not None and len(value) > field.max_length:
            over = counted(len(value) - field.max_length, "character")
            return [
                (
                    "E114",
                    f"is {len(value)} characters; the limit is {field.max_length}: shorten it "
                    f"by {over}",
                )
            ]
    if field.pattern is not None and not re.fullmatch(field.pattern, value):
        return [("E116", f"'{value}' is not valid: use {field.pattern_hint}")]
    return []


def _new_source(value: str) -> str:
    """How to add a source that sources.yaml does not list, named as the contributor named it."""
    listing = VOCABULARY_FILES["sources"][0]
    if re.match(r"\s*(https?://|www\.)", value, flags=re.IGNORECASE):
        return (
            f"; or add the article to {listing} as a new source, with this address as its url, "
            "and write the id you give it here"
        )
    if is_id(value):
        return f"; or add '{value}' to {listing} as a new source"
    # 'Jane Smith's blog' is a name, not an id: the id it would make, ready to use.
    made = as_id(re.sub(r"['\u2019]", "", value))
    such = f"an id such as '{made}'" if made else f"an id of {ID_RULE}"
    return f"; or add it to {listing} as a new source, with {such}, and write that id here"


def _describe(value: Any) -> str:
    """A value as a contributor wrote it, in words: never Python's own spelling."""
    # A pair is an item of a list tagged !!omap or !!pairs, written 'name: value'.
    if isinstance(value, dict | tuple):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    # Only YAML's tags make these, and naming the tag shows the contributor where it is.
    if isinstance(value, set):
        return "a set (!!set)"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if value is None:
        # Only an item of a list: a field left empty is reported as empty.
        return "an empty value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and not math.isfinite(value):
        return {math.inf: "'.inf'", -math.inf: "'-.inf'"}.get(value, "'.nan'")
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value)
    return f"'{value}'"


# --------------------------------------------------------------------------- JSON Schema

#: Where the generated JSON Schema lives in a library, and how entries point to it.
SCHEMA_FILE = "schema.json"
MODELINE = "# yaml-language-server: $schema={path}"
#: The JSON Schema draft it declares.
DRAFT = "http://json-schema.org/draft-07/schema#"


def json_schema(vocabularies: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The JSON Schema of an entry's front matter, for editors that validate as you type."""
    properties: dict[str, Any] = {}
    for field in ENTRY.fields:
        prop: dict[str, Any] = {"description": field.description}
        if field.example is not None:
            prop["examples"] = [field.example]
        choices: list[str] | None = None
        if field.choices is not None and not field.listed:
            prop.update({"type": "string", "pattern": ID_PATTERN})
            properties[field.name] = prop
            continue
        if field.choices is not None:
            choices = list(
                vocabularies.get(field.choices, ())
                if isinstance(field.choices, str)
                else field.choices
            )
        if field.type == "boolean":
            prop["type"] = "boolean"
        elif field.type == "integer":
            prop["type"] = "integer"
            if field.minimum is not None:
                prop["minimum"] = field.minimum
            if field.maximum is not None:
                prop["maximum"] = field.maximum
        elif field.type == "string":
            prop.update(_string_schema(field, choices))
        else:
            items: dict[str, Any] = {"type": "string"}
            if choices is not None:
                items["enum"] = choices
            elif field.pattern:
                items["pattern"] = field.pattern
            listing: dict[str, Any] = {"type": "array", "items": items, "uniqueItems": True}
            if field.min_length is not None:
                listing["minItems"] = field.min_length
            if field.max_length is not None:
                listing["maxItems"] = field.max_length
            forms = [listing]
            if field.allow_all:
                # 'all' stands alone, as the check insists: [all] or a list of ids.
                forms.insert(0, {"const": [ALL]})
            if field.allow_true:
                forms.insert(0, {"type": "boolean"})
            if len(forms) > 1:
                prop["anyOf"] = forms
            else:
                prop.update(listing)
        properties[field.name] = prop
    return {
        # Draft 7, the one every editor's validator takes: remark's front-matter linter
        # (Ajv, by default) refuses a schema of a later draft outright.
        "$schema": DRAFT,
        "title": "bizcase argument",
        "description": (
            "The front matter of one argument in bizcase's library. Generated by "
            "'bizcase schema' from bizcase/schema.py: do not edit by hand."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": [field.name for field in ENTRY.fields if field.required],
        "properties": properties,
    }


def _string_schema(field: Field, choices: list[str] | None) -> dict[str, Any]:
    if choices is not None:
        return {"type": "string", "enum": choices}
    prop: dict[str, Any] = {"type": "string"}
    if field.min_length is not None:
        prop["minLength"] = field.min_length
    if field.max_length is not None:
        prop["maxLength"] = field.max_length
    # Text of spaces alone is empty to the check, so it is to the editor too.
    prop["pattern"] = field.pattern if field.pattern is not None else r"\S"
    if field.template_text:
        prop["not"] = {"pattern": "|".join(_any_case(text) for text in field.template_text)}
    return prop


_SYNTAX = frozenset("\\^$.*+?()[]{}|/")


def _any_case(text: str) -> str:
    """A pattern for ``text`` as the check knows it: any case, any spacing, nothing else.

    JSON Schema's patterns have no flag to ignore case, so each letter is a pair;
    and they are JavaScript's, where escaping a character that needs none is an error.
    """
    parts = []
    for word in text.split():
        parts.append(
            "".join(
                f"[{char.upper()}{char.lower()}]"
                if char.upper() != char.lower()
                else ("\\" + char if char in _SYNTAX else char)
                for char in word
            )
        )
    return r"^\s*" + r"\s+".join(parts) + r"\s*$"
