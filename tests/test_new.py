"""bizcase new: a contributor scaffolds a valid argument, by options or by answering prompts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase.cli import cli
from bizcase.library import load_library, packaged_path

OPTIONS = [
    "--kind", "reason",
    "--title", "Staff who can see social media spot complaints early",
    "--summary", "Front-line staff notice a problem building online long before it becomes a formal complaint.",
    "--org-type", "housing",
    "--org-type", "local-government",
    "--concern", "reputation,customer-service",
    "--strength", "4",
    "--credit", "Jo Bloggs: tenant liaison",
    "--body", "Housing officers who follow local groups see repairs complaints as they start.",
]  # fmt: skip


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the shipped library to add to."""
    copy = tmp_path / "arguments"
    shutil.copytree(packaged_path("arguments"), copy)
    return copy


def new(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["new", *args], input=input)


def test_new_writes_a_valid_entry_from_options(library: Path) -> None:
    result = new(*OPTIONS, "--library", str(library))
    assert result.exit_code == 0, result.output
    path = library / "reasons" / "staff-who-can-see-social-media-spot-complaints-early.md"
    assert result.stderr.startswith(f"Created {path}.\n")
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "# yaml-language-server: $schema=../schema.json\n"
        "id: staff-who-can-see-social-media-spot-complaints-early\n"
        "kind: reason\n"
        "title: Staff who can see social media spot complaints early\n"
        "summary: Front-line staff notice a problem building online long before it becomes a "
        "formal complaint.\n"
        "org_types: [housing, local-government]\n"
        "concerns: [reputation, customer-service]\n"
        "strength: 4\n"
        "source: contributors\n"
        "credit: 'Jo Bloggs: tenant liaison'\n"
        "---\n"
        "Housing officers who follow local groups see repairs complaints as they start.\n"
    )
    entry = load_library(library).entries[path.stem]
    assert entry.credit == "Jo Bloggs: tenant liaison"
    assert entry.org_types == ("housing", "local-government")


def test_new_asks_for_what_the_options_do_not_give(library: Path) -> None:
    answers = "\n".join(
        [
            "safeguard",
            "Managers agree social media goals with their teams",
            "Each team agrees what it wants from social media, so posting serves the service.",
            "all",
            "productivity, nonsense",  # refused: not a concern
            "productivity",
            "3",
            "",  # source: the default, contributors
            "",  # no credit
            "Teams that set goals post with purpose and can show the value to managers.",
        ]
    )
    result = new("--library", str(library), input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: choose from: productivity" in result.output
    entry = load_library(library).entries["managers-agree-social-media-goals-with-their-teams"]
    assert entry.kind == "safeguard"
    assert entry.org_types == ("all",)
    assert entry.concerns == ("productivity",)
    assert entry.credit is None
    assert entry.path.parent.name == "safeguards"


def test_new_refuses_to_overwrite_an_existing_entry(library: Path) -> None:
    args = [*OPTIONS, "--library", str(library), "--id", "staff-have-smartphones"]
    before = (library / "reasons" / "staff-have-smartphones.md").read_bytes()
    result = new(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: an entry with id 'staff-have-smartphones' already exists: "
        f"{library / 'reasons' / 'staff-have-smartphones.md'}; improve it, or choose another title or --id\n"
    )
    assert (library / "reasons" / "staff-have-smartphones.md").read_bytes() == before


def test_new_reports_every_invalid_option_at_once(library: Path) -> None:
    result = new(
        "--kind", "reason", "--title", "Short", "--summary", "Too short.",
        "--org-type", "all", "--concern", "moral", "--strength", "3", "--credit", "",
        "--body", "Text.", "--library", str(library),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --title: is 5 characters; it needs at least 10\n"
        "--summary: is 10 characters; it needs at least 40\n"
        f"--concern: has unknown value 'moral'; allowed: {', '.join(load_library(library).concerns)}\n"
    )
    assert not list((library / "reasons").glob("short*"))


def test_new_outside_a_checkout_asks_for_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = new(*OPTIONS)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --library: no library here: run bizcase new at the top of your bizcase checkout "
        "(beside 'arguments'), or pass --library DIR\n"
    )


def test_new_warns_when_the_claim_is_already_there(library: Path) -> None:
    result = new(
        "--kind", "reason",
        "--title", "Banning social media tells staff we do not trust them",
        "--summary", "A ban sends a message to staff and their managers that they cannot be trusted.",
        "--org-type", "all", "--concern", "trust", "--strength", "3", "--credit", "",
        "--body", "The same point again.", "--library", str(library),
    )  # fmt: skip
    assert result.exit_code == 0
    (warning,) = result.stdout.splitlines()
    assert " W301 the claim is " in warning
    assert "similar to " in warning
    assert "trust-staff-and-managers.md" in warning
