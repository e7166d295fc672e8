"""bizcase's benchmarks: medians of whole-process runs, each beside a reference from the same run.

    python benchmarks/run.py                  # print the table
    python benchmarks/run.py --write          # and write docs/benchmarks.md
    python benchmarks/run.py --quick          # fewer runs, no 10,000-entry library

Every figure is the median of several runs of a whole process, as an officer or a
CI job would start it, so interpreter start-up and imports count. Machines are
noisy, so each row is read against a reference measured in the same run, the two
taking turns run by run: pandoc for the one-pager, `python -c pass` for start-up,
LibreOffice itself for verify.
Large libraries are generated into a temporary folder and deleted afterwards.
pandoc comes from the optional `bench` extra: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

BIZCASE = [sys.executable, "-m", "bizcase"]
ANALYSIS = "<!-- analysis: written by hand, kept when the figures are rewritten -->"
ORG_TYPES = 9


@dataclass(frozen=True)
class Timing:
    """The median of several runs, in seconds, and the largest memory one used."""

    median: float
    runs: int
    peak_mb: float


@dataclass(frozen=True)
class Row:
    what: str
    timing: Timing
    reference: str = ""
    reference_timing: Timing | None = None
    per: int = 1
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.reference_timing is None:
            return None
        return (self.timing.median / self.per) / self.reference_timing.median


def once(command: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """One whole-process run: its wall time and its peak memory, as /usr/bin/time -v reports."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(command: Sequence[str], runs: int, env: dict[str, str], cwd: Path) -> Timing:
    """The median of ``runs`` runs, after one unmeasured warm-up run."""
    return measure_together({"it": command}, runs, env, cwd)["it"]


