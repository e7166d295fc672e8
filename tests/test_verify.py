"""bizcase verify, --verify and --format pdf: proof by rendering with LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import api
from bizcase.cli import cli
from bizcase.export import pdf
from bizcase.export.docx import DocumentInfo, markdown_to_docx

from .conftest import require_renderer


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("verify")
    one = folder / "one.docx"
    one.write_bytes(api.export(api.build_case("housing"), api.Format.DOCX))
    long = folder / "long.docx"
    text = "# Too long\n\n" + "\n\n".join(
        f"Paragraph {n} of a document that runs on." for n in range(80)
    )
    long.write_bytes(markdown_to_docx(text, DocumentInfo(title="T", subject="S", author="A")))
    return {"one": one, "long": long}


def test_verify_reports_one_well_filled_page(documents: dict[str, Path]) -> None:
    require_renderer()
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{documents['one']}: 1 page (A4), ")
    assert line.endswith("% full: ok")


def test_verify_fails_a_document_of_two_pages(documents: dict[str, Path]) -> None:
    require_renderer()
    result = CliRunner().invoke(
        cli, ["verify", "--json", str(documents["one"]), str(documents["long"])]
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [(row["pages"], row["one_page"]) for row in rows] == [(1, True), (2, False)]
    assert rows[0]["width_mm"] == 210.0
    assert rows[0]["height_mm"] == 297.0
    assert 0.85 <= rows[0]["fill"] <= 1


def test_build_verify_reports_the_page(tmp_path: Path) -> None:
    require_renderer()
    output = tmp_path / "case.docx"
    result = CliRunner().invoke(cli, ["build", "-t", "police", "-o", str(output), "--verify"])
    assert result.exit_code == 0, result.output
    assert "LibreOffice: 1 page (A4), " in result.stderr
    assert output.is_file()


def test_pdf_output_is_one_a4_page(tmp_path: Path) -> None:
    require_renderer()
    output = tmp_path / "case.pdf"
    result = CliRunner().invoke(
        cli, ["build", "-t", "health", "-n", "Anytown NHS Trust", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    (page,) = pdf.read_pages(output)
    assert (round(page.width), round(page.height)) == (595, 842)
    assert [p.name for p in tmp_path.iterdir()] == ["case.pdf"]


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "_SOFFICE_PLACES", ())


def test_missing_libreoffice_says_how_to_install_it(
    no_libreoffice, documents: dict[str, Path]
) -> None:
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: poppler's pdftotext is not installed, so bizcase cannot measure the rendered "
        "page: install it (Debian or Ubuntu: sudo apt-get install poppler-utils; macOS: brew "
        "install poppler) and try again\n"
    )


def test_missing_soffice_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(
        pdf.shutil, "which", lambda name: "/usr/bin/pdftotext" if name == "pdftotext" else None
    )
    monkeypatch.setattr(pdf, "_SOFFICE_PLACES", ())
    output = tmp_path / "case.pdf"
    result = CliRunner().invoke(cli, ["build", "-t", "health", "-o", str(output)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: LibreOffice is not installed, so bizcase cannot render the page: install it "
        "(Debian or Ubuntu: sudo apt-get install --no-install-recommends libreoffice-writer-nogui; "
        "macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org/download/), "
        "or set BIZCASE_SOFFICE to its soffice program, and try again\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_soffice_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, documents: dict[str, Path]
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_ENV, "/nowhere/soffice")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/pdftotext")
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: BIZCASE_SOFFICE is set to '/nowhere/soffice', which does not exist\n"
    )


def test_verify_refuses_what_is_not_a_docx(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(text)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: FILE: '{text}' is not a Word .docx file\n"
    missing = CliRunner().invoke(cli, ["verify", str(tmp_path / "gone.docx")])
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"Error: FILE: '{tmp_path / 'gone.docx'}' does not exist or is not a file\n"
    )


def test_a_file_that_is_not_word_is_refused_before_rendering(tmp_path: Path) -> None:
    require_renderer()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a word document")
    result = CliRunner().invoke(cli, ["verify", str(broken)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {broken} is not a Word document bizcase can read: open it in Word or "
        "LibreOffice and save it as .docx\n"
    )


def test_a_failed_conversion_is_reported_not_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: dict[str, Path]
) -> None:
    # A stand-in soffice that exits 0 and makes nothing, as LibreOffice does when it fails.
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(fake))
    monkeypatch.setattr(pdf, "_pdftotext", lambda: "/usr/bin/pdftotext")
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 1
    assert result.stderr == f"Error: LibreOffice could not render {documents['one']}\n"


def test_the_libreoffice_profile_is_reused_but_never_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    monkeypatch.setenv("BIZCASE_CACHE_DIR", str(tmp_path / "cache"))
    scratch = tmp_path / "scratch"
    with pdf._profile(scratch) as profile:
        assert profile == tmp_path / "cache" / "libreoffice-profile"
        # While one run holds the kept profile, another gets one of its own.
        with pdf._profile(scratch) as other:
            assert other == scratch / "profile"
    # Once it is free again, the kept profile is used.
    with pdf._profile(scratch) as again:
        assert again == tmp_path / "cache" / "libreoffice-profile"
    with (tmp_path / "cache" / "libreoffice-profile.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pdf._profile(scratch) as busy:
            assert busy == scratch / "profile"
    monkeypatch.setenv("BIZCASE_CACHE_DIR", "off")
    with pdf._profile(scratch) as fresh:
        assert fresh == scratch / "profile"
