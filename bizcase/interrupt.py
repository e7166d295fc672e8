"""Stopping on a signal: its shell status ('Stopped.' for Ctrl-C), temporary files removed."""

from __future__ import annotations

import signal
import sys

#: Ctrl-C, 'kill' and a closed terminal.
SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def stop_cleanly_on(names: tuple[str, ...] = SIGNALS) -> None:
    """Make each signal in ``names`` (where the system has it) stop bizcase cleanly.

    Each becomes an exit with the shell's status for the signal (130 for Ctrl-C),
    which unwinds like an error, so every temporary file is removed on the way.
    """
    for name in names:
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _stop)


def _stop(number: int, _frame: object) -> None:
    if number == signal.SIGINT:
        sys.stderr.write("\nStopped.\n")
    raise SystemExit(128 + number)
