"""Choosing and ordering entries for an organisation."""

from __future__ import annotations

import pytest

from bizcase import api
from bizcase.errors import LibraryError, OptionError
from bizcase.library import Library
from bizcase.select import candidates, rank

from .conftest import DATE


def test_only_entries_for_the_org_type_are_chosen(library: Library) -> None:
    case = api.build_case("police", library=library, date=DATE)
    assert all(entry.applies_to("police") for entry in case.entries)
    assert "patient-confidentiality" not in [e.id for e in case.entries]


def test_sector_specific_safeguard_is_chosen_for_its_sector(library: Library) -> None:
    case = api.build_case("health", library=library, date=DATE)
    assert "patient-confidentiality" in [e.id for e in case.safeguards]


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


def test_the_page_interleaves_three_reasons_to_two_safeguards(library: Library) -> None:
    pool = candidates(library, library.org_type("housing"))
    kinds = [entry.kind[0] for entry in pool.interleaved()[:10]]
    assert "".join(kinds) == "rsrsrrsrsr"
    assert len(pool.interleaved()) == len(library.select("housing"))


def test_sources_and_credits_follow_the_chosen_entries(library: Library) -> None:
    case = api.build_case("local-government", library=library, concerns=["trust"], date=DATE)
    assert {source.id for source in case.sources} == {entry.source for entry in case.entries}
    counts = [sum(e.source == source.id for e in case.entries) for source in case.sources]
    assert counts == sorted(counts, reverse=True)
    assert case.credits == tuple(e.credit for e in case.entries if e.credit)


def test_unknown_concern_names_the_closest(library: Library) -> None:
    with pytest.raises(OptionError) as caught:
        api.build_case("health", library=library, concerns=["secruity"])
    assert caught.value.message.startswith(
        "--concern: unknown concern 'secruity'. Did you mean 'security'?"
    )


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
    case = api.build_case("local-government", library=library, concerns=["cost", "trust"])
    assert [concern.id for concern in case.answered] == ["cost", "trust"]
    assert "cost" in case.reasons[0].concerns
    assert case.unanswered == ()


def test_the_policy_and_training_the_recommendation_asks_for_come_next(library: Library) -> None:
    # After one answer per chosen concern, the strongest safeguards: the policy and
    # the training that the recommendation asks management to approve.
    for org_type in ("police", "health", "local-government", "private-sector"):
        for concerns in ([], ["recruitment"], ["cost", "trust"]):
            case = api.build_case(org_type, library=library, concerns=concerns)
            ids = [entry.id for entry in case.safeguards]
            assert "social-media-policy" in ids, (org_type, concerns)
            if len(concerns) < 2:
                assert "training-before-posting" in ids, (org_type, concerns)


def test_a_concern_nothing_answers_is_not_claimed_on_the_page() -> None:
    from .conftest import FIXTURES

    case = api.build_case(
        "police", library=FIXTURES / "library", concerns=["cost", "misuse"], date=DATE
    )
    assert [concern.id for concern in case.unanswered] == ["cost"]
    page = api.export(case, api.Format.MD).decode("utf-8")
    assert "This paper answers the concerns raised about misuse." in page
    assert "cost" not in page
