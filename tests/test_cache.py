"""The cache of checked files: it speeds up large libraries and can never serve stale entries."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from docx import Document

from bizcase import api, cache, reader
from bizcase.errors import LibraryError
from bizcase.library import load_library, packaged_path

from .conftest import DATE


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "arguments"
    shutil.copytree(packaged_path("arguments"), copy)
    return copy


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file the cache should have served")

    monkeypatch.setattr(reader, "read_entry", refuse)
    monkeypatch.setattr(reader, "read_vocabulary", refuse)


def test_a_second_load_is_served_from_the_cache(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_library(library)
    refuse_to_parse(monkeypatch)
    second = load_library(library)
    assert second.entries == first.entries
    assert second.org_types == first.org_types


def test_an_edit_is_seen_even_with_the_same_size_and_time(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library(library)
    path = library / "reasons" / "staff-have-smartphones.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("own phones", "own PHONES"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    entry = load_library(library).entries["staff-have-smartphones"]
    assert "own PHONES" in entry.title


def test_a_vocabulary_change_rechecks_every_entry(library: Path) -> None:
    load_library(library)
    concerns = library / "concerns.yaml"
    text = concerns.read_text(encoding="utf-8")
    start = text.index("- id: recruitment")
    concerns.write_text(text[:start], encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(library)
    assert "'concerns' has unknown value 'recruitment'" in caught.value.message


def test_a_change_to_the_checking_code_rechecks_every_file(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library(library)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of bizcase")
    calls = []
    original = reader.read_entry

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(reader, "read_entry", counting)
    load_library(library)
    assert len(calls) == len(list(library.rglob("*.md")))


def test_removed_files_are_forgotten_and_new_ones_read(library: Path) -> None:
    load_library(library)
    (library / "reasons" / "staff-have-smartphones.md").unlink()
    shutil.copy(
        library / "reasons" / "staff-are-adults.md", library / "reasons" / "staff-are-grown-ups.md"
    )
    path = library / "reasons" / "staff-are-grown-ups.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: staff-are-adults", "id: staff-are-grown-ups"),
        encoding="utf-8",
    )
    entries = load_library(library).entries
    assert "staff-have-smartphones" not in entries
    assert "staff-are-grown-ups" in entries


def test_a_damaged_cache_is_ignored(library: Path, tmp_path: Path) -> None:
    load_library(library)
    for path in (tmp_path / "cache").glob("*"):
        if path.is_file():
            path.write_bytes(b"\x00 not a cache")
    assert "staff-have-smartphones" in load_library(library).entries
    case = api.build_case("health", library=library, date=DATE)
    Document(io.BytesIO(api.export(case, api.Format.DOCX)))


def test_a_cache_that_cannot_be_written_does_not_stop_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    case = api.build_case("police", date=DATE)
    Document(io.BytesIO(api.export(case, api.Format.DOCX)))


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    load_library()
    assert cache.cache_dir() is None
    assert list(tmp_path.iterdir()) == []


def test_many_unread_files_are_read_on_every_core_alike(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bizcase import library as library_module

    monkeypatch.setenv(cache.CACHE_ENV, "off")
    serial = load_library(library)
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 5)
    monkeypatch.setattr(library_module.os, "cpu_count", lambda: 2)
    used = []
    original = library_module._read_in_parallel

    def spy(*args, **kwargs):
        used.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(library_module, "_read_in_parallel", spy)
    parallel = load_library(library)
    assert used == [True]
    assert parallel.entries == serial.entries


def test_without_worker_processes_files_are_read_in_this_one(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bizcase import library as library_module

    monkeypatch.setenv(cache.CACHE_ENV, "off")
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 5)
    monkeypatch.setattr(library_module.os, "cpu_count", lambda: 2)

    def no_processes(*args, **kwargs):
        raise OSError("processes are not allowed here")

    monkeypatch.setattr(library_module, "_read_in_parallel", no_processes)
    assert "staff-have-smartphones" in load_library(library).entries
