"""bizcase verify, --verify and --format pdf: proof by rendering with LibreOffice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import api
from bizcase.cli import cli
from bizcase.errors import ToolMissingError
from bizcase.export import pdf
from bizcase.export.docx import DocumentInfo, markdown_to_docx

from .conftest import DATE, require, require_renderer


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("verify")
    one = folder / "one.docx"
    one.write_bytes(api.export(api.build_case("housing", date=DATE), api.Format.DOCX))
    long = folder / "long.docx"
    text = "# Too long\n\n" + "\n\n".join(
        f"Paragraph {n} of a document that runs on." for n in range(80)
    )
    long.write_bytes(markdown_to_docx(text, DocumentInfo(title="T", subject="S", author="A")))
    letter = folder / "letter.docx"
    _letter_page(one, letter)
    return {"one": one, "long": long, "letter": letter}


def _letter_page(source: Path, target: Path) -> None:
    """``source`` set on US Letter paper instead of A4."""
    from docx import Document
    from docx.shared import Mm

    document = Document(str(source))
    for section in document.sections:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    document.save(str(target))


def test_verify_reports_one_well_filled_page(documents: dict[str, Path]) -> None:
    require_renderer()
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{documents['one']}: 1 page (A4), ")
    assert line.endswith("% full: ok")


def test_verify_fails_a_document_of_two_pages_or_not_a4(documents: dict[str, Path]) -> None:
    require_renderer()
    result = CliRunner().invoke(
        cli,
        [
            "verify",
            "--json",
            str(documents["one"]),
            str(documents["long"]),
            str(documents["letter"]),
        ],
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [(row["pages"], row["one_page"]) for row in rows] == [(1, True), (2, False), (1, False)]
    assert (rows[0]["width_mm"], rows[0]["height_mm"]) == (210.0, 297.0)
    assert (rows[2]["width_mm"], rows[2]["height_mm"]) == (215.9, 279.4)
    assert 0.85 <= rows[0]["fill"] <= 1


def test_a_header_or_footer_is_not_counted_as_the_page_s_text(
    documents: dict[str, Path], tmp_path: Path
) -> None:
    # Public bodies mark every page (OFFICIAL) in its header and footer, and number
    # pages there: a footer below the text area once read as the page "104% full".
    require_renderer()
    from docx import Document

    marked = tmp_path / "marked.docx"
    document = Document(str(documents["one"]))
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL"
    section.footer.paragraphs[0].text = "OFFICIAL"
    document.save(str(marked))
    result = CliRunner().invoke(cli, ["verify", "--json", str(documents["one"]), str(marked)])
    assert result.exit_code == 0, result.output
    plain, with_marking = json.loads(result.stdout)
    assert with_marking["fill"] == plain["fill"]
    assert with_marking["one_page"]


def _report(pages: int, fill: float, width_mm: float = 210, height_mm: float = 297) -> str:
    return pdf.PageReport(Path("case.docx"), pages, fill, width_mm, height_mm).describe()


def test_reports_say_how_full_the_last_of_several_pages_is() -> None:
    assert _report(1, 0.93) == "1 page (A4), 93% full"
    assert _report(2, 0.06) == "2 pages (A4), the second 6% full"
    assert _report(3, 0.5) == "3 pages (A4), the third 50% full"
    assert _report(12, 0.5) == "12 pages (A4), the last 50% full"


def test_a_page_that_is_not_a4_is_named_and_fails() -> None:
    assert _report(1, 0.02, 215.9, 279.4) == "1 page (US Letter, 216 x 279 mm, not A4), 2% full"
    assert _report(1, 0.5, 200, 200) == "1 page (200 x 200 mm, not A4), 50% full"
    letter = pdf.PageReport(Path("case.docx"), 1, 0.9, 215.9, 279.4)
    assert not letter.one_page
    assert pdf.PageReport(Path("case.docx"), 1, 0.9, 210.0, 297.0).one_page


def test_build_verify_reports_the_page(tmp_path: Path) -> None:
    require_renderer()
    output = tmp_path / "case.docx"
    result = CliRunner().invoke(
        cli, ["build", "-t", "police", "--date", f"{DATE}", "-o", str(output), "--verify"]
    )
    assert result.exit_code == 0, result.output
    assert "LibreOffice: 1 page (A4), " in result.stderr
    assert output.is_file()


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case built as a PDF, alone in its folder."""
    require_renderer()
    output = tmp_path_factory.mktemp("pdf") / "case.pdf"
    # pdftotext writes an emoji as encoded surrogate halves, which once crashed the build.
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-t",
            "health",
            "-n",
            "Anytown NHS Trust 🎉",
            "--date",
            f"{DATE}",
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    return output


