"""A plain wheel install carries the library and templates and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("bizcase-*.whl")
    return built


def test_wheel_carries_library_templates_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(ROOT / "arguments").as_posix()
        for p in (ROOT / "arguments").rglob("*")
        if p.is_file()
    }
    assert {f"bizcase/_data/arguments/{name}" for name in shipped} <= names
    assert "bizcase/_data/templates/business-case.md.j2" in names
    assert "bizcase/py.typed" in names
    assert "bizcase/fonts/carlito.json" in names
    assert not any(name.startswith("tests/") for name in names)


def test_installed_wheel_builds_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("BIZCASE_LIBRARY", None)
    where = subprocess.run(
        [sys.executable, "-c", "import bizcase.library as l; print(l.packaged_path('arguments'))"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == site / "bizcase" / "_data" / "arguments"
    result = subprocess.run(
        [sys.executable, "-m", "bizcase", "build", "-t", "health", "-o", "case.docx"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "case.docx").stat().st_size > 10_000
