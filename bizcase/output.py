"""Write files so that nothing is ever half-written or silently replaced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from bizcase.errors import OutputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once: a complete file, or nothing at all."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(
            f"'{path}' is a folder: give a file name, such as {path / 'business-case.docx'}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"the folder '{folder}' does not exist: create it, or choose another --output"
        )
    if path.exists() and not force:
        raise OutputError(
            f"'{path}' already exists and may hold your edits: choose another --output, "
            "or add --force to replace it"
        )
    try:
        # The temporary file sits beside the target, so the rename is atomic.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(
            f"cannot write to the folder '{folder}': {(error.strerror or str(error)).lower()}; "
            "choose another --output"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if force:
            os.replace(temporary, path)
        else:
            _link_without_replacing(Path(temporary), path)
    except OSError as error:
        _remove(temporary)
        raise OutputError(
            f"could not write '{path}': {(error.strerror or str(error)).lower()}; "
            "nothing was written"
        ) from None
    except BaseException:
        # Ctrl-C or any failure: the partial file goes, and whatever was there stays.
        _remove(temporary)
        raise
    return path


def _remove(temporary: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)


def _link_without_replacing(temporary: Path, path: Path) -> None:
    """Move ``temporary`` to ``path`` unless something appeared there meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError(
            f"'{path}' already exists and may hold your edits: choose another --output, "
            "or add --force to replace it"
        ) from None
    except OSError:
        # Some file systems have no hard links; the check above must then suffice.
        os.replace(temporary, path)
        return
    os.unlink(temporary)
