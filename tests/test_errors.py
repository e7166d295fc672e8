"""Every mistake an officer can make gets one clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bizcase import cli as cli_module
from bizcase import library as library_module
from bizcase.cli import cli
from bizcase.library import packaged_path

from .conftest import FIXTURES, assert_no_crash

ROOT = packaged_path("arguments")
TYPES = (
    "local-government, health, police, fire-and-rescue, housing, education, central-government, "
    "charity, private-sector"
)
CONCERNS = (
    "productivity, security, reputation, misuse, confidentiality, legal, safeguarding, cost, "
    "trust, customer-service, engagement, learning, recruitment"
)


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def assert_error(result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr == f"Error: {message}\n"
    assert_no_crash(result)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unknown_org_type_lists_them_and_suggests_the_closest() -> None:
    assert_error(
        run("build", "-t", "polise"),
        2,
        f"--org-type: unknown organisation type 'polise'. Did you mean 'police'? Choose one of: "
        f"{TYPES} (bizcase org-types lists them).",
    )


def test_a_build_without_an_org_type_says_how_to_choose_one(in_tmp: Path) -> None:
    assert_error(
        run("build", "--org-name", "Anytown Borough Council"),
        2,
        "Missing option '--org-type': say what kind of organisation the case is for, such as "
        "--org-type council or --org-type health. 'bizcase org-types' lists them all.",
    )
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-t", "council", "--org-name", "Anytown", "Borough", "Council"],
            "'Borough Council' follows --org-name Anytown: a value of more than one word goes "
            'in quotes, --org-name "Anytown Borough Council"',
        ),
        (
            ["-t", "council", "--author=Sam", "Jones", "--concern", "cost"],
            "'Jones' follows --author Sam: a value of more than one word goes in quotes, "
            '--author "Sam Jones"',
        ),
        (
            ["-t", "council", "-n", "\u201cAnytown", "Borough", "Council\u201d"],
            "'Borough Council\u201d' follows -n \u201cAnytown: the quote marks are curly ones, "
            "as a word processor types them, which the command line reads as letters: type "
            'straight ones, -n "Anytown Borough Council"',
        ),
        (
            ["-t", "council", "--concern", "cost,", "reputation", "trust", "-o", "case.md"],
            "'reputation trust' follows --concern cost, where bizcase expected another "
            "option: give each its own --concern, or join them with commas: "
            "--concern cost,reputation,trust",
        ),
        (
            ["-t", "council", "-n", "'Anytown", "Borough", "Council'"],
            "'Borough Council'' follows -n 'Anytown: this terminal does not group words in "
            'single quote marks: type double ones, -n "Anytown Borough Council"',
        ),
    ],
    ids=["unquoted-name", "unquoted-author", "curly-quotes", "concerns-by-spaces", "single-quotes"],
)
def test_words_left_after_a_value_say_how_to_quote_or_join_them(
    args: list[str], message: str, in_tmp: Path
) -> None:
    # The shell splits an unquoted name into words; the first is the option's value.
    assert_error(run("build", *args), 2, message)
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value", "example"),
    [
        ("--org-name", "\u201cAnytown\u201d", "Anytown Borough Council"),
        ("--author", "'Sam Jones'", "Sam Jones"),
        ("--org-name", '"Anytown Borough Council"', "Anytown Borough Council"),
    ],
    ids=["curly", "single", "double-twice"],
)
def test_a_name_in_quote_marks_is_refused_not_printed(
    option: str, value: str, example: str, in_tmp: Path
) -> None:
    assert_error(
        run("build", "-t", "council", option, value, "-o", "case.md"),
        2,
        f"{option}: {value} is in quote marks, which would be printed on the page: leave them "
        f'out (the straight double quotes around a value of several words, {option} "{example}", '
        "are only for the command line)",
    )
    assert list(in_tmp.iterdir()) == []


def test_quote_marks_inside_a_name_are_kept() -> None:
    result = run("build", "-t", "council", "-n", "the \u201cGood Neighbours\u201d Trust", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Opening up social media to all staff at the \u201cGood Neighbours\u201d Trust\n"
    )


def test_a_word_of_its_own_is_left_to_clicks_message() -> None:
    assert_error(
        run("list", "everything"),
        2,
        "Got unexpected extra argument (everything). Run 'bizcase list --help' to see the options.",
    )


@pytest.mark.parametrize("command", ["list", "build"])
def test_an_org_type_without_its_option_says_to_put_it_after_org_type(command: str) -> None:
    assert_error(
        run(command, "police"),
        2,
        f"'police' is an organisation type, which goes after --org-type: bizcase {command} "
        "--org-type police",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-t", "council", "case.docx"],
            "'case.docx' follows -t council: to write the case to that file, put --output "
            "before its name, --output case.docx",
        ),
        (
            ["-t", "council", "Anytown", "Borough", "Council"],
            "'Anytown Borough Council' follows -t council: if that is your organisation's name, "
            'give it with --org-name, --org-name "Anytown Borough Council"',
        ),
        (
            ["-t", "local", "government"],
            "'government' follows -t local: a value of more than one word goes in quotes, "
            '-t "local government"',
        ),
        (
            ["-t", "council", "my case.docx"],
            "'my case.docx' follows -t council: to write the case to that file, put --output "
            'before its name, --output "my case.docx"',
        ),
    ],
    ids=[
        "file-name-without-output",
        "name-after-the-type",
        "type-of-two-words",
        "file-name-in-quotes",
    ],
)
def test_words_after_a_value_that_belong_to_another_option_say_which(
    args: list[str], message: str, in_tmp: Path
) -> None:
    assert_error(run("build", *args), 2, message)
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-org-type", "council"],
            "'-org-type' has one hyphen, and an option of more than one letter takes two: "
            "--org-type",
        ),
        (
            ["\u2013org-type", "council"],
            "'\u2013org-type' starts with a dash (\u2013) that a word processor put in place of "
            "hyphens: type the hyphens, --org-type",
        ),
        (
            ["-t", "council", "\u2014org-name", "Anytown"],
            "'\u2014org-name' starts with a dash (\u2014) that a word processor put in place of "
            "hyphens: type the hyphens, --org-name",
        ),
        (
            ["\u2013t", "council"],
            "'\u2013t' starts with a dash (\u2013) that a word processor put in place of "
            "hyphens: type the hyphens, -t",
        ),
        (
            ["--org-type\u00a0council"],
            "'--org-type\u00a0council' is one word to the terminal, its space being a no-break "
            "space, as copied from a document or web page: type an ordinary space after "
            "--org-type",
        ),
        (
            ["--", "org-type", "council"],
            "'-- org-type' has a space after the hyphens: type --org-type",
        ),
        (
            ["-t", "council", "--org-name", "--author", "Sam Jones"],
            "--org-name has no value: the word after it, --author, is another option. Type the "
            "value straight after --org-name",
        ),
        (
            ["-t", "council", "-n", "--verbose"],
            "-n has no value: the word after it, --verbose, is another option. Type the value "
            "straight after -n",
        ),
    ],
    ids=[
        "one-hyphen",
        "en-dash",
        "em-dash",
        "en-dash-short",
        "no-break-space",
        "space",
        "value-missing",
        "value-missing-at-the-end",
    ],
)
def test_an_option_typed_wrongly_is_shown_as_it_should_be_typed(
    args: list[str], message: str, in_tmp: Path
) -> None:
    # Click read each as something else: '-org-type' as '-o rg-type', '--org-name --author'
    # as the name '--author'; each then gave a message about something the officer never typed.
    assert_error(run("build", *args), 2, message)
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            ["-t", "health", "--author", "Sam Jones", "\\"],
            "bizcase was given a '\\', which joins a command's lines only in Linux and macOS "
            "terminals: type the whole command on one line, leaving out each \\",
        ),
        (
            ["-t", "housing", "--output", "case.pdf", "#", "a", "one-page", "PDF"],
            "'# a one-page PDF' is a comment, which this terminal passes on instead of leaving "
            "out: leave out the # and the words after it",
        ),
    ],
    ids=["line-continuation", "comment"],
)
def test_a_readme_example_pasted_into_windows_says_what_to_leave_out(
    words: list[str], message: str, in_tmp: Path
) -> None:
    # Windows' Command Prompt passes both on to bizcase, which read them as part of a value.
    assert_error(run("build", *words), 2, message)
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("--org_type", "'--org-type'"),
        ("--orgtype", "'--org-type'"),
        ("--organisation-type", "'--org-type'"),
        ("--type", "'--org-type'"),
        ("--name", "'--org-name'"),
        ("--org", "'--org-type' or '--org-name'"),
        ("--concerns", "'--concern'"),
        ("--overwrite", "'--force'"),
        ("--file", "'--output'"),
        ("--ORG-TYPE", "'--org-type'"),
        ("-T", "'-t'"),
    ],
)
def test_an_unknown_option_suggests_the_one_meant(typed: str, meant: str) -> None:
    assert_error(
        run("build", "-t", "council", typed, "x"),
        2,
        f"No such option '{typed}'. Did you mean {meant}? Run 'bizcase build --help' to see the "
        "options.",
    )


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (["--org-type", "council"], "bizcase build --org-type council"),
        (
            ["-t", "council", "-n", "Anytown Borough Council"],
            'bizcase build -t council -n "Anytown Borough Council"',
        ),
        (["--library", "mine", "list"], "bizcase list --library mine"),
    ],
)
def test_an_option_before_the_command_shows_the_command_to_type(
    args: list[str], typed: str
) -> None:
    option = args[0]
    owner = "list" if "list" in args else "build"
    assert_error(
        run(*args),
        2,
        f"'{option}' is an option of bizcase {owner}, so it goes after the command: {typed}",
    )


@pytest.mark.parametrize("typed", ["make", "create", "generate", "BUILD", "Build"])
def test_another_word_for_build_suggests_build(typed: str) -> None:
    # 'create' was once answered with "Did you mean 'credits'?".
    assert_error(
        run(typed, "-t", "council"),
        2,
        f"No such command '{typed}'. Did you mean 'build'? Run 'bizcase --help' to see the "
        "options.",
    )


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["help"], ["--help"]),
        (["help", "build"], ["build", "--help"]),
        (["build", "help"], ["build", "--help"]),
        (["build", "-t", "council", "help"], ["build", "--help"]),
    ],
)
def test_help_as_a_word_shows_the_help(args: list[str], shown: list[str], in_tmp: Path) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == run(*shown).stdout
    assert list(in_tmp.iterdir()) == []


def test_unknown_concern_lists_them_and_suggests_the_closest() -> None:
    assert_error(
        run("build", "-t", "police", "-c", "reputaton"),
        2,
        f"--concern: unknown concern 'reputaton'. Did you mean 'reputation'? Choose from: "
        f"{CONCERNS} (bizcase concerns lists them).",
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Anytown Borough Council", "local-government"),
        ("Anytown NHS Trust", "health"),
        ("Avon and Somerset Police", "police"),
        ("Anytown Fire and Rescue Service", "fire-and-rescue"),
        ("University of Bristol", "education"),
        ("local gov", "local-government"),
    ],
)
def test_an_org_type_holding_a_types_name_among_other_words_suggests_it(
    typed: str, meant: str
) -> None:
    # The organisation's name given as its type: the type's word in it is the hint.
    assert_error(
        run("build", "-t", typed),
        2,
        f"--org-type: unknown organisation type '{typed}'. Did you mean '{meant}'? Choose one "
        f"of: {TYPES} (bizcase org-types lists them).",
    )


def test_a_word_for_another_is_not_suggested_as_its_misspelling() -> None:
    # 'public' is not 'private' mistyped, however alike their letters.
    assert_error(
        run("build", "-t", "Public sector"),
        2,
        f"--org-type: unknown organisation type 'Public sector'. Choose one of: {TYPES} "
        "(bizcase org-types lists them).",
    )
    # 'phishing' was once answered with recruitment, for the letters it shares with 'hiring'.
    assert_error(
        run("build", "-t", "police", "-c", "phishng"),
        2,
        f"--concern: unknown concern 'phishng'. Did you mean 'security'? Choose from: "
        f"{CONCERNS} (bizcase concerns lists them).",
    )


@pytest.mark.parametrize(
    ("option", "typed", "message"),
    [
        (
            "-c",
            "security reputation",
            "--concern: 'security reputation' is 2 concerns: separate them with commas, "
            "--concern security,reputation",
        ),
        (
            "-c",
            "confidentiality;productivity",
            "--concern: 'confidentiality;productivity' is 2 concerns: separate them with commas, "
            "--concern confidentiality,productivity",
        ),
        (
            "-t",
            "council and health",
            "--org-type: 'council and health' is 2 organisation types, and a case is for one: "
            "give --org-type local-government or health",
        ),
    ],
)
def test_a_value_naming_several_says_so(option: str, typed: str, message: str) -> None:
    args = ["-t", "police"] if option == "-c" else []
    assert_error(run("build", *args, option, typed), 2, message)


@pytest.mark.parametrize(
    ("option", "typed", "meant"),
    [
        ("-t", "GP", "health"),
        ("-t", "academy", "education"),
        ("-c", "GDPR", "confidentiality"),
        ("-c", "data breach", "confidentiality"),
        ("-c", "phishing", "security"),
        ("-c", "malware", "security"),
        ("-c", "bad press", "reputation"),
    ],
)
def test_an_officers_word_for_a_type_or_concern_is_taken(
    option: str, typed: str, meant: str
) -> None:
    flag = "-t" if option == "-c" else "-c"
    other = "police" if option == "-c" else "cost"
    by_word = run("build", option, typed, flag, other, "-o", "-")
    by_id = run("build", option, meant, flag, other, "-o", "-")
    assert by_word.exit_code == 0, by_word.output
    assert by_word.stdout == by_id.stdout


@pytest.mark.parametrize(
    ("command", "typed"),
    [
        (
            ["build", "-t", "council", "--include"],
            "Staff can already reach social media on their own phones",
        ),
        (["show"], "Help patients on the channels they already use"),
    ],
    ids=["include", "show"],
)
def test_an_entry_named_by_its_title_suggests_its_id(command: list[str], typed: str) -> None:
    # 'bizcase list' shows each title beside its id, worded for the organisation type.
    meant = "staff-have-smartphones" if "phones" in typed else "help-people-where-they-ask"
    option = "--include: " if "--include" in command else ""
    assert_error(
        run(*command, typed),
        2,
        f"{option}no entry '{typed}' in the library at {ROOT}. Did you mean '{meant}'? Run "
        "'bizcase list' to see every id.",
    )


@pytest.mark.parametrize("option", ["--include", "--exclude"])
def test_unknown_entry_in_include_or_exclude(option: str) -> None:
    assert_error(
        run("build", "-t", "police", option, "staff-are-adult"),
        2,
        f"{option}: no entry 'staff-are-adult' in the library at {ROOT}. Did you mean "
        "'staff-are-adults'? Run 'bizcase list' to see every id.",
    )


def test_unknown_entry_in_show() -> None:
    assert_error(
        run("show", "zzzz"),
        2,
        f"no entry 'zzzz' in the library at {ROOT}. Run 'bizcase list' to see every id.",
    )


@pytest.mark.parametrize("typed", ["STAFF-ARE-ADULTS", "Staff are adults"])
def test_an_entry_id_typed_in_other_clothes_is_suggested(typed: str) -> None:
    assert_error(
        run("show", typed),
        2,
        f"no entry '{typed}' in the library at {ROOT}. Did you mean 'staff-are-adults'? Run "
        "'bizcase list' to see every id.",
    )


@pytest.mark.parametrize("where", ["business-case.md.j2", "part.j2"])
def test_a_template_that_is_not_utf8_is_named_with_its_line(in_tmp: Path, where: str) -> None:
    # The template an officer edits, or one it includes: the file to save again is named.
    Path("mine").mkdir()
    Path("mine/business-case.md.j2").write_text(
        '# {{ Name }}\n\n{% include "part.j2" %}\n', encoding="utf-8"
    )
    Path("mine/part.j2").write_text("A line of text.\n", encoding="utf-8")
    with Path("mine", where).open("ab") as file:
        file.write("Caf\u00e9 for the team\n".encode("latin-1"))
    line = 4 if where == "business-case.md.j2" else 2
    assert_error(
        run("build", "-t", "police", "--template-dir", "mine", "-o", "case.md"),
        1,
        f"mine/{where}:{line}: the template is not UTF-8 text: save it as UTF-8",
    )
    assert not Path("case.md").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["build", "-t", "coun\ncil"],
            2,
            f"--org-type: unknown organisation type 'coun\\ncil'. Did you mean "
            f"'local-government'? Choose one of: {TYPES} (bizcase org-types lists them).",
        ),
        (
            ["build", "-t", "police", "-c", "trust\nsecurity"],
            2,
            "--concern: 'trust\\nsecurity' is 2 concerns: separate them with commas, --concern "
            "trust,security",
        ),
        (
            ["show", "x" * 300],
            2,
            f"no entry '{'x' * 80}...{'x' * 40}' in the library at {ROOT}. Run 'bizcase list' to "
            "see every id.",
        ),
    ],
)
def test_a_value_typed_with_a_line_break_or_at_length_is_shown_on_one_line(
    args: list[str], code: int, message: str
) -> None:
    assert_error(run(*args), code, message)


def test_missing_library_folder(in_tmp: Path) -> None:
    assert_error(
        run("list", "--library", "nowhere"),
        1,
        "the library folder 'nowhere' does not exist: pass --library with a folder of argument "
        "files, or leave it out to use the library that ships with bizcase.",
    )


def test_library_that_is_a_file(in_tmp: Path) -> None:
    Path("notes.md").write_text("x", encoding="utf-8")
    assert_error(
        run("list", "--library", "notes.md"),
        1,
        "the library 'notes.md' is a file, not a folder: pass its folder.",
    )


def test_empty_library_folder(in_tmp: Path) -> None:
    Path("empty").mkdir()
    assert_error(
        run("build", "-t", "police", "--library", "empty"),
        1,
        "the library folder 'empty' has no argument files: add .md files to it, or leave out "
        "--library to use the library that ships with bizcase.",
    )


@pytest.mark.parametrize("command", [("list",), ("build", "-t", "police"), ("check",)])
def test_an_empty_library_folder_from_the_environment_names_the_variable(
    in_tmp: Path, command: tuple[str, ...]
) -> None:
    # The officer never typed --library, so being told to leave it out would not help.
    Path("empty").mkdir()
    assert_error(
        run(*command, env={"BIZCASE_LIBRARY": "empty"}),
        1,
        "BIZCASE_LIBRARY is set to 'empty', a folder with no argument files: add .md files to "
        "that folder, set BIZCASE_LIBRARY to another library folder, or unset it to use the "
        "library that ships with bizcase.",
    )


def _copy_of_the_repository(folder: Path) -> None:
    """A clone of an organisation's fork: the library in 'arguments', beside docs and tests."""
    shutil.copytree(FIXTURES / "library", folder / "arguments")
    (folder / "docs").mkdir()
    (folder / "docs" / "architecture.md").write_text("# How bizcase works\n", encoding="utf-8")
    (folder / "README.md").write_text("# bizcase\n", encoding="utf-8")


