"""The questions bizcase new asks and the checks of their answers, called from Python."""

from __future__ import annotations

import pytest

from bizcase import questions
from bizcase.library import Library, load_library
from bizcase.scaffold import InvalidEntryError

from .conftest import FIXTURES

#: The test library's sources, in the order sources.yaml lists them.
SOURCES = "fbps12, rules-are-not-enough, strategic-approach, policies-wrong, contributors"


@pytest.fixture(scope="module")
def lib() -> Library:
    """The test library, whose vocabularies do not grow as the shipped library's do."""
    return load_library(FIXTURES / "library")


# ------------------------------------------------------------------------------------ the checks


@pytest.mark.parametrize(
    ("answer", "kind"),
    [("Reason ", "reason"), ("SAFEGUARD", "safeguard"), ("reasons", "reason")],
)
def test_the_kind_is_taken_in_any_case_plural_and_with_spaces_around_it(
    answer: str, kind: str
) -> None:
    assert questions.kind_check(answer) == (kind, None)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("idea", "'idea' is not a kind: type reason or safeguard."),
        ("ideas", "'ideas' is not a kind: type reason or safeguard."),
        ("  ", "The kind is empty: type reason or safeguard."),
    ],
)
def test_a_kind_that_is_not_one_says_which_there_are(answer: str, why: str) -> None:
    assert questions.kind_check(answer) == (None, why)


def organisation_types(lib: Library, answer: str) -> tuple[list[str] | None, str | None]:
    check = questions.list_check(lib, "org_types", "organisation type", "organisation types")
    return check(answer)


def concerns(lib: Library, answer: str) -> tuple[list[str] | None, str | None]:
    return questions.list_check(lib, "concerns", "concern", "concerns")(answer)


def test_organisation_types_are_taken_by_id_or_alias(lib: Library) -> None:
    assert organisation_types(lib, "Council, housing") == (["local-government", "housing"], None)
    assert organisation_types(lib, "all") == (["all"], None)


def test_an_unknown_organisation_type_is_refused_with_the_closest_type(lib: Library) -> None:
    # 'councl' is nearest the other name 'council': the id it stands for is suggested,
    # as 'bizcase build --org-type councl' suggests it.
    assert organisation_types(lib, "police, councl") == (
        None,
        "'councl' is not one of the organisation types listed (did you mean 'local-government'?).",
    )


def test_each_unknown_organisation_type_is_named(lib: Library) -> None:
    assert organisation_types(lib, "wizards, councl") == (
        None,
        "'wizards' is not one of the organisation types listed. "
        "'councl' is not one of the organisation types listed "
        "(did you mean 'local-government'?).",
    )


def test_all_is_refused_beside_another_organisation_type(lib: Library) -> None:
    assert organisation_types(lib, "all, police") == (
        None,
        "'all' already means every type: give it on its own.",
    )


def test_an_empty_list_of_organisation_types_is_refused(lib: Library) -> None:
    assert organisation_types(lib, " , ") == (None, "Give at least one organisation type.")


def test_concerns_number_one_to_four_as_the_schema_allows(lib: Library) -> None:
    assert concerns(lib, "") == (None, "Give at least one concern.")
    assert concerns(lib, "reputation") == (["reputation"], None)
    four = ["productivity", "security", "reputation", "misuse"]
    assert concerns(lib, ", ".join(four)) == (four, None)
    assert concerns(lib, ", ".join([*four, "legal"])) == (
        None,
        "That is 5 concerns; give at most 4.",
    )


def test_a_concern_named_twice_counts_once(lib: Library) -> None:
    assert concerns(lib, "reputation, Reputation") == (["reputation"], None)


def test_an_unknown_concern_is_refused_with_the_closest_one(lib: Library) -> None:
    assert concerns(lib, "reputaton") == (
        None,
        "'reputaton' is not one of the concerns listed (did you mean 'reputation'?).",
    )


def test_concerns_are_taken_in_everyday_words(lib: Library) -> None:
    assert concerns(lib, "cyber, Privacy") == (["security", "confidentiality"], None)
    assert concerns(lib, "privasy") == (
        None,
        "'privasy' is not one of the concerns listed (did you mean 'confidentiality'?).",
    )