def test_pdf_output_is_one_a4_page_even_with_emoji(built_pdf: Path) -> None:
    assert built_pdf.read_bytes().startswith(b"%PDF")
    (page,) = pdf.read_pages(built_pdf)
    assert (round(page.width), round(page.height)) == (595, 842)
    assert [p.name for p in built_pdf.parent.iterdir()] == ["case.pdf"]


def test_pdf_output_is_tagged_for_screen_readers(built_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(built_pdf)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
    assert "Title:           Opening up social media to all staff at Anytown NHS Trust 🎉" in (
        info.stdout
    )
    catalogue = built_pdf.read_bytes()
    # A screen reader speaks it as British English, and a viewer shows the title, not 'case.pdf'.
    assert b"/Lang(en-GB)" in catalogue
    assert b"/DisplayDocTitle true" in catalogue


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
        "(Debian or Ubuntu: sudo apt-get install --no-install-recommends libreoffice-writer-nogui "
        "fonts-crosextra-carlito; macOS: brew install --cask libreoffice font-carlito; Windows: "
        "https://www.libreoffice.org/download/), "
        "or set BIZCASE_SOFFICE to its soffice program, and try again; or write a Word "
        "document (.docx) instead and save it as a PDF from Word\n"
    )
    assert list(tmp_path.iterdir()) == []
    verified = CliRunner().invoke(
        cli, ["build", "-t", "health", "-o", str(tmp_path / "case.docx"), "--verify"]
    )
    assert verified.exit_code == 1
    assert verified.stderr.endswith("and try again; or build without --verify\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("missing", "a path that does not exist"),
        ("folder", "a folder, not the soffice program"),
        ("file", "a file that cannot be run"),
    ],
)
def test_a_wrong_soffice_setting_is_named_with_why(
    kind: str,
    what: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    documents: dict[str, Path],
) -> None:
    setting = tmp_path / "soffice"
    if kind == "folder":
        setting.mkdir()
    elif kind == "file":
        setting.write_text("not a program", encoding="utf-8")
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(setting))
    monkeypatch.setattr(pdf, "_pdftotext", lambda: "/usr/bin/pdftotext")
    result = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: BIZCASE_SOFFICE is set to '{setting}', {what}: set it to LibreOffice's "
        "soffice, or unset it to let bizcase find LibreOffice\n"
    )


def test_verify_refuses_what_is_not_a_docx(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(text)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: FILE: '{text}' is not a Word .docx file or a PDF: give the file bizcase built\n"
    )


def test_verify_says_why_a_path_is_not_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "my cases"
    folder.mkdir()
    checks = {
        str(tmp_path / "gone.docx"): (
            f"'{tmp_path / 'gone.docx'}' does not exist: check the name, or build it first "
            "with bizcase build"
        ),
        # The pattern after the quotes, where the shell expands it.
        str(folder): f"'{folder}' is a folder: give the documents in it, such as "
        f'"{folder}"/*.docx',
        os.devnull: f"'{os.devnull}' is not a file (a device or a pipe): give the file "
        "bizcase built",
    }
    for given, message in checks.items():
        result = CliRunner().invoke(cli, ["verify", given])
        assert result.exit_code == 2, given
        assert result.stderr == f"Error: FILE: {message}\n"


