"""Run bizcase as ``python -m bizcase``, and the ``bizcase`` command's entry point."""

import signal
import sys


def main() -> None:
    """Start bizcase, answering Ctrl-C with one line even while it is still loading."""
    # Until the command line module is loaded, which takes a moment, a Ctrl-C would
    # otherwise end in a traceback; bizcase.cli then installs its fuller handling.
    signal.signal(signal.SIGINT, _stopped)
    from bizcase.cli import main as run

    run()


def _stopped(number: int, _frame: object) -> None:
    sys.stderr.write("\nStopped.\n")
    raise SystemExit(128 + number)


if __name__ == "__main__":
    main()
