"""Load the argument library: entries with their line numbers, and its vocabularies."""

from __future__ import annotations

import errno
import gc
import os
import shlex
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path
from typing import Any, TypeVar

from bizcase import cache, schema
from bizcase.errors import LibraryError, OptionError, UnknownEntryError
from bizcase.output import shown
from bizcase.problems import Problem, Severity, display_path

_PACKAGE_DIR = Path(__file__).resolve().parent


def packaged_path(name: str) -> Path:
    """The folder ``name`` ('arguments' or 'templates') that ships with bizcase."""
    # An installed wheel carries the folders in bizcase/_data; a source checkout
    # keeps them at the top of the repository.
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise LibraryError(f"bizcase is installed without its '{name}' folder: reinstall it.")


@dataclass(frozen=True)
class OrgType:
    """A kind of organisation a case is built for, and the words its page uses."""

    id: str
    label: str
    audience: str
    organisation: str
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def words(self) -> dict[str, str]:
        """What entries' placeholders stand for on this type's page."""
        return {"audience": self.audience, "organisation": self.organisation}


@dataclass(frozen=True)
class Concern:
    """A fear or goal of senior management that entries answer."""

    id: str
    label: str
    question: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where arguments came from, for the credit line."""

    id: str
    title: str
    author: str
    short: str
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Entry:
    """One argument: a reason the ban should go, or a safeguard against its risks."""

    id: str
    kind: str
    title: str
    summary: str
    org_types: tuple[str, ...]
    concerns: tuple[str, ...]
    strength: int
    source: str
    body: str
    path: Path
    credit: str | None = None
    #: Which pages make room for it first: True for every page it applies to, or the
    #: organisation types whose pages do (a duty of those sectors only).
    core: bool | tuple[str, ...] = False
    #: Entries that must not share a page with this one; the relation works both ways.
    excludes: tuple[str, ...] = ()
    #: The line of each front-matter key in the file, for precise messages.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    body_line: int = 1

    def applies_to(self, org_type: str) -> bool:
        """Whether the entry belongs in a case for ``org_type``."""
        return schema.ALL in self.org_types or org_type in self.org_types

    def is_core_for(self, org_type: str) -> bool:
        """Whether a page for ``org_type`` makes room for the entry first."""
        if isinstance(self.core, bool):
            return self.core
        return schema.ALL in self.core or org_type in self.core

    @property
    def core_types(self) -> tuple[str, ...]:
        """The organisation types whose pages make room for the entry first ('all' for all)."""
        if isinstance(self.core, bool):
            return self.org_types if self.core else ()
        return self.core

    def clashes_with(self, other: Entry) -> bool:
        """Whether the two must not share a page: either one excludes the other."""
        return other.id in self.excludes or self.id in other.excludes

    def clashes_with_any(self, others: Iterable[Entry]) -> bool:
        """Whether any of ``others`` must not share a page with this entry."""
        return clash_test(others)(self)

    @property
    def is_specific(self) -> bool:
        """Whether the entry was written for particular organisation types."""
        return schema.ALL not in self.org_types

    def front_matter(self) -> dict[str, Any]:
        """The entry's fields under their front-matter names, plus its body.

        Every field is there, an optional one left out as None, so scripts reading
        ``bizcase list --json`` find the same keys on every entry.
        """
        data: dict[str, Any] = {}
        for name in schema.ENTRY.names:
            value = getattr(self, name)
            data[name] = list(value) if isinstance(value, tuple) else value
        data["body"] = self.body
        return data


def clash_test(chosen: Iterable[Entry]) -> Callable[[Entry], bool]:
    """Whether an entry clashes with any of ``chosen``, in a set lookup or two each.

    Asked of thousands of entries left out of a large library, it does not compare
    each with every chosen entry.
    """
    chosen = list(chosen)
    ids = {entry.id for entry in chosen}
    excluded = {other for entry in chosen for other in entry.excludes}
    return lambda entry: entry.id in excluded or not ids.isdisjoint(entry.excludes)


@dataclass(frozen=True)
class Library:
    """Every entry of a library, with the vocabularies they draw on."""

    root: Path
    entries: Mapping[str, Entry]
    org_types: Mapping[str, OrgType]
    concerns: Mapping[str, Concern]
    sources: Mapping[str, Source]

    @property
    def vocabularies(self) -> dict[str, list[str]]:
        """The ids entries may name, by the schema's name for each vocabulary."""
        return {
            **schema.vocabulary("org_types", ((t.id, t.aliases) for t in self.org_types.values())),
            **schema.vocabulary("concerns", ((c.id, c.aliases) for c in self.concerns.values())),
            **schema.vocabulary("sources", ((source, ()) for source in self.sources)),
        }

    def org_type(self, name: str, option: str = "--org-type") -> OrgType:
        """The organisation type called ``name`` (an id or an alias)."""
        return _named(
            self.org_types,
            name,
            option,
            "unknown organisation type",
            "Choose one of",
            "org-types",
            several=lambda items: (
                f"'{shown(name)}' is {len(items)} organisation types, and a case is for one: "
                f"give {option} {' or '.join(items)}"
            ),
        )

    def concern(self, name: str, option: str = "--concern") -> Concern:
        """The concern called ``name`` (an id or an alias)."""
        return _named(
            self.concerns,
            name,
            option,
            "unknown concern",
            "Choose from",
            "concerns",
            several=lambda items: (
                f"'{shown(name)}' is {len(items)} concerns: separate them with commas, "
                f"{option} {','.join(items)}"
            ),
        )

    def entry(self, entry_id: str) -> Entry:
        """The entry with id ``entry_id``."""
        if entry_id in self.entries:
            return self.entries[entry_id]
        raise UnknownEntryError(self.unknown_entry(entry_id))

    def clashing(self, entry: Entry) -> list[Entry]:
        """The entries that may not share a page with ``entry``, whichever names the other."""
        return [e for e in self.entries.values() if e.id != entry.id and e.clashes_with(entry)]

    def unknown_entry(self, entry_id: str) -> str:
        """Why ``entry_id`` names nothing here, with the closest id that does."""
        # 'Staff-Have-Smartphones' is the id in capitals: said, as for a misspelling.
        # A title copied from 'bizcase list' is another name for its entry.
        suggestion = schema.suggestion(entry_id, list(self.entries), self._titles())
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        return (
            f"no entry '{shown(entry_id)}' in the library at {self.root}.{hint} "
            f"Run 'bizcase list{library_hint(self.root)}' to see every id."
        )

    def _titles(self) -> dict[str, str]:
        """Each entry's id by its title, as every organisation type's page words it."""
        from bizcase.text import GENERIC_WORDS, fill

        wordings = [GENERIC_WORDS, *(org.words for org in self.org_types.values())]
        return {
            schema.normal_name(fill(entry.title, words)): entry.id
            for entry in self.entries.values()
            for words in wordings
        }

    def select(self, org_type: str | None = None, kind: str | None = None) -> list[Entry]:
        """The entries for ``org_type`` (an id or alias) and of ``kind`` (None for all)."""
        # Named by an alias ('council') or misspelt, the type would otherwise match only
        # the entries for every type, and a script would never know its list was short.
        wanted = self.org_type(org_type).id if org_type is not None else None
        chosen = schema.kind_meant(kind) if kind is not None else None
        if kind is not None and chosen is None:
            raise OptionError(
                "--kind", f"unknown kind '{shown(kind)}': choose {' or '.join(schema.KINDS)}"
            )
        return [
            entry
            for entry in self.entries.values()
            if (wanted is None or entry.applies_to(wanted))
            and (chosen is None or entry.kind == chosen)
        ]

    def worded(self, entry: Entry, org_type: str | None = None) -> Entry:
        """``entry`` with its placeholders filled as it reads for ``org_type``, or in general."""
        from bizcase.text import GENERIC_WORDS, fill

        words = self.org_type(org_type).words if org_type is not None else GENERIC_WORDS
        return replace(
            entry,
            title=fill(entry.title, words),
            summary=fill(entry.summary, words),
            body=fill(entry.body, words),
        )