def test_verify_measures_a_pdf_as_it_is(documents: dict[str, Path], tmp_path: Path) -> None:
    require_renderer()
    built = tmp_path / "case.pdf"
    build = ["build", "-t", "housing", "--date", f"{DATE}", "-o", str(built)]
    assert CliRunner().invoke(cli, build).exit_code == 0
    (long,) = pdf.to_pdf([documents["long"]], tmp_path)
    result = CliRunner().invoke(
        cli, ["verify", "--json", str(built), str(documents["one"]), str(long)]
    )
    assert result.exit_code == 1  # the long one is not one page
    built_row, word_row, long_row = json.loads(result.stdout)
    assert built_row["pages"] == 1
    assert built_row["one_page"]
    # The same case, measured from its PDF and from its Word file, fills the same page.
    assert abs(built_row["fill"] - word_row["fill"]) < 0.01
    assert long_row["pages"] > 1
    assert not long_row["one_page"]


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


def test_a_pdf_pdftotext_cannot_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Poppler explains over several lines, repeating some, as it does for a file that is
    # not a PDF at all.
    fake = tmp_path / "pdftotext"
    fake.write_text(
        "#!/bin/sh\n"
        "echo 'Syntax Warning: May not be a PDF file (continuing anyway)' >&2\n"
        'echo "Syntax Error: Couldn\'t find trailer dictionary" >&2\n'
        'echo "Syntax Error: Couldn\'t find trailer dictionary" >&2\n'
        'echo "Syntax Error: Couldn\'t read xref table" >&2\n'
        "exit 1\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "_pdftotext", lambda: str(fake))
    notes = tmp_path / "notes.pdf"
    notes.write_text("not a PDF\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(notes)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: pdftotext could not read {notes}: Syntax Warning: May not be a PDF file "
        "(continuing anyway); Syntax Error: Couldn't find trailer dictionary; Syntax Error: "
        "Couldn't read xref table: check that it is a PDF, or verify the Word file it was made "
        "from\n"
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
    assert result.stderr == (
        f"Error: LibreOffice could not render {documents['one']}: check that LibreOffice works "
        "('soffice --version')\n"
    )
    # Building a PDF names the case, not a temporary copy of it, and offers Word instead.
    built = CliRunner().invoke(cli, ["build", "-t", "police", "-o", str(tmp_path / "case.pdf")])
    assert built.exit_code == 1
    assert built.stderr == (
        "Error: LibreOffice could not render the case: check that LibreOffice works "
        "('soffice --version'), or build a .docx instead\n"
    )
    assert not (tmp_path / "case.pdf").exists()


@pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX's")
def test_stopping_a_pdf_build_stops_the_whole_of_libreoffice(tmp_path: Path) -> None:
    require_renderer()  # the font check runs before soffice is started
    started, late = tmp_path / "started", tmp_path / "late"
    # A stand-in soffice that, as LibreOffice's starts soffice.bin, starts a process that
    # outlives it if it alone is stopped, and would then write where it should not.
    rendering = (
        f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(1); "
        f"pathlib.Path({str(late)!r}).touch()"
    )
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {rendering!r}])\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    case = tmp_path / "case.pdf"
    with subprocess.Popen(
        [sys.executable, "-m", "bizcase", "build", "-t", "police", "-o", str(case)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, pdf.SOFFICE_ENV: str(fake)},
    ) as process:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert started.exists()
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    time.sleep(1.5)
    assert not late.exists()
    assert not case.exists()


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


NO_CARLITO = (
    "Error: LibreOffice would set the page in {family} instead of Carlito, the font with "
    "Calibri's widths that bizcase fits the page to, so it cannot prove the page: install "
    "Carlito (Debian or Ubuntu: sudo apt-get install fonts-crosextra-carlito) and try again\n"
)


