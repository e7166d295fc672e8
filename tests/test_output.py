"""Writing files: complete or not at all, and never over an officer's document unasked."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import output
from bizcase.cli import cli
from bizcase.errors import OutputError


def test_a_new_file_is_written_whole_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "case.md"
    output.write_file(target, b"# Case\n")
    assert target.read_bytes() == b"# Case\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    target = tmp_path / "case.docx"
    with pytest.raises(OutputError) as caught:
        output.write_file(target, b"x" * 10_000)
    assert caught.value.message == (
        f"could not write '{target}': no space left on device; nothing was written"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("stop", "raised"),
    [
        (OSError(28, "No space left on device"), OutputError),  # the disk fills up
        (KeyboardInterrupt(), KeyboardInterrupt),  # Ctrl-C while writing
    ],
)
def test_a_replacement_stopped_halfway_keeps_the_old_file_and_leaves_nothing_behind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stop: BaseException,
    raised: type[BaseException],
) -> None:
    target = tmp_path / "case.docx"
    target.write_bytes(b"last week's copy")

    def stopped(_: int) -> None:
        raise stop

    monkeypatch.setattr(output.os, "fsync", stopped)
    with pytest.raises(raised):
        output.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"last week's copy"
    assert list(tmp_path.iterdir()) == [target]


def test_ctrl_c_during_a_build_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("bizcase.export.docx.markdown_to_docx", interrupted)
    result = CliRunner().invoke(cli, ["build", "-t", "police", "-o", str(tmp_path / "case.docx")])
    assert result.exit_code == 1
    assert "Aborted!" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "case.md"

    def someone_else_wrote_it(source: str, destination: Path) -> None:
        Path(destination).write_bytes(b"theirs")
        raise FileExistsError(17, "File exists")

    monkeypatch.setattr(output.os, "link", someone_else_wrote_it)
    with pytest.raises(OutputError) as caught:
        output.write_file(target, b"ours")
    assert caught.value.message.startswith(f"'{target}' already exists and may hold your edits")
    assert target.read_bytes() == b"theirs"
    assert list(tmp_path.iterdir()) == [target]


def test_without_hard_links_an_existing_file_is_still_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A USB stick's FAT, and some network shares, have no hard links, so the new file is
    # moved into place: only the check made before writing keeps the officer's edits.
    target = tmp_path / "case.md"
    target.write_bytes(b"edited")

    def no_links(*args, **kwargs) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    with pytest.raises(OutputError) as caught:
        output.write_file(target, b"new")
    assert caught.value.message == (
        f"'{target}' already exists and may hold your edits: choose another --output, "
        "or add --force to replace it"
    )
    assert target.read_bytes() == b"edited"
    fresh = tmp_path / "fresh.md"
    output.write_file(fresh, b"# Case\n")
    assert fresh.read_bytes() == b"# Case\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case.md", "fresh.md"]


def test_several_files_are_all_checked_before_any_is_written(tmp_path: Path) -> None:
    (tmp_path / "police.md").mkdir()
    documents = [(tmp_path / "health.md", b"# Health\n"), (tmp_path / "police.md", b"# Police\n")]
    with pytest.raises(OutputError) as caught:
        output.write_files(documents, force=True)
    assert caught.value.message == (
        f"'{tmp_path / 'police.md'}' is a folder: move it out of the way, or choose another "
        "--output-dir"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["police.md"]


def test_force_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "case.md"
    target.write_bytes(b"old")
    output.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


def test_force_keeps_who_may_read_the_file(tmp_path: Path) -> None:
    target = tmp_path / "case.md"
    target.write_bytes(b"old")
    target.chmod(0o600)
    output.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def build(*args: str):
    # The date comes first so that a test can give another, which click then prefers.
    return CliRunner().invoke(cli, ["build", "--date", "2001-01-01", *args])


def test_force_refuses_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "case.docx"
    os.mkfifo(fifo)
    result = build("-t", "health", "-o", str(fifo), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: '{fifo}' is not a regular file: choose another --output\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert list(tmp_path.iterdir()) == [fifo]


def test_force_refuses_a_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real device node needs root to make and would be dangerous to test: pretend.
    target = tmp_path / "null.md"
    real_lstat = os.lstat

    def device(path, *args, **kwargs):
        if Path(path) == target:
            return os.stat_result((stat.S_IFCHR | 0o666, 0, 0, 1, 0, 0, 0, 0, 0, 0))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(output.os, "lstat", device)
    with pytest.raises(OutputError) as caught:
        output.write_file(target, b"# Case\n", force=True)
    assert caught.value.message == f"'{target}' is not a regular file: choose another --output"
    assert list(tmp_path.iterdir()) == []


def test_a_link_is_kept_and_the_file_it_names_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real" / "case.md"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = build("-t", "health", "-o", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("# Opening up social media")
    assert sorted(tmp_path.rglob("*")) == [link, real.parent, real]


def test_a_link_to_an_existing_file_is_not_followed_without_force(tmp_path: Path) -> None:
    real = tmp_path / "case.md"
    real.write_bytes(b"edited")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputError) as caught:
        output.write_file(link, b"new")
    assert caught.value.message == (
        f"'{link}' already exists and may hold your edits: choose another --output, "
        "or add --force to replace it"
    )
    assert real.read_bytes() == b"edited"
    assert link.is_symlink()


def test_a_link_to_a_pipe_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "case.md"
    link.symlink_to(fifo)
    with pytest.raises(OutputError) as caught:
        output.write_file(link, b"new", force=True)
    assert caught.value.message == (
        f"'{link}' (a link to '{fifo}') is not a regular file: choose another --output"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert link.is_symlink()


def test_a_link_that_loops_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(OutputError) as caught:
        output.write_file(first, b"new", force=True)
    assert caught.value.message == f"'{first}' is a link that loops: choose another --output"
    assert first.is_symlink()
    assert second.is_symlink()


def batch_folder(tmp_path: Path) -> Path:
    """A folder of Markdown cases, one of whose names is taken by a folder."""
    folder = tmp_path / "od"
    folder.mkdir()
    assert build("-t", "all", "--output-dir", str(folder), "-f", "md").exit_code == 0
    (folder / "police-social-media-case.md").unlink()
    (folder / "police-social-media-case.md").mkdir()
    return folder


def test_a_batch_checks_every_target_before_replacing_any(tmp_path: Path) -> None:
    folder = batch_folder(tmp_path)
    before = {path: path.stat().st_mtime_ns for path in folder.glob("*.md") if path.is_file()}
    result = build(
        "-t", "all", "--output-dir", str(folder), "-f", "md", "--force", "--date", "2002-02-02"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{folder / 'police-social-media-case.md'}' is a folder: move it out of the way, "
        "or choose another --output-dir\n"
    )
    after = {path: path.stat().st_mtime_ns for path in folder.glob("*.md") if path.is_file()}
    assert after == before
    assert all("2002" not in path.read_text(encoding="utf-8") for path in after)


def test_a_batch_refuses_a_pipe_among_its_targets(tmp_path: Path) -> None:
    fifo = tmp_path / "health-social-media-case.md"
    os.mkfifo(fifo)
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "md", "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{fifo}' is not a regular file: choose another --output-dir\n"
    )
    assert list(tmp_path.iterdir()) == [fifo]


def test_a_batch_failing_midway_names_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real_fsync = os.fsync

    def full_on_the_third(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(output.os, "fsync", full_on_the_third)
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "md")
    names = ["local-government-social-media-case.md", "health-social-media-case.md"]
    third = tmp_path / "police-social-media-case.md"
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not write '{third}': no space left on device; {names[0]}, {names[1]} "
        f"were already written in '{tmp_path}'; the rest were not\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)


def test_a_batch_into_a_folder_that_takes_no_files_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    result = build("-t", "all", "--output-dir", str(tmp_path), "-f", "md")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write to the folder '{tmp_path}': permission denied; "
        "choose another --output-dir\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", ""], "--output is empty: give a file name such as business-case.docx"),
        (["-o", "", "-f", "md"], "--output is empty: give a file name such as business-case.md"),
        (
            ["-o", " "],
            "--output ' ' names a file of only spaces: give a file name such as business-case.docx",
        ),
        (
            ["-o", "cases/  "],
            "--output 'cases/  ' names a file of only spaces: give a file name such as "
            "business-case.docx",
        ),
        (
            ["--output-dir", ""],
            "--output-dir is empty: give a folder name such as cases",
        ),
        (
            ["--output-dir", "  "],
            "--output-dir '  ' names a folder of only spaces: give a folder name such as cases",
        ),
    ],
)
def test_empty_and_blank_names_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    result = build("-t", "health", *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert list(tmp_path.iterdir()) == [tmp_path / "cases"]
    assert list((tmp_path / "cases").iterdir()) == []


def test_a_folder_named_like_a_document_gets_a_sensible_suggestion(tmp_path: Path) -> None:
    folder = tmp_path / "case.md"
    folder.mkdir()
    result = build("-t", "health", "-o", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{folder}' is a folder: give a file name, such as {folder / 'business-case.md'}\n"
    )
    pdf = build("-t", "health", "-o", str(tmp_path), "-f", "pdf")
    assert pdf.exit_code == 1
    assert pdf.stderr == (
        f"Error: '{tmp_path}' is a folder: give a file name, such as "
        f"{tmp_path / 'business-case.pdf'}\n"
    )
    assert list(folder.iterdir()) == []


def test_messages_in_a_batch_name_the_output_dir_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    result = build("-t", "charity", "--output-dir", str(tmp_path), "-f", "md")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not write '{tmp_path / 'charity-social-media-case.md'}': no space left on "
        "device; nothing was written\n"
    )
    (tmp_path / "charity-social-media-case.md").mkdir()
    monkeypatch.undo()
    clash = build("-t", "charity", "--output-dir", str(tmp_path), "-f", "md", "--force")
    assert clash.exit_code == 1
    assert clash.stderr.endswith("or choose another --output-dir\n")
    assert "--output " not in clash.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "charity-social-media-case.md"]


def test_a_name_too_long_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    long = "a" * 300
    result = build("-t", "health", "-o", f"{long}.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot use '{'a' * 80}...{'a' * 35}.docx': file name too long; "
        "choose another --output\n"
    )
    batch = build("-t", "all", "--output-dir", long)
    assert batch.exit_code == 1
    assert batch.stderr == (
        f"Error: cannot use '{'a' * 80}...{'a' * 40}': file name too long; "
        "choose another --output-dir\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_that_fits_leaves_room_for_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("b" * 250 + ".md")
    output.write_file(target, b"# Case\n")
    assert list(tmp_path.iterdir()) == [target]


#: Runs bizcase as its console script does, but waits at one step of a build (``where``)
#: until the test presses Ctrl-C, so the stop lands at that step on any machine.
_WAITING_BIZCASE = """
import importlib.abc, os, pathlib, sys, time, types