@pytest.mark.parametrize("command", [("list",), ("build", "-t", "police"), ("check",)])
def test_a_copy_of_the_repository_given_as_the_library_points_to_its_arguments_folder(
    in_tmp: Path, command: tuple[str, ...]
) -> None:
    # Once an error per document and test fixture in the clone, with its own organisation
    # types quietly ignored; the officer only needed the folder one level down.
    _copy_of_the_repository(in_tmp / "fork")
    assert_error(
        run(*command, "--library", "fork"),
        1,
        "the library folder 'fork' is a copy of the bizcase repository, whose library is its "
        "'arguments' folder: pass --library fork/arguments.",
    )


def test_a_copy_of_the_repository_from_the_environment_names_the_variable(in_tmp: Path) -> None:
    _copy_of_the_repository(in_tmp / "fork")
    assert_error(
        run("list", env={"BIZCASE_LIBRARY": "fork"}),
        1,
        "BIZCASE_LIBRARY is set to 'fork', a copy of the bizcase repository, whose library is "
        "its 'arguments' folder: set BIZCASE_LIBRARY to fork/arguments.",
    )


def test_library_with_nothing_for_the_org_type(in_tmp: Path) -> None:
    Path("lib").mkdir()
    shutil.copy(FIXTURES / "library" / "reasons" / "council-savings.md", "lib")
    assert_error(
        run("build", "-t", "health", "--library", "lib"),
        1,
        "the library at lib has no reasons for 'health': add an entry whose org_types includes "
        "it, or choose another organisation type.",
    )


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "entry-yaml-syntax-error",
            "lib/entry-yaml-syntax-error.md:4: E101 YAML syntax error: a value contains ': '; "
            "put the whole text in double quotes",
        ),
        (
            "entry-not-utf8",
            "lib/entry-not-utf8.md:4: E103 the file is not UTF-8 text: save it as UTF-8 in your editor",
        ),
    ],
)
def test_malformed_or_non_utf8_entry_names_file_and_line(fixture: str, message: str) -> None:
    Path("lib").mkdir()
    shutil.copy(FIXTURES / "library" / "reasons" / "phones-are-not-banned.md", "lib")
    shutil.copy(FIXTURES / "entries" / f"{fixture}.md", "lib")
    assert_error(
        run("build", "-t", "health", "--library", "lib"),
        1,
        f"{message}\n1 error in the library at lib: fix it and try again.",
    )