# --------------------------------------------------------------------------- reading

#: What a path that is not a regular file is, in words a contributor knows.
_NOT_FILES = (
    (stat.S_ISDIR, "it is a folder, not a file"),
    (stat.S_ISFIFO, "it is a named pipe, not a file"),
    (stat.S_ISSOCK, "it is a socket, not a file"),
    (stat.S_ISCHR, "it is a device, not a file"),
    (stat.S_ISBLK, "it is a device, not a file"),
)
#: Opening never waits (for a pipe's writer) and never makes a terminal ours.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def read_file(path: Path) -> bytes | Problem:
    """A library file's bytes, or the problem (E104) saying why it cannot be read."""
    try:
        # Opened without blocking, a named pipe cannot hang the read; what was
        # opened is then read only if it is a regular file.
        handle = os.open(path, _OPEN_FLAGS)
        try:
            status = os.fstat(handle)
            why = _not_a_file(status.st_mode)
            if why is None:
                return _read_all(handle, status.st_size)
        finally:
            os.close(handle)
    except OSError as error:
        why = _os_reason(path, error)
    return Problem(path, None, "E104", f"cannot read this file ({why}): fix or remove it")


def _read_all(handle: int, size: int) -> bytes:
    """Every byte of an open file: one read when its size is right, more if it grew."""
    chunks = []
    while chunk := os.read(handle, size + 1):
        chunks.append(chunk)
    return b"".join(chunks)


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, why in _NOT_FILES:
        if test(mode):
            return why
    return "it is not a regular file"


