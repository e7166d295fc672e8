"""How the library's words read on each sector's page: its own people, plural verbs, British English."""

from __future__ import annotations

import re

from bizcase.checks import american_spellings
from bizcase.library import Entry, Library, packaged_path
from bizcase.render import TEMPLATE

#: Organisation words that are also ordinary English ('the trust placed in them',
#: 'the right service'), so an entry for every sector may use them.
ORDINARY_WORDS = {"the trust", "the service"}
#: Verbs in the singular, which 'residents', 'patients' or 'the public' never take.
SINGULAR_VERB = re.compile(
    r"(\{\{\s*audience\s*\}\}|\bthe public)\s+(?:\w+ly\s+)?"
    r"(is|was|has|does|asks|chooses|deserves|expects|feels|finds|gets|hears|knows|makes|"
    r"needs|notices|prefers|reads|says|sees|thinks|trusts|turns|uses|wants)\b",
    re.IGNORECASE,
)


def _template() -> str:
    """The page's template, without its comments (which talk of 'the council')."""
    text = (packaged_path("templates") / TEMPLATE).read_text(encoding="utf-8")
    return re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)


def _words(entry: Entry) -> str:
    return "\n".join((entry.title, entry.summary, entry.body))


def _found(phrase: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE) is not None


def test_no_entry_names_the_people_or_the_body_of_a_sector_it_is_not_for(
    library: Library,
) -> None:
    # An entry for every sector that says 'residents' or 'the council' puts a
    # council's words on a company's page: it writes {{ audience }} and
    # {{ organisation }}, and the page fills in each sector's own.
    wrong = []
    for org_type in library.org_types.values():
        for entry in library.select(org_type.id):
            text = _words(entry)
            for other in library.org_types.values():
                for phrase, own in (
                    (other.audience, org_type.audience),
                    (other.organisation, org_type.organisation),
                ):
                    if phrase in (own, "the public") or phrase in ORDINARY_WORDS:
                        continue
                    if _found(phrase, text):
                        wrong.append(f"{entry.id} says '{phrase}' on a {org_type.id} page")
    assert wrong == []


def test_the_template_leaves_every_sector_word_to_the_organisation_type(
    library: Library,
) -> None:
    template = _template()
    named = [
        phrase
        for org_type in library.org_types.values()
        for phrase in (org_type.audience, org_type.organisation)
        if phrase != "the public" and phrase not in ORDINARY_WORDS and _found(phrase, template)
    ]
    assert named == []


def test_the_people_an_organisation_serves_take_a_plural_verb(library: Library) -> None:
    # Every audience word is plural ('residents are', 'the public are'), as the
    # recommendation conjugates it, so one page never says 'the public is' too.
    texts = {entry.id: _words(entry) for entry in library.entries.values()}
    texts[TEMPLATE] = _template()
    singular = [
        f"{name}: '{match.group(0)}'"
        for name, text in texts.items()
        for match in SINGULAR_VERB.finditer(text)
    ]
    assert singular == []


def test_the_page_s_own_words_are_british_english() -> None:
    # Entries are checked by 'bizcase check' (W203); the template and the words
    # each organisation type and concern puts on the page are checked here.
    arguments = packaged_path("arguments")
    files = [
        packaged_path("templates") / TEMPLATE,
        arguments / "org-types.yaml",
        arguments / "concerns.yaml",
    ]
    american = {
        path.name: found
        for path in files
        if (found := american_spellings(path.read_text(encoding="utf-8")))
    }
    assert american == {}


def test_american_spellings_are_found_with_their_british_forms() -> None:
    assert american_spellings("Authorized staff recognized the Behavior Center.") == [
        ("Authorized", "authorised"),
        ("recognized", "recognised"),
        ("Behavior", "behaviour"),
        ("Center", "centre"),
    ]
    assert american_spellings("Authorised staff recognised the behaviour centre.") == []
