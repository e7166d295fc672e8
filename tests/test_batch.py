"""One case per organisation type in one run: bizcase build --org-type all --output-dir DIR."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document

from bizcase.cli import cli
from bizcase.library import Library

from .conftest import require_renderer


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args])


def test_every_type_gets_its_own_file(library: Library, tmp_path: Path) -> None:
    result = build("-t", "all", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"{org}-social-media-case.docx" for org in library.org_types)
    health = Document(str(tmp_path / "health-social-media-case.docx"))
    assert any(p.text.startswith("Patients are never discussed online") for p in health.paragraphs)
    assert result.stderr.count("Wrote ") == len(library.org_types)


def test_markdown_for_every_type(tmp_path: Path) -> None:
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "md", "-n", "Anytown")
    assert result.exit_code == 0
    text = (tmp_path / "police-social-media-case.md").read_text(encoding="utf-8")
    assert text.startswith("# Opening up social media to all staff at Anytown\n")


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
    missing = build("-t", "all", "--output-dir", str(tmp_path / "nope"))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"Error: --output-dir: '{tmp_path / 'nope'}' is not a folder: create it, or choose "
        "another --output-dir\n"
    )


def test_one_type_into_a_folder(tmp_path: Path) -> None:
    result = build("-t", "charity", "--output-dir", str(tmp_path), "-f", "md")
    assert result.exit_code == 0
    assert [path.name for path in tmp_path.iterdir()] == ["charity-social-media-case.md"]


def test_every_type_verified_in_one_libreoffice_run(tmp_path: Path, monkeypatch) -> None:
    require_renderer()
    from bizcase.export import pdf

    calls = []
    original = pdf.to_pdf

    def counting(documents, outdir):
        calls.append(len(documents))
        return original(documents, outdir)

    monkeypatch.setattr(pdf, "to_pdf", counting)
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "pdf", "--verify")
    assert result.exit_code == 0, result.output
    assert calls == [9]
    assert result.stderr.count("LibreOffice: 1 page (A4), ") == 9
    assert len(list(tmp_path.glob("*.pdf"))) == 9