def _os_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symbolic link that leads back to itself"
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        try:
            return f"it is a link to '{os.readlink(path)}', which does not exist"
        except OSError:
            return "it is a link to a file that does not exist"
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]


def load_library(root: Path | str | None = None, *, empty_ok: bool = False) -> Library:
    """Load the library at ``root`` (the packaged one by default), or raise LibraryError.

    A folder with no entries is an error unless ``empty_ok``: a new library, about
    to get its first entry.
    """
    read = read_library(root, empty_ok=empty_ok)
    errors = [problem for problem in read.problems if problem.is_error]
    if errors or read.library is None:
        check = shlex.join(["bizcase", "check", "--library", str(read.root)])
        raise LibraryError.from_problems(errors, f"the library at {read.root}", check)
    return read.library


@dataclass(frozen=True)
class LibraryRead:
    """Everything reading a library found: the library itself only when it has no errors."""

    root: Path
    #: The vocabulary files used (the library's own, or the packaged ones).
    vocabularies: tuple[Path, ...]
    #: The entry files read.
    files: tuple[Path, ...]
    #: The entries that read without errors, one per id.
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    library: Library | None


def read_library(
    root: Path | str | None = None, extra: Sequence[Path] = (), *, empty_ok: bool = False
) -> LibraryRead:
    """Read every file of the library (and ``extra`` entry files), collecting every problem."""
    # Reading makes hundreds of thousands of small objects and no cycles, so the
    # cycle collector would only run again and again for nothing (a fifth of the
    # time on a large library).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_library(root, extra, empty_ok)
    finally:
        if collecting:
            gc.enable()


def _read_library(root: Path | str | None, extra: Sequence[Path], empty_ok: bool) -> LibraryRead:
    base = _library_root(root)
    if not base.exists():
        raise LibraryError(
            f"the library folder '{base}' does not exist: pass --library with a folder of "
            "argument files, or leave it out to use the library that ships with bizcase."
        )
    if not base.is_dir():
        raise LibraryError(f"the library '{base}' is a file, not a folder: pass its folder.")
    _refuse_a_copy_of_the_repository(base)

    problems: list[Problem] = []
    read: list[Path] = []
    vocab_records: dict[str, list[dict[str, Any]]] = {}
    code = cache.code_fingerprint()
    vocab_store = cache.FileCache.for_library(base, code, "vocabularies")
    #: Vocabularies with errors of their own, which entries are not checked against.
    broken: set[str] = set()
    for vocabulary, (filename, record_schema) in schema.VOCABULARY_FILES.items():
        path = base / filename
        if not os.path.lexists(path):
            # A private library may hold only entries; it shares our vocabularies.
            # Only an absent file falls back: a folder or a broken link by that
            # name is a mistake to report, not to paper over.
            path = packaged_path("arguments") / filename
        read.append(path)
        raw = read_file(path)
        if isinstance(raw, Problem):
            vocab_records[vocabulary] = []
            problems.append(raw)
            broken.add(vocabulary)
            continue
        content = cache.digest(raw)
        stored = _vocabulary_from(path, record_schema, vocab_store.get(str(path), content))
        if stored is not None:
            records, found = stored
        else:
            from bizcase import reader  # YAML and the checks, only when needed

            records, found = reader.read_vocabulary(path, record_schema, raw)
            vocab_store.put(str(path), content, (records, _problem_records(found)))
        vocab_records[vocabulary] = records
        problems.extend(found)
        if any(problem.is_error for problem in found):
            broken.add(vocabulary)
    vocab_store.save()

    # An entry naming a value of a broken vocabulary is not reported: the
    # vocabulary's own error says what to fix, and every entry's value would
    # otherwise bury it.
    vocabularies: dict[str, list[str]] = {}
    for name, records in vocab_records.items():
        if name not in broken:
            pairs = ((r["id"], r.get("aliases") or ()) for r in records)
            vocabularies.update(schema.vocabulary(name, pairs))
    entries: dict[str, Entry] = {}
    names, strays = _scan(base)
    problems.extend(stray_problems(base, strays))
    inside = [base / name for name in names]
    files = inside + [path for path in extra if path not in read]
    if not files and not empty_ok:
        variable = environment_variable_naming(base)
        if variable is not None:
            raise LibraryError(
                f"{variable} is set to '{base}', a folder with no argument files: add .md "
                f"files to that folder, set {variable} to another library folder, or unset it "
                "to use the library that ships with bizcase."
            )
        raise LibraryError(
            f"the library folder '{base}' has no argument files: add .md files to it, "
            "or leave out --library to use the library that ships with bizcase."
        )
    # What an entry file holds depends only on its bytes, the vocabularies and the
    # code that checks it; the cache keys each result by all three.
    context = cache.digest(code + repr(sorted(vocabularies.items())).encode("utf-8"))
    store = cache.FileCache.for_library(base, context, "entries")
    # Each file by its place in ``files``, not keyed by its Path: hashing 10,000
    # Paths several times over was a twentieth of a build from a library that size.
    keys: list[str | None] = [*names, *(None for _ in files[len(inside) :])]
    results: list[tuple[Entry | None, list[Problem]]] = [(None, [])] * len(files)
    misses: list[tuple[int, Path, bytes]] = []
    digests: list[bytes] = [b""] * len(files)
    for number, path in enumerate(files):
        raw = read_file(path)
        if isinstance(raw, Problem):
            results[number] = (None, [raw])
            continue
        digests[number] = cache.digest(raw)
        key = keys[number]
        stored = store.get(key, digests[number]) if key is not None else None
        decoded = _from_record(path, stored) if stored is not None else None
        if decoded is not None:
            results[number] = decoded
        else:
            misses.append((number, path, raw))
    unread = [(path, raw) for _, path, raw in misses]
    for (number, _, _), result in zip(misses, _read_entries(unread, vocabularies), strict=True):
        results[number] = result
        key = keys[number]
        if key is not None and store.keeping:
            store.put(key, digests[number], _to_record(*result))
    for path, (entry, found) in zip(files, results, strict=True):
        problems.extend(found)
        if entry is None:
            continue
        if entry.id in entries:
            problems.append(
                Problem(
                    path,
                    entry.lines.get("id"),
                    "E121",
                    f"id '{entry.id}' is already used by {display_path(entries[entry.id].path)}: "
                    "choose another id and rename this file to match",
                )
            )
            continue
        entries[entry.id] = entry
    problems.extend(_unknown_exclusions(entries))

    store.keep_only(set(names))
    store.save()
    library = None
    if not any(problem.is_error for problem in problems):
        library = Library(
            root=base,
            entries=dict(sorted(entries.items())),
            org_types={r["id"]: _record(OrgType, r) for r in vocab_records["org_types"]},
            concerns={r["id"]: _record(Concern, r) for r in vocab_records["concerns"]},
            sources={r["id"]: _record(Source, r) for r in vocab_records["sources"]},
        )
    return LibraryRead(
        root=base,
        vocabularies=tuple(read),
        files=tuple(files),
        entries=tuple(entries.values()),
        problems=tuple(problems),
        library=library,
    )


def _refuse_a_copy_of_the_repository(base: Path) -> None:
    """Stop at once when ``base`` is a clone of bizcase (an organisation's fork, say).

    Read as a library of entries only, such a folder gives an error for every document
    and test fixture in it, and would pass over the fork's own organisation types in
    'arguments', when the officer only meant the folder one level down.
    """
    names = [filename for filename, _ in schema.VOCABULARY_FILES.values()]
    nested = base / "arguments"
    if any(os.path.lexists(base / name) for name in names) or not any(
        (nested / name).is_file() for name in names
    ):
        return
    variable = environment_variable_naming(base)
    if variable is not None:
        raise LibraryError(
            f"{variable} is set to '{base}', a copy of the bizcase repository, whose library is "
            f"its 'arguments' folder: set {variable} to {nested}."
        )
    raise LibraryError(
        f"the library folder '{base}' is a copy of the bizcase repository, whose library is its "
        f"'arguments' folder: pass --library {nested}."
    )


#: The fields of an entry the cache keeps; the path is the file's own.
_CACHED = tuple(name for name in Entry.__dataclass_fields__ if name != "path")


def _to_record(entry: Entry | None, problems: Sequence[Problem]) -> tuple[Any, ...]:
    """An entry and its problems as plain values, for the cache."""
    values = None
    if entry is not None:
        values = tuple(
            dict(value) if name == "lines" else value
            for name, value in ((name, getattr(entry, name)) for name in _CACHED)
        )
    return (values, _problem_records(problems))


def _problem_records(problems: Sequence[Problem]) -> tuple[tuple[Any, ...], ...]:
    return tuple((p.line, p.code, p.message, p.severity.value, p.count) for p in problems)


def _unknown_exclusions(entries: Mapping[str, Entry]) -> list[Problem]:
    """An error for each id in an entry's ``excludes`` that names no other entry."""
    problems = []
    for entry in entries.values():
        for other in entry.excludes:
            if other == entry.id:
                why = "names the entry itself: list only other entries' ids"
            elif other not in entries:
                hint = schema.did_you_mean(other, list(entries))
                why = f"names '{other}', which is no entry in the library{hint}: use an entry's id"
            else:
                continue
            problems.append(
                Problem(entry.path, entry.lines.get("excludes"), "E122", f"'excludes' {why}")
            )
    return problems


#: What decoding a damaged cache record raises; the file is then read afresh.
_DAMAGED = (ValueError, TypeError, IndexError, KeyError, AttributeError)


def _problems_from(path: Path, records: Sequence[tuple[Any, ...]]) -> list[Problem]:
    problems = []
    for line, code, message, severity, count in records:
        if not (
            (line is None or type(line) is int)
            and isinstance(code, str)
            and isinstance(message, str)
            and type(count) is int
        ):
            raise TypeError("a cached problem of the wrong shape")
        problems.append(Problem(path, line, code, message, Severity(severity), count))
    return problems


#: The types each of an entry's cached fields may have (text unless listed), so a
#: damaged record is never served: the credit is optional, and core is true or false
#: or a list of organisation types.
_CACHED_TYPES: dict[str, tuple[type, ...]] = {
    "org_types": (tuple,),
    "concerns": (tuple,),
    "strength": (int,),
    "credit": (str, type(None)),
    "core": (bool, tuple),
    "excludes": (tuple,),
    "lines": (dict,),
    "body_line": (int,),
}
_SHAPES = frozenset(product(*(_CACHED_TYPES.get(name, (str,)) for name in _CACHED)))


def _from_record(path: Path, record: Any) -> tuple[Entry | None, list[Problem]] | None:
    """A cached entry and its problems; None when the record is damaged."""
    try:
        values, problem_records = record
        problems = _problems_from(path, problem_records)
        if values is None:
            return None, problems
        # Types compared whole, not field by field: a warm run reads thousands.
        if tuple(map(type, values)) not in _SHAPES:
            return None
        return Entry(path=path, **dict(zip(_CACHED, values, strict=True))), problems
    except _DAMAGED:
        return None


def _vocabulary_from(
    path: Path, record_schema: schema.Schema, stored: Any
) -> tuple[list[dict[str, Any]], list[Problem]] | None:
    """A cached vocabulary's records and problems; None when absent or damaged."""
    if stored is None:
        return None
    try:
        records, problem_records = stored
        problems = _problems_from(path, problem_records)
        if not isinstance(records, list):
            return None
        for record in records:
            # A few dozen records: checking them again costs nothing, and a record
            # that no longer fits its schema would break every command later.
            if not isinstance(record, dict) or schema.validate(
                record, record_schema, path=path, lines={}, line=None, vocabularies={}
            ):
                return None
        return records, problems
    except _DAMAGED:
        return None


#: Below this many unread files, starting worker processes costs more than it saves.
PARALLEL_FROM = 1000


def _read_entries(
    files: Sequence[tuple[Path, bytes]], vocabularies: Mapping[str, Sequence[str]]
) -> list[tuple[Entry | None, list[Problem]]]:
    """Read and check the files the cache has not seen, on every core when there are many."""
    if not files:
        return []  # all cached: YAML and the checks need not even be imported
    from bizcase import reader

    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_FROM and workers > 1:
        try:
            return _read_in_parallel(files, vocabularies, workers)
        except (OSError, RuntimeError, ImportError):
            pass  # no processes here (a sandbox, say): read them in this one
    return reader.read_entries(files, vocabularies)


def _read_in_parallel(
    files: Sequence[tuple[Path, bytes]],
    vocabularies: Mapping[str, Sequence[str]],
    workers: int,
) -> list[tuple[Entry | None, list[Problem]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from bizcase import reader

    methods = multiprocessing.get_all_start_methods()
    # Forked workers start at once with bizcase already imported.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = -(-len(files) // (workers * 4))
    chunks = [list(files[start : start + size]) for start in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(reader.read_entries, chunks, [dict(vocabularies)] * len(chunks))
        return [result for part in parts for result in part]


def library_hint(root: Path) -> str:
    """' --library DIR' when a command run without it would read another library."""
    try:
        if real_path(root) == real_path(packaged_path("arguments")):
            return ""
    except LibraryError:
        pass
    return f" --library {shlex.quote(str(root))}"


def real_path(path: Path) -> Path:
    """``path`` absolute with its links followed, as far as they go."""
    # Path.resolve raises RuntimeError for a link that loops (before Python 3.13);
    # such a file is reported as unreadable, so finding where it lies must not fail.
    return Path(os.path.realpath(path))


def find_root(path: Path) -> Path | None:
    """The library a file or folder belongs to: the nearest folder with its vocabularies."""
    names = [filename for filename, _ in schema.VOCABULARY_FILES.values()]
    start = real_path(path)
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if any((folder / name).is_file() for name in names):
            return folder
    return None


def environment_variable_naming(folder: Path | str) -> str | None:
    """The environment variable the running command took ``folder`` from, if it took it from one.

    The command line reads the library folder from --library or, failing that, from
    BIZCASE_LIBRARY. A message saying how to use another library must name the one
    the officer used: whoever set the variable long ago never typed --library.
    """
    import click
    from click.core import ParameterSource

    context = click.get_current_context(silent=True)
    if (
        context is None
        or context.get_parameter_source("library") is not ParameterSource.ENVIRONMENT
        # 'bizcase check FILE' reads the library FILE belongs to, not the variable's.
        or Path(context.params["library"]) != Path(folder)
    ):
        return None
    option = next(param for param in context.command.params if param.name == "library")
    return option.envvar if isinstance(option.envvar, str) else None


def _library_root(root: Path | str | None) -> Path:
    if root is None:
        return packaged_path("arguments")
    return given_folder(root, "to use the library that ships with bizcase")


def given_folder(root: Path | str, otherwise: str) -> Path:
    """The library folder given with --library; ``otherwise`` says what leaving it out does."""
    if not str(root).strip():
        # Path('') means this folder: an empty --library must not quietly become it.
        raise OptionError(
            "--library",
            "the library folder is empty text: give the folder of argument files, "
            f"or leave out --library {otherwise}",
        )
    return Path(root)


def entry_files(base: Path) -> Iterator[Path]:
    """Every entry file under ``base``, in a stable order."""
    for relative in _entry_names(base):
        yield base / relative


#: The documents a library kept as a git repository of its own may hold beside its entries
#: and read-me, by the names repositories give them. They are passed over only in capitals,
#: as they are conventionally written: an id is lowercase, so 'LICENSE.md' cannot be an
#: argument's file, while 'licence.md' or 'security.md' could be, and is read as one.
REPOSITORY_DOCUMENTS = frozenset(
    {
        "AUTHORS",
        "CHANGELOG",
        "CHANGES",
        "CODE_OF_CONDUCT",
        "CONTRIBUTING",
        "CONTRIBUTORS",
        "COPYING",
        "GOVERNANCE",
        "HISTORY",
        "LICENCE",
        "LICENSE",
        "NOTICE",
        "SECURITY",
        "SUPPORT",
    }
)


def is_repository_document(name: str) -> bool:
    """Whether a file called ``name`` is a repository's own, such as LICENSE.md or COPYING."""
    return name.split(".", 1)[0] in REPOSITORY_DOCUMENTS


def is_entry_name(name: str) -> bool:
    """Whether a file ``name`` is read as an entry: not a read-me, repository document or draft."""
    return (
        name.endswith(".md")
        and not name.startswith((".", "_"))
        and name.lower() != "readme.md"
        and not is_repository_document(name)
    )


def _entry_names(base: Path) -> list[str]:
    """The entry files under ``base`` as sorted POSIX paths relative to it."""
    return _scan(base)[0]


#: Files a library may hold besides its entries, which are not read as entries.
_NOT_ENTRIES = frozenset(
    [filename for filename, _ in schema.VOCABULARY_FILES.values()] + ["schema.json"]
)


def _is_stray(name: str) -> bool:
    """A file that looks meant for the library but is not read: 'x.txt', 'x.MD', 'x.markdown'."""
    if (
        is_entry_name(name)
        or name in _NOT_ENTRIES
        or name.startswith((".", "_"))
        or is_repository_document(name)
    ):
        return False
    return not name.lower().startswith(("readme", "licence", "license"))


def stray_problems(base: Path, strays: Sequence[str]) -> list[Problem]:
    """A warning for each stray file (a path relative to ``base``) that bizcase will not read."""
    found = []
    for name in strays:
        stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
        # 'My Idea.txt' as the name the check would take: 'my-idea.md', not 'my idea.md'.
        wanted = f"{schema.as_id(stem) or stem.lower()}.md"
        if name.lower().endswith(_DOCUMENTS):
            # Renamed, a Word file would still be a Word file: its text is what is wanted.
            fix = (
                "this file is a word processor's document, which is not read: an argument is "
                f"plain text, so copy its text into a new file named '{wanted}', set out as "
                "CONTRIBUTING.md shows, and remove this one"
            )
        else:
            fix = (
                "this file is not read: an argument must be a file ending in '.md'; rename it "
                f"to '{wanted}', or remove it"
            )
        found.append(Problem(base / name, None, "W205", fix, Severity.WARNING))
    return found


#: The documents of word processors, which no renaming makes into plain text.
_DOCUMENTS = (".docx", ".doc", ".docm", ".odt", ".rtf", ".pages", ".pdf", ".wps")


def _scan(base: Path) -> tuple[list[str], list[str]]:
    """The entry files under ``base``, and the stray files, as sorted relative POSIX paths."""
    names: list[str] = []
    strays: list[str] = []
    # os.walk on strings: pathlib's rglob costs more than reading the files.
    for folder, subfolders, files in _walk(base):
        # Hidden and underscored folders are not part of the library.
        subfolders[:] = [name for name in subfolders if not name.startswith((".", "_"))]
        prefix = os.path.relpath(folder, base).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        # A folder named like an entry is listed too, so that reading it reports
        # the mistake instead of the library quietly taking in what it holds.
        mistaken = [name for name in subfolders if is_entry_name(name)]
        subfolders[:] = [name for name in subfolders if name not in mistaken]
        for name in subfolders:
            _refuse_linked_folder(os.path.join(folder, name))
        names.extend(prefix + name for name in files + mistaken if is_entry_name(name))
        strays.extend(prefix + name for name in files if _is_stray(name))
    return sorted(names, key=lambda name: name.split("/")), sorted(strays)


def _refuse_linked_folder(folder: str) -> None:
    """Stop on a folder that is a link: os.walk does not follow it, passing over its entries."""
    if os.path.islink(folder):
        try:
            target = f" to '{shown(os.readlink(folder))}'"
        except OSError:
            target = ""
        raise LibraryError(
            f"the folder '{shown(Path(folder))}' in the library is a link{target}, which bizcase "
            "does not follow: move or copy its files into the library, and remove the link."
        )


def _walk(base: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk, saying plainly when folders nest deeper than it can go (it recurses in 3.11)."""
    try:
        yield from os.walk(base, onerror=lambda error: _unreadable_folder(base, error))
    except RecursionError:
        raise LibraryError(
            f"'{base}' holds folders nested too deeply to read: keep argument files within a "
            "few folders of the top of the library."
        ) from None


def _unreadable_folder(base: Path, error: OSError) -> None:
    """Stop on a folder that cannot be listed: os.walk would pass over it, and its entries."""
    folder = Path(error.filename) if error.filename else base
    why = _os_reason(folder, error)
    if real_path(folder) == real_path(base):
        raise LibraryError(
            f"cannot read the library folder '{shown(folder)}' ({why}): make it readable, "
            "or use another library."
        )
    raise LibraryError(
        f"cannot read the folder '{shown(folder)}' in the library ({why}): make it readable, or "
        "move it out of the library."
    )


_Named = TypeVar("_Named", OrgType, Concern)


def other_names(records: Mapping[str, OrgType] | Mapping[str, Concern]) -> dict[str, str]:
    """The id each of a vocabulary's other names ('council', 'cyber') stands for."""
    return {alias: record.id for record in records.values() for alias in record.aliases}


def _named(
    records: Mapping[str, _Named],
    name: str,
    option: str,
    unknown: str,
    choose: str,
    command: str,
    several: Callable[[list[str]], str],
) -> _Named:
    """The record called ``name``, by its id or another name, or an error naming the closest."""
    wanted = schema.normal_name(name)
    for record in records.values():
        if wanted == record.id or wanted in record.aliases:
            return record
    names = list(records)
    if not name.strip():
        # '--org-type=' or '-c ""': nothing to suggest from, only the list.
        raise OptionError(
            option, f"it is empty. {choose}: {', '.join(names)} (bizcase {command} lists them)."
        )
    others = other_names(records)
    items = list(dict.fromkeys(schema.named_items(name, names, others) or ()))
    if len(items) > 1:
        # 'security reputation' or 'council;health': more than one, not a misspelling of one.
        raise OptionError(option, several(items))
    suggestion = schema.suggestion(name, names, others)
    hint = f" Did you mean '{suggestion}'?" if suggestion else ""
    raise OptionError(
        option,
        f"{unknown} '{shown(name)}'.{hint} {choose}: {', '.join(names)} "
        f"(bizcase {command} lists them).",
    )


_Record = TypeVar("_Record")


def _record(kind: type[_Record], record: Mapping[str, Any]) -> _Record:
    """A vocabulary record, already checked against its schema, as its dataclass."""
    # Absent optional fields take the dataclass's defaults; lists become tuples.
    return kind(
        **{
            key: tuple(value) if isinstance(value, list) else value
            for key, value in record.items()
            if value is not None
        }
    )