def test_truncated_entry_names_file_and_line() -> None:
    Path("lib").mkdir()
    shutil.copy(FIXTURES / "library" / "reasons" / "phones-are-not-banned.md", "lib")
    shutil.copy(FIXTURES / "hostile" / "truncated.md", "lib")
    assert_error(
        run("list", "--library", "lib"),
        1,
        "lib/truncated.md:5: E102 the front matter is not closed: if the body starts here, put a "
        "'---' line before it\n1 error in the library at lib: fix it and try again.",
    )


def test_unwritable_output_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom no folder is read-only: refuse as the OS would.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert_error(
        run("build", "-t", "police", "-o", "case.docx"),
        1,
        "cannot write to the folder '.': permission denied; choose another --output",
    )
    assert list(Path().iterdir()) == []


def test_output_path_that_is_a_folder() -> None:
    Path("cases").mkdir()
    assert_error(
        run("build", "-t", "police", "-o", "cases"),
        1,
        "'cases' is a folder: give a file name, such as cases/business-case.docx",
    )


def test_output_folder_that_does_not_exist() -> None:
    assert_error(
        run("build", "-t", "police", "-o", "nowhere/case.docx"),
        1,
        "the folder 'nowhere' does not exist: create it, or choose another --output",
    )


@pytest.mark.parametrize(
    ("name", "why", "meant"),
    [
        ("case.docx.", "ends in a full stop", "case.docx"),
        ("case.pdf.", "ends in a full stop", "case.pdf"),
        ("case.docx ", "ends in a space", "case.docx"),
        ("my case.md ", "ends in a space", '"my case.md"'),
        ("out/case.md.", "ends in a full stop", "out/case.md"),
        (".docx", "is only an ending: give the file a name before it, such as", None),
    ],
)
def test_an_output_name_copied_with_what_follows_it_or_without_a_name(
    name: str, why: str, meant: str | None, in_tmp: Path
) -> None:
    # Copied from a sentence, 'it writes case.docx.': the full stop was taken for the ending.
    Path("out").mkdir()
    shown = Path(name).name
    message = (
        f"--output: '{shown}' {why}: leave it off, --output {meant}"
        if meant
        else f"--output: '{shown}' {why} --output business-case.docx"
    )
    assert_error(run("build", "-t", "police", "-o", name), 2, message)
    assert [path.name for path in in_tmp.iterdir()] == ["out"]
    assert list(Path("out").iterdir()) == []