@pytest.mark.parametrize(("answer", "strength"), [("1", 1), (" 4 ", 4), ("5", 5)])
def test_a_strength_within_the_range_is_taken(answer: str, strength: int) -> None:
    assert questions.strength_check(answer) == (strength, None)


@pytest.mark.parametrize("answer", ["0", "6", "three", "2.5", ""])
def test_a_strength_outside_the_range_or_not_whole_is_refused(answer: str) -> None:
    assert questions.strength_check(answer) == (
        None,
        "The strength must be a whole number from 1 to 5.",
    )


def test_a_source_is_taken_in_any_case(lib: Library) -> None:
    assert questions.source_check(lib)("FBPS12") == ("fbps12", None)


def test_a_misspelt_source_is_refused_with_the_one_it_means(lib: Library) -> None:
    assert questions.source_check(lib)("contributer") == (
        None,
        "'contributer' is not a source in sources.yaml (did you mean 'contributors'?): choose "
        "one listed, or add yours to sources.yaml first.",
    )


def test_a_source_like_none_listed_is_refused_without_a_guess(lib: Library) -> None:
    assert questions.source_check(lib)("nope") == (
        None,
        "'nope' is not a source in sources.yaml: choose one listed, or add yours to "
        "sources.yaml first.",
    )


def test_an_id_already_taken_names_the_file_that_has_it(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(lib.root)  # the file is named from here, as a compiler names it
    assert questions.id_check(lib)("phones-are-not-banned") == (
        None,
        "An entry with id 'phones-are-not-banned' already exists "
        "(reasons/phones-are-not-banned.md): choose another.",
    )


def test_an_empty_id_says_what_an_id_looks_like(lib: Library) -> None:
    assert questions.id_check(lib)(" ") == (
        None,
        "The id is empty: use lowercase words joined by hyphens, such as 'staff-are-advocates'.",
    )


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (
            "Bad Id",
            "The id: 'Bad Id' is not valid: use lowercase words joined by hyphens, such as "
            "'bad-id'.",
        ),
        (
            "readme",
            "The id: 'readme' would name the file readme.md, which bizcase takes for a read-me "
            "and never reads as an argument: choose another id.",
        ),
    ],
)
def test_an_id_bizcase_check_would_refuse_is_refused(lib: Library, answer: str, why: str) -> None:
    _, refused = questions.id_check(lib)(answer)
    assert refused == why


def test_a_new_valid_id_is_taken(lib: Library) -> None:
    assert questions.id_check(lib)(" spot-complaints-early ") == ("spot-complaints-early", None)


def test_a_title_is_checked_as_bizcase_check_checks_it(lib: Library) -> None:
    check = questions.text_check(lib, "title", "title")
    assert (
        check("Short")[1]
        == "The title is 5 characters; it needs at least 10: lengthen it by at least 5 characters."
    )
    assert check("Staff can reach {{ residents }} where they are")[1] == (
        "The title: unknown placeholder '{{ residents }}': use only {{ audience }}, "
        "{{ organisation }}."
    )
    assert check(" Staff can reach {{ audience }} where they already are ") == (
        "Staff can reach {{ audience }} where they already are",
        None,
    )


def test_an_empty_body_is_refused(lib: Library) -> None:
    check = questions.text_check(lib, "body", "body")
    assert check("\n\n")[1] == "The body is empty: write a few sentences that back the claim."


def test_an_idea_of_ones_own_must_credit_someone(lib: Library) -> None:
    check = questions.credit_check(lib, own_idea=True)
    assert check("") == (
        None,
        "The idea is your own, so the pull request check asks for a name to credit: type your "
        "name or handle.",
    )
    assert check("J") == (
        "J",
        "The credit is 1 character; it needs at least 2: lengthen it by at least 1 character.",
    )
    assert check(" Jo Bloggs ") == ("Jo Bloggs", None)


def test_an_idea_from_a_source_may_credit_nobody(lib: Library) -> None:
    assert questions.credit_check(lib, own_idea=False)("") == (None, None)


# --------------------------------------------------------------------------------- the questions


def prompts(lib: Library, answers: dict[str, str]) -> list[str]:
    return [questions.question(lib, name, answers).prompt for name in questions.FIELDS]


