"""The command line, driven through Click's CliRunner as an officer would use it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from bizcase import __version__, api
from bizcase.cli import cli
from bizcase.library import Library

from .conftest import DATE, FIXTURES

SMALL = str(FIXTURES / "library")


def run(runner: CliRunner, *args: str, **kwargs):
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.output == f"bizcase {__version__}\n"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    for flag in ("-h", "--help"):
        result = run(runner, command, flag)
        assert result.exit_code == 0
        assert "Example" in result.output
        if command != "verify":
            assert "--library DIR" in result.output
        if command not in ("verify", "new"):
            assert "BIZCASE_LIBRARY" in result.output


def test_top_level_help_shows_how_to_start(runner: CliRunner) -> None:
    result = run(runner, "-h")
    assert result.exit_code == 0
    assert "bizcase build --org-type" in result.output


def test_build_docx_from_the_output_extension(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "case.docx"
    result = run(
        runner, "build", "--org-type", "police", "--org-name", "Anyshire Police", "-o", str(output)
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Wrote {output}: Police, with ")
    document = Document(str(output))
    assert document.paragraphs[0].text == "Opening up social media to all staff at Anyshire Police"


def test_a_name_with_a_line_break_is_reported_on_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    output = tmp_path / "case\nfinal.md"
    result = run(runner, "build", "--org-type", "police", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(f"Wrote {tmp_path}/case\\nfinal.md: Police")
    assert output.is_file()


def test_build_markdown_from_the_output_extension(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "case.md"
    result = run(runner, "build", "-t", "housing", "-o", str(output))
    assert result.exit_code == 0
    assert output.read_text(encoding="utf-8").startswith(
        "# Opening up social media to all staff at the association\n"
    )


def test_format_option_wins_for_a_name_without_extension(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "case"
    result = run(runner, "build", "-t", "housing", "--format", "md", "-o", str(output))
    assert result.exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("# ")


def test_default_output_is_named_after_the_organisation(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "build", "-t", "council", "-n", "Anytown Borough Council")
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [
        "anytown-borough-council-social-media-case.docx"
    ]


@pytest.mark.parametrize(
    ("org_type", "name", "file"),
    [
        ("council", "Cyngor Sir Ynys Môn", "cyngor-sir-ynys-mon"),
        ("charity", "Zoë's Café Straße", "zoe-s-cafe-strasse"),
        # Nothing of the name is left in letters a file name keeps: the type names it.
        ("charity", "مجلس مدينة دبي", "charity"),
        ("health", "東京都庁", "health"),
    ],
)
def test_default_output_keeps_accented_letters_and_falls_back_to_the_type(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    org_type: str,
    name: str,
    file: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "build", "-t", org_type, "-n", name, "-f", "md")
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [f"{file}-social-media-case.md"]


def test_markdown_to_the_terminal(runner: CliRunner) -> None:
    result = run(
        runner, "build", "-t", "charity", "-o", "-", "--library", SMALL, "--date", "2026-11-21"
    )
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# Opening up social media to all staff at the charity\n\n"
        "A business case for senior management\u00a0·\u00a021\u00a0November\u00a02026\n"
    )


def test_the_name_is_asked_for_as_it_reads_in_a_sentence(runner: CliRunner) -> None:
    # The page puts the name after 'at' in its title and opens the recommendation with it:
    # typed without its 'the', "University of Bristol should lift its block" reads like a
    # form filled in by a machine, so the help shows a name that takes one.
    shown = " ".join(run(runner, "build", "--help").output.split())
    assert (
        "as it reads in a sentence, such as 'Anytown Borough Council' or 'the University of Bristol'"
        in shown
    )
    result = run(runner, "build", "-t", "education", "-n", "the University of Bristol", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# Opening up social media to all staff at the University of Bristol\n"
    )
    assert "\n\nThe University of Bristol should lift its block on social media" in result.stdout


def test_concerns_may_be_repeated_or_comma_separated(runner: CliRunner) -> None:
    one = run(
        runner,
        "build",
        "-t",
        "health",
        "-o",
        "-",
        "-c",
        "cost",
        "-c",
        "misuse",
        "--date",
        "2026-11-21",
    )
    two = run(
        runner, "build", "-t", "health", "-o", "-", "-c", "cost,misuse", "--date", "2026-11-21"
    )
    assert one.stdout == two.stdout
    assert "concerns raised about cost and misuse." in one.stdout


def test_an_existing_document_is_not_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "case.docx"
    output.write_bytes(b"last week's edited copy")
    result = run(runner, "build", "-t", "police", "-o", str(output))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{output}' already exists and may hold your edits: choose another --output, "
        "or add --force to replace it\n"
    )
    assert output.read_bytes() == b"last week's edited copy"
    assert list(tmp_path.iterdir()) == [output]


def test_force_replaces_an_existing_document(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "case.docx"
    output.write_bytes(b"old")
    result = run(runner, "build", "-t", "police", "-o", str(output), "--force")
    assert result.exit_code == 0
    Document(str(output))
    assert list(tmp_path.iterdir()) == [output]


def test_word_cannot_go_to_the_terminal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "build", "-t", "health", "-f", "docx", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --output: a docx file cannot be printed to the terminal: give a file name\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_only_the_kinds_left_out_are_counted(runner: CliRunner, tmp_path: Path) -> None:
    # Every reason that fits is on a page capped at one; only safeguards are left out.
    result = run(
        runner,
        "build",
        "-t",
        "police",
        "--max-reasons",
        "1",
        "--date",
        f"{DATE}",
        "-o",
        str(tmp_path / "a.md"),
    )
    assert result.exit_code == 0
    assert re.search(
        r"^Left out for space: \d+ safeguards? \(--verbose names them\)\.$",
        result.stderr,
        re.MULTILINE,
    )


def test_left_out_entries_are_counted_and_named_when_verbose(
    runner: CliRunner, library: Library, tmp_path: Path
) -> None:
    case = api.build_case("police", library=library, date=DATE)
    reasons = [entry.id for entry in case.left_out if entry.kind == "reason"]
    safeguards = [entry.id for entry in case.left_out if entry.kind == "safeguard"]
    assert reasons
    assert safeguards
    build = ["build", "-t", "police", "--date", f"{DATE}"]
    result = run(runner, *build, "-o", str(tmp_path / "a.md"))
    counted = f"Left out for space: {len(reasons)} reasons and {len(safeguards)} safeguards"
    assert result.stderr.splitlines()[1:] == [f"{counted} (--verbose names them)."]
    verbose = run(runner, *build, "-o", str(tmp_path / "b.md"), "--verbose")
    lines = verbose.stderr.splitlines()
    assert re.fullmatch(r"Estimated: 1 page, (8[5-9]|9\d|100)% full\.", lines[1])
    # Reasons first, then safeguards, each line saying which it is.
    assert lines[2:] == [
        f"{counted}:",
        *(f"  reason: {entry_id}" for entry_id in reasons),
        *(f"  safeguard: {entry_id}" for entry_id in safeguards),
    ]


def test_list_json_is_an_array_of_entries(runner: CliRunner, library: Library) -> None:
    result = run(runner, "list", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert [e["id"] for e in entries] == list(library.entries)
    for entry in entries:
        assert {
            "id",
            "kind",
            "title",
            "summary",
            "org_types",
            "concerns",
            "strength",
            "source",
            "credit",
            "core",
            "excludes",
            "body",
        } == set(entry), "every entry has the same keys, an absent credit as null"
    core = {e["id"]: e["core"] for e in entries}
    assert core["training-before-posting"] is True
    assert core["phone-and-face-to-face"] is False
    assert core["safeguarding-contact"] == ["local-government", "education"]


def test_list_filters_by_org_type_and_kind(runner: CliRunner, library: Library) -> None:
    result = run(runner, "list", "--org-type", "health", "--kind", "safeguard", "--json")
    entries = json.loads(result.stdout)
    assert {e["kind"] for e in entries} == {"safeguard"}
    assert "patient-confidentiality" in [e["id"] for e in entries]
    assert len(entries) == len(library.select("health", "safeguard"))
    police = json.loads(run(runner, "list", "-t", "police", "--json").stdout)
    assert "patient-confidentiality" not in [e["id"] for e in police]


def test_list_takes_the_kind_as_people_say_it(runner: CliRunner) -> None:
    plural = run(runner, "list", "--kind", "Safeguards", "--library", SMALL)
    assert plural.exit_code == 0
    assert plural.stdout.splitlines()[0] == "safeguards (3)"
    assert "reasons" not in plural.stdout
    wrong = run(runner, "list", "--kind", "ideas")
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        "Error: Invalid value for '--kind': 'ideas' is not a kind: type reason or safeguard. "
        "Run 'bizcase list --help' to see the options.\n"
    )


def test_list_for_people(runner: CliRunner) -> None:
    result = run(runner, "list", "-t", "health", "--library", SMALL)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "reasons (3)",
        "  help-people-online     4  Help patients where they ask",
        "  phones-are-not-banned  5  We do not ban the telephone",
        "  reading-is-low-risk    2  Reading is not posting",
        "safeguards (3)",
        "  clear-policy           4  A clear policy sets the lines",
        "  patient-privacy        5  Patients are never discussed online",
        "  short-training         5  Short training comes before posting",
    ]


def test_show_prints_the_whole_entry(runner: CliRunner) -> None:
    result = run(runner, "show", "help-people-online", "--org-type", "housing", "--library", SMALL)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Help tenants where they ask"
    assert (
        lines[2]
        == "When tenants ask on social media, staff should be able to answer there and then."
    )
    assert "strength:   4 of 5" in lines
    assert "answers:    customer service" in lines


def test_show_json_is_the_entry_as_list_json_gives_it(runner: CliRunner) -> None:
    listed = json.loads(run(runner, "list", "--json", "--library", SMALL).stdout)
    result = run(runner, "show", "help-people-online", "--json", "--library", SMALL)
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown == next(entry for entry in listed if entry["id"] == "help-people-online")
    assert "{{ audience }}" in shown["title"]


def test_show_unknown_id_suggests_the_closest(runner: CliRunner) -> None:
    result = run(runner, "show", "short-trainng", "--library", SMALL)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no entry 'short-trainng' in the library at {SMALL}. Did you mean 'short-training'? "
        f"Run 'bizcase list --library {SMALL}' to see every id.\n"
    )


def test_an_unknown_include_in_a_private_library_says_how_to_list_that_library(
    runner: CliRunner,
) -> None:
    # Plain 'bizcase list' lists the built-in library, where the id may well be.
    result = run(runner, "build", "-t", "health", "-i", "social-media-policy", "--library", SMALL)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --include: no entry 'social-media-policy' in the library at {SMALL}. "
        "Did you mean 'clear-policy'? "
        f"Run 'bizcase list --library {SMALL}' to see every id.\n"
    )


def test_org_types_json(runner: CliRunner) -> None:
    result = run(runner, "org-types", "--json")
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows][:3] == ["local-government", "health", "police"]
    assert all({"id", "label", "audience"} <= set(row) for row in rows)


def test_concerns_lists_the_vocabulary(runner: CliRunner) -> None:
    result = run(runner, "concerns")
    assert result.stdout.startswith("productivity")
    assert json.loads(run(runner, "concerns", "--json").stdout)[0]["id"] == "productivity"


def listed_row(runner: CliRunner, command: str, name: str) -> tuple[list[str], str]:
    """The words of one row of a list, over all its lines, and the line after the row."""
    lines = run(runner, command).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, "fits an 80-column terminal"
    start = lines.index(next(line for line in lines if line.startswith(f"{name} ")))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    return " ".join(lines[start:end]).split(), lines[end]


def test_concerns_lists_the_everyday_words_for_each(runner: CliRunner) -> None:
    words, after = listed_row(runner, "concerns", "security")
    assert after.startswith("reputation ")
    assert words[words.index("(also:") :] == [
        "(also:",
        "it-security,",
        "cyber-security,",
        "cyber,",
        "viruses,",
        "malware,",
        "hacking,",
        "phishing)",
    ]
    rows = json.loads(run(runner, "concerns", "--json").stdout)
    assert next(row for row in rows if row["id"] == "confidentiality")["aliases"][0] == "privacy"


def test_org_types_lists_the_everyday_words_for_each(runner: CliRunner) -> None:
    words, after = listed_row(runner, "org-types", "health")
    assert after.startswith("police ")
    assert words[:3] == ["health", "Health", "(NHS):"]
    assert words[words.index("(also:") :][:4] == ["(also:", "nhs,", "nhs-trust,", "hospital,"]


@pytest.mark.parametrize(
    ("words", "org_type"),
    [
        ("hospital", "health"),
        ("GP surgery", "health"),
        ("ambulance service", "health"),
        ("county council", "local-government"),
        ("parish council", "local-government"),
        ("constabulary", "police"),
        ("fire brigade", "fire-and-rescue"),
        ("social housing", "housing"),
        ("academy trust", "education"),
        ("government department", "central-government"),
        ("nonprofit", "charity"),
        ("private", "private-sector"),
    ],
)
def test_an_organisation_type_given_in_everyday_words_is_built(
    runner: CliRunner, words: str, org_type: str
) -> None:
    by_words = run(runner, "build", "-t", words, "-o", "-")
    assert by_words.exit_code == 0, by_words.stderr
    assert by_words.stdout == run(runner, "build", "-t", org_type, "-o", "-").stdout


def test_a_concern_given_in_everyday_words_is_answered(runner: CliRunner) -> None:
    # Management says 'cyber' and 'privacy'; the page answers security and confidentiality.
    words = run(runner, "build", "-t", "health", "-c", "Cyber", "-c", "privacy", "-o", "-")
    ids = run(runner, "build", "-t", "health", "-c", "security,confidentiality", "-o", "-")
    assert words.stdout == ids.stdout
    assert "the concerns raised about IT security and confidentiality" in words.stdout
    harm = run(runner, "build", "-t", "health", "-c", "trolling", "-c", "personal data", "-o", "-")
    assert "the concerns raised about misuse and confidentiality" in harm.stdout


def test_library_option_and_environment_variable(runner: CliRunner) -> None:
    by_option = run(runner, "list", "--json", "--library", SMALL)
    by_env = run(runner, "list", "--json", env={"BIZCASE_LIBRARY": SMALL})
    assert len(json.loads(by_option.stdout)) == 7
    assert by_option.stdout == by_env.stdout


def test_python_m_bizcase_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bizcase", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout == f"bizcase {__version__}\n"


def test_a_concern_the_library_cannot_answer_is_reported(runner, tmp_path: Path) -> None:
    output = str(tmp_path / "case.md")
    result = runner.invoke(
        cli, ["build", "-t", "police", "-c", "cost", "--library", SMALL, "-o", output]
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        "Nothing on the page answers the concern 'cost': the library has no entry on it "
        "for Police (CONTRIBUTING.md says how to add one)."
    )


def test_an_entry_pinned_from_another_sector_is_pointed_out(runner: CliRunner) -> None:
    result = run(
        runner, "build", "-t", "private-sector", "-i", "patient-confidentiality", "-o", "-"
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "Note: 'patient-confidentiality' is not written for Private sector; it is on the page "
        "because you included it: read it through before you send the case."
    )


def test_excluding_every_reason_is_named_as_the_cause(runner: CliRunner, library: Library) -> None:
    reasons = ",".join(entry.id for entry in library.select(kind="reason"))
    result = run(runner, "build", "-t", "health", "-x", reasons, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --exclude: it leaves no reasons for the page: exclude fewer, or --include one\n"
    )


def test_show_says_when_an_entry_is_core(runner: CliRunner) -> None:
    result = run(runner, "show", "training-before-posting")
    assert result.exit_code == 0
    assert "core:       yes: every page it applies to makes room for it first" in result.stdout
    plain = run(runner, "show", "phone-and-face-to-face")
    assert "core:" not in plain.stdout
    sector = run(runner, "show", "safeguarding-contact")
    assert max(len(line) for line in sector.stdout.splitlines() if "://" not in line) <= 80
    assert (
        "core: yes, for Local government, Education: their pages make room for it first"
    ) in " ".join(sector.stdout.split()), "wrapped onto a second line, but all there"


def test_pins_that_crowd_out_every_safeguard_are_noted(
    runner: CliRunner, library: Library, tmp_path: Path
) -> None:
    # The fewest pinned reasons that leave no room for a safeguard, and still fit.
    reasons = sorted(entry.id for entry in library.select("police", "reason"))
    pins = next(
        reasons[:n]
        for n in range(1, len(reasons))
        if not api.build_case("police", library=library, include=reasons[:n], date=DATE).safeguards
    )
    pinned = [word for entry_id in pins for word in ("-i", entry_id)]
    result = run(
        runner, "build", "-t", "police", *pinned, "--date", f"{DATE}", "-o", str(tmp_path / "a.md")
    )
    assert result.exit_code == 0
    assert "\n## How the risk is managed" not in (tmp_path / "a.md").read_text(encoding="utf-8")
    assert result.stderr.splitlines()[1] == (
        "Note: no safeguard fitted, so the page does not say how the risk is managed: "
        "pin fewer entries to make room for one."
    )


def test_a_name_that_leaves_room_for_few_reasons_is_noted(
    runner: CliRunner, tmp_path: Path
) -> None:
    name = "The Very Long Named Metropolitan Borough Council of Anytown " * 5
    result = run(
        runner,
        "build",
        "-t",
        "council",
        "-n",
        name,
        "--date",
        f"{DATE}",
        "-o",
        str(tmp_path / "a.md"),
    )
    assert result.exit_code == 0
    case = api.build_case("council", org_name=name, date=DATE)
    assert len(case.reasons) < 3
    assert result.stderr.splitlines()[1] == (
        f"Note: only {len(case.reasons)} reason{'s' * (len(case.reasons) != 1)} fitted on the "
        "page: shorten --org-name or --author to make room for more."
    )
