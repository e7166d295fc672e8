"""Write files so that nothing is ever half-written or silently replaced."""

from __future__ import annotations

import contextlib
import os
import shlex
import stat
import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path

from bizcase.errors import OutputError
from bizcase.problems import one_line, readable

#: Paths longer than this are shortened in messages, so the error stays one readable line.
_SHOWN_LENGTH = 200

#: The width text for the terminal wraps to: an 80-column terminal, the narrowest in common use.
TERMINAL_WIDTH = 80

#: The option that names the batch folder: its messages cannot suggest a file name.
_BATCH_OPTION = "--output-dir"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def shown(path: Path | str) -> str:
    """``path``, or any value typed, as a message shows it: on one line, whole unless too long.

    A line break or another control character in it is shown as its escape, such as '\\n',
    and half of a character pair (a lone surrogate), which no output can hold, as '\ufffd'.
    """
    text = readable(one_line(str(path)))
    if len(text) <= _SHOWN_LENGTH:
        return text
    return f"{text[:80]}...{text[-40:]}"


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def check_name(value: Path | str, option: str, example: str) -> None:
    """Refuse a name that Python would read as another: empty (this folder), blank (a file ' '),
    or a file's name ending in a slash (the file itself, where a folder was meant)."""
    text = str(value)
    kind = "folder" if option == _BATCH_OPTION else "file"
    if text == "":
        raise OutputError(f"{option} is empty: give a {kind} name such as {example}")
    try:
        os.fsencode(text)
    except UnicodeError:
        unusable = True
    else:
        unusable = "\0" in text
    if unusable:
        # Only a script can pass these (a command line cannot hold a NUL), and Python's
        # own error would name neither the option nor what to do.
        raise OutputError(
            f"{option} '{shown(text)}' holds a character no {kind} name can: a NUL or half of "
            f"a character pair (a lone surrogate): give a {kind} name such as {example}"
        )
    name = Path(text).name
    if not text.strip() or (name and not name.strip()):
        raise OutputError(
            f"{option} '{text}' names a {kind} of only spaces: give a {kind} name such as {example}"
        )
    slashes = "/" + (os.altsep or "") + os.sep
    if kind == "file" and text.endswith(tuple(slashes)) and not is_folder(text, option):
        # As 'cp' refuses it: the slash says a folder, which is not there.
        folder = text.rstrip(slashes)
        raise OutputError(
            f"{option} '{shown(text)}' ends in a slash, which names a folder, but "
            f"'{shown(folder)}' is no folder: drop the slash to write the file, or choose another "
            f"{option}"
        )


def check_separators(path: Path | str, option: str) -> None:
    """Refuse a Windows path typed where folders are separated by '/'."""
    text = str(path)
    if os.sep == "/" and "\\" in text:
        # 'Desktop\\case.docx' would be one file, named with a backslash, in this folder.
        meant = text.replace("\\", "/")
        raise OutputError(
            f"'{shown(text)}' has a backslash (\\), which separates folders only on Windows: "
            f"type a forward slash, {option} {as_typed(meant)}"
        )


def as_typed(path: str) -> str:
    """``path`` as a message shows it, typed as any terminal reads it (see ``quoted``)."""
    return quoted(shown(path))


