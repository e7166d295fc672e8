"""bizcase new: a contributor scaffolds a valid argument, by options or by answering prompts."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bizcase import scaffold
from bizcase.cli import cli
from bizcase.library import load_library

from .conftest import FIXTURES, contributing_example

OPTIONS = [
    "--kind", "reason",
    "--title", "Staff who can see social media spot complaints early",
    "--summary", "Front-line staff notice a problem building online long before it becomes a formal complaint.",
    "--org-type", "housing",
    "--org-type", "local-government",
    "--concern", "reputation,customer-service",
    "--strength", "4",
    "--credit", "Jo Bloggs: tenant liaison",
    "--body", "Housing officers who follow local groups see repairs complaints as they start.",
]  # fmt: skip


#: The id made from the title in OPTIONS.
OPTIONS_ID = "staff-who-can-see-social-media-spot-complaints-early"
#: What every created entry from the contributors, without credit, is told, after its path.
NO_CREDIT = (
    ":10: W206 the idea is your own (source: contributors) but nobody is credited: add a line "
    "with your own name, such as 'credit: Jo Bloggs', so the page can thank you\n"
)
#: A claim of its own, to add beside the one OPTIONS makes without being taken for a copy.
OTHER_CLAIM = {
    "--title": "Staff hear of local events before the press office",
    "--summary": "Staff in local groups online hear early of fetes and protests.",
}


def other_claim(args: list[str]) -> list[str]:
    """The options with OPTIONS' title and summary swapped for another claim's."""
    changed = list(args)
    for option, value in OTHER_CLAIM.items():
        changed[changed.index(option) + 1] = value
    return changed


def refused(path: Path) -> str:
    """What bizcase new says, last, of a file the pull request check would refuse."""
    return (
        f"Error: the pull request check will refuse this file until the warning above is fixed: "
        f"edit {path}, then run 'bizcase check --strict {path}'\n"
    )


@pytest.fixture(autouse=True)
def no_library_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A BIZCASE_LIBRARY of the developer's own must not steer these tests."""
    monkeypatch.delenv("BIZCASE_LIBRARY", raising=False)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the test library to add to: unlike the shipped one, it does not grow."""
    copy = tmp_path / "arguments"
    shutil.copytree(FIXTURES / "library", copy)
    return copy


def new(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["new", *args], input=input)


def test_new_writes_a_valid_entry_from_options(library: Path) -> None:
    result = new(*OPTIONS, "--library", str(library))
    assert result.exit_code == 0, result.output
    path = library / "reasons" / f"{OPTIONS_ID}.md"
    assert result.stderr.startswith(f"Created {path}.\n")
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "# yaml-language-server: $schema=../schema.json\n"
        f"id: {OPTIONS_ID}\n"
        "kind: reason\n"
        "title: Staff who can see social media spot complaints early\n"
        "summary: Front-line staff notice a problem building online long before it becomes a "
        "formal complaint.\n"
        "org_types: [housing, local-government]\n"
        "concerns: [reputation, customer-service]\n"
        "strength: 4\n"
        "source: contributors\n"
        "credit: 'Jo Bloggs: tenant liaison'\n"
        "---\n"
        "Housing officers who follow local groups see repairs complaints as they start.\n"
    )
    entry = load_library(library).entries[path.stem]
    assert entry.credit == "Jo Bloggs: tenant liaison"
    assert entry.org_types == ("housing", "local-government")


def test_new_asks_for_what_the_options_do_not_give(library: Path) -> None:
    answers = "\n".join(
        [
            "safeguard",
            "Managers agree social media goals with their teams",
            "Each team agrees what it wants from social media, so posting serves the service.",
            "all",
            "productivity, nonsense",  # refused: not a concern
            "productivity",
            "3",
            "strategic-approach",
            "",  # no credit: the idea is the source's
            "Teams that set goals post with purpose and can show the value to managers.",
            "",
            "A goal agreed in advance also tells a team when to stop.",
            ".",  # the end of the body
            "",  # the id proposed
        ]
    )
    result = new("--library", str(library), input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "'nonsense' is not one of the concerns listed. Try again: " in result.output
    entry = load_library(library).entries["managers-agree-social-media-goals-with-their-teams"]
    assert entry.kind == "safeguard"
    assert entry.org_types == ("all",)
    assert entry.concerns == ("productivity",)
    assert entry.source == "strategic-approach"
    assert entry.credit is None
    assert entry.path.parent.name == "safeguards"
    # Both paragraphs, with the blank line between them.
    assert entry.body == (
        "Teams that set goals post with purpose and can show the value to managers.\n\n"
        "A goal agreed in advance also tells a team when to stop.\n"
    )


TWO_SENTENCES = "Front-line staff see problems online early. They act before anyone complains."
ONE_SENTENCE = "Front-line staff see problems online early and act before anyone complains."
SUMMARY_WARNING = (
    "The summary is more than one sentence: keep one, and move the rest to the body. Press "
    "Enter to keep it as it is. Try again: "
)


@pytest.mark.parametrize(
    ("second", "kept"), [(ONE_SENTENCE, ONE_SENTENCE), ("", TWO_SENTENCES)], ids=["mended", "kept"]
)
def test_new_asks_again_for_an_answer_the_pull_request_check_would_warn_of(
    library: Path, second: str, kept: str
) -> None:
    args = [*OPTIONS, "--library", str(library)]
    del args[args.index("--summary") : args.index("--summary") + 2]
    result = new(*args, input=f"{TWO_SENTENCES}\n{second}\n\n")
    assert result.stdout.count(SUMMARY_WARNING) == 1
    assert load_library(library, empty_ok=True).entries[OPTIONS_ID].summary == kept
    if kept == ONE_SENTENCE:
        assert result.exit_code == 0, result.output
    else:
        # Kept as it is: written, and the warning said again, as the check will say it.
        assert result.exit_code == 1
        assert "W202 the summary is more than one sentence" in result.stdout


def test_new_after_a_warning_keeps_only_the_answer_warned_of(library: Path) -> None:
    args = [*OPTIONS, "--library", str(library)]
    del args[args.index("--summary") : args.index("--summary") + 2]
    # Warned of, then a different answer refused: Enter is then no answer, not the first one.
    result = new(*args, input=f"{TWO_SENTENCES}\nToo short.\n\n{ONE_SENTENCE}\n\n")
    assert result.exit_code == 0, result.output
    assert "The summary is empty: fill it in. Try again: " in result.stdout
    assert load_library(library).entries[OPTIONS_ID].summary == ONE_SENTENCE


@pytest.mark.parametrize("end", [".\n", ""], ids=["full-stop", "end-of-input"])
def test_new_takes_a_body_of_several_paragraphs(library: Path, end: str) -> None:
    body = (
        "Officers who read local groups see complaints as they start.\n"
        "\n"
        "Last winter they spotted a broken boiler before any tenant rang the council.\n"
    )
    args = [*OPTIONS[: OPTIONS.index("--body")], "--library", str(library)]
    result = new(*args, input=body + end + "\n")  # the id proposed, after the body
    assert result.exit_code == 0, result.output
    assert (
        "Body: a few sentences that back the claim, on as many lines and in as many paragraphs "
        "as you like; end it with a line holding only a full stop (.):\n"
    ) in result.stdout
    entry = load_library(library).entries[OPTIONS_ID]
    assert entry.body == body


def test_new_writes_nothing_when_more_is_typed_than_asked_for(library: Path) -> None:
    args = [*OPTIONS[: OPTIONS.index("--body")], "--library", str(library)]
    body = "Officers who read local groups see complaints as they start, and act the same day.\n"
    result = new(*args, input=body + ".\nspot-complaints\nA second thought.\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: more was typed than was asked for, from 'A second thought.' on, so nothing was "
        "written: a body of several lines must end with a line holding only a full stop (.), "
        "and the answers after it are the id and nothing more\n"
    )
    assert sorted(path.name for path in (library / "reasons").iterdir()) == sorted(
        path.name for path in (FIXTURES / "library" / "reasons").iterdir()
    )


def test_new_writes_nothing_when_the_input_ends_before_the_body(library: Path) -> None:
    args = [*OPTIONS[: OPTIONS.index("--body")], "--library", str(library)]
    result = new(*args, input="\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The body is empty: write a few sentences that back the claim. The input ended "
        "there, so nothing was written.\n"
    )
    assert not (library / "reasons" / f"{OPTIONS_ID}.md").exists()


def test_new_refuses_to_overwrite_an_existing_entry(library: Path) -> None:
    args = [*OPTIONS, "--library", str(library), "--id", "phones-are-not-banned"]
    before = (library / "reasons" / "phones-are-not-banned.md").read_bytes()
    result = new(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: an entry with id 'phones-are-not-banned' already exists: "
        f"{library / 'reasons' / 'phones-are-not-banned.md'}; improve it, or choose another title or --id\n"
    )
    assert (library / "reasons" / "phones-are-not-banned.md").read_bytes() == before


def test_new_reports_every_invalid_option_at_once(library: Path) -> None:
    result = new(
        "--kind", "reason", "--title", "Short", "--summary", "Too short.",
        "--org-type", "all", "--concern", "moral", "--strength", "3", "--credit", "",
        "--body", "Text.", "--library", str(library),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --title: is 5 characters; it needs at least 10: lengthen it by at least 5 characters\n"
        "--summary: is 10 characters; it needs at least 40: lengthen it by at least 30 characters\n"
        f"--concern: unknown concern 'moral'. Choose from: {', '.join(load_library(library).concerns)} "
        "(bizcase concerns lists them).\n"
    )
    assert not list((library / "reasons").glob("short*"))


def test_new_outside_a_checkout_asks_for_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = new(*OPTIONS)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --library: no library here: run bizcase new at the top of your bizcase checkout "
        "(beside 'arguments'), or pass --library DIR\n"
    )


def test_new_warns_when_the_claim_is_already_there(library: Path) -> None:
    result = new(
        "--kind", "reason",
        "--title", "We do not ban the telephone either",
        "--summary", "Staff talk to {{ audience }} by telephone every day, and social media is one more channel.",
        "--org-type", "all", "--concern", "trust", "--strength", "3", "--credit", "",
        "--body", "The same point again.", "--library", str(library),
    )  # fmt: skip
    # Written, so it can be improved, but the pull request check would refuse it.
    path = library / "reasons" / "we-do-not-ban-the-telephone-either.md"
    assert path.is_file()
    assert result.exit_code == 1
    warning, no_credit, short_body = result.stdout.splitlines()
    assert " W206 " in no_credit  # --credit "" credits nobody
    assert " W207 " in short_body
    assert " W301 the claim is " in warning
    assert "similar to " in warning
    assert "phones-are-not-banned.md" in warning
    assert result.stderr.endswith(
        "Error: the pull request check will refuse this file until the warnings above are "
        f"fixed: edit {path}, then run 'bizcase check --strict {path}'\n"
    )


# --------------------------------------------------------------------------- the audits' defects

HOSTILE = [
    "--kind", "reason",
    "--title", "<script>{{ ''.__class__ }}</script> title here",
    "--summary", "Staff who read social media see complaints early and can act on them.",
    "--concern", "reputation",
    "--body", "x\x01y",
]  # fmt: skip


def test_new_writes_nothing_that_bizcase_check_would_refuse(library: Path) -> None:
    before = sorted(library.rglob("*"))
    result = new(*HOSTILE, "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --title: only plain placeholders are allowed in entry text "
        "({{ audience }}, {{ organisation }})\n"
        "--body: holds U+0001 (character 2), a control character a Word document cannot hold: "
        "delete it (it is often pasted in invisibly from another document)\n"
    )
    assert sorted(library.rglob("*")) == before
    # The library is still whole, so the next argument goes in.
    again = new(*OPTIONS, "--library", str(library))
    assert again.exit_code == 0, again.output


def test_new_names_the_body_line_of_a_problem_in_a_longer_body(library: Path) -> None:
    body = "Officers read local groups every day.\nSee [the review](https://example.org"
    result = new(*OPTIONS[:-2], "--body", body, "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr == "Error: --body: line 2: a link is not closed: end it with ')'\n"


def test_new_checks_each_answer_as_it_is_given(library: Path) -> None:
    answers = [
        "fish",  # refused: not a kind
        "reason",
        "Short",  # refused: too short
        "Staff can reach people our accounts never will",
        "Too short.",  # refused
        "Staff who share our news reach friends and neighbours our own accounts never reach.",
        "council, wizards",  # refused: no such type
        "council",  # an alias of local-government
        "",  # refused: at least one concern
        "engagement and trust",  # refused: two concerns, which a comma separates
        "engagement",
        "9",  # refused: out of range
        "4",
        "nope",  # refused: no such source
        "",  # contributors: the idea is the officer's own
        "",  # refused: an idea of one's own needs someone to credit
        "J",  # refused: too short for a credit
        "Jo Bloggs",
        ".",  # refused: the body is empty
        "Residents see posts shared by people they know far more than the council's own posts.",
        ".",
        "",
    ]
    result = new("--library", str(library), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    org_types = ", ".join(load_library(library).org_types)
    concerns = ", ".join(load_library(library).concerns)
    # CliRunner echoes each answer after its question, as a terminal does.
    for shown in [
        "Kind: reason (why the ban should go) or safeguard (how a risk is managed): fish\n"
        "'fish' is not a kind: type reason or safeguard. Try again: reason\n",
        "Title: the claim, 10 to 80 characters, no full stop: Short\n"
        "The title is 5 characters; it needs at least 10: lengthen it by at least 5 characters. "
        "Try again: ",
        "The summary is 10 characters; it needs at least 40: lengthen it by at least 30 "
        "characters. Try again: ",
        f"Organisation types (comma-separated, or 'all'): {org_types} [all]: council, wizards\n"
        "'wizards' is not one of the organisation types listed. Try again [all]: council\n",
        f"Concerns it answers (comma-separated, 1 to 4): {concerns}: \n"
        "Give at least one concern. Try again: engagement and trust\n"
        "'engagement and trust' is 2 concerns: separate them with commas: engagement, trust. "
        "Try again: engagement\n",
        "Strength, 1 to 5 (5 is the most persuasive) [3]: 9\n"
        "The strength must be a whole number from 1 to 5. Try again [3]: 4\n",
        "'nope' is not a source in sources.yaml: choose one listed, or add yours to "
        "sources.yaml first. Try again [contributors]: \n",
        "Credit: your name or handle, so the page can thank you: \n"
        "The idea is your own, so the pull request check asks for a name to credit: type your "
        "name or handle. Try again: J\n",
        "The credit is 1 character; it needs at least 2: lengthen it by at least 1 character. "
        "Try again: Jo Bloggs\n",
        "The body is empty: write a few sentences that back the claim. Type it again, and end it "
        "with a line holding only a full stop (.):\n",
    ]:
        assert shown in result.output
    # Answers are checked as they come, so no option the officer never typed is named.
    assert "--" not in result.stdout
    entry = load_library(library).entries["staff-can-reach-people-our-accounts-never-will"]
    assert entry.org_types == ("local-government",)
    assert entry.strength == 4
    assert entry.credit == "Jo Bloggs"


def test_new_checks_an_answer_as_bizcase_check_does(library: Path) -> None:
    answers = [
        "reason",
        "Staff can reach {{ residents }} where they are",  # refused: not a placeholder
        "Staff can reach {{ audience }} where they already are",
        "Staff who share our news reach friends and neighbours our own accounts never reach.",
        "",
        "engagement",
        "",
        "",
        "Jo Bloggs",
        "People see posts shared by friends far more than posts from official accounts.",
        ".",
        "",
    ]
    result = new("--library", str(library), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert (
        "The title: unknown placeholder '{{ residents }}': use only {{ audience }}, "
        "{{ organisation }}. Try again: "
    ) in result.stdout


def test_new_refuses_a_bad_option_before_asking_anything(library: Path) -> None:
    result = new("--title", "Short", "--library", str(library), input="reason\n")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: --title: is 5 characters; it needs at least 10: lengthen it by at least 5 characters\n"
    )
    assert "Kind" not in result.stdout


def test_new_asks_for_credit_when_it_asks_anything(library: Path) -> None:
    without_concern = [o for o in OPTIONS if o not in ("--concern", "reputation,customer-service")]
    without_credit = [
        o for o in without_concern if o not in ("--credit", "Jo Bloggs: tenant liaison")
    ]
    result = new(*without_credit, "--library", str(library), input="reputation\n@jobloggs\n\n")
    assert result.exit_code == 0, result.output
    # The idea is the officer's own (no --source), so the check wants a name: no skipping.
    assert "Credit: your name or handle, so the page can thank you: " in result.stdout
    entry = load_library(library).entries[OPTIONS_ID]
    assert entry.credit == "@jobloggs"
    assert " W206 " not in result.stdout
    # An idea from a published source may credit nobody.
    sourced = new(
        *other_claim(without_credit), "--source", "fbps12", "--library", str(library),
        input="reputation\n\n\n",
    )  # fmt: skip
    assert sourced.exit_code == 0, sourced.output
    assert (
        "Credit: your name or handle, so the page can thank you (or press Enter to skip): "
    ) in sourced.stdout
    sourced_id = scaffold.slug(OTHER_CLAIM["--title"])
    assert load_library(library).entries[sourced_id].credit is None


def test_new_warns_when_a_contribution_has_no_credit(library: Path) -> None:
    without_credit = [o for o in OPTIONS if o not in ("--credit", "Jo Bloggs: tenant liaison")]
    result = new(*without_credit, "--library", str(library))
    assert "Credit" not in result.stdout  # a script that gives every option is not asked
    # Written, to be edited, but it would fail the pull request check: so a failure here too.
    path = library / "reasons" / f"{OPTIONS_ID}.md"
    assert result.stdout == f"{path}{NO_CREDIT}"
    assert result.exit_code == 1
    assert result.stderr == f"Created {path}.\n{refused(path)}"
    with_source = new(*other_claim(without_credit), "--source", "fbps12", "--library", str(library))
    assert with_source.exit_code == 0, with_source.output
    assert " W206 " not in with_source.stdout


def test_new_accepts_an_alias_of_an_organisation_type(library: Path) -> None:
    args = [o for o in OPTIONS if o not in ("--org-type", "housing", "local-government")]
    result = new(*args, "--org-type", "Council", "--library", str(library))
    assert result.exit_code == 0, result.output
    entry = load_library(library).entries[OPTIONS_ID]
    assert entry.org_types == ("local-government",)
    assert "org_types: [local-government]\n" in entry.path.read_text(encoding="utf-8")


def test_new_suggests_the_type_a_misspelt_alias_means(library: Path) -> None:
    args = [o for o in OPTIONS if o not in ("--org-type", "housing", "local-government")]
    result = new(*args, "--org-type", "councl", "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: --org-type: unknown organisation type 'councl'. Did you mean 'local-government'?"
    )


def test_the_example_in_the_help_writes_a_real_entry(library: Path) -> None:
    # A newcomer may paste CONTRIBUTING.md's example and try this one too: they are
    # different claims, so neither is taken for a copy of the other.
    entry_id, text = contributing_example(filled_in=True)
    (library / "reasons" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    help_text = new("--help").output
    lines = help_text.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    example = " ".join(line.strip().removesuffix("\\") for line in lines[1:])
    args = shlex.split(example)
    assert args[:2] == ["bizcase", "new"]
    result = new(*args[2:], "--library", str(library))
    assert result.exit_code == 0, result.output
    (path,) = (library / "reasons").glob(f"{scaffold.slug(args[args.index('--title') + 1])}.md")
    entry = load_library(library).entries[path.stem]
    assert "..." not in entry.body
    assert len(entry.body.split()) >= 8
    # Not even a warning: the example is one to copy.
    assert result.stdout == ""


def test_new_reads_the_library_from_the_environment(library: Path) -> None:
    result = CliRunner().invoke(cli, ["new", *OPTIONS], env={"BIZCASE_LIBRARY": str(library)})
    assert result.exit_code == 0, result.output
    path = library / "reasons" / f"{OPTIONS_ID}.md"
    assert result.stderr == (
        f"Created {path}.\n"
        f"Read it with 'bizcase show {path.stem} --library {library}', then open a pull request.\n"
    )


def test_new_names_the_library_in_the_hint_only_when_show_needs_it(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(library.parent)
    result = new(*OPTIONS)
    assert result.exit_code == 0, result.output
    assert f"'bizcase show {OPTIONS_ID} --library arguments'" in result.stderr
    # In the checkout itself, 'bizcase show' reads this library already.
    monkeypatch.setattr("bizcase.library.packaged_path", lambda name: library.parent / name)
    again = new(*other_claim(OPTIONS), "--id", "staff-spot-complaints")
    assert again.exit_code == 0, again.output
    assert "Read it with 'bizcase show staff-spot-complaints', then open" in again.stderr


def test_new_refuses_an_empty_library(library: Path) -> None:
    result = new(*OPTIONS, "--library", "")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --library: the library folder is empty text: give the folder of argument files, "
        "or leave out --library at the top of your bizcase checkout\n"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The whole title, as the schema allows 60 characters.
        (
            "Staff who can see social media spot complaints early",
            "staff-who-can-see-social-media-spot-complaints-early",
        ),
        # Cut at the last whole word within 60: never 'staff-who-follow-local-groups-onl'.
        (
            "Staff who follow local groups online hear about problems before anyone complains",
            "staff-who-follow-local-groups-online-hear-about-problems",
        ),
        # Not '...-problems-on': an id does not end on a word like 'on' or 'the'.
        (
            "Staff who follow local groups online hear about problems on the day of the fete",
            "staff-who-follow-local-groups-online-hear-about-problems",
        ),
        ("Staff are our best advocates", "staff-are-our-best-advocates"),
        ("{{ organisation|capitalize }} hears {{ audience }} sooner", "hears-sooner"),
        ("Antidisestablishmentarianism" * 3, "antidisestablishmentarianism" * 2 + "anti"),
        # An accent goes, not its letter.
        (
            "Residents of Ynys Môn ask on Facebook first",
            "residents-of-ynys-mon-ask-on-facebook-first",
        ),
    ],
)
def test_ids_made_from_titles_end_on_a_word_within_the_schemas_limit(
    title: str, expected: str
) -> None:
    assert scaffold.slug(title) == expected
    assert scaffold.ID_LENGTH == 60  # what the schema, and so bizcase check, allows an id
    assert len(scaffold.slug(title)) <= scaffold.ID_LENGTH


def test_new_shows_the_proposed_id_and_takes_another(library: Path) -> None:
    without_concern = [o for o in OPTIONS if o not in ("--concern", "reputation,customer-service")]
    result = new(
        *without_concern, "--library", str(library),
        input="reputation\nphones-are-not-banned\nBad Id\nspot-complaints-early\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f"Id, the file name (press Enter to accept it, or type another) [{OPTIONS_ID}]: "
    ) in result.stdout
    assert (
        "An entry with id 'phones-are-not-banned' already exists "
        f"({library / 'reasons' / 'phones-are-not-banned.md'}): choose another. Try again"
    ) in result.stdout
    assert "The id: 'Bad Id' is not valid: use lowercase words joined by hyphens" in result.stdout
    assert (library / "reasons" / "spot-complaints-early.md").is_file()


def test_new_takes_an_id_from_the_command_line(library: Path) -> None:
    result = new(*OPTIONS, "--id", "spot-complaints-early", "--library", str(library))
    assert result.exit_code == 0, result.output
    assert (library / "reasons" / "spot-complaints-early.md").is_file()


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        # The example is the id the officer meant, where one can be made of what they typed.
        ("Spot Complaints", "use lowercase words joined by hyphens, such as 'spot-complaints'"),
        ("spot-complaints.md", "use lowercase words joined by hyphens, without '.md', such as "
         "'spot-complaints'"),
        ("!!!", "use lowercase words joined by hyphens, such as 'staff-are-advocates'"),
    ],
)  # fmt: skip
def test_new_refuses_an_id_that_is_not_valid_with_the_one_meant(
    library: Path, typed: str, why: str
) -> None:
    bad = new(*OPTIONS, "--id", typed, "--library", str(library))
    assert bad.exit_code == 1
    assert bad.stderr == f"Error: --id: '{typed}' is not valid: {why}\n"
    assert not list(library.rglob("spot-complaints*"))


def test_new_takes_the_kind_in_any_case(library: Path) -> None:
    kind = OPTIONS.index("--kind") + 1
    typed = [*OPTIONS[:kind], "Reason", *OPTIONS[kind + 1 :]]
    result = new(*typed, "--library", str(library))
    assert result.exit_code == 0, result.output
    assert "kind: reason\n" in (library / "reasons" / f"{OPTIONS_ID}.md").read_text(
        encoding="utf-8"
    )


def test_new_refuses_an_id_whose_file_the_library_would_never_read(library: Path) -> None:
    # readme.md is taken for the folder's read-me: the entry would be written, then lost.
    result = new(*OPTIONS, "--id", "readme", "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --id: 'readme' would name the file readme.md, which bizcase takes for a read-me "
        "and never reads as an argument: choose another id\n"
    )
    assert not (library / "reasons" / "readme.md").exists()
    without_concern = [o for o in OPTIONS if o not in ("--concern", "reputation,customer-service")]
    asked = new(*without_concern, "--library", str(library), input="reputation\nreadme\n\n")
    assert asked.exit_code == 0, asked.output
    assert (
        "The id: 'readme' would name the file readme.md, which bizcase takes for a read-me and "
        "never reads as an argument: choose another id. Try again"
    ) in asked.stdout
    assert (library / "reasons" / f"{OPTIONS_ID}.md").is_file()


def test_new_asks_for_credit_at_a_terminal_even_given_every_other_option(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bizcase.cli._at_terminal", lambda: True)
    without_credit = [o for o in OPTIONS if o not in ("--credit", "Jo Bloggs: tenant liaison")]
    result = new(*without_credit, "--library", str(library), input="Jo Bloggs\n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Credit: your name or handle, so the page can thank you: Jo Bloggs\n"
        "Id, the file name (press Enter to accept it, or type another) "
        f"[{OPTIONS_ID}]: \n"
    )
    assert load_library(library).entries[OPTIONS_ID].credit == "Jo Bloggs"


def test_new_refuses_a_folder_inside_the_library(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(library.parent)
    before = sorted(library.rglob("*"))
    result = new(*OPTIONS, "--library", "arguments/reasons")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --library: 'arguments/reasons' is a folder inside the library, not the library "
        "itself (it has no org-types.yaml), so the new file would go a folder too deep: use "
        "--library arguments\n"
    )
    assert sorted(library.rglob("*")) == before
    # A library's kind folder is refused even when the library keeps no vocabularies.
    (library / "org-types.yaml").unlink()
    refused_too = new(*OPTIONS, "--library", str(library / "safeguards"))
    assert refused_too.exit_code == 2
    assert refused_too.stderr.endswith(f"too deep: use --library {library}\n")


def test_new_refuses_a_folder_inside_the_library_named_by_the_environment(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(library.parent)
    before = sorted(library.rglob("*"))
    result = CliRunner().invoke(
        cli, ["new", *OPTIONS], env={"BIZCASE_LIBRARY": "arguments/reasons"}
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: BIZCASE_LIBRARY is set to 'arguments/reasons', a folder inside the library, "
        "not the library itself (it has no org-types.yaml), so the new file would go a folder "
        "too deep: set BIZCASE_LIBRARY to arguments.\n"
    )
    assert sorted(library.rglob("*")) == before


def test_new_adds_to_a_private_library_of_entries_alone(tmp_path: Path) -> None:
    # A folder of entries outside any library shares the built-in vocabularies.
    shutil.copy(FIXTURES / "library" / "reasons" / "council-savings.md", tmp_path)
    result = new(*OPTIONS, "--library", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reasons" / f"{OPTIONS_ID}.md").is_file()
    # Its new entry is compared with its own entries, not with the shipped library's.
    shipped = next(iter(load_library().entries.values()))
    args = [*OPTIONS, "--title", shipped.title, "--summary", shipped.summary]
    assert new(*args, "--library", str(tmp_path)).exit_code == 0
    again = new(*args, "--id", "the-same-again", "--library", str(tmp_path))
    assert again.exit_code == 1
    assert " W301 " in again.stdout


def test_new_keeps_the_title_on_one_line(library: Path) -> None:
    args = [o for o in OPTIONS if o != "Staff who can see social media spot complaints early"]
    args.insert(args.index("--title") + 1, "Staff who can see social media\nspot complaints early")
    result = new(*args, "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr == "Error: --title: runs over more than one line: write it on one line\n"


def test_new_refuses_the_templates_credit(library: Path) -> None:
    args = [o if o != "Jo Bloggs: tenant liaison" else "your name" for o in OPTIONS]
    result = new(*args, "--library", str(library))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --credit: is the template's 'your name', not filled in yet: replace it with a "
        "person or handle to credit for this argument, or remove the line\n"
    )
    assert not (library / "reasons" / f"{OPTIONS_ID}.md").exists()


def test_answers_that_end_early_write_nothing_and_say_what_to_do(library: Path) -> None:
    before = sorted(library.rglob("*.md"))
    result = new("--library", str(library), input="reason\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the answers ended before the title, so nothing was written: give the rest as "
        "options ('bizcase new --help' lists them), or run bizcase new in a terminal to be asked\n"
    )
    assert sorted(library.rglob("*.md")) == before


def test_answers_that_end_at_a_question_with_a_range_name_the_field_plainly(
    library: Path,
) -> None:
    answers = [
        "safeguard",
        "Managers agree social media goals with their teams",
        "Each team agrees what it wants from social media, so posting serves the service.",
        "all",
        "productivity",
    ]
    result = new("--library", str(library), input="\n".join(answers) + "\n")
    assert result.exit_code == 2
    # Not 'before the strength, 1 to 5 (5 is the most persuasive)', as the question reads.
    assert result.stderr.startswith(
        "Error: the answers ended before the strength, so nothing was written: "
    )


def test_new_writes_the_first_entry_of_an_empty_library(tmp_path: Path) -> None:
    # An organisation starting a private library of its own begins with an empty folder.
    result = new(*OPTIONS, "--library", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "reasons" / f"{OPTIONS_ID}.md"
    assert result.stderr.startswith(f"Created {path}.\n")
    assert list(load_library(tmp_path).entries) == [OPTIONS_ID]


@pytest.mark.parametrize("made", [True, False], ids=["folder-there", "folder-to-make"])
def test_new_in_a_library_it_cannot_write_to_says_so_and_names_the_library_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: bool
) -> None:
    # Another --id cannot help: the message sent the contributor to change it.
    library = tmp_path / "arguments"
    shutil.copytree(FIXTURES / "library", library)
    if not made:
        shutil.rmtree(library / "reasons")

    def refuse(*args: object, **kwargs: object) -> None:
        # Tests may run as root, for whom no folder is read-only: refuse as the OS would.
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bizcase.output.tempfile.mkstemp", refuse)
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self == library / "reasons" and not self.exists():
            refuse()
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    result = new(*OPTIONS, "--library", str(library))
    assert result.exit_code == 1
    verb = "write to" if made else "make"
    prefix = "cannot" if made else "could not"
    assert result.stderr == (
        f"Error: {prefix} {verb} the folder '{library / 'reasons'}': permission denied; "
        "choose another --library\n"
    )
    assert sorted(path.name for path in (library / "reasons").glob("*")) == sorted(
        path.name for path in (FIXTURES / "library" / "reasons").glob("*") if made
    )
