"""bizcase from a script: every command as a call, typed, silent, and failing with BizcaseError."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import api
from bizcase.cli import cli
from bizcase.errors import (
    BizcaseError,
    InvalidEntryError,
    LibraryError,
    OptionError,
    OutputError,
    UnknownEntryError,
)
from bizcase.library import Library

from .conftest import DATE, FIXTURES, TESTS, require_renderer, run_at_once

#: A new reason that passes the pull request check, as a script would add it.
NEW_REASON = {
    "kind": "reason",
    "title": "Staff hear of local events before the press office",
    "summary": "Staff in local groups online hear early of fetes and protests.",
    "body": "Staff saw a protest planned in a residents' group and warned us a week ahead.",
    "concerns": ["engagement"],
    "credit": "Jo Bloggs",
}


def test_select_takes_an_organisation_types_other_names_as_list_does(library: Library) -> None:
    # 'council' once matched only the entries for every type, leaving out the council's own.
    council = library.select("council", "reason")
    assert council == library.select("local-government", "reason")
    assert any(entry.is_specific for entry in council)
    assert library.select("Local Government", "Reason") == council


def test_select_takes_a_kind_in_the_plural_as_list_does(library: Library) -> None:
    # 'bizcase list --kind reasons' lists the reasons, so a script may say it the same way.
    reasons = library.select(kind="reason")
    assert reasons
    assert all(entry.kind == "reason" for entry in reasons)
    assert library.select(kind=" Reasons ") == reasons
    assert library.select(kind="safeguards") == library.select(kind="safeguard")


@pytest.mark.parametrize(
    ("org_type", "kind", "message"),
    [
        (
            "councl",
            None,
            "--org-type: unknown organisation type 'councl'. Did you mean 'local-government'? "
            "Choose one of: local-government, health, police, fire-and-rescue, housing, "
            "education, central-government, charity, private-sector (bizcase org-types lists "
            "them).",
        ),
        (None, "argument", "--kind: unknown kind 'argument': choose reason or safeguard"),
    ],
    ids=["unknown type", "unknown kind"],
)
def test_select_refuses_what_names_nothing_rather_than_returning_too_little(
    library: Library, org_type: str | None, kind: str | None, message: str
) -> None:
    with pytest.raises(OptionError) as caught:
        library.select(org_type, kind)
    assert caught.value.message == message


def test_an_entry_is_worded_for_an_organisation_type_as_show_words_it(library: Library) -> None:
    raw = library.entry("help-people-where-they-ask")
    assert raw.title == "Help {{ audience }} on the channels they already use"
    worded = library.worded(raw, "nhs")
    assert worded.title == "Help patients on the channels they already use"
    assert "{{" not in worded.summary + worded.body
    assert library.worded(raw).title == "Help the public on the channels they already use"
    shown = CliRunner().invoke(cli, ["show", raw.id, "-t", "nhs"]).output
    summary = textwrap.fill(worded.summary, 80, break_on_hyphens=False)  # to fit the terminal
    assert shown.startswith(f"{worded.title}\n\n{summary}\n\n{worded.body.rstrip()}\n")
    # Everything but the words is the entry itself.
    assert worded.id == raw.id
    assert worded.concerns == raw.concerns


def test_a_date_from_a_form_may_be_text_written_year_month_day() -> None:
    # A web form hands over text; the page shows the date, never a crash in the template.
    assert api.build_case("police", date=DATE.isoformat()).date == DATE
    with pytest.raises(OptionError) as caught:
        api.build_case("police", date="21/11/2026")
    assert caught.value.message == (
        "--date: '21/11/2026' is not written year-month-day: for 21 November 2026, give 2026-11-21"
    )
    # The same words as at the command line, which reads its --date the same way.
    with pytest.raises(OptionError) as caught:
        api.build_case("police", date="2026-02-30")
    assert caught.value.message == "--date: '2026-02-30' is not a date: February 2026 has 28 days"


def test_a_single_string_is_one_value_not_a_list_of_its_letters(tmp_path: Path) -> None:
    one = api.build_case("police", concerns="security", include="staff-have-smartphones", date=DATE)
    listed = api.build_case(
        "police", concerns=["security"], include=["staff-have-smartphones"], date=DATE
    )
    assert one == listed
    (result,) = api.build_all(tmp_path / "cases", org_types="police", fmt="md")
    assert result.path == tmp_path / "cases" / "police-social-media-case.md"
    with pytest.raises(OptionError) as caught:
        api.verify("case.docx")
    assert caught.value.message == (
        "FILE: 'case.docx' does not exist: check the name, or build it first with bizcase build"
    )
    with pytest.raises(OptionError) as caught:
        api.check("missing.md")
    assert caught.value.message == "PATH: 'missing.md' does not exist"
    # One template folder, as text or as a path, is one folder.
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "business-case.md.j2").write_text("# {{ Name }}\n", encoding="utf-8")
    for given in (folder, str(folder), [folder]):
        assert api.render_markdown(one, given) == "# The force\n"


def test_a_format_may_be_named_by_its_extension(tmp_path: Path) -> None:
    case = api.build_case("charity", date=DATE)
    assert api.export(case, "md") == api.export(case, api.Format.MD)
    assert api.export(case, "DOCX")[:2] == b"PK"
    assert api.resolve_format(None, "case.md") is api.Format.MD
    assert api.resolve_format(None, tmp_path / "case.pdf") is api.Format.PDF
    with pytest.raises(OptionError) as caught:
        api.export(case, "rtf")
    assert caught.value.message == "--format: unknown format 'rtf'. Choose one of: docx, md, pdf"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda folder: api.build_case("police", concerns=["sekurity"]),
            OptionError,
            "--concern: unknown concern 'sekurity'. Did you mean 'security'? Choose from: "
            "productivity, security, reputation, misuse, confidentiality, legal, safeguarding, "
            "cost, trust, customer-service, engagement, learning, recruitment (bizcase "
            "concerns lists them).",
        ),
        (
            lambda folder: api.build_case("police", max_reasons=0),
            OptionError,
            "--max-reasons: must be at least 1",
        ),
        (
            lambda folder: api.build("police", output=folder / "case.md", fmt="docx"),
            OptionError,
            "--format: the output '{folder}/case.md' ends in .md but --format is docx: name "
            "the file ending .docx, or leave out --format",
        ),
        (
            lambda folder: api.build("police", output=folder / "missing" / "case.md"),
            OutputError,
            "the folder '{folder}/missing' does not exist: create it, or choose another --output",
        ),
        (
            lambda folder: api.load_library(folder / "missing"),
            LibraryError,
            "the library folder '{folder}/missing' does not exist: pass --library with a folder "
            "of argument files, or leave it out to use the library that ships with bizcase.",
        ),
        (
            lambda folder: api.load_library().entry("staff-have-smartphone"),
            UnknownEntryError,
            "no entry 'staff-have-smartphone' in the library at {library}. Did you mean "
            "'staff-have-smartphones'? Run 'bizcase list' to see every id.",
        ),
        (
            lambda folder: api.new_entry(**{**NEW_REASON, "kind": "reasonn"}, library=folder),
            InvalidEntryError,
            "--kind: has unknown value 'reasonn' (did you mean 'reason'?); allowed: reason, "
            "safeguard",
        ),
        (
            lambda folder: api.build("police", output=folder / "case\ud800.md"),
            OutputError,
            "--output '{folder}/case\ufffd.md' holds a character no file name can: a NUL or half "
            "of a character pair (a lone surrogate): give a file name such as business-case.docx",
        ),
        (
            lambda folder: api.build_all(f"{folder}/cases\x00"),
            OutputError,
            "--output-dir '{folder}/cases\\x00' holds a character no folder name can: a NUL or "
            "half of a character pair (a lone surrogate): give a folder name such as cases",
        ),
    ],
    ids=[
        "unknown concern",
        "no reasons",
        "format and extension differ",
        "no such folder",
        "no such library",
        "unknown entry",
        "new entry invalid",
        "half a character in the output",
        "a NUL in the output folder",
    ],
)
def test_a_mistake_is_a_bizcase_error_with_the_message_the_command_line_gives(
    call: Callable[[Path], object],
    error: type[BizcaseError],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(error) as caught:
        call(tmp_path)
    library = api.load_library().root
    assert caught.value.message == message.format(folder=tmp_path, library=library)
    assert capsys.readouterr() == ("", "")


def test_a_script_is_told_nothing_but_what_the_calls_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Everything the command line prints is in the results; a web app's output stays its own.
    monkeypatch.chdir(tmp_path)
    library = api.load_library()
    (tmp_path / "out").mkdir()
    for fmt in ("md", "docx"):
        api.build("housing", output=tmp_path / "out" / f"case.{fmt}", date=DATE)
    case = api.build_case("education", concerns=["safeguarding"], date=DATE)
    api.export(case, "md")
    api.build_all(tmp_path / "cases", fmt="md", date=DATE)
    library.select("police", "safeguard")
    library.worded(library.entry("help-people-where-they-ask"), "police")
    api.check()
    api.credits()
    api.json_schema()
    (tmp_path / "mine").mkdir()
    path = api.new_entry(**NEW_REASON, library=tmp_path / "mine")
    api.check([path], tmp_path / "mine")
    assert capsys.readouterr() == ("", "")
    # Nothing is left in the working folder but what was asked for.
    assert sorted(os.listdir(tmp_path)) == ["cases", "mine", "out"]


def test_pdfs_and_verifying_print_nothing_and_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    require_renderer()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    case = api.build_case("fire-and-rescue", date=DATE)
    assert api.export(case, "pdf")[:5] == b"%PDF-"
    result = api.build("police", output=tmp_path / "case.docx", verify=True, date=DATE)
    assert result.report is not None
    assert result.report.one_page
    assert result.path is not None
    (report,) = api.verify([result.path])
    assert report.pages == 1
    assert capsys.readouterr() == ("", "")
    assert os.listdir(here) == []


def test_a_new_entry_added_by_a_script_is_checked_listed_and_built(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    path = api.new_entry(**NEW_REASON, library=str(mine))
    assert path == mine / "reasons" / "staff-hear-of-local-events-before-the-press-office.md"
    assert api.check([path], mine).passed(strict=True)
    library = api.load_library(mine)
    assert [entry.id for entry in library.select("housing")] == [path.stem]
    case = api.build_case("housing", library=library, date=DATE)
    assert [entry.id for entry in case.reasons] == [path.stem]
    with pytest.raises(LibraryError) as caught:
        api.new_entry(**NEW_REASON, library=mine)
    assert caught.value.message.startswith(f"an entry with id '{path.stem}' already exists: ")


def test_a_new_entry_takes_its_kind_in_the_plural_as_bizcase_new_does(tmp_path: Path) -> None:
    path = api.new_entry(**{**NEW_REASON, "kind": "Safeguards"}, library=tmp_path)
    assert path.parent == tmp_path / "safeguards"
    assert "kind: safeguard\n" in path.read_text(encoding="utf-8")


def test_a_check_passes_or_fails_as_the_command_line_exits(tmp_path: Path) -> None:
    warned = FIXTURES / "entries" / "entry-credit-web-address.md"
    report = api.check([warned])
    assert [problem.code for problem in report.problems] == ["W215"]
    assert report.passed()
    assert not report.passed(strict=True)
    assert CliRunner().invoke(cli, ["check", str(warned)]).exit_code == 0
    assert CliRunner().invoke(cli, ["check", "--strict", str(warned)]).exit_code == 1
    broken = FIXTURES / "entries" / "entry-empty-body.md"
    assert not api.check([broken]).passed()


#: Builds two cases, in the order given, and prints each one's Markdown and Word file.
TWO_BUILDS = textwrap.dedent(
    """
    import base64, datetime, json, re, sys, zipfile, io
    from bizcase import api

    CASES = {
        "health": dict(org_name="Anytown NHS Trust", concerns=["confidentiality"]),
        "police": dict(author="Sam Jones", concerns=["security", "reputation"], max_reasons=4),
    }
    made = {}
    for org_type in sys.argv[1:]:
        case = api.build_case(org_type, date=datetime.date(2026, 11, 21), **CASES[org_type])
        word = zipfile.ZipFile(io.BytesIO(api.export(case, "docx")))
        parts = {name: word.read(name).decode() for name in word.namelist()}
        # The moment the file was made is the one thing that may differ.
        parts["docProps/core.xml"] = re.sub(r"\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "", parts["docProps/core.xml"])
        made[org_type] = {"md": api.export(case, "md").decode(), "docx": parts}
    print(json.dumps(made))
    """
)


def test_two_builds_in_one_process_come_out_as_each_would_alone(tmp_path: Path) -> None:
    # Each type is built first in one process, as if alone, and second in the other.
    def run(*org_types: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", TWO_BUILDS, *org_types],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(TESTS.parent)},
            cwd=tmp_path,
        )
        made: dict[str, object] = json.loads(done.stdout)
        return made

    first, second = run("health", "police"), run("police", "health")
    assert first["health"] == second["health"]
    assert first["police"] == second["police"]
    assert first["health"] != first["police"]


def test_builds_in_several_threads_at_once_come_out_as_each_would_alone() -> None:
    # An intranet form in a threaded web server builds two officers' cases at once.
    from io import BytesIO

    from docx import Document

    jobs = [(t, f"Anytown {t} {n}") for t in ("health", "police", "housing") for n in range(3)]
    made: dict[str, bytes] = {}

    def build(org_type: str, name: str) -> None:
        made[name] = api.export(api.build_case(org_type, org_name=name, date=DATE), "docx")

    assert run_at_once([partial(build, *job) for job in jobs], interval=1e-5) == []

    def text(docx: bytes) -> list[str]:
        return [paragraph.text for paragraph in Document(BytesIO(docx)).paragraphs]

    for org_type, name in jobs:
        alone = api.export(api.build_case(org_type, org_name=name, date=DATE), "docx")
        assert text(made[name]) == text(alone)


CLIENT = '''
"""A script that uses bizcase, annotated with every type the API returns."""

from pathlib import Path

from bizcase import api
from bizcase.api import (
    BuildResult,
    Case,
    CheckReport,
    Concern,
    Credit,
    Entry,
    Format,
    Library,
    OrgType,
    PageReport,
    Problem,
    Severity,
    Source,
)
from bizcase.errors import BizcaseError, InvalidEntryError, OptionError


def main(folder: Path) -> None:
    library: Library = api.load_library()
    types: list[OrgType] = list(library.org_types.values())
    concerns: list[Concern] = list(library.concerns.values())
    sources: list[Source] = list(library.sources.values())
    reasons: list[Entry] = library.select("council", "reason")
    worded: Entry = library.worded(reasons[0], "council")
    case: Case = api.build_case("health", library=library, concerns=["security"])
    markdown: str = api.render_markdown(case)
    data: bytes = api.export(case, Format.MD) + api.export(case, "docx")
    result: BuildResult = api.build("police", output=folder / "case.md", force=True)
    results: list[BuildResult] = api.build_all(folder / "all", fmt="md")
    report: CheckReport = api.check([folder / "x.md"], library=folder)
    problems: tuple[Problem, ...] = report.problems
    severity: Severity = problems[0].severity
    passed: bool = report.passed(strict=True)
    credits: list[Credit] = api.credits(library)
    schema: dict[str, object] = api.json_schema()
    pages: list[PageReport] = api.verify([folder / "case.docx"])
    new: Path = api.new_entry(kind="reason", title="t", summary="s", body="b", library=folder)
    try:
        api.build_case("councl")
    except OptionError as error:
        print(error.option)
    except InvalidEntryError as error:
        print(error.problems)
    except BizcaseError as error:
        print(error.message)
    print(types, concerns, sources, worded, markdown, data, result, results, severity)
    print(passed, credits, schema, pages, new)
'''


def test_a_script_using_the_api_passes_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "client.py"
    script.write_text(CLIENT, encoding="utf-8")
    # In a process of its own: mypy raises the recursion limit of the process it runs in.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / ".mypy"),
            "client.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        # This checkout's bizcase, whatever else is installed.
        env={**os.environ, "MYPYPATH": str(TESTS.parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_names_the_api_keeps_elsewhere_are_there_when_used() -> None:
    from bizcase.export.pdf import PageReport
    from bizcase.scaffold import new_entry

    assert api.PageReport is PageReport
    assert api.new_entry is new_entry
    assert set(api.__all__) <= set(dir(api)) | {"PageReport", "new_entry"}
    assert not hasattr(api, "no_such_name")