def wrapped(text: str, first: str = "", rest: str = "") -> str:
    """``text`` wrapped to the terminal after ``first``, its later lines after ``rest``.

    Ids, hyphenated words and web addresses are kept whole, even past the edge.
    """
    return textwrap.fill(
        text,
        TERMINAL_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def quoted(word: str) -> str:
    """``word`` as it is typed at any terminal: in double quotes when it needs quoting."""
    if shlex.quote(word) == word:
        return word
    # Windows' Command Prompt groups words in double quote marks only.
    return f'"{word}"' if '"' not in word else shlex.quote(word)


def in_full(path: Path | str, option: str) -> str | None:
    """How to type ``path`` when it starts with a '~' the terminal did not expand, if it does."""
    home = Path(os.path.expanduser(path))
    if home == Path(path) or not is_folder(home.parent, option):
        return None
    # A shell leaves '~' as it is inside quote marks, and Windows' Command Prompt always.
    return (
        "'~' stands for your home folder only outside quote marks, so type it without them, "
        f"or in full: {option} {as_typed(str(home))}"
    )


def _lstat(path: Path, option: str) -> os.stat_result | None:
    """What is at ``path`` itself (a link is not followed), or None if nothing is."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        # Python raises, rather than answering no, for a name too long or a loop.
        raise OutputError(
            f"cannot use '{shown(path)}': {_reason(error)}; choose another {option}"
        ) from None


def is_folder(path: Path | str, option: str) -> bool:
    """Whether ``path`` is a folder (following links); a path no system can use is an error."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise OutputError(
            f"cannot use '{shown(path)}': {_reason(error)}; choose another {option}"
        ) from None


def make_folder(path: Path, option: str) -> None:
    """Make the folder ``path`` (its own folder exists), or say why it cannot be made."""
    try:
        path.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"could not make the folder '{shown(path)}': {_reason(error)}; choose another {option}"
        ) from None


def remove_if_empty(path: Path) -> None:
    """Remove the folder ``path`` if nothing was written into it."""
    with contextlib.suppress(OSError):
        path.rmdir()


def check_target(
    path: Path | str,
    *,
    force: bool = False,
    option: str = "--output",
    example: str = "business-case.docx",
) -> Path:
    """The file that writing to ``path`` will create or replace, or an error saying why not.

    A symbolic link is followed to the file it finally names, so that file is
    updated and the link kept. ``example`` is the file name suggested when
    ``path`` is a folder.
    """
    if isinstance(path, str) or (path.name and not path.name.strip()):
        check_name(path, option, example)
    check_separators(path, option)
    path = Path(path)
    real = path
    info = _lstat(path, option)
    if info is not None and stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        info = _lstat(real, option)
    where = f"'{shown(path)}'" if real == path else f"'{shown(path)}' (a link to '{shown(real)}')"
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            if option == _BATCH_OPTION:
                raise OutputError(
                    f"{where} is a folder: move it out of the way, or choose another {option}"
                )
            raise OutputError(
                f"{where} is a folder: give a file name, such as {shown(path / example)}"
            )
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(f"'{shown(path)}' is a link that loops: choose another {option}")
        if not stat.S_ISREG(info.st_mode):
            # A pipe, device or socket would be swapped for a plain file, breaking whatever used it.
            raise OutputError(f"{where} is not a regular file: choose another {option}")
    folder = real.parent
    if not is_folder(folder, option):
        led = "" if real == path else f", where the link '{shown(path)}' leads,"
        if folder.exists():
            raise OutputError(
                f"'{shown(folder)}'{led} is a file, not a folder: choose another {option}"
            )
        home = in_full(path, option)
        if home is not None:
            raise OutputError(f"the folder '{shown(folder)}' does not exist: {home}")
        raise OutputError(
            f"the folder '{shown(folder)}'{led} does not exist: create it, or choose another "
            f"{option}"
        )
    if info is not None and not force:
        raise OutputError(_exists(path, option))
    return real


def _exists(path: Path, option: str) -> str:
    return (
        f"'{shown(path)}' already exists and may hold your edits: choose another {option}, "
        "or add --force to replace it"
    )


def write_file(
    path: Path | str,
    data: bytes,
    *,
    force: bool = False,
    option: str = "--output",
    example: str = "business-case.docx",
) -> Path:
    """Write ``data`` to ``path`` all at once: a complete file, or nothing at all.

    ``option`` is the option the user named the path with, so the message can
    tell them what to change; ``example`` is suggested when ``path`` is a folder.
    """
    real = check_target(path, force=force, option=option, example=example)
    path = Path(path)
    try:
        _commit(path, real, data, force=force, option=option)
    except OSError as error:
        raise OutputError(f"{_not_written(path, real, error)}; nothing was written") from None
    return path


