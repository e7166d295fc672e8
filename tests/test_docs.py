"""What the README shows an officer or a programmer does what the README says it does."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase.cli import cli

from .conftest import TESTS, require_renderer

README = (TESTS.parent / "README.md").read_text(encoding="utf-8")
#: Commands that need LibreOffice to run.
RENDERING = ("verify", ".pdf")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def _command_blocks() -> list[list[str]]:
    """Each example block's bizcase command lines, continuations joined, comments kept."""
    blocks = []
    for block in _blocks("sh"):
        lines = [line for line in block.replace("\\\n", " ").splitlines() if line]
        commands = [line for line in lines if line.startswith("bizcase ")]
        # Installing and testing are run by CI itself; `new` asks questions (tests/test_new.py).
        commands = [line for line in commands if not line.startswith("bizcase new")]
        if commands:
            blocks.append(commands)
    return blocks


COMMAND_BLOCKS = _command_blocks()


def test_the_readme_shows_the_commands_an_officer_needs() -> None:
    shown = {shlex.split(line, comments=True)[1] for block in COMMAND_BLOCKS for line in block}
    assert {"build", "verify", "list", "show", "org-types", "concerns", "check", "credits"} <= shown


def test_the_readme_says_where_to_install_and_how_plain_bizcase_then_works() -> None:
    # The install command runs in a copy of the repository and calls .venv/bin/bizcase; the
    # officer's examples type plain 'bizcase', which a terminal finds only once that
    # environment is activated. Windows names its folder .venv\Scripts.
    install = _blocks("sh")[0]
    assert "pip install . && .venv/bin/bizcase build" in install
    before = README[: README.index("```sh\nbizcase ")]
    assert "Download ZIP" in before
    assert "`source .venv/bin/activate`" in before
    assert "`.venv\\Scripts\\activate`" in before


@pytest.mark.parametrize(
    "commands", COMMAND_BLOCKS, ids=[block[0].split("#")[0].strip() for block in COMMAND_BLOCKS]
)
def test_each_readme_example_runs_as_shown(
    commands: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if any(marker in line for line in commands for marker in RENDERING):
        require_renderer()
    monkeypatch.chdir(tmp_path)
    for line in commands:
        argv = shlex.split(line, comments=True)[1:]
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        # Where the README shows what a command prints, it prints that (the fill may differ).
        if "#" in line and '"' in line.split("#", 1)[1]:
            shown = line.split("#", 1)[1].strip().strip('"')
            pattern = re.sub(r"\d+%", r"\\d+%", re.escape(shown))
            assert re.search(pattern, result.output), f"{line}\n{result.output}"


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = _blocks("python")
    require_renderer()
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "case.docx").is_file()
    (report,) = namespace["reports"]
    assert report.pages == 1
    assert "Anytown NHS Trust" in namespace["markdown"]
    assert namespace["word"][:2] == b"PK"  # a zip, as every .docx is
