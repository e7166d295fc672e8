"""A malformed entry stops the build with messages that point at the exact line."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bizcase.cli import cli
from bizcase.errors import LibraryError, OptionError
from bizcase.library import load_library, read_library

from .conftest import FIXTURES, assert_no_crash

ENTRIES = FIXTURES / "entries"

CASES = {
    "entry-missing-title": (
        "entry-missing-title.md:9: E110 missing required field 'title' "
        "(for example: title: Staff are our best advocates)"
    ),
    "entry-unknown-org-type": (
        "entry-unknown-org-type.md:6: E113 'org_types' has unknown value 'parishes'; allowed: local-government, health, police, fire-and-rescue, "
        "housing, education, central-government, charity, private-sector, all"
    ),
    "entry-yaml-syntax-error": (
        "entry-yaml-syntax-error.md:4: E101 YAML syntax error: a value contains ': '; put the "
        "whole text in double quotes"
    ),
    "entry-id-mismatch": (
        "entry-id-mismatch.md:2: E120 id 'copied-from-another-entry' does not match the file "
        "name 'entry-id-mismatch.md': set id to 'entry-id-mismatch' or rename the file to "
        "'copied-from-another-entry.md'"
    ),
    "entry-python-object-tag": (
        "entry-python-object-tag.md:4: E101 YAML syntax error: the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain text, "
        "numbers and lists"
    ),
}


@pytest.fixture
def library_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A library holding one good entry and the named fixture; messages relative to it."""

    def make(*names: str) -> Path:
        good = FIXTURES / "library" / "reasons" / "phones-are-not-banned.md"
        shutil.copy(good, tmp_path / good.name)
        for name in names:
            shutil.copy(ENTRIES / f"{name}.md", tmp_path / f"{name}.md")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_malformed_entry_is_reported_exactly(library_with, name: str) -> None:
    root = library_with(name)
    with pytest.raises(LibraryError) as caught:
        load_library(root)
    assert (
        caught.value.message
        == f"{CASES[name]}\n1 error in the library at {root}: fix it and try again."
    )


