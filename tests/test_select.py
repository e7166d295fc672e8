"""Choosing and ordering entries for an organisation."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from bizcase import api
from bizcase.errors import LibraryError
from bizcase.library import Library
from bizcase.select import candidates, rank

from .conftest import DATE


def test_only_entries_for_the_org_type_are_chosen(library: Library) -> None:
    case = api.build_case("police", library=library, date=DATE)
    assert all(entry.applies_to("police") for entry in case.entries)
    assert "patient-confidentiality" not in [e.id for e in case.entries]


@pytest.mark.parametrize(
    ("org_type", "duty"),
    [
        ("health", "patient-confidentiality"),
        ("police", "police-conduct-standards"),
        ("central-government", "civil-service-impartiality"),
        ("charity", "charity-campaigning-neutrality"),
        ("fire-and-rescue", "incident-scenes-stay-private"),
    ],
)
def test_each_sectors_own_duty_is_on_its_page(library: Library, org_type: str, duty: str) -> None:
    # Core, so that no concern and no stronger general safeguard can crowd it out.
    assert library.entries[duty].core
    case = api.build_case(org_type, library=library, date=DATE)
    assert duty in [e.id for e in case.safeguards]


def test_reasons_answering_the_chosen_concern_come_first(library: Library) -> None:
    case = api.build_case("charity", library=library, concerns=["security"], date=DATE)
    assert "security" in case.reasons[0].concerns
    answering = [e for e in library.select("charity", "reason") if "security" in e.concerns]
    assert [e.id for e in case.reasons[: len(answering)]] == [
        e.id for e in rank(answering, "charity")
    ]


def test_without_concerns_the_strongest_come_first(library: Library) -> None:
    case = api.build_case("private-sector", library=library, date=DATE)
    strengths = [entry.strength for entry in case.reasons]
    assert strengths == sorted(strengths, reverse=True)
    assert strengths[0] == 5


def test_rank_orders_by_concern_then_specificity_then_strength(library: Library) -> None:
    ranked = rank(library.select("health", "reason"), "health", ["customer-service"])
    keys = [("customer-service" in e.concerns, e.is_specific, e.strength) for e in ranked]
    assert keys == sorted(keys, reverse=True)


def test_the_page_is_filled_core_first_then_three_reasons_to_two_safeguards(
    library: Library,
) -> None:
    pool = candidates(library, library.org_type("housing"))
    order = pool.interleaved()
    assert [e.id for e in order[:2]] == ["social-media-policy", "training-before-posting"]
    # Two safeguards are in, so reasons follow until there are three to two.
    assert "".join(entry.kind[0] for entry in order[:10]) == "ssrrrrsrsr"
    assert sorted(e.id for e in order) == sorted(e.id for e in library.select("housing"))


def test_each_concern_s_best_answers_are_filled_before_the_rest(library: Library) -> None:
    pool = candidates(library, library.org_type("health"), ["safeguarding", "cost"])
    first = {entry.id for entry in pool.interleaved()[:6]}
    assert {"safeguarding-contact", "patient-confidentiality"} <= first
    assert {"social-media-policy", "training-before-posting"} <= first
    assert any("cost" in library.entries[entry_id].concerns for entry_id in first)


def test_after_a_concern_s_best_safeguard_the_strongest_come_first(library: Library) -> None:
    # A reader of the recommendation looks for the strongest safeguards first, whatever
    # else they answer.
    for concern in library.concerns:
        safeguards = candidates(library, library.org_type("health"), [concern]).safeguards
        rest = safeguards[1:] if concern in safeguards[0].concerns else safeguards
        strengths = [entry.strength for entry in rest]
        assert strengths == sorted(strengths, reverse=True), concern


def test_a_concern_the_core_entries_answer_takes_no_place_of_its_own(library: Library) -> None:
    # The policy and the training, on every page, answer these already; a second answer
    # would take a place that another concern, or a stronger entry, could have.
    core = [entry for entry in library.select("housing") if entry.core]
    for concern in ("misuse", "reputation", "legal", "learning"):
        assert any(concern in entry.concerns for entry in core), concern
        pool = candidates(library, library.org_type("housing"), [concern])
        assert pool.leaders == frozenset(), concern


def test_a_concern_s_answer_that_clashes_with_a_core_entry_gives_way_to_the_next(
    library: Library,
) -> None:
    (first,) = candidates(library, library.org_type("police"), ["cost"]).leaders
    clashing = replace(library.entries[first], excludes=("social-media-policy",))
    changed = replace(library, entries={**library.entries, first: clashing})
    (leader,) = candidates(changed, changed.org_type("police"), ["cost"]).leaders
    # The page keeps the policy and drops the clashing answer: the next answer stands in.
    assert leader != first
    assert "cost" in changed.entries[leader].concerns
    case = api.build_case("police", library=changed, concerns=["cost"], date=DATE)
    assert leader in [entry.id for entry in case.entries]
    assert [concern.id for concern in case.answered] == ["cost"]


def test_sources_and_credits_follow_the_chosen_entries(library: Library) -> None:
    case = api.build_case("local-government", library=library, concerns=["trust"], date=DATE)
    assert {source.id for source in case.sources} == {entry.source for entry in case.entries}
    counts = [sum(e.source == source.id for e in case.entries) for source in case.sources]
    assert counts == sorted(counts, reverse=True)
    assert case.credits == tuple(e.credit for e in case.entries if e.credit)


def test_a_library_with_nothing_for_the_type_says_so(library: Library) -> None:
    police_only = Library(
        root=library.root,
        entries={k: e for k, e in library.entries.items() if e.org_types == ("police",)},
        org_types=library.org_types,
        concerns=library.concerns,
        sources=library.sources,
    )
    with pytest.raises(LibraryError) as caught:
        candidates(police_only, library.org_type("charity"))
    assert caught.value.message == (
        f"the library at {library.root} has no reasons for 'charity': add an entry whose "
        "org_types includes it, or choose another organisation type."
    )


def test_every_chosen_concern_gets_its_best_answer_on_the_page(library: Library) -> None:
    # Trust has many strong answers; cost's must not be crowded off the page by them.
    case = api.build_case(
        "local-government", library=library, concerns=["cost", "trust"], date=DATE
    )
    assert [concern.id for concern in case.answered] == ["cost", "trust"]
    assert "cost" in case.reasons[0].concerns
    assert case.unanswered == ()


def test_every_page_has_its_core_safeguards_and_answers_each_concern_it_can(
    library: Library,
) -> None:
    # The recommendation asks management to approve the policy and the training,
    # so every page explains them, with its sector's own core safeguard, while
    # each chosen concern keeps its answer.
    core = {e.id for e in library.entries.values() if e.core}
    assert {"social-media-policy", "training-before-posting", "safeguarding-contact"} <= core
    concern_ids = list(library.concerns)
    pairs = [list(pair) for pair in itertools.combinations(concern_ids, 2)]
    # Four concerns leave room for one answer each; these once lost safeguarding.
    fours = [
        ["productivity", "security", "trust", "safeguarding"],
        ["productivity", "security", "misuse", "safeguarding"],
        *(sorted(random.Random(number).sample(concern_ids, 4)) for number in range(20)),
    ]
    choices = [[], *([c] for c in concern_ids), *pairs, *fours]
    for org_type in library.org_types:
        for concerns in choices:
            case = api.build_case(org_type, library=library, concerns=concerns, date=DATE)
            ids = {entry.id for entry in case.entries}
            expected = {
                e
                for e in core
                if library.entries[e].applies_to(org_type)
                and library.entries[e].is_core_for(org_type)
            }
            assert expected <= ids, (org_type, concerns, expected - ids)
            answerable = {c for c in concerns for e in library.select(org_type) if c in e.concerns}
            assert {c.id for c in case.answered} == answerable, (org_type, concerns)


def test_a_concern_nothing_answers_is_not_claimed_on_the_page() -> None:
    from .conftest import FIXTURES

    case = api.build_case(
        "police", library=FIXTURES / "library", concerns=["cost", "misuse"], date=DATE
    )
    assert [concern.id for concern in case.unanswered] == ["cost"]
    page = api.export(case, api.Format.MD).decode("utf-8")
    assert "This paper answers the concerns raised about misuse." in page
    assert "cost" not in page
