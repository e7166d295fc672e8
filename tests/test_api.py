"""bizcase from a script: every command as a call, typed, silent, and failing with BizcaseError."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bizcase.cli import cli
from bizcase.errors import OptionError
from bizcase.library import Library


def test_select_takes_an_organisation_types_other_names_as_list_does(library: Library) -> None:
    # 'council' once matched only the entries for every type, leaving out the council's own.
    council = library.select("council", "reason")
    assert council == library.select("local-government", "reason")
    assert any(entry.is_specific for entry in council)
    assert library.select("Local Government", "Reason") == council


@pytest.mark.parametrize(
    ("org_type", "kind", "message"),
    [
        (
            "councl",
            None,
            "--org-type: unknown organisation type 'councl'. Did you mean 'local-government'? "
            "Choose one of: local-government, health, police, fire-and-rescue, housing, "
            "education, central-government, charity, private-sector (bizcase org-types lists "
            "them).",
        ),
        (None, "reasons", "--kind: unknown kind 'reasons': choose reason or safeguard"),
    ],
    ids=["unknown type", "unknown kind"],
)
def test_select_refuses_what_names_nothing_rather_than_returning_too_little(
    library: Library, org_type: str | None, kind: str | None, message: str
) -> None:
    with pytest.raises(OptionError) as caught:
        library.select(org_type, kind)
    assert caught.value.message == message


def test_an_entry_is_worded_for_an_organisation_type_as_show_words_it(library: Library) -> None:
    raw = library.entry("help-people-where-they-ask")
    assert raw.title == "Help {{ audience }} on the channels they already use"
    worded = library.worded(raw, "nhs")
    assert worded.title == "Help patients on the channels they already use"
    assert "{{" not in worded.summary + worded.body
    assert library.worded(raw).title == "Help the public on the channels they already use"
    shown = CliRunner().invoke(cli, ["show", raw.id, "-t", "nhs"]).output
    assert shown.startswith(f"{worded.title}\n\n{worded.summary}\n\n{worded.body.rstrip()}\n")
    # Everything but the words is the entry itself.
    assert worded.id == raw.id
    assert worded.concerns == raw.concerns
