"""The questions ``bizcase new`` asks, and how each answer is checked.

A check takes an answer as it was typed and returns its value and why it is
refused, None when it is not: a sentence for the person typing, which names no
option, since they typed none. Only an answer that is not refused is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from bizcase import schema
from bizcase.errors import InvalidEntryError
from bizcase.library import Library, other_names
from bizcase.output import shown
from bizcase.problems import display_path
from bizcase.scaffold import check_entry, concern_ids, org_type_ids, slug

#: A check of one answer: its value, and why it is refused (None when it is not).
Check = Callable[[str], tuple[Any, str | None]]

#: A line holding only this ends a body typed or pasted at the prompt.
BODY_END = "."
#: The end of a body, as the questions and messages about it describe it.
BODY_END_LINE = f"a line holding only a full stop ({BODY_END})"


def plainly(label: str, messages: Iterable[str]) -> str:
    """The checks' messages about one answer as sentences: 'The title is 5 characters; ...'."""
    sentences = []
    for message in messages:
        joined = " " if message.split(" ", 1)[0] in ("is", "has", "holds", "needs") else ": "
        sentence = f"The {label}{joined}{message}"
        sentences.append(sentence if sentence.endswith((".", ")")) else sentence + ".")
    return " ".join(sentences)


def text_check(
    lib: Library, name: str, label: str, optional: bool = False
) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of a text answer: everything 'bizcase check' would say about it.

    An answer of one line that the pull request check would warn of (a summary of two
    sentences, a title ending in a full stop, a web address as the credit) is asked
    for again: pressing Enter then, or typing it again, keeps it.
    """
    # The answer warned of just before, if the last answer was.
    warned: list[str] = []

    def check(answer: str) -> tuple[str | None, str | None]:
        value = answer.strip()
        if warned and value in ("", warned[-1]):
            return warned[-1], None
        warned.clear()
        if optional and not value:
            return None, None
        wrong = check_entry(lib, {}, value) if name == "body" else check_entry(lib, {name: value})
        if wrong:
            return value, plainly(label, [message for _, message in wrong])
        warnings = [] if name == "body" else _warnings(name, value)
        if warnings:
            warned.append(value)
            return None, ". ".join(warnings) + ". Press Enter to keep it as it is."
        return value, None

    return check


def _warnings(name: str, value: str) -> list[str]:
    """What the pull request check would warn of in one field's value, as sentences."""
    from bizcase import checks

    found = checks.style(Path(f"{name}.md"), {name: value}, {}, "", 1)
    return [problem.message[:1].upper() + problem.message[1:] for problem in found]


def credit_check(lib: Library, own_idea: bool) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of the credit: it may be skipped, except for an idea of the contributor's own."""
    check = text_check(lib, "credit", "credit", optional=True)

    def credit(answer: str) -> tuple[str | None, str | None]:
        if own_idea and not answer.strip():
            return None, (
                "The idea is your own, so the pull request check asks for a name to credit: "
                "type your name or handle."
            )
        return check(answer)

    return credit


def kind_check(answer: str) -> tuple[str | None, str | None]:
    """The check of the kind: one of the schema's kinds, in any case, singular or plural."""
    kind = schema.kind_meant(answer)
    if kind is not None:
        return kind, None
    what = f"'{answer.strip()}' is not a kind" if answer.strip() else "The kind is empty"
    return None, f"{what}: type {' or '.join(schema.KINDS)}."


def list_check(
    lib: Library, name: str, noun: str, nouns: str
) -> Callable[[str], tuple[list[str] | None, str | None]]:
    """The check of a comma-separated answer: known values, and neither too few nor too many."""
    field = schema.ENTRY.field(name)
    assert field is not None
    records = lib.org_types if name == "org_types" else lib.concerns
    allowed = [*records, schema.ALL] if name == "org_types" else list(records)
    # A misspelt other name ('councl', 'privasy') is answered with the id it stands
    # for, as --org-type and --concern answer it.
    aliases = other_names(records)

    def check(answer: str) -> tuple[list[str] | None, str | None]:
        given = [part for part in answer.split(",") if part.strip()]
        values = org_type_ids(given, lib) if name == "org_types" else concern_ids(given, lib)
        unknown = [value for value in values if value not in allowed]
        if unknown:
            return None, " ".join(not_listed(value, nouns, allowed, aliases) for value in unknown)
        if field.allow_all and schema.ALL in values and len(values) > 1:
            return None, f"'{schema.ALL}' already means every type: give it on its own."
        if field.min_length is not None and len(values) < field.min_length:
            return None, f"Give at least one {noun}." if field.min_length == 1 else (
                f"Give at least {field.min_length} {nouns}."
            )
        if field.max_length is not None and len(values) > field.max_length:
            return None, f"That is {len(values)} {nouns}; give at most {field.max_length}."
        return values, None

    return check


