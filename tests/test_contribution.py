"""A contribution from end to end: a new argument, checked, listed, chosen, built and credited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from bizcase.cli import cli

from .conftest import FIXTURES, contributing_example


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_a_new_argument_reaches_the_page_with_its_credit(tmp_path: Path) -> None:
    # The test library, not the shipped one: whatever contributors add to that, this
    # source and argument stay new.
    library = tmp_path / "arguments"
    shutil.copytree(FIXTURES / "library", library)
    # The contributor adds their source, then their argument.
    with (library / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(
            "\n- id: anyshire-police\n"
            "  title: Opening up social media at Anyshire Police\n"
            "  author: Anyshire Police digital team\n"
            "  short: Anyshire Police's digital team\n"
        )
    run(
        "new",
        "--library", str(library),
        "--kind", "reason",
        "--title", "Fraud officers can warn of new scams the day they appear",
        "--summary", "Fraud prevention officers who can watch online scams spread can publish warnings within hours.",
        "--org-type", "police",
        "--concern", "security",
        "--strength", "5",
        "--source", "anyshire-police",
        "--credit", "@anyshire_digital",
        "--body", "Anyshire's fraud team found that scam warnings shared the same day cut losses.",
    )  # fmt: skip
    new_id = "fraud-officers-can-warn-of-new-scams-the-day-they-appear"

    check = CliRunner().invoke(cli, ["check", "--strict", "--library", str(library)])
    assert check.exit_code == 0, check.output

    police = json.loads(run("list", "-t", "police", "--json", "--library", str(library)).stdout)
    health = json.loads(run("list", "-t", "health", "--json", "--library", str(library)).stdout)
    assert new_id in [entry["id"] for entry in police]
    assert new_id not in [entry["id"] for entry in health]

    output = tmp_path / "case.docx"
    run("build", "-t", "police", "-c", "security", "--library", str(library), "-o", str(output))
    document = Document(str(output))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any(
        t.startswith("Fraud officers can warn of new scams the day they appear.") for t in texts
    )
    assert "Anyshire Police's digital team" in texts[-1]
    assert "with thanks to @anyshire_digital" in texts[-1]

    credits = json.loads(run("credits", "--json", "--library", str(library)).stdout)
    (mine,) = [credit for credit in credits if credit["source"] == "anyshire-police"]
    assert mine["entries"] == [new_id]
    assert mine["people"] == {"@anyshire_digital": [new_id]}


def test_credits_names_the_crowd_and_the_person(tmp_path: Path) -> None:
    text = run("credits").stdout
    assert text.startswith(
        "20 reasons why you should open up social media access to all of your staff\n"
    )
    assert "  @siwhitehouse: trust-staff-and-managers\n" in text
    assert "AKD Solutions" in text
    # Read at a terminal: every line but a long web address fits 80 columns.
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 80
    assert "\n    <https://comms2point0.co.uk/" in text, "the address on a line of its own"


def test_the_example_in_contributing_passes_the_pull_request_check(tmp_path: Path) -> None:
    # A newcomer who pastes the guide's example has every field the check asks for, and
    # a credit for an idea of their own: once its template text (their name, the body)
    # is their own, nothing else stands in the way. Pasted unchanged, the template text
    # alone is refused (test_check: the contributing template pasted unchanged).
    library = tmp_path / "arguments"
    shutil.copytree(FIXTURES / "library", library)
    entry_id, text = contributing_example(filled_in=True)
    (library / "reasons" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", "--strict", "--library", str(library)])
    assert check.exit_code == 0, check.output
    assert check.stdout == ""
