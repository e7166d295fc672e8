"""Writing files: complete or not at all, and never over an officer's document unasked."""

from __future__ import annotations

import os
import stat
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


def test_a_failed_replacement_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "case.docx"
    target.write_bytes(b"last week's copy")

    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError):
        output.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"last week's copy"
    assert list(tmp_path.iterdir()) == [target]


def test_ctrl_c_while_writing_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "case.docx"
    target.write_bytes(b"last week's copy")

    def interrupted(_: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
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


def test_force_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "case.md"
    target.write_bytes(b"old")
    output.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]
