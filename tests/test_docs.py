"""What the README and CONTRIBUTING.md show an officer or a contributor does what they say it does."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bizcase import api
from bizcase.cli import cli
from bizcase.library import Entry, load_library

from .conftest import FIXTURES, TESTS, contributing_example, require_renderer

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


def test_the_readme_examples_run_one_after_another_in_one_folder() -> None:
    # An officer types them in turn, in one folder: a second example writing a file the
    # first wrote stopped at "already exists" on the officer's first day.
    written = [
        argv[argv.index(option) + 1]
        for block in COMMAND_BLOCKS
        for line in block
        if (argv := shlex.split(line, comments=True))[1] == "build"
        for option in ("--output", "-o")
        if option in argv
    ]
    assert len(written) >= 3
    assert len(set(written)) == len(written), written


PYTHON_BLOCKS = _blocks("python")


def test_the_readme_shows_a_script_every_command() -> None:
    # What each command does, as the calls the section on using bizcase as a library shows.
    code = "".join(PYTHON_BLOCKS)
    for call in (
        "build_case",
        "render_markdown",
        "export",
        "build",
        "build_all",
        "load_library",
        "select",
        "worded",
        "entry",
        "check",
        "new_entry",
        "credits",
        "json_schema",
        "verify",
    ):
        assert f".{call}(" in code, call
    for vocabulary in ("org_types", "concerns"):
        assert f"library.{vocabulary}.values()" in code


def test_the_readme_python_examples_run_in_turn_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if any(marker in block for block in PYTHON_BLOCKS for marker in RENDERING):
        require_renderer()
    # In one folder, one after the other, as a reader would try them: each in a fresh
    # namespace, for each must stand on its own.
    monkeypatch.chdir(tmp_path)
    ran = []
    for number, block in enumerate(PYTHON_BLOCKS, start=1):
        namespace: dict[str, object] = {}
        exec(compile(block, f"README.md, Python example {number}", "exec"), namespace)
        ran.append(namespace)
    printed = capsys.readouterr().out

    def defined(name: str) -> object:
        (value,) = [namespace[name] for namespace in ran if name in namespace]
        return value

    assert "Anytown NHS Trust" in str(defined("markdown"))
    assert bytes(defined("word"))[:2] == b"PK"  # a zip, as every .docx is
    assert (tmp_path / "case.docx").is_file()
    org_types = list(load_library().org_types)
    cases = [f"{org_type}-social-media-case.md" for org_type in org_types]
    assert sorted(path.name for path in (tmp_path / "cases").iterdir()) == sorted(cases)
    entry = defined("entry")
    assert isinstance(entry, Entry)
    assert entry.title == "Help patients on the channels they already use"
    new = Path("my-arguments/reasons/staff-hear-of-local-events-before-the-press-office.md")
    assert defined("path") == new
    assert api.check([new], "my-arguments").passed(strict=True)
    committed = TESTS.parent / "arguments" / "schema.json"
    assert (tmp_path / "schema.json").read_text("utf-8") == committed.read_text("utf-8")
    # What the examples' comments say they print (the numbers may differ).
    for shown in (
        r"case\.docx: \d+ reasons",
        r"\[True, True\]",
        r"1 page \(A4\), \d+% full",
        r"--org-type",
        r"--org-type: unknown organisation type 'councl'\. Did you mean ",
    ):
        assert re.search(f"^{shown}", printed, flags=re.MULTILINE), f"{shown}\n{printed}"


def test_the_readme_python_examples_pass_mypy_strict(tmp_path: Path) -> None:
    for number, block in enumerate(PYTHON_BLOCKS, start=1):
        (tmp_path / f"example_{number}.py").write_text(block, encoding="utf-8")
    # In a process of its own: mypy raises the recursion limit of the process it runs in.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy"), "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        # This checkout's bizcase, whatever else is installed.
        env={**os.environ, "MYPYPATH": str(TESTS.parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


GUIDE = (TESTS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _guide_blocks(language: str) -> list[str]:
    """The guide's example blocks in ``language``, without the indent of the list they sit in."""
    found = re.findall(rf"^( *)```{language}\n(.*?)^\1```", GUIDE, flags=re.MULTILINE | re.DOTALL)
    return [textwrap.dedent(block) for _, block in found]


def _guide_commands() -> list[str]:
    """Every bizcase command the guide shows, in its blocks and in its text, as written."""
    in_blocks = [
        line.strip()
        for block in _guide_blocks("sh")
        for line in block.splitlines()
        if line.startswith(".venv/bin/bizcase ")
    ]
    # A command the text wraps onto a second line is the same command.
    in_text = [
        " ".join(found.split()) for found in re.findall(r"`((?:\.venv/bin/)?bizcase [^`]*)`", GUIDE)
    ]
    commands = dict.fromkeys(in_blocks + in_text)
    # 'bizcase new' alone asks its questions: tests/test_new.py answers them.
    return [line for line in commands if shlex.split(line, comments=True)[1:] != ["new"]]


GUIDE_COMMANDS = _guide_commands()


def test_the_guide_shows_the_commands_a_contributor_needs() -> None:
    shown = {shlex.split(line, comments=True)[1] for line in GUIDE_COMMANDS}
    assert {"check", "show", "build", "list", "org-types", "concerns", "schema"} <= shown
    # And 'bizcase new', which asks its questions, as tests/test_new.py answers them.
    assert ".venv/bin/bizcase new " in GUIDE


