"""Every error bizcase reports to its user.

Each one derives from :class:`click.ClickException`, so the command line prints
its message as a single clean line and exits non-zero, while Python callers can
catch :class:`BizcaseError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bizcase.problems import Problem


class BizcaseError(click.ClickException):
    """Base class of every error bizcase raises for its user."""

    exit_code = 1

    def __init__(self, message: str, lines: Sequence[str] | None = None) -> None:
        super().__init__(message)
        #: The message's lines as shown, one problem each: the message itself, unless given.
        self.lines = (message,) if lines is None else tuple(lines)

    def format_message(self) -> str:
        # A value typed by the user can hold a line break or a tab, which printed as it
        # is would start a line that reads as a problem of its own.
        from bizcase.problems import one_line

        return "\n".join(one_line(line) for line in self.lines)


class OptionError(BizcaseError):
    """An option's value names nothing bizcase knows, or cannot be used."""

    exit_code = 2

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


class LibraryError(BizcaseError):
    """The argument library cannot be used: it is missing, empty or has errors."""

    #: At most this many of a library's problems are shown by a command other than
    #: 'bizcase check': the wrong folder given as the library can hold thousands.
    SHOWN = 20

    def __init__(
        self, message: str, problems: Sequence[Problem] = (), shown: int | None = None
    ) -> None:
        self.problems = tuple(problems)
        lines = [str(problem) for problem in self.problems[:shown]]
        lines.append(message)
        super().__init__("\n".join(lines), lines)

    @classmethod
    def from_problems(
        cls, problems: Iterable[Problem], where: str, check: str | None = None
    ) -> LibraryError:
        """Collect every error found in a library into one exception.

        Given the ``check`` command that lists them all, only the first few are shown.
        """
        problems = tuple(problems)
        count = sum(problem.count for problem in problems)
        if count == 1:
            return cls(f"1 error in {where}: fix it and try again.", problems)
        if check is None or len(problems) <= cls.SHOWN:
            return cls(f"{count:,} errors in {where}: fix them and try again.", problems)
        # The command ends the line, to be copied as it is.
        return cls(
            f"{count:,} errors in {where}; the first {cls.SHOWN} are shown above, and this lists "
            f"them all: {check}",
            problems,
            shown=cls.SHOWN,
        )


class InvalidEntryError(BizcaseError):
    """A new entry would fail ``bizcase check``, so nothing was written."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        #: Each option (such as '--title') with what is wrong with its value.
        self.problems = tuple(problems)
        lines = [f"{option}: {message}" for option, message in self.problems]
        super().__init__("\n".join(lines), lines)


class UsageError(BizcaseError):
    """The command line itself is mistyped: an unknown option, or a value of the wrong kind."""

    exit_code = 2


class UnknownEntryError(BizcaseError):
    """An id names no entry in the library."""

    exit_code = 2


class TemplateError(BizcaseError):
    """A template cannot be loaded or rendered."""


class OutputError(BizcaseError):
    """The output cannot be written where the user asked."""


class FitError(BizcaseError):
    """What the officer asked for cannot fit on one page."""


class ToolMissingError(BizcaseError):
    """A program bizcase needs for this command (LibreOffice, poppler) is not installed."""


class RenderError(BizcaseError):
    """LibreOffice could not render a document, or the page is not what it must be."""
