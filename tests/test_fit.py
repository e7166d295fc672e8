"""Fitting the page: what goes on, what is left out, and what cannot fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import api, document, fit, layout, text
from bizcase.cli import cli
from bizcase.errors import FitError, OptionError
from bizcase.library import Entry, Library
from bizcase.render import render_markdown

from .conftest import DATE, FIXTURES
from .test_page import _cases


def _bullet_height(entry: Entry, case: api.Case) -> float:
    """The height of the entry's bullet, worded and set as the page sets it."""
    title = text.as_sentence(text.fill(entry.title, case.words))
    return layout.height_of(fit.bullet_block(title, text.fill(entry.summary, case.markdown_words)))


def test_the_page_is_filled_but_never_beyond(library: Library) -> None:
    for org_type in library.org_types:
        for concerns in ([], *([concern] for concern in library.concerns)):
            case = api.build_case(org_type, library=library, concerns=concerns, date=DATE)
            placed = layout.measure(document.parse(api.render_markdown(case)))
            assert placed[-1].bottom <= layout.PAGE.text_height - layout.SAFETY
            assert case.estimated_fill >= 0.85
            # Nothing left out would still have fitted in the space that remains.
            room = layout.PAGE.text_height - layout.SAFETY - placed[-1].bottom
            fitted = [e.id for e in case.left_out if _bullet_height(e, case) <= room - 1]
            assert fitted == [], (org_type, concerns, room)


def test_every_case_has_both_reasons_and_safeguards(library: Library) -> None:
    # The cases the page tests render; counting their entries needs no LibreOffice, so this
    # runs wherever the tests do, not only where the page tests can.
    for label, options in _cases(library):
        options = dict(options)
        case = api.build_case(options.pop("org_type"), library=library, date=DATE, **options)
        # A 120-character name and a long author take three lines more: beside the core
        # safeguards and a concern's own, that leaves room for one reason fewer.
        assert len(case.reasons) >= (3 if label.endswith("+long-name") else 4), label
        assert len(case.safeguards) >= 3, label


def test_the_core_safeguards_keep_their_place_before_each_concern_s_answer(
    library: Library,
) -> None:
    # The recommendation asks management to approve the policy and the training, and
    # the sector's own duty always has a place: with every concern chosen and a long
    # name, answers to the concerns once took the room of the training (health) and of
    # the conduct standards (police); a concern goes unanswered, and is reported, instead.
    for org_type in library.org_types:
        case = api.build_case(
            org_type, library=library, org_name="N" * 120, concerns=list(library.concerns)
        )
        core = {entry.id for entry in library.select(org_type) if entry.is_core_for(org_type)}
        assert core <= {entry.id for entry in case.entries}, org_type


def test_a_page_answering_many_fears_still_gives_a_reason(library: Library) -> None:
    # Management's fears are answered by safeguards; chosen together with a long name,
    # they once filled the page before any reason, under an empty "Why the ban should go".
    fears = ["legal", "confidentiality", "learning", "security", "misuse", "reputation"]
    for org_type in library.org_types:
        case = api.build_case(
            org_type, library=library, org_name="N" * 120, concerns=[*fears, "safeguarding"]
        )
        assert case.reasons, org_type


def test_a_template_that_prints_more_than_estimated_still_fits_the_page(
    library: Library, tmp_path: Path
) -> None:
    # Each entry is estimated as one bullet; this template prints every reason twice, so
    # only measuring the whole page, and dropping the last additions, keeps it to one.
    (tmp_path / "business-case.md.j2").write_text(
        "# {{ Name }}\n\n## Why the ban should go\n\n{% for reason in reasons %}\n"
        "- **{{ reason.title }}** {{ reason.summary }}\n"
        "- **{{ reason.title }}** {{ reason.summary }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    case = api.build_case(
        "police", library=library, max_safeguards=0, template_dirs=[tmp_path], date=DATE
    )
    placed = layout.measure(layout.page_blocks(render_markdown(case, [tmp_path])))
    assert placed[-1].bottom <= layout.PAGE.text_height - layout.SAFETY
    assert case.left_out


def test_entries_answering_concerns_are_chosen_first(library: Library) -> None:
    case = api.build_case("police", library=library, concerns=["security"], date=DATE)
    assert "security" in case.reasons[0].concerns
    assert "security" in case.safeguards[0].concerns


def test_include_pins_an_entry_even_for_another_type(library: Library) -> None:
    case = api.build_case("police", library=library, include=["patient-confidentiality"], date=DATE)
    assert "patient-confidentiality" in [e.id for e in case.safeguards]


def test_exclude_keeps_an_entry_off(library: Library) -> None:
    plain = api.build_case("charity", library=library, date=DATE)
    first = plain.reasons[0].id
    case = api.build_case("charity", library=library, exclude=[first], date=DATE)
    assert first not in [e.id for e in case.entries + case.left_out]