@pytest.mark.parametrize("typed", ["--org-type=", "--org-type= "])
def test_an_empty_org_type_lists_the_choices(typed: str) -> None:
    assert_error(
        run("build", typed, "-o", "-"),
        2,
        f"--org-type: it is empty. Choose one of: {TYPES} (bizcase org-types lists them).",
    )


def test_output_folder_that_is_a_file(in_tmp: Path) -> None:
    (in_tmp / "notes.md").write_text("mine", encoding="utf-8")
    assert_error(
        run("build", "-t", "police", "-o", "notes.md/case.md"),
        1,
        "'notes.md' is a file, not a folder: choose another --output",
    )


def test_a_library_from_the_environment_that_is_no_folder_names_the_variable() -> None:
    assert_error(
        run("list", env={"BIZCASE_LIBRARY": "nowhere"}),
        1,
        "BIZCASE_LIBRARY is set to 'nowhere', which is not a folder: set it to a library "
        "folder, or unset it to use the library that ships with bizcase.",
    )
    # --library wins over the variable, as the help says.
    assert run("list", "--library", str(ROOT), env={"BIZCASE_LIBRARY": "nowhere"}).exit_code == 0


def test_an_empty_library_option_is_not_blamed_on_the_variable() -> None:
    # Typed on the command line: the officer set no BIZCASE_LIBRARY to go looking for.
    assert_error(
        run("list", "--library", ""),
        2,
        "Invalid value for '--library': it is empty: give a file or folder name. Run "
        "'bizcase list --help' to see the options.",
    )


