"""Render Word documents with LibreOffice and measure the page they make.

python-docx cannot count pages, so the page is proven by rendering: LibreOffice
(headless) turns the .docx into a PDF, and poppler's pdftotext reports where
every line of text landed. Many documents go through each soffice call (up to
CHUNK of them), each run with a profile no other run is using at the time,
because two runs sharing a profile collide.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bizcase.errors import RenderError, ToolMissingError

SOFFICE_ENV = "BIZCASE_SOFFICE"
_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_INSTALL_LIBREOFFICE = (
    "LibreOffice is not installed, so bizcase cannot render the page: install it "
    "(Debian or Ubuntu: sudo apt-get install --no-install-recommends libreoffice-writer-nogui "
    "fonts-crosextra-carlito; macOS: brew install --cask libreoffice font-carlito; Windows: "
    "https://www.libreoffice.org/download/), "
    f"or set {SOFFICE_ENV} to its soffice program, and try again"
)
#: Families that set text exactly as the page was fitted: Calibri, or its metric twin.
_DOCUMENT_FONTS = ("Carlito", "Calibri")
_INSTALL_POPPLER = (
    "poppler's pdftotext is not installed, so bizcase cannot measure the rendered page: "
    "install it (Debian or Ubuntu: sudo apt-get install poppler-utils; macOS: brew install "
    "poppler) and try again"
)
#: LibreOffice starts slowly the first time it makes a profile.
TIMEOUT = 600
PT_PER_MM = 72 / 25.4
#: Points a line's measured bottom may stray past the text area's foot and still be
#: the page's text, for the renderer's rounding.
_ROUNDING = 1.0
#: Documents per soffice call: LibreOffice silently stops converting after about
#: 246 documents in one call (and still exits 0), so longer lists go in chunks.
CHUNK = 100
#: Paper sizes an officer may meet, by their width and height in whole millimetres.
_PAPER = {
    (210, 297): "A4",
    (216, 279): "US Letter",
    (216, 356): "US Legal",
    (297, 420): "A3",
    (148, 210): "A5",
}


def find_soffice() -> str:
    """The path of LibreOffice's soffice program, or a clear error saying how to install it."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        where = Path(configured)
        if where.is_file() and os.access(where, os.X_OK):
            return configured
        what = (
            "a folder, not the soffice program"
            if where.is_dir()
            else "a file that cannot be run"
            if where.exists()
            else "a path that does not exist"
        )
        raise ToolMissingError(
            f"{SOFFICE_ENV} is set to '{configured}', {what}: set it to LibreOffice's soffice, "
            "or unset it to let bizcase find LibreOffice"
        )
    for name in _SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for place in _SOFFICE_PLACES:
        if Path(place).is_file():
            return place
    raise ToolMissingError(_INSTALL_LIBREOFFICE)


@contextlib.contextmanager
def _profile(scratch: Path) -> Iterator[Path]:
    """A LibreOffice profile for this run alone.

    LibreOffice takes half a second to make a profile, so one is kept in the
    cache folder and reused, under a lock: a run that finds it in use (two runs
    sharing a profile collide) gets a fresh one of its own.
    """
    from bizcase.cache import cache_dir

    folder = cache_dir()
    try:
        import fcntl
    except ImportError:  # no file locks here (Windows): a fresh profile each time
        fcntl = None  # type: ignore[assignment]
    if folder is None or fcntl is None:
        yield scratch / "profile"
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = (folder / "libreoffice-profile.lock").open("w")
    except OSError:
        yield scratch / "profile"
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield scratch / "profile"
            return
        yield folder / "libreoffice-profile"


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if not found:
        raise ToolMissingError(_INSTALL_POPPLER)
    return found


def available() -> bool:
    """Whether LibreOffice and pdftotext are both installed."""
    try:
        find_soffice()
        _pdftotext()
    except ToolMissingError:
        return False
    return True


def check_document_font() -> None:
    """Fail clearly unless LibreOffice will set Calibri in Carlito (or Calibri itself).

    In any other font every line has other widths, so the page cannot be proven,
    and the fault is the missing font, not the case. LibreOffice finds fonts through
    fontconfig where fc-match exists; elsewhere (Windows, macOS) this cannot be
    asked, and Calibri usually comes with the system or with Office.
    """
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family}", "Calibri"],
            capture_output=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return  # fontconfig cannot be asked: let the rendering itself show what happens
    # fontconfig may name a family in several languages, separated by commas.
    families = [name.strip() for name in found.stdout.decode("utf-8", "replace").split(",") if name]
    if found.returncode != 0 or not families:
        return
    if not any(name in _DOCUMENT_FONTS for name in families):
        raise ToolMissingError(
            f"LibreOffice would set the page in {families[0]} instead of Carlito, the "
            "font with Calibri's widths that bizcase fits the page to, so it cannot prove "
            "the page: install Carlito (Debian or Ubuntu: sudo apt-get install "
            "fonts-crosextra-carlito) and try again"
        )