def test_max_reasons_caps_the_reasons_and_leaves_room_for_safeguards(library: Library) -> None:
    case = api.build_case("housing", library=library, max_reasons=2, date=DATE)
    assert len(case.reasons) == 2
    assert len(case.safeguards) > 4


def test_max_safeguards_zero_drops_the_section(library: Library) -> None:
    case = api.build_case("housing", library=library, max_safeguards=0, date=DATE)
    assert case.safeguards == ()
    assert "## How the risk is managed" not in api.render_markdown(case)


def test_left_out_are_the_eligible_entries_not_on_the_page(library: Library) -> None:
    case = api.build_case("education", library=library, date=DATE)
    eligible = {e.id for e in library.select("education")}
    # What repeats or pulls against an entry on the page was not left out for space.
    clashing = {e.id for e in library.entries.values() for c in case.entries if e.clashes_with(c)}
    assert clashing
    assert {e.id for e in case.left_out} == eligible - {e.id for e in case.entries} - clashing


def test_entries_that_exclude_each_other_never_share_a_page(library: Library) -> None:
    pairs = [(e, library.entries[o]) for e in library.entries.values() for o in e.excludes]
    assert pairs
    for org_type in library.org_types:
        for concerns in ([], *([c] for c in library.concerns)):
            case = api.build_case(org_type, library=library, concerns=concerns, date=DATE)
            ids = {entry.id for entry in case.entries}
            both = [(a.id, b.id) for a, b in pairs if {a.id, b.id} <= ids]
            assert both == [], (org_type, concerns)


def test_the_entry_ranked_first_keeps_its_place_over_one_it_excludes(library: Library) -> None:
    # Wider cover is written for everyone; the NHS version of it is written for the
    # health page and ranks first there, so it is the one the page keeps.
    case = api.build_case("health", library=library, concerns=["customer-service"], date=DATE)
    ids = [entry.id for entry in case.entries]
    assert "nhs-ban-overloads-comms" in ids
    assert "wider-cover-faster-answers" not in ids
    assert "wider-cover-faster-answers" not in {e.id for e in case.left_out}


def test_an_officer_may_pin_two_entries_that_exclude_each_other(library: Library) -> None:
    pinned = ["nhs-ban-overloads-comms", "wider-cover-faster-answers"]
    case = api.build_case("health", library=library, include=pinned, date=DATE)
    assert set(pinned) <= {entry.id for entry in case.entries}


def test_a_small_library_puts_everything_on_the_page() -> None:
    case = api.build_case("health", library=FIXTURES / "library", date=DATE)
    assert case.left_out == ()
    assert len(case.entries) == 6


def test_an_impossible_include_list_fails_cleanly(library: Library) -> None:
    every = [e.id for e in library.select("health")]
    with pytest.raises(FitError) as caught:
        api.build_case("health", library=library, include=every, date=DATE)
    # The figures follow the font's measurements; the rest is asserted whole.
    largest = r"'[a-z-]+' \(\d+ mm\)"
    found = re.fullmatch(
        r"the entries you pinned with --include do not fit on one page: they need (\d{3})% of "
        r"the room on it, (\d+) mm more than there is\. Drop \d\d of them, the longest being "
        rf"{largest}, {largest} and {largest}, or shorten --org-name\. "
        r"Nothing was written\.",
        caught.value.message,
    )
    assert found
    # The two figures count the same room: so many per cent over is so many millimetres.
    room_mm = (layout.PAGE.text_height - layout.SAFETY) / layout.MM
    need, over_mm = int(found[1]), int(found[2])
    assert abs((need - 100) / 100 * room_mm - over_mm) <= room_mm * 0.005 + 0.5


def test_the_entry_named_to_drop_is_enough_to_drop(library: Library) -> None:
    # Pinned one by one in rank order until the page overflows: one entry too many
    # is named alone, not with two others the page has room for, and dropping it fits.
    ranked = [e.id for e in library.select("police")]
    pinned: list[str] = []
    caught = None
    for entry_id in ranked:
        pinned.append(entry_id)
        try:
            api.build_case("police", library=library, include=pinned, date=DATE)
        except FitError as error:
            caught = error
            break
    assert caught is not None
    (named,) = re.findall(r"Drop '([a-z-]+)' \(\d+ mm\), or shorten", caught.message)
    kept = [entry_id for entry_id in pinned if entry_id != named]
    case = api.build_case("police", library=library, include=kept, date=DATE)
    assert {entry.id for entry in case.entries} >= set(kept)


#: Safeguards a police page can hold, pinned: together they leave no room for a reason.
POLICE_SAFEGUARDS = [
    "social-media-policy",
    "training-before-posting",
    "police-conduct-standards",
    "leave-out-sensitive",
    "official-accounts-stay-official",
    "safeguarding-contact",
    "cross-functional-governance",
    "escalation-routes",
    "firewalls-and-filtering",
]


