"""Commands that need no Word file load no Word machinery: `bizcase --help` and `list` stay fast."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("docx", "lxml")
PROBE = """
import json, runpy, sys
sys.argv = ["bizcase", *json.loads(sys.argv[1])]
try:
    runpy.run_module("bizcase", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(name for name in sys.modules if name in {heavy} or name.split(".")[0] in {heavy})))
"""


def loaded_after(*args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{heavy}", repr(set(heavy))), json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("list",),
        ("list", "--org-type", "police", "--json"),
        ("show", "staff-have-smartphones"),
        ("org-types",),
        ("check",),
        ("build", "-t", "police", "-o", "-"),
    ],
    ids=lambda args: " ".join(args),
)
def test_commands_without_word_output_never_import_python_docx_or_lxml(
    args: tuple[str, ...],
) -> None:
    assert loaded_after(*args) == []


def test_the_probe_does_see_python_docx_when_a_word_file_is_built(tmp_path) -> None:
    loaded = loaded_after("build", "-t", "police", "-o", str(tmp_path / "case.docx"))
    assert "docx" in loaded
    assert "lxml.etree" in loaded


def test_a_library_the_cache_has_seen_is_not_parsed_again() -> None:
    # The first run may read the library afresh; the second must take it all from the cache.
    loaded_after("list")
    assert loaded_after("list", heavy=("yaml", "bizcase.reader")) == []
    assert loaded_after("build", "-t", "police", "-o", "-", heavy=("yaml",)) == []
