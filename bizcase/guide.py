"""The questions ``bizcase build`` asks at a terminal when no organisation type is given.

An officer who types only ``bizcase build`` is asked for the organisation type,
the organisation's name, their own name and management's concerns, each answer
checked as the options are, and is then shown the one command that does the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bizcase.errors import OptionError
from bizcase.library import Library, other_names
from bizcase.output import quoted, wrapped
from bizcase.questions import Question, not_listed
from bizcase.scaffold import concern_ids

#: The fields the questions fill, in the order they are asked.
FIELDS = ("org_type", "org_name", "author", "concerns")
#: Answers that mean no concern at all, as Enter does.
_NONE = frozenset({"none", "no", "nothing", "n/a", "-"})


def question(lib: Library, name: str) -> Question:
    """The question that fills ``name``, one of FIELDS, with the library's choices."""
    match name:
        case "org_type":
            return Question(
                name,
                "Which kind of organisation is the case for? Type its number or name",
                org_type_check(lib),
                label="organisation type",
                intro=_menu(lib),
            )
        case "org_name":
            return Question(
                name,
                "Its name (Enter to leave it out)",
                text_check("--org-name"),
                label="organisation's name",
                intro=wrapped(
                    "Your organisation's name, as it reads in a sentence, such as Anytown "
                    "Borough Council, or the University of Bristol with its 'the'."
                ),
            )
        case "author":
            return Question(
                name,
                "Your name, for the byline (Enter to leave it out)",
                text_check("--author"),
                label="author",
            )
        case "concerns":
            return Question(
                name,
                "Which has senior management raised? Separate them with commas (Enter for none)",
                concerns_check(lib),
                label="concerns",
                intro=wrapped("Concerns: " + ", ".join(lib.concerns) + ".", rest="  "),
            )
    raise ValueError(f"no question fills {name!r}")


def _menu(lib: Library) -> str:
    """The organisation types, numbered, each with what it covers."""
    lines = []
    for number, org in enumerate(lib.org_types.values(), start=1):
        covers = f" \u2013 {org.description}" if org.description else ""
        lines.append(wrapped(f"{number:>2}  {org.label}{covers}", rest=" " * 6))
    return "\n".join(lines)


def org_type_check(lib: Library) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of the organisation type: a number from the list, an id or another name."""
    ids = list(lib.org_types)

    def check(answer: str) -> tuple[str | None, str | None]:
        value = answer.strip()
        if not value:
            return None, "Type the number or the name of your kind of organisation."
        if value.isdecimal():
            if 1 <= int(value) <= len(ids):
                return ids[int(value) - 1], None
            return None, f"There is no number {value}: type a number from 1 to {len(ids)}."
        if value.lower() == "all":
            return None, (
                "Here a case is for one organisation: for one of each type, run "
                "bizcase build --org-type all --output-dir DIR. Type a number or a name."
            )
        try:
            return lib.org_type(value).id, None
        except OptionError:
            return None, not_listed(value, "organisation types", ids, other_names(lib.org_types))

    return check


def text_check(option: str) -> Callable[[str], tuple[str | None, str | None]]:
    """The check of a name for the page, as ``option`` checks it: blank leaves it out."""
    from bizcase.api import typed_text

    def check(answer: str) -> tuple[str | None, str | None]:
        try:
            return typed_text(answer, option), None
        except OptionError as error:
            why = error.message.removeprefix(f"{option}: ")
            return None, why[:1].upper() + why[1:] + "."

    return check


def concerns_check(lib: Library) -> Callable[[str], tuple[list[str] | None, str | None]]:
    """The check of the concerns: each one known, by its id or another name; none is fine."""
    ids = list(lib.concerns)
    aliases = other_names(lib.concerns)

    def check(answer: str) -> tuple[list[str] | None, str | None]:
        if answer.strip().lower() in _NONE:
            return [], None
        # As 'bizcase new' reads its concerns: each id once, an unknown one kept to be named.
        chosen = concern_ids([part for part in answer.split(",") if part.strip()], lib)
        wrong = [
            not_listed(value, "concerns", ids, aliases) for value in chosen if value not in ids
        ]
        return (None, " ".join(wrong)) if wrong else (chosen, None)

    return check


def command_line(answers: dict[str, Any], given: Sequence[str] = ()) -> str:
    """The ``bizcase build`` command that does what the answers asked, without questions.

    ``given`` holds the options typed with the command, which come after the answers.
    """
    words = ["bizcase", "build", "--org-type", answers["org_type"]]
    for option, name in (("--org-name", "org_name"), ("--author", "author")):
        if answers.get(name):
            words += [option, quoted(answers[name])]
    if answers.get("concerns"):
        words += ["--concern", ",".join(answers["concerns"])]
    return " ".join([*words, *given])
