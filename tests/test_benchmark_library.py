"""The libraries the benchmark generates are valid, so it measures a clean check."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bizcase import api

GENERATOR = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def test_a_generated_library_checks_clean_and_builds(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    folder = generator.generate(60, tmp_path / "library")
    report = api.check(library=folder)
    assert [str(problem) for problem in report.problems] == []
    assert len(report.files) == 3 + 60
    case = api.build_case("police", library=folder)
    assert case.reasons
    assert case.safeguards