def not_listed(value: str, nouns: str, allowed: list[str], aliases: dict[str, str]) -> str:
    """Why an answer's item is refused, and what was probably meant."""
    named = schema.named_items(value, allowed, aliases) or []
    given = shown(value.strip())
    if len(named) > 1:
        # 'reputation and trust': both, not the one a spelling check would offer.
        return f"'{given}' is {len(named)} {nouns}: separate them with commas: {', '.join(named)}."
    match = named[0] if named else schema.suggestion(value, allowed, aliases)
    return f"'{given}' is not one of the {nouns} listed{_did_you_mean(match)}."


def _did_you_mean(match: str | None) -> str:
    return f" (did you mean '{match}'?)" if match else ""


def field_range(name: str) -> tuple[int, int]:
    """The smallest and largest value, or length, the schema allows for a field."""
    field = schema.ENTRY.field(name)
    assert field is not None
    low = field.minimum if field.minimum is not None else field.min_length
    high = field.maximum if field.maximum is not None else field.max_length
    return low or 0, high or 0


def strength_check(answer: str) -> tuple[int | None, str | None]:
    """The check of the strength: a whole number within the schema's range."""
    low, high = field_range("strength")
    try:
        value = int(answer.strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        return None, f"The strength must be a whole number from {low} to {high}."
    return value, None


def source_check(lib: Library) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of the source: an id from the library's sources.yaml, in any case."""

    def check(answer: str) -> tuple[str | None, str | None]:
        value = answer.strip().lower()
        if value in lib.sources:
            return value, None
        hint = schema.did_you_mean(value, list(lib.sources))
        return None, (
            f"'{answer.strip()}' is not a source in sources.yaml{hint}: choose one listed, "
            "or add yours to sources.yaml first."
        )

    return check


def id_check(lib: Library) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of the id: valid, and not the id of an entry the library holds already."""

    def check(answer: str) -> tuple[str | None, str | None]:
        value = answer.strip()
        if not value:
            return None, f"The id is empty: use {schema.ID_HINT}."
        if value in lib.entries:
            where = display_path(lib.entries[value].path)
            return None, f"An entry with id '{value}' already exists ({where}): choose another."
        wrong = check_entry(lib, {"id": value})
        return value, (plainly("id", [message for _, message in wrong]) if wrong else None)

    return check


class When(Enum):
    """When ``bizcase new`` asks a question that no option answered."""

    #: Always: nothing could stand in for the answer.
    ALWAYS = "always"
    #: Only when no text was given as options; otherwise its default stands.
    IN_CONVERSATION = "in conversation"
    #: Only when someone is answering questions: a script that gives every option is not asked.
    INTERACTIVELY = "interactively"


@dataclass(frozen=True)
class Question:
    """One question of ``bizcase new``: the field it fills, its words, how its answer is checked."""

    field: str
    prompt: str
    check: Check
    #: The answer that pressing Enter gives.
    default: str = ""
    when: When = When.ALWAYS
    #: The field's value when the question is not asked.
    unasked: Any = None
    #: The answer runs over as many lines as it needs, up to a line holding only BODY_END.
    lines: bool = False
    #: The field in plain words, where its name will not do.
    label: str = ""
    #: What is shown once before the question, such as the choices it offers.
    intro: str = ""

    @property
    def name(self) -> str:
        """The field in plain words, as a message names it: 'organisation types'."""
        if self.label:
            return self.label
        return "organisation types" if self.field == "org_types" else self.field

    def asked(self, conversation: bool, interactive: bool) -> bool:
        """Whether it is asked, in a conversation or when someone is answering questions."""
        if self.when is When.IN_CONVERSATION:
            return conversation
        if self.when is When.INTERACTIVELY:
            return interactive
        return True


#: The fields ``bizcase new`` fills, in the order it asks for them.
FIELDS = (
    "kind",
    "title",
    "summary",
    "org_types",
    "concerns",
    "strength",
    "source",
    "credit",
    "body",
    "id",
)
#: The strength of an argument nobody has rated: the middle of the range.
STRENGTH = 3


def question(lib: Library, name: str, answers: Mapping[str, Any]) -> Question:
    """The question that fills the field ``name``, worded for the library and the answers so far."""
    match name:
        case "kind":
            return Question(
                name,
                "Kind: reason (why the ban should go) or safeguard (how a risk is managed)",
                kind_check,
            )
        case "title":
            low, high = field_range("title")
            return Question(
                name,
                f"Title: the claim, {low} to {high} characters, no full stop",
                text_check(lib, "title", "title"),
            )
        case "summary":
            low, high = field_range("summary")
            return Question(
                name,
                f"Summary: one sentence that backs the claim, {low} to {high} characters",
                text_check(lib, "summary", "summary"),
            )
        case "org_types":
            return Question(
                name,
                f"Organisation types (comma-separated, or '{schema.ALL}'): "
                + ", ".join(lib.org_types),
                list_check(lib, "org_types", "organisation type", "organisation types"),
                default=schema.ALL,
                when=When.IN_CONVERSATION,
                unasked=(schema.ALL,),
            )
        case "concerns":
            low, high = field_range("concerns")
            return Question(
                name,
                f"Concerns it answers (comma-separated, {low} to {high}): "
                + ", ".join(lib.concerns),
                list_check(lib, "concerns", "concern", "concerns"),
            )
        case "strength":
            low, high = field_range("strength")
            return Question(
                name,
                f"Strength, {low} to {high} ({high} is the most persuasive)",
                strength_check,
                default=str(STRENGTH),
                when=When.IN_CONVERSATION,
                unasked=STRENGTH,
            )
        case "source":
            return Question(
                name,
                "Source (an id from sources.yaml): " + ", ".join(lib.sources),
                source_check(lib),
                default=schema.OWN_IDEA,
                when=When.IN_CONVERSATION,
                unasked=schema.OWN_IDEA,
            )
        case "credit":
            own_idea = answers.get("source") == schema.OWN_IDEA
            return Question(
                name,
                "Credit: your name or handle, so the page can thank you"
                + ("" if own_idea else " (or press Enter to skip)"),
                credit_check(lib, own_idea),
                when=When.INTERACTIVELY,
            )
        case "body":
            return Question(
                name,
                "Body: a few sentences that back the claim, on as many lines and in as many "
                f"paragraphs as you like; end it with {BODY_END_LINE}:",
                text_check(lib, "body", "body"),
                lines=True,
            )
        case "id":
            return Question(
                name,
                "Id, the file name (press Enter to accept it, or type another)",
                id_check(lib),
                default=slug(answers["title"]),
                when=When.INTERACTIVELY,
            )
    raise ValueError(f"bizcase new asks for no field '{name}': it asks for {', '.join(FIELDS)}")


def check_given(lib: Library, answers: Mapping[str, Any]) -> None:
    """Refuse answers given as options that 'bizcase check' would refuse, before asking the rest.

    Raises :class:`~bizcase.errors.InvalidEntryError`, naming each option to fix.
    """
    credit = answers.get("credit")
    given = {
        "id": answers.get("id"),
        "kind": answers.get("kind"),
        "title": answers.get("title"),
        "summary": answers.get("summary"),
        "org_types": org_type_ids(answers.get("org_types") or (), lib) or None,
        "concerns": concern_ids(answers.get("concerns") or (), lib) or None,
        "strength": answers.get("strength"),
        "source": answers.get("source"),
        # An empty credit credits nobody, as the file is written: it is not too short.
        "credit": credit if credit and credit.strip() else None,
    }
    wrong = check_entry(lib, given, answers.get("body"))
    if wrong:
        raise InvalidEntryError(wrong)
