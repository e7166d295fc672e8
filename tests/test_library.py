"""The shipped library: every file loads, every organisation type is served."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bizcase import api, schema
from bizcase.errors import OptionError
from bizcase.library import (
    Library,
    entry_files,
    load_library,
    packaged_path,
    read_library,
)
from bizcase.reader import read_entry, split_front_matter
from bizcase.text import fill, placeholder_problem

from .conftest import DATE, FIXTURES, TESTS

ARGUMENTS = packaged_path("arguments")
#: The organisation types the library must serve, as the first issue named them.
ORG_TYPES = [
    "local-government",
    "health",
    "police",
    "fire-and-rescue",
    "housing",
    "education",
    "central-government",
    "charity",
    "private-sector",
]
ENTRY_FILES = sorted(entry_files(ARGUMENTS))


def test_the_tests_of_every_entry_file_see_every_entry_file() -> None:
    # The tests below, and test_schema_json's, are made one per file entry_files finds:
    # had it found too few, or none, the rest would go unchecked (pytest skips a test
    # with no cases) and the run would still pass.
    on_disk = {path for path in ARGUMENTS.rglob("*.md") if path.name.lower() != "readme.md"}
    assert len(on_disk) > 50
    assert set(ENTRY_FILES) == on_disk


def _stray_arguments(repository: Path) -> list[str]:
    """Markdown files with an argument's front matter that the library never reads."""
    stray = []
    for path in sorted(repository.rglob("*.md")):
        relative = path.relative_to(repository)
        # Hidden folders (.venv, .git, .github) and build output are not the contributor's.
        if relative.parts[0] in ("arguments", "tests", "build", "dist") or any(
            part.startswith(".") or part.endswith(".egg-info") for part in relative.parts
        ):
            continue
        parts = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        if parts is not None and re.search(r"^(kind|title)\s*:", parts[0], re.MULTILINE):
            stray.append(
                f"{relative.as_posix()}: an argument outside arguments/, which the check never "
                "reads: move it to arguments/reasons/ or arguments/safeguards/"
            )
    return stray


def test_no_argument_is_saved_where_the_library_never_reads_it() -> None:
    # GitHub's 'Add file' at the top of the repository puts a new argument beside the
    # README, where 'bizcase check' (reading arguments/) passes it unseen and no page
    # ever holds it; this test is the pull request's warning.
    assert _stray_arguments(TESTS.parent) == []