def test_all_problems_are_reported_at_once_by_the_cli(library_with) -> None:
    root = library_with(*CASES)
    result = CliRunner().invoke(
        cli, ["build", "-t", "health", "--library", str(root), "-o", "x.md"]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ")
    assert sorted([lines[0].removeprefix("Error: "), *lines[1:-1]]) == sorted(CASES.values())
    assert lines[-1] == f"{len(CASES)} errors in the library at {root}: fix them and try again."
    assert not (root / "x.md").exists()
    assert_no_crash(result)


def test_a_folder_of_many_broken_files_shows_the_first_few_and_how_to_see_them_all(
    tmp_path: Path,
) -> None:
    # The wrong folder given as the library can hold thousands of problems: a build
    # shows a screenful, and the check lists them all.
    root = tmp_path / "notes"
    (root / "reasons").mkdir(parents=True)
    for number in range(30):
        (root / "reasons" / f"note-{number:02}.md").write_text(
            f"---\nid: note-{number:02}\n---\nA note.\n", encoding="utf-8"
        )
    result = CliRunner().invoke(cli, ["build", "-t", "police", "--library", str(root), "-o", "-"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == LibraryError.SHOWN + 1
    assert lines[0] == (
        f"Error: {root / 'reasons' / 'note-00.md'}:3: E110 missing required field 'kind' "
        "(for example: kind: reason)"
    )
    total = int(lines[-1].split()[0])
    assert total > LibraryError.SHOWN
    assert lines[-1] == (
        f"{total} errors in the library at {root}; the first {LibraryError.SHOWN} are shown "
        f"above, and this lists them all: bizcase check --library {root}"
    )
    assert result.stdout == ""
    checked = CliRunner().invoke(cli, ["check", "--library", str(root)])
    assert checked.exit_code == 1
    assert len([line for line in checked.stdout.splitlines() if " E1" in line]) == total


# --------------------------------------------------------------------------- unreadable files

VOCABULARIES = FIXTURES / "vocabularies"
REPORTED = "1 error in the library at {root}: fix it and try again."


def _named_pipe(path: Path) -> str:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(path)
    return "it is a named pipe, not a file"


def _broken_link(path: Path) -> str:
    path.symlink_to("no-such-file.md")
    return "it is a link to 'no-such-file.md', which does not exist"


def _link_loop(path: Path) -> str:
    other = path.with_name("other.md")
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    return "it is a symbolic link that leads back to itself"


def _folder(path: Path) -> str:
    path.mkdir()
    if path.suffix == ".md":
        # Not read as an entry: the folder itself is the mistake.
        (path / "inside.md").write_text("no front matter", encoding="utf-8")
    return "it is a folder, not a file"


def _read_error(path: Path) -> str:
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc/self/mem here to fail a read")
    path.symlink_to("/proc/self/mem")
    return "input/output error"


UNREADABLE = {
    "named-pipe": _named_pipe,
    "broken-link": _broken_link,
    "link-loop": _link_loop,
    "folder": _folder,
    "read-error": _read_error,
}


@pytest.fixture
def no_hang():
    """Fail, rather than wait for ever, if a named pipe is ever opened for reading."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(*_: object) -> None:
        raise TimeoutError("reading the library waited for a named pipe")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_entry_file_is_a_problem_not_a_crash(
    library_with, kind: str, no_hang
) -> None:
    root = library_with()
    path = root / "unreadable.md"
    why = UNREADABLE[kind](path)
    read = read_library(root)
    problems = [(p.path.name, p.line, p.code, p.message) for p in read.problems]
    expected = ("unreadable.md", None, "E104", f"cannot read this file ({why}): fix or remove it")
    assert expected in problems
    # The other link of a loop is as unreadable; nothing else is wrong.
    assert {problem[2] for problem in problems} == {"E104"}
    assert read.library is None


@pytest.mark.parametrize("kind", ["named-pipe", "folder"])
def test_the_cli_reports_an_unreadable_file_on_one_line(library_with, kind: str, no_hang) -> None:
    root = library_with()
    why = UNREADABLE[kind](root / "unreadable.md")
    result = CliRunner().invoke(cli, ["check", "--library", "."])
    assert result.exit_code == 1
    assert result.stdout == f"unreadable.md: E104 cannot read this file ({why}): fix or remove it\n"
    assert_no_crash(result)
    build = CliRunner().invoke(cli, ["build", "-t", "health", "--library", ".", "-o", "-"])
    assert build.exit_code == 1
    assert build.stderr.splitlines() == [
        f"Error: unreadable.md: E104 cannot read this file ({why}): fix or remove it",
        REPORTED.format(root=Path(".")),
    ]


@pytest.mark.parametrize("kind", ["named-pipe", "broken-link", "folder"])
def test_an_unreadable_vocabulary_is_an_error_not_the_built_in_one(
    library_with, kind: str, no_hang
) -> None:
    root = library_with()
    why = UNREADABLE[kind](root / "concerns.yaml")
    with pytest.raises(LibraryError) as caught:
        load_library(root)
    problems = [(p.path, p.line, p.code, p.message) for p in caught.value.problems]
    assert problems == [
        (root / "concerns.yaml", None, "E104", f"cannot read this file ({why}): fix or remove it")
    ]


def test_an_absent_vocabulary_is_the_built_in_one(library_with) -> None:
    library = load_library(library_with())
    assert "health" in library.org_types
    assert "trust" in library.concerns


def test_folders_nested_deeper_than_python_recurses_are_an_error_not_a_crash(
    library_with, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library_with()

    def walk(top: str, *args: object, **kwargs: object):
        # As Python 3.11's os.walk, which recurses, fails in folders some 1,000 deep.
        yield str(top), [], []
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(os, "walk", walk)
    result = CliRunner().invoke(cli, ["check", "--library", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{root}' holds folders nested too deeply to read: keep argument files within a "
        "few folders of the top of the library.\n"
    )


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` refuse to be listed, as one without read permission does (not to root)."""
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if os.path.realpath(path) == os.path.realpath(folder):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)


def _with_more(root: Path) -> Path:
    """A folder 'more' in the library at ``root``, holding one entry."""
    (root / "more").mkdir()
    shutil.copy(ENTRIES / "entry-id-mismatch.md", root / "more" / "entry-id-mismatch.md")
    return root / "more"


def test_a_folder_that_cannot_be_read_stops_every_command_instead_of_being_passed_over(
    library_with, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.walk passed over it without a word: the check passed, and the page lacked its entries.
    _unlistable(monkeypatch, _with_more(library_with()))
    message = (
        "Error: cannot read the folder 'more' in the library (permission denied): make it "
        "readable, or move it out of the library.\n"
    )
    for args in (["check", "--library", "."], ["list", "--library", "."]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == message
        assert_no_crash(result)


def test_a_file_named_in_a_folder_that_cannot_be_read_is_not_passed_as_checked(
    library_with, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file was never read, and 'bizcase check' said '0 entries checked' and passed.
    root = library_with()
    _unlistable(monkeypatch, _with_more(root))
    result = CliRunner().invoke(cli, ["check", "more/entry-id-mismatch.md", "--library", "."])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot read the folder 'more' in the library (permission denied): make it "
        "readable, or move it out of the library.\n"
    )
    _unlistable(monkeypatch, root)
    result = CliRunner().invoke(cli, ["check", "--library", "."])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot read the library folder '.' (permission denied): make it readable, or "
        "use another library.\n"
    )


def test_a_folder_that_is_a_link_stops_every_command_instead_of_being_passed_over(
    library_with, tmp_path: Path
) -> None:
    # os.walk does not follow it: the library's reasons kept elsewhere and linked in were
    # silently left out of the check and off the page.
    root = library_with()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    shutil.copy(ENTRIES / "entry-id-mismatch.md", elsewhere / "entry-id-mismatch.md")
    (root / "reasons").symlink_to(elsewhere)
    for args in (["check", "--library", "."], ["list", "--library", "."]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            f"Error: the folder 'reasons' in the library is a link to '{elsewhere}', which "
            "bizcase does not follow: move or copy its files into the library, and remove the "
            "link.\n"
        )
        assert_no_crash(result)


# --------------------------------------------------------------------------- vocabularies

VOCABULARY_CASES = {
    "org-types-control-character": (
        "org-types.yaml:14: E131 column 16 holds U+001B, a control character a Word document "
        "cannot hold: delete it (it is often pasted in invisibly from another document)"
    ),
    "org-types-escaped-control-characters": (
        "org-types.yaml:14: E131 'label' holds U+0001, a character a Word document cannot hold: "
        "remove the escape that writes it"
    ),
    "org-types-non-printable-character": (
        "org-types.yaml:14: E101 YAML syntax error: column 16 holds U+0080, a character YAML "
        "does not allow: delete it (it is often pasted in invisibly from another document)"
    ),
    "org-types-empty": "org-types.yaml:1: E102 lists no organisation types: add at least one",
    # Not a crash: written with nothing after it, the field is there but empty.
    "org-types-aliases-left-blank": (
        "org-types.yaml:19: E112 'aliases' is empty: write a list such as [council], or remove "
        "the line"
    ),
    "org-types-alias-clash": (
        "org-types.yaml:19: E121 'police' is the id of another organisation type: give each "
        "name to one organisation type only"
    ),
    # Two contributions adding the same record: which line holds the other, and what to do.
    "org-types-id-listed-twice": (
        "org-types.yaml:70: E121 id 'health' is listed twice, first on line 14: give this record "
        "an id of its own, or remove it"
    ),
    "org-types-reserved-all": (
        "org-types.yaml:68: E121 'all' is reserved: it means every organisation type; remove it"
    ),
    # One error, not one more for every entry naming an organisation type; at the line
    # where the list opens, not where YAML gave up looking for its end.
    "org-types-yaml-syntax-error": (
        "org-types.yaml:13: E101 YAML syntax error: a list in square brackets is not closed: "
        "end it with ']', and put any item holding ',' or ': ' in double quotes"
    ),
    # Vocabulary files are told about indentation in plain words too, at the line to fix.
    "org-types-field-misaligned": (
        "org-types.yaml:14: E101 YAML syntax error: 'label' starts in column 2, the field above "
        "it in column 3: line the fields of a record up under its first"
    ),
    # A tab is one column to YAML however wide an editor shows it: said as a tab.
    "org-types-tab-indent": (
        "org-types.yaml:14: E101 YAML syntax error: a tab character; indent with spaces, not tabs"
    ),
    "org-types-record-without-dash": (
        "org-types.yaml:21: E101 YAML syntax error: 'id' starts in column 1, where each "
        "record's '- ' does: start a new record with '- ' ('- id: ...'), or line it up with the "
        "fields above, in column 3"
    ),
    "org-types-record-indented": (
        "org-types.yaml:20: E101 YAML syntax error: the record '- id:' starts in column 3, the "
        "records above in column 1: start each '- ' in the same column"
    ),
    # Shared files such as sources.yaml are where two contributions most often conflict.
    "org-types-merge-conflict": "\n".join(
        f"org-types.yaml:{line}: E105 '{marker}' is a marker git leaves where two versions of "
        "the file conflict: keep the lines you want from each version, and delete this line and "
        "the other marker lines ('<<<<<<<', '=======', '>>>>>>>')"
        for line, marker in ((16, "<<<<<<<"), (18, "======="), (20, ">>>>>>>"))
    ),
    "org-types-reordering-character": (
        "org-types.yaml:14: E135 column 22 holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible "
        "character that reverses or reorders the text after it: delete it (it is often pasted in "
        "invisibly from another document)"
    ),
}


@pytest.fixture
def vocabulary_in(library_with):
    def make(name: str) -> Path:
        root = library_with()
        shutil.copy(VOCABULARIES / f"{name}.yaml", root / "org-types.yaml")
        return root

    return make


def test_every_vocabulary_fixture_has_a_case() -> None:
    assert {path.stem for path in VOCABULARIES.glob("*.yaml")} == set(VOCABULARY_CASES)


@pytest.mark.parametrize("name", sorted(VOCABULARY_CASES))
def test_each_broken_vocabulary_is_reported_once_at_its_line(vocabulary_in, name: str) -> None:
    vocabulary_in(name)
    result = CliRunner().invoke(cli, ["check", "--library", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == VOCABULARY_CASES[name].split("\n")
    assert_no_crash(result)


def test_aliases_left_empty_stop_every_command_clearly(library_with) -> None:
    # 'aliases:' with nothing after it is an error at its line, as in the check, not a crash.
    root = library_with()
    (root / "org-types.yaml").write_text(
        "- id: health\n  label: Health (NHS)\n  audience: patients\n"
        "  organisation: the trust\n  aliases:\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["org-types", "--library", "."])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: org-types.yaml:5: E112 'aliases' is empty: write a list such as [council], "
        "or remove the line"
    )


def test_a_concern_alias_that_names_another_concern_is_refused_at_its_line(
    library_with,
) -> None:
    # '--concern cyber' must mean one concern, or the page would answer the wrong fear.
    root = library_with()
    (root / "concerns.yaml").write_text(
        "- id: security\n  label: IT security\n  question: Will we be hacked?\n"
        "  aliases: [cyber]\n"
        "- id: confidentiality\n  label: confidentiality\n  question: Will data leak?\n"
        "  aliases: [privacy, cyber]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--library", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "concerns.yaml:8: E121 'cyber' is already a name for 'security', another concern: "
        "give each name to one concern only"
    ]


def test_a_label_never_sends_a_control_character_to_the_terminal(vocabulary_in) -> None:
    vocabulary_in("org-types-escaped-control-characters")
    result = CliRunner().invoke(cli, ["org-types", "--library", "."])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert (
        result.stderr.splitlines()[0]
        == "Error: " + VOCABULARY_CASES["org-types-escaped-control-characters"]
    )


def test_entries_are_still_checked_against_a_vocabulary_that_reads(library_with) -> None:
    root = library_with("entry-unknown-concern")
    shutil.copy(VOCABULARIES / "org-types-yaml-syntax-error.yaml", root / "org-types.yaml")
    codes = sorted((p.path.name, p.code) for p in read_library(root).problems)
    # org_types is not checked against the broken file; concerns still are.
    assert codes == [("entry-unknown-concern.md", "E113"), ("org-types.yaml", "E101")]


@pytest.mark.parametrize("loader", ["C", "Python"])
def test_a_character_yaml_refuses_is_reported_at_its_own_line(
    library_with, monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    from bizcase import cache, reader

    if loader == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is built without libyaml here")
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    parser = yaml.SafeLoader if loader == "Python" else yaml.CSafeLoader
    monkeypatch.setattr(reader, "_Loader", reader._as_editors_read(parser))
    monkeypatch.setattr(reader, "_COUNTS_BYTES", loader == "C")
    root = library_with("entry-non-printable-character")
    # Characters before it on its line take two bytes each in UTF-8.
    path = root / "entry-non-printable-character.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("A character", "Ééé character"), encoding="utf-8"
    )
    problems = [(p.line, p.message) for p in read_library(root).problems]
    assert problems == [
        (
            4,
            "YAML syntax error: column 48 holds U+0080, a character YAML does not allow: delete "
            "it (it is often pasted in invisibly from another document)",
        )
    ]


@pytest.mark.parametrize("loader", ["C", "Python"])
@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("!!int three", "the tag !!int does not fit its value: remove the tag"),
        ("!!float high", "the tag !!float does not fit its value: remove the tag"),
        ("!!bool maybe", "the tag !!bool does not fit its value: remove the tag"),
        ("!!timestamp soon", "the tag !!timestamp does not fit its value: remove the tag"),
        (
            "0x" + "f" * 4998,
            "a number 5,000 characters long, more than any field holds: shorten it, or put it "
            "in double quotes if it is meant as text",
        ),
    ],
)
def test_a_value_yaml_cannot_read_is_reported_at_its_line(
    monkeypatch: pytest.MonkeyPatch, loader: str, value: str, why: str
) -> None:
    # PyYAML fails on these with Python's own errors (or, printing the number, Python does).
    from bizcase import reader

    if loader == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is built without libyaml here")
    parser = yaml.SafeLoader if loader == "Python" else yaml.CSafeLoader
    monkeypatch.setattr(reader, "_Loader", reader._as_editors_read(parser))
    path = Path("entry.md")
    _, _, problems = reader.parse_yaml(
        f"id: entry\nkind: reason\nstrength: {value}\n", path, line_offset=1, flat=True
    )
    assert [str(problem) for problem in problems] == [f"entry.md:4: E101 YAML syntax error: {why}"]


# --------------------------------------------------------------------------- the library option


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_library_path_is_not_the_current_folder(empty: str) -> None:
    with pytest.raises(OptionError) as caught:
        load_library(empty)
    assert caught.value.message == (
        "--library: the library folder is empty text: give the folder of argument files, or "
        "leave out --library to use the library that ships with bizcase"
    )