ready, where, sys.argv = pathlib.Path(sys.argv[1]), sys.argv[2], ["bizcase", *sys.argv[3:]]


def wait(*args, **kwargs):
    ready.touch()
    time.sleep(60)


if where == "loading":
    class Loading(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "bizcase.cli":
                wait()

    sys.meta_path.insert(0, Loading())
elif where == "reading the library":
    import bizcase.library
    bizcase.library._read_library = wait
elif where == "making the Word file":
    import bizcase.export.docx
    bizcase.export.docx.markdown_to_docx = wait
elif where == "writing the file":
    import bizcase.output

    class WaitingOs(types.ModuleType):
        def __getattr__(self, name):
            return getattr(os, name)

    bizcase.output.os = WaitingOs("os")
    bizcase.output.os.fsync = wait

from bizcase.__main__ import main

main()
"""


@pytest.mark.parametrize(
    "where", ["loading", "reading the library", "making the Word file", "writing the file"]
)
def test_ctrl_c_stops_with_one_line_and_leaves_the_old_file(tmp_path: Path, where: str) -> None:
    folder, ready = tmp_path / "cases", tmp_path / "ready"
    folder.mkdir()
    target = folder / "case.docx"
    target.write_bytes(b"old")
    build = ["build", "-t", "council", "-o", str(target), "--force"]
    with subprocess.Popen(
        [sys.executable, "-c", _WAITING_BIZCASE, str(ready), where, *build],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        cwd=folder,
    ) as process:
        # Waiting for the step, however long this machine takes to reach it.
        deadline = time.monotonic() + 120
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), f"bizcase never reached {where}"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode("utf-8") == "\nStopped.\n"
    # The old file whole, and no temporary file beside it.
    assert target.read_bytes() == b"old"
    assert [path.name for path in folder.iterdir()] == ["case.docx"]


def test_a_document_open_in_word_is_left_as_it_is_and_the_officer_told_to_close_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows refuses to replace a file Word has open, as it refuses a locked one anywhere.
    target = tmp_path / "case.md"
    target.write_bytes(b"last week's, open in Word")

    def open_elsewhere(*args, **kwargs) -> None:
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(output.os, "replace", open_elsewhere)
    result = build("-t", "police", "-o", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not replace '{target}' (access is denied): if it is open in Word or "
        "another program, close it there and try again; nothing was written\n"
    )
    assert target.read_bytes() == b"last week's, open in Word"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.sep != "/", reason="a backslash separates folders on Windows")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "Desktop\\case.docx"],
            "'Desktop\\case.docx' has a backslash (\\), which separates folders only on "
            "Windows: type a forward slash, --output Desktop/case.docx",
        ),
        (
            ["-o", "My Documents\\case.docx"],
            "'My Documents\\case.docx' has a backslash (\\), which separates folders only on "
            'Windows: type a forward slash, --output "My Documents/case.docx"',
        ),
        (
            ["-t", "all", "--output-dir", "out\\cases"],
            "'out\\cases' has a backslash (\\), which separates folders only on Windows: type a "
            "forward slash, --output-dir out/cases",
        ),
    ],
    ids=["file", "file-with-a-space", "batch"],
)
def test_a_windows_path_is_refused_where_it_would_name_one_file(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Here 'Desktop\case.docx' was written as one file, named with a backslash, in this folder.
    monkeypatch.chdir(tmp_path)
    result = build("-t", "police", *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["-o", "~/Documents/case.docx"],
            1,
            "the folder '~/Documents' does not exist: '~' stands for your home folder only "
            "outside quote marks, so type it without them, or in full: --output "
            "{home}/Documents/case.docx",
        ),
        (
            ["-t", "all", "--output-dir", "~/Documents/cases"],
            2,
            "--output-dir: '~/Documents/cases' cannot be made, as its folder '~/Documents' does "
            "not exist: '~' stands for your home folder only outside quote marks, so type it "
            "without them, or in full: --output-dir {home}/Documents/cases",
        ),
    ],
    ids=["file", "batch"],
)
def test_a_home_folder_written_as_a_tilde_in_quotes_is_shown_in_full(
    args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = build("-t", "police", *args)
    assert result.exit_code == code
    assert result.stderr == f"Error: {message.format(home=home)}\n"
    assert list(work.iterdir()) == []
    assert list((home / "Documents").iterdir()) == []