@pytest.mark.parametrize("line", GUIDE_COMMANDS)
def test_each_command_in_the_guide_runs_as_shown(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a checkout whose library holds the guide's example, filled in: YOUR-ID is its id.
    argv = shlex.split(line, comments=True)[1:]
    library = tmp_path / "arguments"
    shutil.copytree(FIXTURES / "library", library)
    entry_id, text = contributing_example(filled_in=True)
    (library / "reasons" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = [arg.replace("YOUR-ID", entry_id) for arg in argv]
    result = CliRunner().invoke(cli, argv, env={"BIZCASE_LIBRARY": str(library)})
    assert result.exit_code == 0, f"{line}\n{result.output}"


def test_the_guides_windows_commands_are_its_other_commands() -> None:
    # Nothing here runs Windows: the two lists are kept the same instead, line by line.
    (unix,) = [block for block in _guide_blocks("sh") if "git clone" in block]
    (windows,) = _guide_blocks("bat")
    as_on_windows = [
        line.split("  #")[0]
        .rstrip()
        .replace("python3 -m", "py -m")
        .replace(".venv/bin/", ".venv\\Scripts\\")
        .replace("arguments/reasons/", "arguments\\reasons\\")
        for line in unix.splitlines()
    ]
    assert windows.splitlines() == as_on_windows


def test_the_guide_names_the_pull_request_check_as_the_workflow_runs_it() -> None:
    workflow = yaml.safe_load((TESTS.parent / ".github/workflows/ci.yml").read_text("utf-8"))
    first = next(iter(workflow["jobs"].values()))
    runs = [step.get("run", "") for step in first["steps"]]
    # The first check the guide tells a newcomer to wait for, by the name GitHub shows.
    assert f"*{first['name']}*" in GUIDE
    assert "bizcase check --strict --format github" in runs
    assert "`bizcase check --strict --format github`" in GUIDE
    template = (TESTS.parent / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "`bizcase check --strict`" in template


def test_the_workflow_tests_every_python_version_bizcase_claims() -> None:
    import tomllib

    workflow = yaml.safe_load((TESTS.parent / ".github/workflows/ci.yml").read_text("utf-8"))
    tests = workflow["jobs"]["tests"]
    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text("utf-8"))["project"]
    prefix = "Programming Language :: Python :: 3."
    claimed = [c.rsplit(" ", 1)[1] for c in project["classifiers"] if c.startswith(prefix)]
    assert tests["strategy"]["matrix"]["python"] == claimed
    assert tests["container"] == "python:${{ matrix.python }}-bookworm"
    assert project["requires-python"] == f">={claimed[0]}"


def test_the_guides_pre_commit_example_names_the_hook_bizcase_offers() -> None:
    (example,) = _guide_blocks("yaml")
    (repo,) = yaml.safe_load(example)["repos"]
    hooks = yaml.safe_load((TESTS.parent / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in hooks]
    assert repo["repo"] == "https://github.com/bizcase/bizcase"


def _jsonc(path: Path) -> dict:
    """A VS Code settings file: JSON with whole-line // comments."""
    import json

    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads("\n".join(line for line in lines if not line.lstrip().startswith("//")))


def test_the_editor_task_underlines_every_problem_the_check_reports(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (task,) = _jsonc(TESTS.parent / ".vscode/tasks.json")["tasks"]
    assert task["command"] == "${workspaceFolder}/.venv/bin/bizcase"
    assert task["group"] == {"kind": "build", "isDefault": True}
    matchers = {m["severity"]: re.compile(m["pattern"]["regexp"]) for m in task["problemMatcher"]}
    # A copy of the repository's library, with one entry of errors and one that warns.
    shutil.copytree(TESTS.parent / "arguments", tmp_path / "arguments")
    for name in ("entry-bad-id.md", "entry-near-duplicate.md"):
        shutil.copy(FIXTURES / "entries" / name, tmp_path / "arguments" / "reasons" / name)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, task["args"])
    assert result.exit_code == 1
    found = {"error": set(), "warning": set()}
    for line in result.stdout.splitlines():
        (severity,) = [name for name, regexp in matchers.items() if regexp.match(line)]
        file, number, code, message = matchers[severity].match(line).groups()
        assert (tmp_path / file).is_file()
        assert int(number) >= 1
        assert message
        found[severity].add(code[0])
    assert found == {"error": {"E"}, "warning": {"W"}}


def test_editors_check_entries_against_the_committed_schema() -> None:
    import fnmatch

    remark = yaml.safe_load((TESTS.parent / ".remarkrc.yaml").read_text(encoding="utf-8"))
    (frontmatter, (name, options)) = remark["plugins"]
    assert (frontmatter, name) == ("remark-frontmatter", "remark-lint-frontmatter-schema")
    ((schema_path, globs),) = options["schemas"].items()
    assert (TESTS.parent / schema_path).is_file()
    assert schema_path == "arguments/schema.json"
    entries = [
        p.relative_to(TESTS.parent).as_posix() for p in (TESTS.parent / "arguments").rglob("*.md")
    ]
    assert entries
    assert all(any(fnmatch.fnmatch(entry, glob) for glob in globs) for entry in entries)
    recommended = _jsonc(TESTS.parent / ".vscode/extensions.json")["recommendations"]
    assert recommended == ["unifiedjs.vscode-remark"]