def test_without_carlito_the_font_is_blamed_not_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: dict[str, Path]
) -> None:
    require(
        bool(shutil.which("fc-match")) and Path("/etc/fonts/fonts.conf").is_file(), "fontconfig"
    )
    require_renderer()
    # A fontconfig that cannot see Carlito, as on a system without the font.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<fontconfig>\n'
        "  <include>/etc/fonts/fonts.conf</include>\n"
        "  <selectfont><rejectfont><glob>*Carlito*</glob></rejectfont></selectfont>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    family = subprocess.run(
        ["fc-match", "-f", "%{family}", "Calibri"], capture_output=True, text=True, check=True
    ).stdout.split(",")[0]
    verified = CliRunner().invoke(cli, ["verify", str(documents["one"])])
    assert verified.exit_code == 1
    assert verified.stdout == ""
    assert verified.stderr == NO_CARLITO.format(family=family)
    output = tmp_path / "case.pdf"
    built = CliRunner().invoke(cli, ["build", "-t", "health", "-o", str(output)])
    assert built.exit_code == 1
    # Word has Calibri itself: a Word document saved as a PDF there needs no Carlito.
    assert built.stderr == NO_CARLITO.format(family=family).replace(
        "and try again\n",
        "and try again; or write a Word document (.docx) instead and save it as a PDF from Word\n",
    )
    assert not output.exists()


def test_a_missing_document_font_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in fc-match that finds DejaVu Sans for Calibri, as fontconfig does without Carlito.
    fake = tmp_path / "fc-match"
    fake.write_text("#!/bin/sh\nprintf 'DejaVu Sans'\n", encoding="utf-8")
    fake.chmod(0o755)
    real_which = shutil.which
    monkeypatch.setattr(
        pdf.shutil, "which", lambda name: str(fake) if name == "fc-match" else real_which(name)
    )
    with pytest.raises(ToolMissingError) as raised:
        pdf.check_document_font()
    assert f"Error: {raised.value.message}\n" == NO_CARLITO.format(family="DejaVu Sans")


def test_carlito_or_calibri_itself_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which
    for family in ("Carlito", "Calibri", "Calibri,Calibri Regular"):
        fake = tmp_path / f"fc-match-{len(family)}"
        fake.write_text(f"#!/bin/sh\nprintf '{family}'\n", encoding="utf-8")
        fake.chmod(0o755)
        monkeypatch.setattr(
            pdf.shutil,
            "which",
            lambda name, fake=fake: str(fake) if name == "fc-match" else real_which(name),
        )
        pdf.check_document_font()


# A one-page A4 PDF with one line of text near the top, as a stand-in soffice's output.
_TINY_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    None,  # the content stream, filled in below
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]


def _tiny_pdf() -> bytes:
    content = b"BT /F1 12 Tf 57 770 Td (Hello) Tj ET"
    objects = list(_TINY_PDF_OBJECTS)
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_many_documents_go_in_chunks_and_a_dropped_one_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: dict[str, Path]
) -> None:
    if not shutil.which("pdftotext"):
        require_renderer()
    # A stand-in soffice that, like LibreOffice after ~246 documents, quietly stops
    # converting part-way through a long list: here after three.
    sample = tmp_path / "sample.pdf"
    sample.write_bytes(_tiny_pdf())
    calls = tmp_path / "calls"
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "args = sys.argv[1:]\n"
        "outdir = args[args.index('--outdir') + 1]\n"
        "docs = [a for a in args if a.endswith('.docx')]\n"
        f"open({str(calls)!r}, 'a').write(f'{{len(docs)}}\\n')\n"
        "for doc in docs[:3]:\n"
        "    stem = doc.rsplit('/', 1)[-1][:-5]\n"
        f"    shutil.copyfile({str(sample)!r}, f'{{outdir}}/{{stem}}.pdf')\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(fake))
    monkeypatch.setattr(pdf, "CHUNK", 4)
    monkeypatch.setattr(pdf, "check_document_font", lambda: None)
    reports = pdf.verify([documents["one"]] * 6)
    assert [report.pages for report in reports] == [1] * 6
    # Chunks of four and two; the fourth document, dropped, is then rendered alone.
    assert calls.read_text(encoding="utf-8").split() == ["4", "2", "1"]
