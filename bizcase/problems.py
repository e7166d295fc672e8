"""Problems found in the library: values, not exceptions, until the edge."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies inside it, as compilers print."""
    try:
        # The folder is resolved, not the file: a broken or looping link is shown
        # under its own name (and resolving it would fail).
        where = Path(os.path.realpath(path.parent)) / path.name
        return str(where.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


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

    def __str__(self) -> str:
        path = display_path(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.code} {self.message}"

    @property
    def is_error(self) -> bool:
        """True when the problem stops the library being used."""
        return self.severity is Severity.ERROR