def measure_together(
    commands: Mapping[str, Sequence[str]], runs: int, env: dict[str, str], cwd: Path
) -> dict[str, Timing]:
    """Each command's median over ``runs`` rounds, the commands taking turns in each round.

    A shared machine speeds up and slows down over minutes; commands measured in
    turns meet the same conditions, so the ratio of one to another holds even when
    the absolute times drift. Each command has one unmeasured warm-up run first.
    """
    for command in commands.values():
        once(command, env, cwd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak = once(command, env, cwd)
            times[name].append(elapsed)
            peaks[name].append(peak)
    return {
        name: Timing(statistics.median(times[name]), runs, max(peaks[name])) for name in commands
    }


def pandoc_path() -> str | None:
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        return None


def soffice_path() -> str | None:
    from bizcase.export import pdf

    try:
        return pdf.find_soffice() if pdf.available() else None
    except Exception:
        return None


def version_of(command: Sequence[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    with_info = Path("/proc/cpuinfo")
    if with_info.exists():
        for line in with_info.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}",
        f"- System: {platform.platform()}",
        f"- Python {platform.python_version()}",
    ]


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| what | median | peak memory | reference | reference median | ratio | target | met |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        per = f" ({fmt_ms(row.timing.median / row.per)} each)" if row.per > 1 else ""
        reference = row.reference_timing
        lines.append(
            f"| {row.what} | {fmt_ms(row.timing.median)}{per} | {row.timing.peak_mb:.0f} MB | "
            f"{row.reference} | "
            f"{fmt_ms(reference.median) if reference else ''} | "
            f"{f'{row.ratio:.2f}x' if row.ratio is not None else ''} | {row.target} | "
            f"{'' if row.met is None else ('yes' if row.met else '**no**')} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="3 runs, libraries up to 1,000")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md too")
    options = parser.parse_args()
    runs = 3 if options.quick else options.runs
    sizes = [100, 1000] if options.quick else [100, 1000, 10_000]

    work = Path(tempfile.mkdtemp(prefix="bizcase-bench-"))
    env = {**os.environ, "BIZCASE_CACHE_DIR": str(work / "cache")}
    # An installed bizcase has its bytecode compiled by pip; an editable checkout gets
    # it on the warm-up run, unless the environment forbids writing it, when every
    # run would compile bizcase afresh and measure something no officer ever sees.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cold = {**env, "BIZCASE_CACHE_DIR": "off"}
    rows: list[Row] = []
    notes: list[str] = []
    try:
        out = work / "out"
        out.mkdir()
        markdown = out / "case.md"
        subprocess.run(
            [*BIZCASE, "build", "-t", "health", "-o", str(markdown)],
            env=env,
            check=True,
            capture_output=True,
        )
        batch_dir = out / "all"
        batch_dir.mkdir()
        pandoc = pandoc_path()
        commands = {
            "python": [sys.executable, "-c", "pass"],
            # What any Python program must pay before building a Word file with these libraries.
            "floor": [sys.executable, "-c", "import click, jinja2, markdown, docx"],
            "docx": [*BIZCASE, "build", "-t", "health", "-o", str(out / "case.docx"), "--force"],
            "md": [*BIZCASE, "build", "-t", "health", "-o", str(out / "again.md"), "--force"],
            "help": [*BIZCASE, "--help"],
            "list": [*BIZCASE, "list"],
            "batch": [*BIZCASE, "build", "-t", "all", "--output-dir", str(batch_dir), "--force"],
        }
        if pandoc:
            commands["pandoc"] = [pandoc, str(markdown), "-o", str(out / "pandoc.docx")]
        else:
            notes.append(
                'pandoc is not installed (pip install -e ".[bench]"), so its rows are missing.'
            )
        timings = measure_together(commands, runs, env, work)
        python_pass, floor, docx, md = (timings[k] for k in ("python", "floor", "docx", "md"))
        pandoc_timing = timings.get("pandoc")
        batch = timings["batch"]

        if pandoc_timing:
            rows.append(
                Row("reference: pandoc, the same one-pager's Markdown to .docx", pandoc_timing)
            )
        rows.append(Row("reference: `python -c pass`", python_pass))
        if pandoc_timing:
            rows.append(
                Row(
                    "`bizcase build --format docx`",
                    docx,
                    "pandoc",
                    pandoc_timing,
                    target="at most 2x pandoc",
                    met=docx.median <= 2 * pandoc_timing.median,
                )
            )
        rows.append(Row("`bizcase build --format docx`", docx, "`python -c pass`", python_pass))
        rows.append(Row("reference: importing Click, Jinja2, Markdown and python-docx", floor))
        rows.append(Row("`bizcase build --format docx`", docx, "importing its libraries", floor))
        if pandoc_timing:
            rows.append(Row("`bizcase build --format md`", md, "pandoc", pandoc_timing))
        rows.append(Row("`bizcase build --format md`", md, "`python -c pass`", python_pass))
        rows.append(Row("`bizcase --help`", timings["help"], "`python -c pass`", python_pass))
        rows.append(Row("`bizcase list`", timings["list"], "`python -c pass`", python_pass))
        if pandoc_timing:
            rows.append(
                Row(
                    f"`bizcase build --org-type all` ({ORG_TYPES} documents in one process), "
                    "per document",
                    batch,
                    "pandoc, one document",
                    pandoc_timing,
                    per=ORG_TYPES,
                    target="at most pandoc's time per document",
                    met=batch.median / ORG_TYPES <= pandoc_timing.median,
                )
            )

        growth: dict[str, dict[int, float]] = {"check (no cache)": {}, "check": {}, "build": {}}
        for size in sizes:
            library = generate(size, work / f"library-{size}")
            check = [*BIZCASE, "check", "--library", str(library)]
            build = [*BIZCASE, "build", "-t", "health", "--library", str(library)]
            build += ["-o", str(out / "big.docx"), "--force"]
            # (name, command, environment, runs, target in seconds at 10,000 entries)
            cases = [
                ("check (no cache)", check, cold, max(1, min(runs, 3)), 3.0),
                ("check", check, env, runs, 3.0),
                ("build", build, env, runs, 1.0),
            ]
            for name, command, environment, count, limit in cases:
                # Each taking turns with its own reference, as the rows above do.
                pair = measure_together(
                    {"python": commands["python"], name: command}, count, environment, work
                )
                timing, reference = pair[name], pair["python"]
                growth[name][size] = timing.median
                big = size == 10_000
                when = "first run (no cache)" if "no cache" in name else "cache warm"
                rows.append(
                    Row(
                        f"`bizcase {name.split()[0]}`, {size:,} entries, {when}",
                        timing,
                        "`python -c pass`",
                        reference,
                        target=f"under {limit:.0f} s" if big else "",
                        met=timing.median < limit if big else None,
                    )
                )
            shutil.rmtree(library)

        soffice = soffice_path()
        if soffice:
            one = out / "all" / "health-social-media-case.docx"
            every = sorted((out / "all").glob("*.docx"))
            profile = (work / "lo-profile").as_uri()
            verifying = measure_together(
                {
                    "reference": [
                        soffice,
                        f"-env:UserInstallation={profile}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(out / "pdf"),
                        str(one),
                    ],
                    "one": [*BIZCASE, "verify", str(one)],
                    "all": [*BIZCASE, "verify", *map(str, every)],
                },
                runs,
                env,
                work,
            )
            reference, verify_one, verify_all = verifying.values()
            rows.append(Row("reference: LibreOffice converting one .docx to PDF", reference))
            rows.append(
                Row(
                    "`bizcase verify`, one document",
                    verify_one,
                    "LibreOffice, one document",
                    reference,
                )
            )
            rows.append(
                Row(
                    f"`bizcase verify`, {len(every)} documents in one run, per document",
                    verify_all,
                    "LibreOffice, one document",
                    reference,
                    per=len(every),
                )
            )
        else:
            notes.append("LibreOffice is not installed, so the verify rows are missing.")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = table(rows)
    lines += ["", "How cost grows with the size of the library (medians, whole process):", ""]
    # The cost of each 1,000 entries more, between each size and the next: start-up costs
    # fall out, and growth is linear where the slopes agree, not where one slope says so.
    spans = list(itertools.pairwise(sizes))
    lines += [
        "| command | "
        + " | ".join(f"{size:,} entries" for size in sizes)
        + "".join(f" | each 1,000 more, {low:,} to {high:,}" for low, high in spans)
        + " |",
        "| --- |" + " ---: |" * (len(sizes) + len(spans)),
    ]
    for name, by_size in growth.items():
        slopes = [(by_size[high] - by_size[low]) / (high - low) * 1000 for low, high in spans]
        command = f"`bizcase {name.split(' ')[0]}`" + (" (no cache)" if "no cache" in name else "")
        cells = " | ".join(fmt_ms(value) for value in [*map(by_size.get, sizes), *slopes])
        lines.append(f"| {command} | {cells} |")
    lines += ["", *[f"Note: {note}" for note in notes]] if notes else []
    print("\n".join(lines))
    if options.write:
        write_report(lines, runs, pandoc_path(), soffice_path())


def write_report(lines: list[str], runs: int, pandoc: str | None, soffice: str | None) -> None:
    document = [
        "# Benchmarks",
        "",
        "How fast bizcase is, measured rather than guessed. Every figure is the median of "
        f"{runs} runs of a whole process (after one warm-up run), so interpreter start-up and "
        "imports count, and each is read against a reference measured in the same run, because "
        "machines are noisy: a command and its references take turns, run by run, so they meet "
        "the same conditions. Peak memory is each process's maximum resident size, as "
        "`/usr/bin/time -v` reports it (read with `os.wait4`).",
        "",
        "Reproduce with:",
        "",
        "```sh",
        '.venv/bin/pip install -e ".[bench]" && .venv/bin/python benchmarks/run.py --write',
        "```",
        "",
        f"Measured on {dt.date.today():%d %B %Y}:",
        "",
        *machine(),
        f"- pandoc: {version_of([pandoc, '--version']) if pandoc else 'not installed'}",
        f"- LibreOffice: {version_of([soffice, '--version']) if soffice else 'not installed'}",
        "",
        *lines,
        "",
    ]
    target = ROOT / "docs" / "benchmarks.md"
    # The reading of the figures below the marker is written by hand and kept.
    if target.exists() and ANALYSIS in (old := target.read_text(encoding="utf-8")):
        document += [ANALYSIS + old.split(ANALYSIS, 1)[1].rstrip(), ""]
    target.write_text("\n".join(document), encoding="utf-8")
    print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