def _not_written(path: Path, real: Path, error: OSError) -> str:
    """Why ``path`` could not be written, and what to do when it is open in another program."""
    if isinstance(error, PermissionError) and real.exists():
        # Windows refuses to replace a file Word has open; a locked file refuses anywhere.
        return (
            f"could not replace '{shown(path)}' ({_reason(error)}): if it is open in Word or "
            "another program, close it there and try again"
        )
    return f"could not write '{shown(path)}': {_reason(error)}"


def write_files(
    documents: Sequence[tuple[Path, bytes]],
    *,
    force: bool = False,
    option: str = _BATCH_OPTION,
) -> list[Path]:
    """Write several files, each whole, after checking that every one of them can be written.

    If one still fails part-way, the error names those already written, so
    the user knows which documents are new and which are not.
    """
    reals = [check_target(path, force=force, option=option) for path, _ in documents]
    for folder in dict.fromkeys(real.parent for real in reals):
        _probe_writable(folder, option)
    written: list[Path] = []
    for (path, data), real in zip(documents, reals, strict=True):
        try:
            _commit(path, real, data, force=force, option=option)
        except OutputError as error:
            raise OutputError(f"{error.message}; {_already(written)}") from None
        except OSError as error:
            raise OutputError(f"{_not_written(path, real, error)}; {_already(written)}") from None
        written.append(path)
    return written


def _already(written: Sequence[Path]) -> str:
    if not written:
        return "nothing was written"
    folders = {path.parent for path in written}
    if len(folders) == 1:
        # Names alone keep the line readable when every file went to one folder.
        names = ", ".join(path.name for path in written)
        where = f" in '{shown(written[0].parent)}'"
    else:
        names = ", ".join(shown(path) for path in written)
        where = ""
    verb = "was" if len(written) == 1 else "were"
    return f"{names} {verb} already written{where}; the rest were not"


def _probe_writable(folder: Path, option: str) -> None:
    """Fail now, before anything is written, if ``folder`` takes no new files."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".bizcase.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(_unwritable(folder, error, option)) from None
    os.close(handle)
    _remove(temporary)


def _unwritable(folder: Path, error: OSError, option: str) -> str:
    return (
        f"cannot write to the folder '{shown(folder)}': {_reason(error)}; choose another {option}"
    )


def _commit(path: Path, real: Path, data: bytes, *, force: bool, option: str) -> None:
    """Put ``data`` at ``real`` in one step; an OSError means nothing there changed."""
    folder = real.parent
    try:
        # The temporary file sits beside the target, so the rename is atomic; its
        # name is cut short so that a long target name still leaves it room.
        handle, temporary = tempfile.mkstemp(
            prefix=f".{real.name[:100]}.", suffix=".part", dir=folder
        )
    except OSError as error:
        raise OutputError(_unwritable(folder, error, option)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if force:
            _replace_regular(Path(temporary), real, path, option)
        else:
            _link_without_replacing(Path(temporary), real, path, option)
    except BaseException:
        # Ctrl-C or any failure: the partial file goes, and whatever was there stays.
        _remove(temporary)
        raise


def _remove(temporary: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)


def _replace_regular(temporary: Path, real: Path, path: Path, option: str) -> None:
    """Replace ``real`` unless something other than a plain file took its place meanwhile."""
    info = _lstat(real, option)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"'{shown(path)}' is not a regular file: choose another {option}")
    if info is not None:
        # The new copy keeps who may read it: a case locked to its owner stays locked.
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
    os.replace(temporary, real)


def _link_without_replacing(temporary: Path, real: Path, path: Path, option: str) -> None:
    """Move ``temporary`` to ``real`` unless something appeared there meanwhile."""
    try:
        os.link(temporary, real)
    except FileExistsError:
        raise OutputError(_exists(path, option)) from None
    except OSError:
        # Some file systems have no hard links; the check above must then suffice.
        os.replace(temporary, real)
        return
    os.unlink(temporary)