def test_the_questions_come_in_order_with_the_schemas_ranges_and_the_librarys_words(
    lib: Library,
) -> None:
    answers = {"title": "Staff who can see social media spot complaints early", "source": "fbps12"}
    assert prompts(lib, answers) == [
        "Kind: reason (why the ban should go) or safeguard (how a risk is managed)",
        "Title: the claim, 10 to 80 characters, no full stop",
        "Summary: one sentence that backs the claim, 40 to 200 characters",
        "Organisation types (comma-separated, or 'all'): " + ", ".join(lib.org_types),
        "Concerns it answers (comma-separated, 1 to 4): " + ", ".join(lib.concerns),
        "Strength, 1 to 5 (5 is the most persuasive)",
        f"Source (an id from sources.yaml): {SOURCES}",
        "Credit: your name or handle, so the page can thank you (or press Enter to skip)",
        "Body: a few sentences that back the claim, on as many lines and in as many paragraphs "
        "as you like; end it with a line holding only a full stop (.):",
        "Id, the file name (press Enter to accept it, or type another)",
    ]


def test_the_credit_cannot_be_skipped_for_an_idea_of_ones_own(lib: Library) -> None:
    credit = questions.question(lib, "credit", {"source": "contributors"})
    assert credit.prompt == "Credit: your name or handle, so the page can thank you"
    assert credit.check("")[1] is not None


def test_the_id_proposed_is_made_from_the_title(lib: Library) -> None:
    title = "Staff who follow local groups online hear about problems on the day of the fete"
    proposed = questions.question(lib, "id", {"title": title})
    assert proposed.default == "staff-who-follow-local-groups-online-hear-about-problems"
    assert proposed.check("")[0] is None  # Enter gives the default; an empty id is refused


@pytest.mark.parametrize(
    ("name", "default", "value"),
    [
        ("org_types", "all", ("all",)),
        ("strength", "3", 3),
        ("source", "contributors", "contributors"),
    ],
)
def test_a_question_with_a_default_is_asked_only_in_a_conversation(
    lib: Library, name: str, default: str, value: object
) -> None:
    question = questions.question(lib, name, {})
    assert question.default == default
    assert question.check(default)[1] is None  # pressing Enter is an answer that passes
    assert question.asked(conversation=True, interactive=True)
    # Given the text as options, the field takes the default without asking.
    assert not question.asked(conversation=False, interactive=True)
    assert question.unasked == value


@pytest.mark.parametrize("name", ["credit", "id"])
def test_credit_and_id_are_not_asked_of_a_script_that_gives_every_option(
    lib: Library, name: str
) -> None:
    answers = {"title": "Staff who can see social media spot complaints early"}
    question = questions.question(lib, name, answers)
    assert question.asked(conversation=False, interactive=True)
    assert not question.asked(conversation=False, interactive=False)
    assert question.unasked is None


def test_only_the_body_runs_over_several_lines(lib: Library) -> None:
    answers = {"title": "Staff who can see social media spot complaints early"}
    several = [name for name in questions.FIELDS if questions.question(lib, name, answers).lines]
    assert several == ["body"]


def test_a_field_bizcase_new_never_asks_for_is_refused(lib: Library) -> None:
    with pytest.raises(ValueError, match="asks for no field 'core'") as caught:
        questions.question(lib, "core", {})
    assert "it asks for kind, title, summary, org_types, concerns" in str(caught.value)


# ----------------------------------------------------------------------------- the options given


def test_options_bizcase_check_would_refuse_are_refused_before_any_question(lib: Library) -> None:
    answers = {"title": "Short", "concerns": ["moral"], "credit": "", "strength": 9}
    with pytest.raises(InvalidEntryError) as caught:
        questions.check_given(lib, answers)
    assert caught.value.problems == (
        ("--title", "is 5 characters; it needs at least 10: lengthen it by at least 5 characters"),
        (
            "--concern",
            f"unknown concern 'moral'. Choose from: {', '.join(lib.concerns)} "
            "(bizcase concerns lists them).",
        ),
        ("--strength", "must be from 1 to 5, not 9"),
    )


def test_options_that_pass_leave_the_rest_to_be_asked(lib: Library) -> None:
    # An empty credit credits nobody: it is not refused as too short.
    answers = {"org_types": ["Council"], "concerns": ["Reputation"], "credit": " "}
    questions.check_given(lib, answers)