def _export_options(**options: bool) -> str:
    """LibreOffice's PDF filter, with options in the JSON that soffice takes since 7.4."""
    data = {
        name: {"type": "boolean", "value": str(value).lower()} for name, value in options.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(data, separators=(",", ":"))


#: A tagged PDF, so a screen reader finds the headings, lists and language a
#: public body's documents must expose, titled by the case rather than the file
#: name. LibreOffice before 7.4 ignores the options and writes an untagged PDF.
PDF_EXPORT = _export_options(UseTaggedPDF=True, DisplayPDFDocumentTitle=True)


def to_pdf(
    documents: Sequence[Path], outdir: Path, names: Sequence[str] | None = None
) -> list[Path]:
    """Render every .docx in ``documents`` to a PDF in ``outdir``, in few soffice calls.

    ``names`` are what messages call the documents, when their paths mean nothing
    to the user (copies in a temporary folder).
    """
    if not documents:
        return []
    soffice = find_soffice()
    check_document_font()
    with (
        contextlib.ExitStack() as stack,
        tempfile.TemporaryDirectory(prefix="bizcase-render-") as work,
    ):
        # Documents from different folders may share a name; give each its own.
        staged = []
        for number, document in enumerate(documents):
            copy = Path(work) / f"doc{number:05d}.docx"
            shutil.copyfile(document, copy)
            staged.append(copy)
        profile = stack.enter_context(_profile(Path(work)))

        def convert(batch: Sequence[Path]) -> str:
            """Run soffice on ``batch``; what it said, for when a PDF is missing."""
            command = [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                PDF_EXPORT,
                "--outdir",
                str(outdir),
                *map(str, batch),
            ]
            try:
                # LibreOffice's own temporary files go with the work folder, even
                # when a Ctrl-C stops it before it can tidy them away itself.
                finished = _run_all_of(command, {**os.environ, "TMPDIR": work})
            except subprocess.TimeoutExpired:
                raise RenderError(
                    f"LibreOffice did not finish rendering within {TIMEOUT} seconds"
                ) from None
            said = finished.stderr or finished.stdout
            return said.decode("utf-8", "replace")

        def pdf_of(copy: Path) -> Path | None:
            pdf = outdir / f"{copy.stem}.pdf"
            return pdf if pdf.is_file() and pdf.stat().st_size else None

        for start in range(0, len(staged), CHUNK):
            convert(staged[start : start + CHUNK])
        pdfs = []
        # soffice exits 0 even when a conversion fails, or when it quietly stops
        # part-way through a long list: the PDF is the only proof. A missing one is
        # tried again on its own before the document is blamed.
        for number, (document, copy) in enumerate(zip(documents, staged, strict=True)):
            pdf = pdf_of(copy)
            if pdf is None:
                said = convert([copy])
                pdf = pdf_of(copy)
                if pdf is None:
                    detail = said.strip().splitlines()
                    why = f": {detail[-1]}" if detail else ""
                    # A case being built can still be had as a Word file; a file being
                    # verified is the user's own.
                    name = names[number] if names else str(document)
                    instead = ", or build a .docx instead" if names else ""
                    raise RenderError(
                        f"LibreOffice could not render {name}{why}: check that LibreOffice "
                        f"works ('soffice --version'){instead}"
                    )
            pdfs.append(pdf)
    return pdfs


def _run_all_of(command: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run soffice to the end; if bizcase is stopped, or it takes too long, stop all of it.

    soffice starts soffice.bin, which outlives a stopped soffice: it would go on
    rendering into folders already removed, writing files into the officer's own
    (a stray pkcs11.txt) and using the kept profile that the next run then takes.
    In a process group of its own, LibreOffice is stopped whole.
    """
    posix = os.name == "posix"
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=posix,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except BaseException:
            if posix:
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@dataclass(frozen=True)
class Page:
    """Where text landed on one rendered page, in points from the page's top."""

    width: float
    height: float
    #: The bottom of the lowest line of text, or 0 on an empty page.
    text_bottom: float
    #: The bottom of each line of text, top to bottom.
    lines: tuple[float, ...]


def read_pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with the position of its lines of text."""
    finished = subprocess.run(
        [_pdftotext(), "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        check=False,
    )
    if finished.returncode != 0:
        # Poppler says it over several lines, some of them twice: one line, as every error is.
        said = finished.stderr.decode("utf-8", "replace").splitlines()
        why = "; ".join(dict.fromkeys(line.strip() for line in said if line.strip()))
        raise RenderError(
            f"pdftotext could not read {pdf}: {why or 'it gave no reason'}: check that it is a "
            "PDF, or verify the Word file it was made from"
        )
    # pdftotext writes a character beyond the Basic Multilingual Plane (an emoji) as
    # two encoded surrogate halves, which is not UTF-8; only where lines sit matters,
    # so such characters are replaced rather than trusted.
    text = finished.stdout.decode("utf-8", "replace")
    # pdftotext writes XHTML; its namespace is dropped so the tags read plainly.
    xml = text.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("page"):
        bottoms = sorted(float(line.get("yMax", 0)) for line in page.iter("line"))
        pages.append(
            Page(
                width=float(page.get("width", 0)),
                height=float(page.get("height", 0)),
                text_bottom=bottoms[-1] if bottoms else 0.0,
                lines=tuple(bottoms),
            )
        )
    return pages


@dataclass(frozen=True)
class PageReport:
    """What LibreOffice made of one document: its pages and how full the last one is."""

    document: Path
    pages: int
    #: The last line's bottom against the height of the text area, 0 to 1.
    fill: float
    width_mm: float
    height_mm: float

    @property
    def a4(self) -> bool:
        """Whether the (last) page is A4 portrait."""
        return abs(self.width_mm - 210) < 1 and abs(self.height_mm - 297) < 1

    @property
    def one_page(self) -> bool:
        """Whether the document is exactly one A4 page, the only kind bizcase promises."""
        return self.pages == 1 and self.a4

    def paper(self) -> str:
        """The paper size by name, with its measurements unless it is A4."""
        if self.a4:
            return "A4"
        size = f"{self.width_mm:.0f} x {self.height_mm:.0f} mm"
        name = _PAPER.get((round(self.width_mm), round(self.height_mm)))
        return f"{name}, {size}, not A4" if name else f"{size}, not A4"

    def describe(self) -> str:
        """One line for the officer."""
        if self.pages == 1:
            return f"1 page ({self.paper()}), {self.fill:.0%} full"
        # The fill is measured on the last page; saying so keeps "2 pages, 6% full"
        # from reading as if the whole document were nearly empty.
        last = _ORDINALS.get(self.pages, "last")
        return f"{self.pages} pages ({self.paper()}), the {last} {self.fill:.0%} full"


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _margins_mm(document: Path) -> tuple[float, float]:
    """The top and bottom margins of a .docx, in millimetres."""
    from docx import Document

    try:
        section = Document(str(document)).sections[0]
    except Exception:  # python-docx raises several kinds for a file that is not Word's
        raise RenderError(
            f"{document} is not a Word document bizcase can read: open it in Word or "
            "LibreOffice and save it as .docx"
        ) from None
    top = section.top_margin.mm if section.top_margin is not None else 25.4
    bottom = section.bottom_margin.mm if section.bottom_margin is not None else 25.4
    return top, bottom


def report(document: Path, pdf: Path, margins: tuple[float, float] | None = None) -> PageReport:
    """Measure the PDF that LibreOffice made of ``document``."""
    pages = read_pages(pdf)
    if not pages:
        raise RenderError(f"LibreOffice made an empty PDF of {document}")
    top, bottom = margins or _margins_mm(document)
    last = pages[-1]
    area = last.height - (top + bottom) * PT_PER_MM
    # Only lines in the text area are the page's text: a footer (a page number, the
    # OFFICIAL marking a public body puts on every page) lies below it, in the margin.
    text_area_foot = last.height - bottom * PT_PER_MM + _ROUNDING
    body = [line for line in last.lines if line <= text_area_foot]
    fill = (body[-1] - top * PT_PER_MM) / area if body else 0.0
    return PageReport(
        document=document,
        pages=len(pages),
        fill=max(0.0, fill),
        width_mm=last.width / PT_PER_MM,
        height_mm=last.height / PT_PER_MM,
    )


def verify(documents: Sequence[Path]) -> list[PageReport]:
    """Report each document's page: Word files rendered in as few LibreOffice runs as they
    allow, PDFs (such as ``bizcase build --format pdf`` writes) measured as they are."""
    # Fail before the slow part: poppler missing, or a file that is not Word's.
    _pdftotext()
    words = [document for document in documents if not is_pdf(document)]
    margins = {document: _margins_mm(document) for document in words}
    with tempfile.TemporaryDirectory(prefix="bizcase-pdf-") as outdir:
        rendered = dict(zip(words, to_pdf(words, Path(outdir)), strict=True))
        # A PDF keeps no margins; bizcase's own page has the ones the layout sets.
        from bizcase.layout import PAGE

        own = (PAGE.margin_mm, PAGE.margin_mm)
        return [
            report(document, rendered[document], margins[document])
            if document in rendered
            else report(document, document, own)
            for document in documents
        ]


def is_pdf(document: Path) -> bool:
    """Whether ``document`` is named as a PDF, which is measured without rendering."""
    return document.suffix.lower() == ".pdf"


def docx_to_pdf_many(documents: Sequence[bytes]) -> list[tuple[bytes, PageReport]]:
    """PDFs of many .docx files given as bytes, rendered in as few LibreOffice runs as may be."""
    _pdftotext()
    with tempfile.TemporaryDirectory(prefix="bizcase-pdf-") as work:
        sources = []
        for number, data in enumerate(documents):
            source = Path(work) / f"business-case-{number:03d}.docx"
            source.write_bytes(data)
            sources.append(source)
        outdir = Path(work) / "out"
        outdir.mkdir()
        names = ["the case" if len(sources) == 1 else f"case {n + 1}" for n in range(len(sources))]
        pdfs = to_pdf(sources, outdir, names)
        return [
            (pdf.read_bytes(), report(source, pdf))
            for source, pdf in zip(sources, pdfs, strict=True)
        ]
