"""bizcase build at a terminal without --org-type: the officer is asked for each detail."""

from __future__ import annotations

import os
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from bizcase import guide
from bizcase.cli import cli
from bizcase.library import Library

from .conftest import DATE


@pytest.fixture(autouse=True)
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone is typing the answers, as at a terminal."""
    monkeypatch.setattr("bizcase.cli._at_terminal", lambda: True)


def build(*args: str, answers: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--date", DATE.isoformat(), *args], input=answers)


def next_time(result: Result) -> str:
    """The command the build says would do the same without the questions."""
    lines = result.stderr.splitlines()
    assert lines[-2] == "Next time, one command does the same without the questions:"
    return lines[-1].strip()


def test_build_asks_for_each_detail_and_says_the_command_that_does_the_same(
    tmp_path: Path,
) -> None:
    output = tmp_path / "case.md"
    result = build("-o", str(output), answers="2\nAnytown NHS Trust\nSam Jones\nprivacy, cyber\n")
    assert result.exit_code == 0, result.output
    asked = [line for line in result.stderr.splitlines() if ": " in line and "?" in line]
    assert asked == [
        "Which kind of organisation is the case for? Type its number or name: 2",
        "Which has senior management raised? Separate them with commas (Enter for none): "
        "privacy, cyber",
    ]
    assert " 2  Health (NHS) \u2013 NHS trusts, integrated care boards, GP practices and other" in (
        result.stderr.splitlines()
    )
    assert "Its name (Enter to leave it out): Anytown NHS Trust" in result.stderr
    assert "Your name, for the byline (Enter to leave it out): Sam Jones" in result.stderr
    command = next_time(result)
    assert command == (
        'bizcase build --org-type health --org-name "Anytown NHS Trust" --author "Sam Jones" '
        f"--concern confidentiality,security --output {output} --date {DATE.isoformat()}"
    )
    # The command given does build the same document, without a question.
    again = CliRunner().invoke(cli, [*shlex.split(command)[1:], "--force"])
    assert again.exit_code == 0, again.output
    assert "?" not in again.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Opening up social media to all staff at Anytown NHS Trust\n")
    assert "prepared by Sam Jones" in text
    assert "the concerns raised about confidentiality and IT security" in text


def test_a_wrong_answer_is_asked_again_with_why() -> None:
    result = build(
        "-o",
        "-",
        answers='councl\n12\nall\ncouncil\n"Anytown Borough Council"\n\n\nprivasy\n\n',
    )
    assert result.exit_code == 0, result.output
    for why in (
        "'councl' is not one of the organisation types listed (did you mean "
        "'local-government'?). Try again: ",
        "There is no number 12: type a number from 1 to 9. Try again: ",
        "Here a case is for one organisation: for one of each type, run bizcase build "
        "--org-type all --output-dir DIR. Type a number or a name. Try again: ",
        '"Anytown Borough Council" is in quote marks, which would be printed on the page: '
        "leave them out (the straight double quotes around a value of several words, "
        '--org-name "Anytown Borough Council", are only for the command line). Try again: ',
        "'privasy' is not one of the concerns listed (did you mean 'confidentiality'?). "
        "Try again: ",
    ):
        assert why in result.stderr
    # Enter left the name out and chose no concern.
    assert next_time(result) == (
        f"bizcase build --org-type local-government --output - --date {DATE.isoformat()}"
    )
    assert result.stdout.startswith("# Opening up social media to all staff at the council\n")


def test_none_is_no_concern() -> None:
    result = build("-o", "-", answers="police\n\n\nNone\n")
    assert result.exit_code == 0, result.output
    assert (
        next_time(result) == f"bizcase build --org-type police --output - --date {DATE.isoformat()}"
    )


def test_a_number_is_read_from_the_digits_people_type(library: Library) -> None:
    check = guide.question(library, "org_type").check
    assert check("\u0663") == ("police", None)  # an Arabic-Indic three
    # A superscript two looks like a digit, but is no number of the list.
    assert check("\u00b2") == (None, "'\u00b2' is not one of the organisation types listed.")


def test_what_the_options_give_is_not_asked() -> None:
    result = build("-n", "Anyshire Police", "-c", "reputation", "-o", "-", answers="police\n\n")
    assert result.exit_code == 0, result.output
    assert "Its name" not in result.stderr
    assert "Which has senior management raised?" not in result.stderr
    assert "Your name, for the byline (Enter to leave it out): " in result.stderr
    assert next_time(result) == (
        'bizcase build --org-type police --org-name "Anyshire Police" --concern reputation '
        f"--output - --date {DATE.isoformat()}"
    )


def test_the_command_keeps_every_option_typed_with_it(tmp_path: Path) -> None:
    output = tmp_path / "my cases" / "case.md"
    output.parent.mkdir()
    result = build(
        "-x", "staff-have-smartphones", "-x", "bans-as-risky-as-no-rules", "--max-reasons", "4",
        "-f", "md", "--verbose", "-o", str(output), answers="fire\n\n\n\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    command = next_time(result)
    assert command == (
        "bizcase build --org-type fire-and-rescue --format md --output "
        f'"{output}" --exclude staff-have-smartphones --exclude bans-as-risky-as-no-rules '
        f"--max-reasons 4 --verbose --date {DATE.isoformat()}"
    )
    before = output.read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, [*shlex.split(command)[1:], "--force"])
    assert again.exit_code == 0, again.output
    assert output.read_text(encoding="utf-8") == before


def test_the_questions_keep_standard_output_for_the_document() -> None:
    result = build("-o", "-", answers="housing\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Opening up social media to all staff at the association\n")
    assert "Which kind of organisation" not in result.stdout


def test_a_build_that_fails_after_the_questions_keeps_the_answers(tmp_path: Path) -> None:
    output = tmp_path / "case.md"
    output.write_text("last week's case, edited by hand\n", encoding="utf-8")
    result = build("-o", str(output), answers="police\nAnyshire Police\n\n\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-3:] == [
        f"Error: '{output}' already exists and may hold your edits: choose another --output, "
        "or add --force to replace it",
        "Your answers as one command, to put right and run again:",
        '  bizcase build --org-type police --org-name "Anyshire Police" '
        f"--output {output} --date {DATE.isoformat()}",
    ]
    assert output.read_text(encoding="utf-8") == "last week's case, edited by hand\n"


def test_answers_that_end_early_write_nothing(tmp_path: Path) -> None:
    output = tmp_path / "case.docx"
    result = build("-o", str(output), answers="police\nAnyshire Police\n")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: the answers ended before the author, so nothing was written: give the rest as "
        "options ('bizcase build --help' lists them), or run bizcase build in a terminal to be "
        "asked\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_without_a_terminal_nobody_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # A script, or a pipe, cannot answer: the missing option is an error at once.
    monkeypatch.setattr("bizcase.cli._at_terminal", lambda: False)
    result = build("-o", "-", answers="police\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Missing option '--org-type': say what kind of organisation the case is for, "
        "such as --org-type council or --org-type health. 'bizcase org-types' lists them all.\n"
    )


def test_a_real_terminal_is_asked(tmp_path: Path) -> None:
    # The other tests pretend; here bizcase itself must see that a person is typing.
    pty = pytest.importorskip("pty", reason="pseudo-terminals are a Unix feature")
    typist, terminal = pty.openpty()
    output = tmp_path / "case.md"
    with subprocess.Popen(
        [sys.executable, "-m", "bizcase", "build", "-o", str(output)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
    ) as process:
        os.close(terminal)
        seen = b""
        for answer in (b"housing", b"Anytown Homes", b"", b"complaints"):
            deadline = time.monotonic() + 60
            while not seen.endswith(b": ") and time.monotonic() < deadline:
                if select.select([typist], [], [], 0.5)[0]:
                    seen += os.read(typist, 4096)
            assert seen.endswith(b": "), seen.decode(errors="replace")
            seen = b""
            os.write(typist, answer + b"\n")
        assert process.wait(timeout=60) == 0
    os.close(typist)
    assert output.read_text(encoding="utf-8").startswith(
        "# Opening up social media to all staff at Anytown Homes\n"
    )


@pytest.mark.parametrize("name", guide.FIELDS)
def test_any_answer_is_taken_or_refused_with_a_reason(library: Library, name: str) -> None:
    question = guide.question(library, name)

    @given(st.text(max_size=300))
    def answered(text: str) -> None:
        value, why = question.check(text)
        # Refused with one line to read, or taken (a blank name is left out): never an
        # exception, and never both.
        if why is None:
            assert value is not None or name in ("org_name", "author")
        else:
            assert value is None
            assert why.strip()
            assert "\n" not in why

    answered()