def test_a_library_option_refused_by_its_type_names_the_variable_it_came_from(
    in_tmp: Path,
) -> None:
    (in_tmp / "notes.md").write_text("notes\n", encoding="utf-8")
    assert_error(
        run("new", "--kind", "reason", env={"BIZCASE_LIBRARY": "notes.md"}),
        2,
        "Invalid value for '--library' (from BIZCASE_LIBRARY): Directory 'notes.md' is a "
        "file. Run 'bizcase new --help' to see the options.",
    )


def test_an_option_missing_its_value_points_at_its_own_command_s_help() -> None:
    result = run("build", "-t", "police", "--output")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Option '--output' needs a value after it. Run 'bizcase build --help' to see "
        "the options.\n"
    )


def test_a_case_is_never_written_into_the_library_it_is_built_from() -> None:
    # A Markdown case there would be read as an argument, and break every command after.
    shutil.copytree(FIXTURES / "library", "lib")
    entry = Path("lib", "reasons", "phones-are-not-banned.md")
    kept = entry.read_bytes()
    assert_error(
        run("build", "-t", "health", "--library", "lib", "-o", "lib/case.md"),
        1,
        "'lib/case.md' is in the argument library at 'lib', which must hold only its "
        "arguments: choose another --output",
    )
    assert_error(
        run("build", "-t", "health", "--library", "lib", "-o", str(entry), "--force"),
        1,
        f"'{entry}' is in the argument library at 'lib', which must hold only its arguments: "
        "choose another --output",
    )
    assert_error(
        run("build", "-t", "all", "--library", "lib", "--output-dir", "lib"),
        1,
        "'lib' is the argument library at 'lib', which must hold only its arguments: choose "
        "another --output-dir",
    )
    assert entry.read_bytes() == kept
    assert sorted(path.name for path in Path("lib").iterdir()) == sorted(
        path.name for path in (FIXTURES / "library").iterdir()
    )
    assert run("check", "--library", "lib").exit_code == 0


def test_a_case_is_never_written_into_the_library_that_ships_with_bizcase(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A library of entries alone reads the shipped vocabularies, and every command without
    # --library reads the shipped entries: a case written there broke both.
    shipped = Path("shipped")
    shutil.copytree(packaged_path("arguments"), shipped)
    real_packaged_path = library_module.packaged_path
    monkeypatch.setattr(
        library_module,
        "packaged_path",
        lambda name: shipped.resolve() if name == "arguments" else real_packaged_path(name),
    )
    Path("mine").mkdir()
    shutil.copy(FIXTURES / "library" / "reasons" / "phones-are-not-banned.md", "mine")
    vocabulary = shipped / "org-types.yaml"
    kept = vocabulary.read_bytes()
    where = f"the argument library that ships with bizcase, at '{shipped.resolve()}'"
    assert_error(
        run("build", "-t", "health", "--library", "mine", "-o", "shipped/reasons/case.md"),
        1,
        f"'shipped/reasons/case.md' is in {where}, which must hold only its arguments: "
        "choose another --output",
    )
    assert_error(
        run(
            "build",
            "-t",
            "health",
            "--library",
            "mine",
            "-f",
            "md",
            "-o",
            str(vocabulary),
            "--force",
        ),
        1,
        f"'{vocabulary}' is in {where}, which must hold only its arguments: choose another "
        "--output",
    )
    assert vocabulary.read_bytes() == kept
    assert sorted(path.name for path in shipped.rglob("*")) == sorted(
        path.name for path in packaged_path("arguments").rglob("*")
    )


def test_a_case_is_never_written_over_its_own_template() -> None:
    Path("mine").mkdir()
    template = Path("mine", "business-case.md.j2")
    shutil.copy(packaged_path("templates") / "business-case.md.j2", template)
    kept = template.read_bytes()
    args = ["build", "-t", "police", "--template-dir", "mine", "-f", "md", "-o", str(template)]
    assert_error(
        run(*args, "--force"),
        1,
        f"'{template}' is the template the case is made from: choose another --output",
    )
    assert template.read_bytes() == kept


def test_unknown_format() -> None:
    result = run("build", "-t", "police", "-f", "odt")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Invalid value for '--format' / '-f': 'odt' is not one of 'docx', 'md', 'pdf'. "
        "Run 'bizcase build --help' to see the options.\n"
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("word", "'docx' (a Word document)"),
        ("Word", "'docx' (a Word document)"),
        ("doc", "'docx' (a Word document)"),
        (".docx", "'docx' (a Word document)"),
        ("markdown", "'md' (Markdown)"),
    ],
)
def test_another_word_for_a_format_suggests_its_name(typed: str, meant: str) -> None:
    assert_error(
        run("build", "-t", "police", "-f", typed),
        2,
        f"Invalid value for '--format' / '-f': '{typed}' is not one of 'docx', 'md', 'pdf'. "
        f"Did you mean {meant}? Run 'bizcase build --help' to see the options.",
    )