def test_a_core_safeguard_is_the_last_suggested_for_dropping(library: Library) -> None:
    # The policy is pinned first and is as long as the others, but the decision asks
    # management to approve it: another entry of its length is named instead.
    pinned = [*POLICE_SAFEGUARDS, "keep-it-legal"]
    with pytest.raises(FitError) as caught:
        api.build_case("police", library=library, include=pinned, date=DATE)
    (named,) = re.findall(r"Drop '([a-z-]+)' \(\d+ mm\), or shorten", caught.value.message)
    assert not library.entries[named].is_core_for("police"), named


def test_pinned_safeguards_that_leave_no_room_for_a_reason_fail_cleanly(
    library: Library,
) -> None:
    # They fit, but the page they leave would stand under an empty "Why the ban should go".
    pinned = POLICE_SAFEGUARDS
    with pytest.raises(FitError) as caught:
        api.build_case("police", library=library, include=pinned, date=DATE)
    assert re.fullmatch(
        r"the entries you pinned with --include leave no room for a reason on the page\. "
        r"Drop '([a-z-]+)' \(\d+ mm\), or shorten --org-name\. Nothing was written\.",
        caught.value.message,
    )
    (named,) = re.findall(r"'([a-z-]+)'", caught.value.message)
    kept = [entry_id for entry_id in pinned if entry_id != named]
    case = api.build_case("police", library=library, include=kept, date=DATE)
    assert case.reasons


def test_an_impossible_include_list_writes_nothing(library: Library, tmp_path: Path) -> None:
    every = ",".join(e.id for e in library.select("police"))
    output = tmp_path / "case.docx"
    result = CliRunner().invoke(
        cli, ["build", "-t", "police", "--include", every, "-o", str(output)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the entries you pinned with --include do not fit")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Trust " * 800, "x" * 10_000], ids=["words", "one-word"])
def test_a_name_too_long_for_any_page_is_refused(library: Library, name: str) -> None:
    with pytest.raises(FitError) as caught:
        api.build_case("health", library=library, org_name=name, date=DATE)
    assert caught.value.message.startswith("the title, byline and fixed text alone take ")
    assert caught.value.message.endswith(
        "too much: shorten --org-name or --author, or your template"
    )


def test_a_name_too_long_for_any_page_is_blamed_even_with_entries_pinned(
    library: Library,
) -> None:
    with pytest.raises(FitError) as caught:
        api.build_case(
            "health",
            library=library,
            org_name="Trust " * 800,
            include=["staff-are-adults"],
            date=DATE,
        )
    assert caught.value.message.startswith("the title, byline and fixed text alone take ")


def test_a_name_that_leaves_no_room_for_a_reason_is_refused(library: Library) -> None:
    # Long enough to leave room for the safeguards every page has, but for no reason.
    with pytest.raises(FitError) as caught:
        api.build_case("police", library=library, org_name="Word " * 76, date=DATE)
    assert caught.value.message == (
        "the title, byline and fixed text leave no room for a reason beside the safeguards "
        "every page has: shorten --org-name or --author, or your template"
    )


def test_including_and_excluding_the_same_entry_is_refused(library: Library) -> None:
    with pytest.raises(OptionError) as caught:
        api.build_case(
            "health", library=library, include=["bio-disclaimers"], exclude=["bio-disclaimers"]
        )
    assert caught.value.message == (
        "--include: 'bio-disclaimers' is both included and excluded: keep one of the two options"
    )


def test_pinning_more_than_the_cap_is_refused(library: Library) -> None:
    with pytest.raises(OptionError) as caught:
        api.build_case(
            "health",
            library=library,
            include=["staff-have-smartphones", "staff-are-adults"],
            max_reasons=1,
        )
    assert caught.value.message == (
        "--include: you pinned 2 reasons but --max-reasons is 1: pin fewer, or raise --max-reasons"
    )


def test_pinning_one_entry_over_a_cap_of_none_is_said_in_the_singular(library: Library) -> None:
    with pytest.raises(OptionError) as caught:
        api.build_case("health", library=library, include=["social-media-policy"], max_safeguards=0)
    assert caught.value.message == (
        "--include: you pinned 1 safeguard but --max-safeguards is 0: pin fewer, or raise "
        "--max-safeguards"
    )


def test_a_thin_page_is_pointed_out_with_its_cause(tmp_path: Path) -> None:
    health = ["build", "-t", "health", "--date", f"{DATE}", "-o", "-"]
    result = CliRunner().invoke(cli, [*health, "--library", str(FIXTURES / "library")])
    assert result.exit_code == 0
    assert re.search(
        r"^Note: the page is only \d\d% full; the library has nothing more for Health \(NHS\): "
        r"add arguments to it \(CONTRIBUTING.md says how\), or send the case as it is.$",
        result.stderr,
        re.MULTILINE,
    )
    capped = CliRunner().invoke(cli, [*health, "--max-reasons", "1", "--max-safeguards", "2"])
    assert "; --exclude, --max-reasons or --max-safeguards kept arguments off it.\n" in (
        capped.stderr
    )
    full = CliRunner().invoke(cli, health)
    assert "Note: the page is only" not in full.stderr
