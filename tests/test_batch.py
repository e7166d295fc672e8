"""One case per organisation type in one run: bizcase build --org-type all --output-dir DIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from bizcase import api
from bizcase.cli import cli
from bizcase.errors import OptionError
from bizcase.library import Library

from .conftest import DATE, require_renderer


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args])


def test_every_type_gets_its_own_file(library: Library, tmp_path: Path) -> None:
    result = build("-t", "all", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"{org}-social-media-case.docx" for org in library.org_types)
    health = Document(str(tmp_path / "health-social-media-case.docx"))
    # The health page carries its sector's own duty, which no other type's does.
    duty = library.entries["patient-confidentiality"].title
    assert any(p.text.startswith(duty) for p in health.paragraphs)
    assert result.stderr.count("Wrote ") == len(library.org_types)


def test_markdown_for_every_type(library: Library, tmp_path: Path) -> None:
    options = ["-f", "md", "-n", "Anytown", "--date", f"{DATE}"]
    result = build("-t", "all", "--output-dir", str(tmp_path), *options)
    assert result.exit_code == 0, result.output
    # Each file is its own type's case, as building that type alone makes it.
    for org_type in library.org_types:
        case = api.build_case(org_type, library=library, org_name="Anytown", date=DATE)
        path = tmp_path / f"{org_type}-social-media-case.md"
        assert path.read_bytes() == api.export(case, api.Format.MD), org_type


def test_existing_files_are_all_named_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "police-social-media-case.docx").write_bytes(b"edited")
    (tmp_path / "health-social-media-case.docx").write_bytes(b"edited")
    result = build("-t", "all", "--output-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: health-social-media-case.docx, police-social-media-case.docx already exist in "
        f"'{tmp_path}' and may hold your edits: choose another --output-dir, or add --force to "
        "replace them\n"
    )
    assert len(list(tmp_path.iterdir())) == 2
    assert build("-t", "all", "--output-dir", str(tmp_path), "--force").exit_code == 0
    assert len(list(tmp_path.iterdir())) == 9


def test_all_needs_a_folder(tmp_path: Path) -> None:
    result = build("-t", "all")
    assert result.exit_code == 2
    # One line, like every other error: no usage block above it.
    assert result.stderr == (
        "Error: --org-type all needs --output-dir DIR for its files. "
        "Run 'bizcase build --help' to see the options.\n"
    )
    both = build("-t", "all", "--output-dir", str(tmp_path), "-o", "x.docx")
    assert both.exit_code == 2
    assert both.stderr.endswith(
        "Error: give --output-dir or --output, not both. Run 'bizcase build --help' to see the options.\n"
    )
    file_only = build("-t", "all", "-o", "x.docx")
    assert file_only.exit_code == 2
    assert file_only.stderr == (
        "Error: --org-type all writes one file per type: give --output-dir DIR instead of "
        "--output. Run 'bizcase build --help' to see the options.\n"
    )


def test_a_new_folder_is_made_inside_one_that_exists(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    result = build("-t", "all", "--output-dir", str(folder), "-f", "md")
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("*-social-media-case.md"))) == len(library.org_types)
    deep = tmp_path / "nope" / "cases"
    missing = build("-t", "all", "--output-dir", str(deep))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"Error: --output-dir: '{deep}' cannot be made, as its folder '{tmp_path / 'nope'}' "
        "does not exist: create it, or choose another --output-dir\n"
    )
    assert not (tmp_path / "nope").exists()
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    a_file = build("-t", "all", "--output-dir", str(tmp_path / "notes.txt"))
    assert a_file.exit_code == 2
    assert a_file.stderr == (
        f"Error: --output-dir: '{tmp_path / 'notes.txt'}' is a file, not a folder: choose "
        "another --output-dir\n"
    )
    with pytest.raises(OptionError) as caught:
        api.build_all(tmp_path / "notes.txt")
    assert caught.value.format_message() == (
        f"--output-dir: '{tmp_path / 'notes.txt'}' is a file, not a folder: choose another "
        "--output-dir"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_output_dir_that_is_a_broken_link_is_said_to_be_one(tmp_path: Path) -> None:
    # It was called a file, which sent the officer looking for a file that is not there.
    link = tmp_path / "cases"
    link.symlink_to(tmp_path / "moved-away")
    result = build("-t", "all", "--output-dir", str(link), "-f", "md")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --output-dir: '{link}' is a link to '{tmp_path / 'moved-away'}', which does not "
        "exist: create that folder, or choose another --output-dir\n"
    )
    assert list(tmp_path.iterdir()) == [link]


def test_a_failed_build_leaves_no_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    result = build("-t", "all", "--output-dir", str(folder), "--include", "no-such-entry")
    assert result.exit_code == 2
    assert not folder.exists()


def test_the_batch_example_in_the_help_runs_as_written(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (line,) = [
        line
        for line in build("--help").stdout.splitlines()
        if "bizcase build -t all --output-dir" in line
    ]
    command = line.split("(")[0].split()
    assert command[:2] == ["bizcase", "build"]
    result = build(*command[2:])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "cases").glob("*.docx"))) == len(library.org_types)


def test_one_type_into_a_folder(tmp_path: Path) -> None:
    result = build("-t", "charity", "--output-dir", str(tmp_path), "-f", "md")
    assert result.exit_code == 0
    assert [path.name for path in tmp_path.iterdir()] == ["charity-social-media-case.md"]


def test_every_type_verified_in_one_libreoffice_run(tmp_path: Path, monkeypatch) -> None:
    require_renderer()
    from bizcase.export import pdf

    calls = []
    original = pdf.to_pdf

    def counting(documents, outdir, names=None):
        calls.append(len(documents))
        return original(documents, outdir, names)

    monkeypatch.setattr(pdf, "to_pdf", counting)
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "pdf", "--verify")
    assert result.exit_code == 0, result.output
    assert calls == [9]
    assert result.stderr.count("LibreOffice: 1 page (A4), ") == 9
    assert len(list(tmp_path.glob("*.pdf"))) == 9


def test_an_output_dir_inside_a_file_is_said_to_be_inside_a_file(tmp_path: Path) -> None:
    # It was said not to exist, which sent the officer to create what was there already.
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    inside = tmp_path / "notes.txt" / "cases"
    result = build("-t", "all", "--output-dir", str(inside))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --output-dir: '{inside}' cannot be made, as '{tmp_path / 'notes.txt'}' is a "
        "file, not a folder: choose another --output-dir\n"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_output_dir_of_a_dash_is_refused_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # '-' is the terminal for --output: as --output-dir it made a folder called '-'.
    monkeypatch.chdir(tmp_path)
    result = build("-t", "all", "--output-dir", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --output-dir: '-' would be a folder called '-': every type's case is a file of "
        "its own, so give a folder, such as --output-dir cases\n"
    )
    assert list(tmp_path.iterdir()) == []
