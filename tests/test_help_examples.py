"""Every example in the commands' help runs as shown: help an officer copies must work."""

from __future__ import annotations

import itertools
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import api
from bizcase.cli import cli
from bizcase.library import load_library, packaged_path

from .conftest import DATE, require_renderer

#: An example line in help: indented, starting with the command, perhaps ending in a
#: remark set off by two or more spaces, "(print Markdown here)".
EXAMPLE = re.compile(r"^\s+(bizcase\s.*?)(?:\s{2,}\S.*)?$")
HEADING = re.compile(r"^\s*(Examples?|Start here):$")

#: Answers to bizcase new's questions, in the order it asks them, for its bare example.
NEW_ANSWERS = [
    "reason",
    "Staff hear of local events before the press office does",
    "Staff in local groups online hear early of fetes, road closures and protests.",
    "local-government",
    "reputation",
    "3",
    "contributors",
    "Sam Okafor",
    "Staff saw a protest planned in a residents' group and warned us a week ahead.",
    ".",  # the end of the body
    "",  # the id proposed
]


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def examples(text: str) -> list[str]:
    """The example commands under a help text's 'Example(s):' or 'Start here:' heading."""
    found: list[str] = []
    inside = False
    pending = ""
    for line in text.splitlines():
        if HEADING.match(line):
            inside = True
            continue
        if inside and not line.strip():
            inside = bool(pending)  # a blank line ends the examples, unless one runs on
            continue
        if not inside:
            continue
        if pending:
            line = pending + " " + line.strip()
            pending = ""
        elif not (match := EXAMPLE.match(line)):
            continue
        else:
            line = match.group(1)
        if line.endswith("\\"):
            pending = line[:-1].rstrip()
            continue
        found.append(EXAMPLE.sub(r"\1", "  " + line).strip())
    return found


def _all_examples() -> list[str]:
    found = examples(_help(()))
    for name in sorted(cli.commands):
        found += examples(_help((name,)))
    return found


ALL = _all_examples()


def test_every_command_shows_an_example_that_this_test_runs() -> None:
    shown = {shlex.split(example)[1] for example in ALL}
    assert shown == set(cli.commands)
    # The parser must see the remark and the line that runs on, or it would run them.
    assert "bizcase build -t charity -o -" in ALL
    assert "bizcase org-types" in ALL
    assert "bizcase build" in ALL
    assert any(example.startswith("bizcase new --kind reason") for example in ALL)


@pytest.mark.parametrize("example", ALL)
def test_a_help_example_runs_as_shown(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = shlex.split(example)[1:]
    if "--verify" in args or args[0] == "verify" or any(a.endswith(".pdf") for a in args):
        require_renderer()
    # The officer's folder: a copy of the library to add to, as a contributor's clone has.
    monkeypatch.chdir(tmp_path)
    shutil.copytree(packaged_path("arguments"), tmp_path / "arguments")
    monkeypatch.setenv("BIZCASE_LIBRARY", str(tmp_path / "arguments"))
    if "my-new-reason.md" in example:
        made = CliRunner().invoke(
            cli,
            [
                *("new", "--id", "my-new-reason", "--kind", "reason", "--org-type", "housing"),
                *("--concern", "customer-service", "--strength", "3", "--source", "contributors"),
                *("--credit", "Sam Okafor", "--title", "Tenants report repairs where they are"),
                *("--summary", "Tenants post about damp and repairs online before they phone."),
                *("--body", "Officers who can see those posts put repairs in hand sooner."),
            ],
        )
        assert made.exit_code == 0, made.output
    if args[0] == "verify":
        for name in args[1:]:
            format = api.Format.PDF if name.endswith(".pdf") else api.Format.DOCX
            Path(name).write_bytes(api.export(api.build_case("housing", date=DATE), format))
    answers = "\n".join(NEW_ANSWERS) + "\n" if args == ["new"] else None
    if args == ["build"]:
        # Asked at a terminal: the kind of organisation, its name, the author, the concerns.
        monkeypatch.setattr("bizcase.cli._at_terminal", lambda: True)
        answers = "1\nAnytown Borough Council\n\nproductivity\n"

    result = CliRunner().invoke(cli, args, input=answers)

    assert result.exit_code == 0, f"{example}\n{result.output}"
    assert "Error" not in result.output
    if args[0] == "new":
        assert result.stderr.startswith(f"Created {tmp_path / 'arguments' / 'reasons'}")
    for option, value in itertools.pairwise(args):
        if option in ("-o", "--output") and value != "-":
            assert Path(value).stat().st_size > 0
        if option == "--output-dir":
            assert len(list(Path(value).iterdir())) == len(load_library().org_types)