def test_another_word_for_a_format_is_suggested_to_python_callers_too() -> None:
    from bizcase import api
    from bizcase.errors import OptionError

    with pytest.raises(OptionError) as caught:
        api.resolve_format("Word", Path("case.docx"))
    assert caught.value.message == (
        "--format: unknown format 'Word'. Did you mean 'docx' (a Word document)? Choose one "
        "of: docx, md, pdf"
    )


def test_format_that_contradicts_the_file_name() -> None:
    assert_error(
        run("build", "-t", "police", "-f", "md", "-o", "case.docx"),
        2,
        "--format: the output 'case.docx' ends in .docx but --format is md: name the file ending "
        ".md, or leave out --format",
    )


def test_template_syntax_error_names_file_and_line(in_tmp: Path) -> None:
    Path("mine").mkdir()
    Path("mine/business-case.md.j2").write_text(
        "# {{ Name }}\n\n{% if org_name %}\n", encoding="utf-8"
    )
    assert_error(
        run("build", "-t", "police", "--template-dir", "mine", "-o", "case.md"),
        1,
        "mine/business-case.md.j2:3: template syntax error: Unexpected end of "
        "template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The "
        "innermost block that needs to be closed is 'if'.",
    )
    assert not Path("case.md").exists()


def test_template_undefined_variable_names_file_and_line(in_tmp: Path) -> None:
    Path("mine").mkdir()
    Path("mine/business-case.md.j2").write_text(
        "# {{ Name }}\n\n{{ chief_exec }}\n", encoding="utf-8"
    )
    assert_error(
        run("build", "-t", "police", "--template-dir", "mine", "-o", "case.md"),
        1,
        "mine/business-case.md.j2:3: 'chief_exec' is undefined",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", "-t", "police", "--max-reasons", "0"],
            "Invalid value for '--max-reasons': give a whole number of 1 or more, not '0'. "
            "Run 'bizcase build --help' to see the options.",
        ),
        (
            ["build", "-t", "police", "--max-safeguards", "two"],
            "Invalid value for '--max-safeguards': give a whole number of 0 or more, not 'two'. "
            "Run 'bizcase build --help' to see the options.",
        ),
        (
            ["new", "--strength", "9"],
            "Invalid value for '--strength': give a whole number from 1 to 5, not '9'. "
            "Run 'bizcase new --help' to see the options.",
        ),
    ],
)
def test_a_number_out_of_range_is_refused_in_words(args: list[str], message: str) -> None:
    # Click's own 'not in the range x>=1' is notation an officer should not have to read.
    assert_error(run(*args), 2, message)


@pytest.mark.parametrize(
    ("command", "option", "described"),
    [("build", "--max-reasons", "1 or more"), ("new", "--strength", "1 to 5")],
)
def test_help_gives_a_numbers_range_in_words(command: str, option: str, described: str) -> None:
    shown = " ".join(run(command, "--help").output.split())
    help_text = shown.split(f"{option} ", 1)[1].split(" --", 1)[0]
    assert help_text.endswith(f"[{described}]"), help_text
    assert "INTEGER" not in help_text


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("21/11/2026", "is not written year-month-day: for 21 November 2026, give 2026-11-21"),
        ("01/02/2026", "is not written year-month-day: for 1 February 2026, give 2026-02-01"),
        ("11/21/2026", "is not written year-month-day: for 21 November 2026, give 2026-11-21"),
        (
            "21st November 2026",
            "is not written year-month-day: for 21 November 2026, give 2026-11-21",
        ),
        ("2026-13-01", "has no month 13: write the date year-month-day, such as 2026-11-21"),
        ("2026-02-30", "is not a date: February 2026 has 28 days"),
        ("next Tuesday", "is not a date written year-month-day, such as 2026-11-21"),
    ],
)
def test_bad_date(typed: str, why: str) -> None:
    # Said in words, not as strptime's '%Y-%m-%d': a date written the British way is the
    # likeliest mistake, and the officer sees the date it means, to type it as bizcase takes it.
    assert_error(
        run("build", "-t", "police", "--date", typed),
        2,
        f"Invalid value for '--date': '{typed}' {why}. Run 'bizcase build --help' to see the "
        "options.",
    )


