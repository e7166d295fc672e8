"""Shared fixtures: the packaged library, a CLI runner, and golden-file helpers."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from bizcase.library import Library, load_library, packaged_path

# In CI, property tests draw the same examples every run, so a result can be
# reproduced; on a developer's machine they explore afresh each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
#: A fixed date, so documents built in tests do not change from day to day.
DATE = dt.date(2026, 11, 21)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files from the current output instead of comparing.",
    )


@pytest.fixture(scope="session")
def library() -> Library:
    """The library that ships with bizcase."""
    return load_library()


@pytest.fixture(scope="session")
def arguments_dir() -> Path:
    return packaged_path("arguments")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it under --update-golden."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.write_text(actual, encoding="utf-8")
            # Nothing was compared, so the test is not reported as passing.
            pytest.skip(f"rewrote {path.name}: review the change with git diff")
        assert path.exists(), f"no golden file {path}: run pytest --update-golden and review it"
        assert actual == path.read_text(encoding="utf-8")

    return check


#: What a newcomer writes in place of the template's text (schema.TEMPLATE_TEXT).
FILLED_IN = {
    "credit: Your Name": "credit: Sam Okafor",
    "Two to five sentences, in plain words, that back the claim for a sceptical reader.": (
        "Housing officers who follow local groups hear of damp and repairs long before a "
        "complaint is logged."
    ),
    "Evidence is welcome: say where it comes from.": (
        "In Anyshire, most of those are now put right within a week."
    ),
}


def contributing_example(filled_in: bool = False) -> tuple[str, str]:
    """The id and text of the argument CONTRIBUTING.md asks a newcomer to paste, as pasted.

    ``filled_in``: with the template's text replaced by the newcomer's own, as the guide
    asks before the pull request check will pass it.
    """
    guide = (TESTS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = guide.split("   ```markdown\n", 1)[1].split("   ```\n", 1)[0]
    text = "".join(line.removeprefix("   ") for line in block.splitlines(keepends=True))
    entry_id = text.split("\nid: ", 1)[1].split("\n", 1)[0]
    if filled_in:
        for template, own in FILLED_IN.items():
            assert template in text, f"CONTRIBUTING.md's template no longer holds {template!r}"
            text = text.replace(template, own)
    return entry_id, text


def assert_no_crash(result: Result) -> None:
    """The command ended as bizcase ends it, not with an exception it did not catch.

    CliRunner keeps an uncaught exception in ``result.exception`` and prints no
    traceback, so looking for 'Traceback' in its output can never fail.
    """
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def require(present: bool, what: str) -> None:
    """Skip when ``what`` is missing here; fail in CI, whose machine .ci/run sets up with it."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must have {what}: .ci/run installs it, so check it")
    pytest.skip(f"{what} is not installed here")


def require_renderer() -> None:
    """Skip when LibreOffice or pdftotext is missing here; fail in CI, where they must be."""
    from bizcase.export import pdf

    if pdf.available():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must install LibreOffice and poppler-utils: .ci/run does, so check it")
    pytest.skip(
        "LibreOffice or poppler's pdftotext is not installed: install libreoffice-writer-nogui "
        "and poppler-utils to run the page tests"
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' caches out of the user's cache folder."""
    os.environ["BIZCASE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def run_at_once(jobs: Sequence[Callable[[], object]], interval: float) -> list[BaseException]:
    """Run each job in a thread of its own, all at once; the errors they raised.

    The threads take turns every ``interval`` seconds rather than every few
    milliseconds, so that they meet inside the work they share.
    """
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            job()
        except Exception as error:  # a thread's error is otherwise only printed
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    before = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(before)
    return errors
