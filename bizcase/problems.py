"""Problems found in the library: values, not exceptions, until the edge."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies inside it, as compilers print."""
    try:
        # The folder is resolved, not the file: a broken or looping link is shown
        # under its own name (and resolving it would fail).
        where = Path(os.path.realpath(path.parent)) / path.name
        return readable(str(where.relative_to(Path.cwd().resolve())))
    except (ValueError, OSError, RuntimeError):
        return readable(str(path))


def readable(text: str) -> str:
    """``text`` with the bytes of a file name that is not UTF-8 shown as '\ufffd'.

    Python keeps such bytes as lone surrogates, which no UTF-8 output (a JSON
    report, a terminal) can hold.
    """
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` with its line breaks and other control characters written as escapes.

    A value quoted in a message can hold what YAML's escapes wrote into it ("x\\n");
    escaped, every problem keeps to its own line, as editors and scripts expect.
    """
    return _CONTROLS.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(StrEnum):
    """How serious a problem is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, reported as ``path:line: CODE message``."""

    path: Path
    line: int | None
    code: str
    message: str
    severity: Severity = Severity.ERROR
    #: How many problems this line stands for: more than one where it counts the rest
    #: of the same mistake in a file, rather than listing each (``checks.capped``).
    count: int = 1

    def __str__(self) -> str:
        # A file name may hold a line break too, and printed as it is, would start a line of
        # its own: in GitHub Actions, a line starting '::' is a command to the workflow.
        path = one_line(display_path(self.path))
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.code} {one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        """True when the problem stops the library being used."""
        return self.severity is Severity.ERROR


def github_annotation(problem: Problem, level: str) -> str:
    """The problem as a GitHub Actions workflow command: shown on its line in a pull request."""
    # Relative to the working folder, which in a workflow is the top of the checkout,
    # and with forward slashes, as GitHub names the files of a pull request.
    properties = [f"file={_escape_property(PurePath(display_path(problem.path)).as_posix())}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    message = _escape_data(f"{problem.code} {problem.message}")
    return f"::{level} {','.join(properties)}::{message}"


def _escape_data(text: str) -> str:
    """A workflow command's message, with the characters GitHub reads as its syntax encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property, where ':' and ',' would also end the value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