def test_a_date_copied_with_a_space_is_taken() -> None:
    result = run("build", "-t", "police", "--date", " 2026-11-21 ", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "21\u00a0November\u00a02026" in result.stdout


def _build_police_with(monkeypatch: pytest.MonkeyPatch, build: Callable[..., Any]) -> object:
    """Run 'bizcase build -t police' as the console script does, with ``build`` as its core."""
    monkeypatch.setattr("bizcase.api.build", build)
    monkeypatch.setattr(sys, "argv", ["bizcase", "build", "-t", "police"])
    monkeypatch.delenv(cli_module.DEBUG_ENV, raising=False)
    with pytest.raises(SystemExit) as caught:
        cli_module.main()
    return caught.value.code


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("something nobody foresaw")

    assert _build_police_with(monkeypatch, broken) == 70
    assert capsys.readouterr().err == (
        "Error: bizcase failed unexpectedly (RuntimeError: something nobody foresaw). This is a "
        "bug: please report it at https://github.com/bizcase/bizcase/issues with the command you "
        "ran. Set BIZCASE_DEBUG=1 to see the details.\n"
    )


def test_a_stop_python_wraps_in_another_error_is_still_a_stop(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C while a class is made, as bizcase loads: Python 3.11 wraps the stop raised
    # in __set_name__ in a RuntimeError, which was reported as a bug.
    class Stopping:
        def __set_name__(self, owner: type, name: str) -> None:
            raise SystemExit(130)

    def loading(*args, **kwargs):
        type("Entry", (), {"lines": Stopping()})

    assert _build_police_with(monkeypatch, loading) == 130
    assert capsys.readouterr().err == ""


def _bizcase(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bizcase", *args], capture_output=True, text=True, **options
    )


def test_a_path_the_system_refuses_is_one_line_not_a_bug_report() -> None:
    result = _bizcase("build", "-t", "health", "--library", "a" * 300)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: '{'a' * 80}...{'a' * 40}': file name too long: check the path and try again.\n"
    )


WELSH = "Cyngor Ŵyr a Môn 🏴"  # ŵ and the flag are not in Windows' code page 1252


def _under_a_code_page(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """bizcase with its output redirected as Windows redirects it, in the local code page."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    return subprocess.run(
        [sys.executable, "-m", "bizcase", *args], capture_output=True, env=env, cwd=tmp_path
    )


def test_a_document_sent_to_a_narrow_code_page_is_the_utf8_file_whole(tmp_path: Path) -> None:
    options = ["build", "-t", "local-government", "--org-name", WELSH]
    shown = _under_a_code_page(tmp_path, *options, "--output", "-")
    written = _under_a_code_page(tmp_path, *options, "--output", "case.md")
    assert (shown.returncode, written.returncode) == (0, 0), shown.stderr
    assert shown.stdout == (tmp_path / "case.md").read_bytes()
    assert f"# Opening up social media to all staff at {WELSH}\n" in shown.stdout.decode("utf-8")


def test_lists_under_a_narrow_code_page_escape_what_it_cannot_show(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    entry = library / "reasons" / "phones-are-not-banned.md"
    text = entry.read_text(encoding="utf-8")
    title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    entry.write_text(text.replace(title, f"{title} at Ŵyr"), encoding="utf-8")

    as_json = _under_a_code_page(tmp_path, "list", "--json", "--library", str(library))
    assert as_json.returncode == 0, as_json.stderr
    titles = [row["title"] for row in json.loads(as_json.stdout.decode("utf-8"))]
    assert f"{title} at Ŵyr" in titles
    listed = _under_a_code_page(tmp_path, "show", entry.stem, "--library", str(library))
    assert listed.returncode == 0, listed.stderr
    # As Python itself shows such a character on standard error.
    assert f"{title} at \\u0174yr".encode("cp1252") in listed.stdout


@pytest.mark.skipif(
    not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full"
)
def test_output_to_a_full_device_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "bizcase", "org-types"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: could not write the output: no space left on device: check where it goes and "
        "try again.\n"
    )


def test_kill_stops_bizcase_quietly() -> None:
    # 'bizcase new' waits at its first question; a kill there must not print a traceback.
    with subprocess.Popen(
        [sys.executable, "-m", "bizcase", "new"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ) as process:
        assert process.stdout is not None
        process.stdout.read(1)  # the prompt has started: bizcase is running
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("name", "why"), [("case.txt", "ends in .txt"), ("case", "has no extension")]
)
def test_an_output_name_that_does_not_say_the_format(tmp_path: Path, name: str, why: str) -> None:
    result = run("build", "-t", "police", "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --output: '{name}' {why}, so the format is unclear: name the file ending "
        ".docx, .md or .pdf, or add --format\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (
            "case.doc",
            "ends in .doc, the format of Word 97 to 2003: bizcase writes today's Word format, "
            "which every Word since 2007 opens",
        ),
        (
            "case.odt",
            "ends in .odt, LibreOffice's own format: bizcase writes Word documents, which "
            "LibreOffice opens as well",
        ),
        (
            "case.RTF",
            "ends in .RTF, Rich Text Format: bizcase writes Word documents, which Word, "
            "LibreOffice and Pages all open",
        ),
    ],
)
@pytest.mark.parametrize("fmt", [[], ["--format", "docx"]])
def test_an_output_name_in_a_word_processor_format_bizcase_does_not_write(
    tmp_path: Path, name: str, why: str, fmt: list[str]
) -> None:
    # Even with --format docx: Word and LibreOffice open a .odt as OpenDocument, and fail.
    result = run("build", "-t", "police", "-o", str(tmp_path / name), *fmt)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --output: '{name}' {why}, so name the file ending .docx ('case.docx')\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_output_name_in_another_word_processor_format_with_another_format(
    tmp_path: Path,
) -> None:
    result = run("build", "-t", "police", "-o", str(tmp_path / "case.odt"), "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --format: the output 'case.odt' ends in .odt, LibreOffice's own format, but "
        "--format is md: name the file ending .md ('case.md')\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_template_folder_without_the_template(tmp_path: Path) -> None:
    result = run("build", "-t", "police", "--template-dir", str(tmp_path), "-o", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --template-dir: '{tmp_path}' holds no business-case.md.j2: copy "
        "templates/business-case.md.j2 from bizcase into it and edit the copy\n"
    )


def test_a_line_break_typed_in_a_value_stays_on_its_error_s_line() -> None:
    # Found by tests/test_cli_fuzz.py: printed as typed, the rest of the message started a
    # line of its own, which read as a second problem.
    assert_error(
        run("schema", "--library", "Anytown\nBorough"),
        1,
        "the library folder 'Anytown\\nBorough' does not exist: pass --library with a folder of "
        "argument files, or leave it out to use the library that ships with bizcase.",
    )


def test_each_option_bizcase_new_refuses_is_a_line_with_its_value_escaped() -> None:
    shutil.copytree(FIXTURES / "library", "lib")
    assert_error(
        run("new", "--library", "lib", "--title", "", "--id", "my\tid"),
        1,
        "--id: 'my\\tid' is not valid: use lowercase words joined by hyphens, such as 'my-id'\n"
        "--title: is empty: fill it in",
    )


def test_a_file_name_too_long_to_check_is_one_line() -> None:
    # The system's refusal, on a path no check foresaw, reached CliRunner as an OSError:
    # only the console script's own net turned it into a line.
    assert_error(
        run("check", "x" * 300 + ".md"),
        1,
        f"'{'x' * 80}...{'x' * 37}.md': file name too long: check the path and try again.",
    )


def _with_closed(stream: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """bizcase run with its standard input (0) or output (1) closed, as '<&-' or '>&-' does."""
    return subprocess.run(
        [sys.executable, "-m", "bizcase", *args],
        stdout=None if stream == 1 else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        check=False,
        # In the child, before Python starts: it then has no such stream at all.
        preexec_fn=lambda: os.close(stream),
    )


def test_bizcase_new_with_its_input_closed_asks_nothing_and_writes_nothing(
    in_tmp: Path,
) -> None:
    # It failed at the first question with 'RuntimeError: input(): lost sys.stdin'.
    (in_tmp / "lib").mkdir()
    result = _with_closed(0, "new", "--library", "lib", cwd=in_tmp)
    assert result.returncode == 2
    assert result.stderr == (
        "Error: the answers ended before the kind, so nothing was written: give the rest as "
        "options ('bizcase new --help' lists them), or run bizcase new in a terminal to be "
        "asked\n"
    )
    assert list((in_tmp / "lib").iterdir()) == []


@pytest.mark.parametrize("args", [["build", "-t", "police", "-o", "-"], ["list", "--json"]])
def test_printing_to_a_closed_output_fails_rather_than_losing_it(
    in_tmp: Path, args: list[str]
) -> None:
    # Click prints nothing, without a word, where Python has no standard output:
    # the case was lost while bizcase exited 0.
    result = _with_closed(1, *args, cwd=in_tmp)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: could not write the output: standard output is closed: check where it goes "
        "and try again."
    )


def test_a_case_written_to_a_file_needs_no_standard_output(in_tmp: Path) -> None:
    result = _with_closed(1, "build", "-t", "police", "-o", "case.md", cwd=in_tmp)
    assert result.returncode == 0, result.stderr
    assert (in_tmp / "case.md").read_text(encoding="utf-8").startswith("# ")


def test_a_name_typed_where_python_reads_the_terminal_as_ascii_reaches_the_page() -> None:
    # Under LC_ALL=C, Python hands over each byte of 'Ŵ' and 'ô' as a stand-in, which the
    # page silently dropped: 'Cyngor yr a Mn'.
    typed = "Cyngor Ŵyr a Môn 🏴".encode().decode("ascii", "surrogateescape")
    result = run("build", "-t", "police", "-n", typed, "-a", typed, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "# Opening up social media to all staff at Cyngor Ŵyr a Môn 🏴\n\n"
        "A business case for senior management, prepared by Cyngor Ŵyr a Môn 🏴\xa0·\xa0"
    )


@pytest.mark.parametrize(
    ("command", "option"),
    [("build", "--org-name' / '-n"), ("build", "--author' / '-a"), ("new", "--title")],
)
def test_a_name_typed_in_another_encoding_than_utf8_is_refused(command: str, option: str) -> None:
    # 'Môn' typed at a Latin-1 terminal: the ô is a byte that is not UTF-8.
    typed = "Môn".encode("latin-1").decode("utf-8", "surrogateescape")
    name = option.split("'", 1)[0]
    args = ["-t", "police"] if command == "build" else ["--library", "lib"]
    shutil.copytree(FIXTURES / "library", "lib")
    assert_error(
        run(command, *args, name, typed),
        2,
        f"Invalid value for '{option}': 'M\ufffdn' holds characters the terminal did not send "
        f"as UTF-8 (shown as \ufffd): set the terminal to UTF-8 and type it again. Run "
        f"'bizcase {command} --help' to see the options.",
    )
    assert sorted(path.name for path in Path("lib", "reasons").iterdir()) == [
        "council-savings.md",
        "help-people-online.md",
        "phones-are-not-banned.md",
        "reading-is-low-risk.md",
    ]


@pytest.mark.parametrize(
    ("args", "name"),
    [(["build", "-t", "police", "-o"], "case.md"), (["schema", "-o"], "schema.json")],
)
def test_an_output_name_ending_in_a_slash_is_not_written_as_a_file(
    in_tmp: Path, args: list[str], name: str
) -> None:
    # The slash says a folder: 'cp' refuses it so, where bizcase wrote the file 'case.md'.
    assert_error(
        run(*args, f"{name}/"),
        1,
        f"--output '{name}/' ends in a slash, which names a folder, but '{name}' is no folder: "
        "drop the slash to write the file, or choose another --output",
    )
    assert list(in_tmp.iterdir()) == []


def test_an_output_folder_named_with_a_slash_still_gets_a_file_name_suggested(
    in_tmp: Path,
) -> None:
    (in_tmp / "cases").mkdir()
    assert_error(
        run("build", "-t", "police", "-o", "cases/"),
        1,
        "'cases' is a folder: give a file name, such as cases/business-case.docx",
    )


def test_an_empty_file_name_to_check_is_refused_in_one_line() -> None:
    # Found by tests/test_cli_fuzz.py: looking for a word processor's dash at the start of
    # the empty word failed with 'IndexError: string index out of range', reported as a bug.
    assert_error(
        run("check", ""),
        2,
        "Invalid value for '[PATH]...': it is empty: give a file or folder name. Run "
        "'bizcase check --help' to see the options.",
    )
