"""The JSON Schema editors use: generated from schema.py, committed, and true to the loader."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from bizcase import api, reader, schema
from bizcase.cli import cli
from bizcase.library import entry_files, packaged_path
from bizcase.reader import split_front_matter

from .conftest import FIXTURES

ARGUMENTS = packaged_path("arguments")
COMMITTED = ARGUMENTS / schema.SCHEMA_FILE


def front_matter(path: Path) -> dict:
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    assert parts is not None
    return yaml.safe_load(parts[0])


def test_the_committed_schema_is_current() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), (
        "arguments/schema.json is out of date: run bizcase schema -o arguments/schema.json --force"
    )


def test_the_schema_is_valid_json_schema_of_the_draft_editors_take() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert jsonschema.validators.validator_for(committed) is jsonschema.Draft7Validator
    jsonschema.Draft7Validator.check_schema(committed)


@pytest.mark.parametrize("path", sorted(entry_files(ARGUMENTS)), ids=lambda p: p.stem)
def test_every_entry_validates_and_points_to_the_schema(path: Path) -> None:
    validator = jsonschema.Draft7Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(front_matter(path))) == []
    relative = Path(os.path.relpath(COMMITTED, path.parent)).as_posix()
    assert path.read_text(encoding="utf-8").splitlines()[1] == schema.MODELINE.format(path=relative)


@pytest.mark.parametrize(
    "name",
    [
        "entry-missing-title",
        "entry-unknown-field",
        "entry-wrong-type",
        "entry-unknown-org-type",
        "entry-unknown-concern",
        "entry-unknown-kind",
        "entry-title-too-long",
        "entry-summary-too-short",
        "entry-strength-out-of-range",
        "entry-bad-id",
        "entry-title-empty",
        "entry-title-left-blank",
        "entry-strength-left-blank",
        "entry-template-text",
    ],
)
def test_the_schema_rejects_what_the_check_rejects(name: str) -> None:
    validator = jsonschema.Draft7Validator(api.json_schema())
    assert list(validator.iter_errors(front_matter(FIXTURES / "entries" / f"{name}.md"))) != []


def test_a_contributor_adding_a_source_needs_no_new_schema() -> None:
    # Sources grow with every contribution, so the committed schema does not list them.
    validator = jsonschema.Draft7Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    entry = front_matter(ARGUMENTS / "reasons" / "staff-have-smartphones.md")
    assert list(validator.iter_errors({**entry, "source": "a-brand-new-source"})) == []
    assert list(validator.iter_errors({**entry, "source": "Not An Id"})) != []


def test_all_stands_alone_in_the_schema_as_in_the_check() -> None:
    validator = jsonschema.Draft7Validator(api.json_schema())
    entry = front_matter(ARGUMENTS / "reasons" / "staff-have-smartphones.md")
    assert list(validator.iter_errors({**entry, "org_types": ["all"]})) == []
    assert list(validator.iter_errors({**entry, "org_types": ["health", "police"]})) == []
    assert list(validator.iter_errors({**entry, "org_types": ["all", "health"]})) != []


@pytest.mark.parametrize(
    ("line", "valid"),
    [
        ("strength: 3.0", True),  # the integer 3 to JSON Schema, and to anyone not a programmer
        ("strength: 3.", True),
        ("strength: 3.5", False),
        ("strength: 6.0", False),
        ("core: true", True),
        ("core: false", True),
        ("core: yes", False),  # true to YAML 1.1, text to YAML 1.2 and so to the editor
        ("core: 'true'", False),
        ("core: [local-government, education]", True),  # a duty of those sectors' pages
        ("core: [all]", True),
        ("core: [educaton]", False),
        ("core: []", False),
        ("core: education", False),
        ("credit: 2024-01-01", True),  # a date to YAML 1.1, text to YAML 1.2
        ("credit: 2024", False),
        ("credit: Jo Bloggs", True),
        ("credit: Your Name", False),  # the template's, not filled in
        ("credit: '  your   NAME '", False),
        ("credit: '   '", False),  # spaces alone are empty
        ("credit:", False),  # written with nothing after it: null to the editor, not absent
        ("core:", False),
        ("excludes:", False),
    ],
)
def test_the_check_reads_values_as_the_editor_does(tmp_path: Path, line: str, valid: bool) -> None:
    source = ARGUMENTS / "safeguards" / "social-media-policy.md"
    front, body, _ = split_front_matter(source.read_text(encoding="utf-8")) or ("", "", 0)
    kept = [row for row in front.splitlines() if not row.startswith(line.split(":")[0] + ":")]
    # A draft beside the library, under an id of its own.
    kept = [row.replace(source.stem, "a-draft-policy") for row in kept]
    path = tmp_path / "a-draft-policy.md"
    path.write_text("---\n" + "\n".join([*kept, line]) + "\n---\n" + body, encoding="utf-8")
    validator = jsonschema.Draft7Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    # The editor reads YAML 1.2, as bizcase does; PyYAML's safe_load reads YAML 1.1.
    data, _, problems = reader.parse_yaml("\n".join([*kept, line]) + "\n", path)
    assert problems == []
    editor_accepts = list(validator.iter_errors(data)) == []
    check_accepts = api.check([path]).errors == ()
    assert editor_accepts == check_accepts == valid


def test_a_whole_number_written_with_a_point_is_read_as_that_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    entry = library / "reasons" / "council-savings.md"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("strength: 3\n", "strength: 3.0\n"),
        encoding="utf-8",
    )
    sources = library / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("year: 2012\n", "year: 2012.0\n"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--strict", "--library", "library"])
    assert (checked.exit_code, checked.stdout) == (0, "")
    listed = json.loads(runner.invoke(cli, ["list", "--json", "--library", "library"]).stdout)
    (strength,) = [row["strength"] for row in listed if row["id"] == "council-savings"]
    assert (strength, type(strength)) == (3, int)
    credits = json.loads(runner.invoke(cli, ["credits", "--json", "--library", "library"]).stdout)
    (year,) = [row["year"] for row in credits if row["source"] == "fbps12"]
    assert (year, type(year)) == (2012, int)


def test_an_empty_output_name_for_the_schema_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["schema", "-o", ""])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Invalid value for '--output' / '-o': it is empty: give a file or folder name. "
        "Run 'bizcase schema --help' to see the options.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_dash_for_the_output_prints_the_schema(tmp_path: Path, monkeypatch) -> None:
    # As 'bizcase build -o -' does; it wrote a file called '-'.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["schema", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == CliRunner().invoke(cli, ["schema"]).stdout
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []
