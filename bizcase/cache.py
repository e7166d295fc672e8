"""A cache of checked argument files, keyed by their content, so it can never be stale.

Reading a large library is mostly YAML parsing. Each file's result (the entry and
its problems) is kept under the hash of the file's bytes, of the vocabularies it
was checked against, and of the code that checked it: any change to any of them
is a miss, and the file is read afresh. Nothing is trusted from a file's name,
size or modification time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bizcase import __version__

CACHE_ENV = "BIZCASE_CACHE_DIR"
_FORMAT = 4
#: The modules whose code decides what a file's entry and problems are.
_CHECKING_CODE = (
    "library.py",
    "reader.py",
    "checks.py",
    "schema.py",
    "text.py",
    "problems.py",
    "cache.py",
)


def digest(data: bytes) -> bytes:
    """A short, collision-resistant fingerprint of some bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def code_fingerprint() -> bytes:
    """The fingerprint of bizcase's checking code, so an upgrade never reuses old results."""
    here = Path(__file__).resolve().parent
    return fingerprint(*(here / name for name in _CHECKING_CODE))


def cache_dir() -> Path | None:
    """Where caches live: $BIZCASE_CACHE_DIR ('off' for none), else the user's cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    # The XDG spec calls a relative XDG_CACHE_HOME invalid, to be ignored; and without a
    # HOME or a user the system knows, '~' stays '~'. Either would put the cache in
    # whatever folder bizcase runs in, a library among them: none is kept instead.
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        # A home folder that does not exist (a service account's, HOME mistyped) is
        # not made for a cache: bizcase works without one.
        if not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "bizcase" if os.path.isabs(base) else None


def fingerprint(*files: Path, extra: bytes = b"") -> bytes:
    """The fingerprint of some files' contents (and more), for keys of cached results."""
    parts = [__version__.encode(), extra]
    for path in files:
        with contextlib.suppress(OSError):
            parts.append(path.read_bytes())
    return digest(b"\0".join(parts))


def cached_bytes(name: str, key: bytes, make: Callable[[], bytes]) -> bytes:
    """``make()``'s result, kept in the cache under ``key`` for the next process."""
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"{name}-{key.hex()}"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = make()
    _write_atomically(path, data)
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file whole, or not at all; a cache that cannot be written is not kept."""
    import tempfile  # only when writing, so reading stays lean

    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def template_cache_dir() -> Path | None:
    """Where Jinja2 keeps compiled templates between runs (it checks their sources itself).

    Made if need be, and only if this user alone can write to it; else None.
    Compiled templates are code that Jinja2 runs: in a folder others can write to
    (a BIZCASE_CACHE_DIR shared with other users, say), they could plant their
    own, so templates are then compiled afresh on every run instead, as Jinja2
    itself does for its default cache folder.
    """
    base = cache_dir()
    if base is None:
        return None
    folder = base / "templates"
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        status = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return None
    return folder


class FileCache:
    """Results for the files of one library, under the fingerprint of their context."""

    def __init__(self, path: Path | None, context: bytes) -> None:
        self.path = path
        self.context = context
        self.records: dict[str, tuple[bytes, Any]] = {}
        self.changed = False
        if path is None:
            return
        try:
            data = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return  # no cache yet, or one that cannot be read: start afresh
        if (
            isinstance(data, dict)
            and data.get("format") == _FORMAT
            and data.get("context") == context
            and isinstance(data.get("records"), dict)
        ):
            self.records = data["records"]

    @classmethod
    def for_library(cls, root: Path, context: bytes, part: str) -> FileCache:
        """The cache of one part of the library at ``root`` (keeping nothing when disabled)."""
        folder = cache_dir()
        if folder is None:
            return cls(None, context)
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
        return cls(folder / f"library-{name}-{part}.marshal", context)

    @property
    def keeping(self) -> bool:
        """Whether results put here are kept (not when the cache is turned off)."""
        return self.path is not None

    def get(self, key: str, content: bytes) -> Any | None:
        """The result stored for ``key`` if it was made from exactly this content."""
        record = self.records.get(key)
        # A damaged record is a miss; what it holds is checked by whoever decodes it.
        if isinstance(record, tuple) and len(record) == 2 and record[0] == content:
            return record[1]
        return None

    def put(self, key: str, content: bytes, result: Any) -> None:
        """Remember ``result`` for ``key`` made from this content."""
        self.records[key] = (content, result)
        self.changed = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget files that are gone."""
        for key in set(self.records) - keys:
            del self.records[key]
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept."""
        if self.path is None or not self.changed:
            return
        payload = marshal.dumps(
            {"format": _FORMAT, "context": self.context, "records": self.records}
        )
        _write_atomically(self.path, payload)