def test_an_argument_at_the_top_of_the_repository_is_found(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# A read-me\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("---\nlayout: page\n---\nNotes\n", encoding="utf-8")
    shutil.copy(ENTRY_FILES[0], tmp_path / ENTRY_FILES[0].name)
    (tmp_path / ".venv").mkdir()
    shutil.copy(ENTRY_FILES[0], tmp_path / ".venv" / ENTRY_FILES[0].name)
    assert _stray_arguments(tmp_path) == [
        f"{ENTRY_FILES[0].name}: an argument outside arguments/, which the check never reads: "
        "move it to arguments/reasons/ or arguments/safeguards/"
    ]


def test_hidden_and_set_aside_folders_are_not_read(tmp_path: Path) -> None:
    # A draft kept in '_drafts' (CONTRIBUTING.md) or a tool's '.cache' is not an argument.
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    for folder in ("_drafts", ".cache", "reasons/_old"):
        (library / folder).mkdir()
        (library / folder / "half-written.md").write_text("no front matter yet\n", encoding="utf-8")
    read = read_library(library)
    assert [str(problem) for problem in read.problems] == []
    assert read.library is not None
    assert list(read.library.entries) == list(load_library(FIXTURES / "library").entries)


def test_a_library_kept_as_a_repository_loads_and_builds_beside_its_documents(
    tmp_path: Path,
) -> None:
    # LICENSE.md, CHANGELOG.md and the rest have no front matter: read as arguments, each
    # would be an error that stopped every command.
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    shutil.copytree(FIXTURES / "repository-documents", library, dirs_exist_ok=True)
    read = read_library(library)
    assert [str(problem) for problem in read.problems] == []
    assert read.library is not None
    assert list(read.library.entries) == list(load_library(FIXTURES / "library").entries)
    case = api.build_case("health", library=library, date=DATE)
    assert len(case.entries) == 6


def test_library_has_both_kinds(library: Library) -> None:
    kinds = {entry.kind for entry in library.entries.values()}
    assert kinds == {"reason", "safeguard"}


@pytest.mark.parametrize("path", ENTRY_FILES, ids=lambda p: p.stem)
def test_every_entry_file_loads_cleanly(path: Path, library: Library) -> None:
    entry, problems = read_entry(path, library.vocabularies)
    assert problems == []
    assert entry is not None
    assert entry.id == path.stem


@pytest.mark.parametrize("path", ENTRY_FILES, ids=lambda p: p.stem)
def test_every_entry_reads_well_for_every_org_type(path: Path, library: Library) -> None:
    entry = library.entries[path.stem]
    for text in (entry.title, entry.summary, entry.body):
        assert placeholder_problem(text) is None
    for org in library.org_types.values():
        words = {"audience": org.audience, "organisation": org.organisation}
        for text in (entry.title, entry.summary):
            filled = fill(text, words)
            assert "{" not in filled
            assert "}" not in filled
            assert len(filled) <= 220


#: A phrase said twice within a few words, as in 'with the public and the public'.
_SAID_TWICE = re.compile(r"\b(\w+ \w+)\b[^.;:]{0,25}?\b\1\b", re.IGNORECASE)
#: Words that cannot come before an audience with its own article ('individual the public').
_BEFORE_AUDIENCE = re.compile(
    r"\b(?:a|an|the|our|their|its|each|every|any|individual|local|other)\s+\{\{\s*audience\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", ENTRY_FILES, ids=lambda p: p.stem)
def test_no_audience_word_makes_a_sentence_repeat_itself(path: Path, library: Library) -> None:
    # 'the public', the police's and fire services' audience, beside the text's own
    # 'the public' said it twice; after 'individual' it made no sense.
    entry = library.entries[path.stem]
    texts = [entry.title, entry.summary, entry.body]
    for text in texts:
        assert not _BEFORE_AUDIENCE.search(text)

    def repeats(words: dict[str, str]) -> set[str]:
        flat = [" ".join(fill(text, words).split()) for text in texts]
        return {match.group(0).lower() for text in flat for match in _SAID_TWICE.finditer(text)}

    # The text's own parallels ('to the facts and to the') are not the audience's doing.
    own = repeats({"audience": "AUDIENCE", "organisation": "ORGANISATION"})
    for org in library.org_types.values():
        words = {"audience": org.audience, "organisation": org.organisation}
        assert repeats(words) <= own, org.id


def test_whole_library_has_no_problems() -> None:
    problems = read_library().problems
    assert [str(problem) for problem in problems] == []


def test_all_twenty_crowd_sourced_reasons_are_seeded(library: Library) -> None:
    seeded = [e for e in library.entries.values() if e.source == "fbps12" and e.kind == "reason"]
    assert len(seeded) >= 20


def test_the_reason_credited_to_siwhitehouse_says_so(library: Library) -> None:
    credited = [e for e in library.entries.values() if e.credit == "@siwhitehouse"]
    assert [e.id for e in credited] == ["trust-staff-and-managers"]


def test_safeguards_draw_on_the_other_articles(library: Library) -> None:
    sources = {e.source for e in library.entries.values() if e.kind == "safeguard"}
    assert {
        "rules-are-not-enough",
        "social-media-beast",
        "strategic-approach",
        "policies-wrong",
    } <= sources


def test_the_organisation_types_the_issue_names_exist(library: Library) -> None:
    assert set(library.org_types) == set(ORG_TYPES)
    assert library.org_types["health"].audience == "patients"
    assert library.org_types["housing"].audience == "tenants"
    assert library.org_types["local-government"].audience == "residents"


@pytest.mark.parametrize(
    "org_type",
    ORG_TYPES,
)
def test_every_org_type_has_enough_to_fill_a_page(library: Library, org_type: str) -> None:
    assert len(library.select(org_type, "reason")) >= 12
    assert len(library.select(org_type, "safeguard")) >= 8


@pytest.mark.parametrize(
    ("entry_id", "org_types"),
    [
        ("patient-confidentiality", {"health"}),
        ("police-conduct-standards", {"police"}),
        ("civil-service-impartiality", {"central-government"}),
        ("charity-campaigning-neutrality", {"charity"}),
        ("incident-scenes-stay-private", {"fire-and-rescue"}),
    ],
)
def test_sector_risks_belong_to_their_sector(
    library: Library, entry_id: str, org_types: set[str]
) -> None:
    assert set(library.entries[entry_id].org_types) == org_types


def test_safeguarding_applies_to_councils_and_education(library: Library) -> None:
    entry = library.entries["safeguarding-contact"]
    assert {"local-government", "education"} <= set(entry.org_types)
    assert "safeguarding" in entry.concerns


def test_every_concern_is_answered_by_some_entry(library: Library) -> None:
    answered = {concern for e in library.entries.values() for concern in e.concerns}
    assert answered == set(library.concerns)


def test_every_source_is_named_by_some_entry(library: Library) -> None:
    # A source no argument names is a leftover or a typo. 'contributors' is the
    # exception: it is there for an idea of a contributor's own, used or not yet.
    named = {e.source for e in library.entries.values()}
    unused = sorted(set(library.sources) - named - {schema.OWN_IDEA})
    assert unused == [], "sources.yaml lists sources no argument names: add the argument too"
    assert schema.OWN_IDEA in library.sources


def test_the_readme_credits_real_sources_and_points_to_the_rest(library: Library) -> None:
    # The README names the sources the library draws on most, not every one a
    # contributor adds: 'bizcase credits' lists those, from sources.yaml itself.
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    credits = " ".join(readme.split("\n## Credits\n", 1)[1].split())
    titles = re.findall(r"- \*(.+?)\*", credits)
    assert "20 reasons why you should open up social media access to all of your staff" in titles
    assert set(titles) <= {source.title for source in library.sources.values()}
    assert "`bizcase credits` lists every one" in credits


def test_org_type_aliases_resolve(library: Library) -> None:
    assert library.org_type("council").id == "local-government"
    assert library.org_type("NHS").id == "health"
    assert library.org_type("Fire and rescue").id == "fire-and-rescue"


def test_concern_aliases_resolve(library: Library) -> None:
    assert library.concern("cyber security").id == "security"
    assert library.concern("Privacy").id == "confidentiality"
    assert library.concern("time-wasting").id == "productivity"


def test_a_misspelt_concern_alias_suggests_the_concern_it_means(library: Library) -> None:
    with pytest.raises(OptionError) as caught:
        library.concern("privasy")
    assert caught.value.message.startswith(
        "--concern: unknown concern 'privasy'. Did you mean 'confidentiality'?"
    )


def test_entry_fields_match_the_schema(library: Library) -> None:
    entry = library.entries["phone-and-face-to-face"]
    data = entry.front_matter()
    assert list(data) == [*schema.ENTRY.names, "body"]
    assert data["credit"] is None
    assert data["core"] is False
    assert data["body"].strip()


def test_a_private_library_of_entries_shares_the_vocabularies(tmp_path: Path) -> None:
    source = ARGUMENTS / "reasons" / "phone-and-face-to-face.md"
    (tmp_path / "phone-and-face-to-face.md").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8"
    )
    lib = load_library(tmp_path)
    assert list(lib.entries) == ["phone-and-face-to-face"]
    assert "health" in lib.org_types
