"""The cache of checked files: it speeds up large libraries and can never serve stale entries."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from bizcase import api, cache, reader
from bizcase.cli import cli
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
    first = load_library(library)
    damaged = [path for path in (tmp_path / "cache").glob("*") if path.is_file()]
    assert damaged, "the first load wrote no cache to damage"
    for path in damaged:
        path.write_bytes(b"\x00 not a cache")
    again = load_library(library)
    assert again.entries == first.entries
    assert again.org_types == first.org_types
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


@pytest.mark.parametrize("value", ["cache", "\x01garbage/\n"])
def test_a_relative_xdg_cache_home_is_ignored_not_made_in_this_folder(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The XDG spec calls a relative path invalid. Taken as given, it put the cache in the
    # folder bizcase ran in: in a library, 'bizcase check --strict' then failed on its files.
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    library = tmp_path / "library"
    shutil.copytree(packaged_path("arguments"), library)
    monkeypatch.chdir(library)
    result = CliRunner().invoke(cli, ["check", "--strict", "--library", "."])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in library.iterdir()) == sorted(
        path.name for path in packaged_path("arguments").iterdir()
    )
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "bizcase"


def test_with_no_home_to_find_there_is_no_cache_rather_than_one_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run under a user the system has no record of, with HOME unset (as in some containers),
    # '~' stays '~', and the cache went into a folder of that name here.
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(cache.os.path, "expanduser", lambda path: path)
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None
    load_library()
    assert list(tmp_path.iterdir()) == []


def test_a_home_folder_that_does_not_exist_is_not_made_for_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HOME mistyped, or a service account's that was never made: the cache once made it.
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "nobody"))
    assert cache.cache_dir() is None
    result = CliRunner().invoke(cli, ["build", "-t", "police", "-o", str(tmp_path / "case.md")])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case.md"]


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


def damage_records(cache_folder: Path, part: str, damage) -> None:
    """Rewrite every record of one part of the cache, keeping its valid header."""
    import marshal

    (path,) = cache_folder.glob(f"library-*-{part}.marshal")
    data = marshal.loads(path.read_bytes())
    data["records"] = {key: damage(record) for key, record in data["records"].items()}
    path.write_bytes(marshal.dumps(data))


@pytest.mark.parametrize(
    ("part", "damage"),
    [
        ("entries", lambda record: (record[0], (1, 2, 3))),
        ("entries", lambda record: (record[0], ((1, 2, 3), ()))),
        ("entries", lambda record: (record[0], (None, ((1, 2),)))),
        ("entries", lambda record: (record[0], (None, (("2", "E999", "m", "fatal"),)))),
        ("entries", lambda record: 42),
        ("entries", lambda record: (record[0], (record[1][0][:1] * 11, ()))),
        ("vocabularies", lambda record: (record[0], (1, 2, 3))),
        ("vocabularies", lambda record: (record[0], ([1, {"id": 3}], ()))),
        ("vocabularies", lambda record: (record[0], ([{"id": "x", "label": 5}], ()))),
        ("vocabularies", lambda record: (record[0], (None, ()))),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_cache_of_the_wrong_shape_is_read_afresh_and_repaired(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str, damage
) -> None:
    first = load_library(library)
    damage_records(tmp_path / "cache", part, damage)
    again = load_library(library)
    assert again.entries == first.entries
    assert again.org_types == first.org_types
    assert again.sources == first.sources
    result = CliRunner().invoke(cli, ["check", "--library", str(library)])
    assert result.exit_code == 0, result.output
    # The damaged records were replaced: the next run is served whole from the cache.
    refuse_to_parse(monkeypatch)
    assert load_library(library).entries == first.entries


def test_a_damaged_compiled_template_is_compiled_afresh(tmp_path: Path) -> None:
    import marshal
    import pickle

    import jinja2
    from jinja2.bccache import bc_magic

    from bizcase.render import _BytecodeCache

    folder = tmp_path / "templates"
    folder.mkdir()

    def render() -> str:
        env = jinja2.Environment(
            loader=jinja2.DictLoader({"page": "Hello {{ name }}"}),
            bytecode_cache=_BytecodeCache(folder),
        )
        return env.get_template("page").render(name="world")

    assert render() == "Hello world"
    (compiled,) = folder.iterdir()
    stream = io.BytesIO(compiled.read_bytes())
    stream.read(len(bc_magic))
    checksum = pickle.load(stream)
    # A valid header whose code is not code: Jinja2 alone would fail on co_filename.
    for payload in (marshal.dumps(42), b"\xff not marshal", b""):
        compiled.write_bytes(bc_magic + pickle.dumps(checksum, 2) + payload)
        assert render() == "Hello world"
        assert compiled.read_bytes() != bc_magic + pickle.dumps(checksum, 2) + payload


def test_a_template_compiled_by_other_code_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from bizcase import render

    folder = tmp_path / "templates"
    folder.mkdir()

    def compile_page() -> None:
        env = jinja2.Environment(
            loader=jinja2.DictLoader({"page": "Hello {{ name }}"}),
            bytecode_cache=render._BytecodeCache(folder),
        )
        env.get_template("page")

    compile_page()
    # Jinja2 would run the code an older bizcase compiled, with its older settings.
    monkeypatch.setattr(render, "_compiled_by", lambda: "an older bizcase")
    compile_page()
    assert len(list(folder.iterdir())) == 2


@pytest.mark.parametrize("whose", ["writable by others", "another user's"])
def test_compiled_templates_are_not_kept_where_others_could_plant_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    # Jinja2 runs the code it finds in its cache, so a folder others can write to
    # (a BIZCASE_CACHE_DIR shared on a server) is not used for it.
    from bizcase import render

    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    if whose == "writable by others":
        (shared / "templates").chmod(0o777)
    else:
        monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    monkeypatch.setenv(cache.CACHE_ENV, str(shared))
    render._environment.cache_clear()
    try:
        assert render.environment().bytecode_cache is None
        case = api.build_case("police", date=DATE)
        assert "# Opening up social media" in api.render_markdown(case)
    finally:
        render._environment.cache_clear()
    assert list((shared / "templates").iterdir()) == []


def test_compiled_templates_are_kept_in_a_folder_of_the_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bizcase import render

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    render._environment.cache_clear()
    try:
        api.render_markdown(api.build_case("police", date=DATE))
    finally:
        render._environment.cache_clear()
    folder = tmp_path / "cache" / "templates"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert list(folder.iterdir()) != []
