"""A malformed entry stops the build with messages that point at the exact line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase.cli import cli
from bizcase.errors import LibraryError
from bizcase.library import load_library

from .conftest import FIXTURES

ENTRIES = FIXTURES / "entries"

CASES = {
    "entry-missing-title": (
        "entry-missing-title.md:2: E110 missing required field 'title' "
        "(for example: title: Staff are our best advocates)"
    ),
    "entry-unknown-org-type": (
        "entry-unknown-org-type.md:6: E113 'org_types' has unknown value 'councils'; allowed: local-government, health, police, fire-and-rescue, "
        "housing, education, central-government, charity, private-sector, all"
    ),
    "entry-yaml-syntax-error": (
        "entry-yaml-syntax-error.md:4: E101 YAML syntax error: a value contains ': '; put the "
        "whole text in double quotes"
    ),
    "entry-id-mismatch": (
        "entry-id-mismatch.md:2: E120 id 'copied-from-another-entry' does not match the file "
        "name 'entry-id-mismatch.md': set id to 'entry-id-mismatch' or rename the file to "
        "'copied-from-another-entry.md'"
    ),
    "entry-python-object-tag": (
        "entry-python-object-tag.md:4: E101 YAML syntax error: the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain text, "
        "numbers and lists"
    ),
}


@pytest.fixture
def library_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A library holding one good entry and the named fixture; messages relative to it."""

    def make(*names: str) -> Path:
        good = FIXTURES / "library" / "reasons" / "phones-are-not-banned.md"
        shutil.copy(good, tmp_path / good.name)
        for name in names:
            shutil.copy(ENTRIES / f"{name}.md", tmp_path / f"{name}.md")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_malformed_entry_is_reported_exactly(library_with, name: str) -> None:
    root = library_with(name)
    with pytest.raises(LibraryError) as caught:
        load_library(root)
    assert (
        caught.value.message
        == f"{CASES[name]}\n1 error in the library at {root}: fix them and try again."
    )


def test_all_problems_are_reported_at_once_by_the_cli(library_with) -> None:
    root = library_with(*CASES)
    result = CliRunner().invoke(
        cli, ["build", "-t", "health", "--library", str(root), "-o", "x.md"]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ")
    assert sorted([lines[0].removeprefix("Error: "), *lines[1:-1]]) == sorted(CASES.values())
    assert lines[-1] == f"{len(CASES)} errors in the library at {root}: fix them and try again."
    assert not (root / "x.md").exists()
    assert "Traceback" not in result.output


def test_a_yaml_tag_is_never_executed(library_with, tmp_path: Path) -> None:
    root = library_with("entry-python-object-tag")
    with pytest.raises(LibraryError):
        load_library(root)
    assert not (tmp_path / "pwned").exists()
