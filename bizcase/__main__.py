"""Run bizcase as ``python -m bizcase``, and the ``bizcase`` command's entry point."""

from bizcase.interrupt import stop_cleanly_on


def main() -> None:
    """Start bizcase, answering Ctrl-C with one line even while it is still loading."""
    # Until the command line module is loaded, which takes a moment, a Ctrl-C would
    # otherwise end in a traceback; bizcase.cli then handles the other signals too.
    stop_cleanly_on(("SIGINT",))
    from bizcase.cli import main as run

    run()


if __name__ == "__main__":
    main()
