"""bizcase check: every problem in a contributed file, at once, pointing at the line to fix.

Each case is a fixture file named for it in tests/fixtures/entries/, checked in a
library beside one good entry and the test library's own vocabularies (so the lists of
allowed values do not change as contributors add to arguments/); the exact lines the
contributor sees are asserted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bizcase import api, schema
from bizcase.checks import CODES
from bizcase.cli import cli
from bizcase.errors import OptionError
from bizcase.library import REPOSITORY_DOCUMENTS, is_entry_name, other_names
from bizcase.problems import Problem, Severity, github_annotation

from .conftest import FIXTURES, TESTS, assert_no_crash, contributing_example

ROOT = TESTS.parent

ENTRIES = FIXTURES / "entries"
GOOD = FIXTURES / "library" / "reasons" / "phones-are-not-banned.md"
#: The test library's vocabularies, frozen: the live ones grow with every new source.
VOCABULARIES = [
    FIXTURES / "library" / name for name in ("org-types.yaml", "concerns.yaml", "sources.yaml")
]
CONCERNS = (
    "productivity, security, reputation, misuse, confidentiality, legal, safeguarding, cost, "
    "trust, customer-service, engagement, learning, recruitment"
)
ORG_TYPES = (
    "local-government, health, police, fire-and-rescue, housing, education, central-government, "
    "charity, private-sector, all"
)

CASES: dict[str, list[str]] = {
    "entry-yaml-syntax-error": [
        "entry-yaml-syntax-error.md:4: E101 YAML syntax error: a value contains ': '; put the "
        "whole text in double quotes",
    ],
    "entry-python-object-tag": [
        "entry-python-object-tag.md:4: E101 YAML syntax error: the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain text, "
        "numbers and lists",
    ],
    "entry-non-printable-character": [
        "entry-non-printable-character.md:4: E101 YAML syntax error: column 46 holds U+0080, a "
        "character YAML does not allow: delete it (it is often pasted in invisibly from another "
        "document)",
    ],
    # No '---' anywhere after the fields: where the body starts, not the file's first line.
    "entry-front-matter-not-closed": [
        "entry-front-matter-not-closed.md:11: E102 the front matter is not closed: if the body "
        "starts here, put a '---' line before it",
    ],
    # A text wrapped onto a second line: join the two, rather than only start the body there.
    "entry-summary-on-two-lines": [
        "entry-summary-on-two-lines.md:6: E101 YAML syntax error: this line is not a field "
        "('name: value'): if it goes on from 'summary' above, join it to that line; if the body "
        "starts here, put a '---' line before it to close the front matter",
    ],
    "entry-front-matter-not-closed-before-body": [
        "entry-front-matter-not-closed-before-body.md:10: E101 YAML syntax error: this line is "
        "not a field ('name: value'): if the body starts here, put a '---' line before it to "
        "close the front matter",
    ],
    # At the line to fix, with the fix: not the line after, nor a guess that the body starts.
    "entry-no-space-after-colon": [
        "entry-no-space-after-colon.md:6: E101 YAML syntax error: there is no space after "
        "'org_types:': put one between the ':' and the value",
    ],
    # Pasted from a word processor: the line to fix, not the next, nor "add the ':'".
    "entry-non-breaking-space-after-colon": [
        "entry-non-breaking-space-after-colon.md:4: E101 YAML syntax error: the space after "
        "'title:' is a non-breaking space (U+00A0), which YAML does not take for a space: type "
        "an ordinary space in its place",
    ],
    # Not that the body may start there: the field's name is the clue.
    "entry-field-without-colon": [
        "entry-field-without-colon.md:4: E101 YAML syntax error: there is no ':' after 'title': "
        "write 'title: ' and then its value",
    ],
    "entry-list-item-without-space": [
        "entry-list-item-without-space.md:9: E101 YAML syntax error: there is no space after "
        "the '-' of a list item: write '- reputation'",
    ],
    "entry-equals-for-colon": [
        "entry-equals-for-colon.md:4: E101 YAML syntax error: 'title' is followed by '=': write "
        "a ':' and a space instead ('title: ...')",
    ],
    "entry-no-front-matter": [
        "entry-no-front-matter.md:1: E102 no front matter: the file must start with a '---' "
        "line, then the fields, then another '---' line (see CONTRIBUTING.md)",
    ],
    # Front matter there is, on lines only a carriage return ends: one line, to YAML and git.
    "entry-old-mac-line-endings": [
        "entry-old-mac-line-endings.md:1: E102 the file's lines end in a carriage return alone, "
        "as old Mac editors saved them, so it reads as one line: save it with ordinary (LF) line "
        "endings",
    ],
    # Meant for the '---' lines: what to type in their place, not that there is no front matter.
    "entry-first-line-spaced-dashes": [
        "entry-first-line-spaced-dashes.md:1: E102 the first line is '- - -', not '---': type "
        "three hyphens and nothing else in its place",
    ],
    "entry-first-line-a-dash": [
        "entry-first-line-a-dash.md:1: E102 the first line is '\u2014', not '---': type three "
        "hyphens and nothing else in its place (a word processor may have made a dash of them)",
    ],
    "entry-copied-with-the-example-fence": [
        "entry-copied-with-the-example-fence.md:1: E102 the first line is '```markdown', which "
        "starts the example in CONTRIBUTING.md, not the file: delete it, and the '```' line at "
        "the end",
    ],
    "entry-closing-line-stars": [
        "entry-closing-line-stars.md:10: E102 '***' does not close the front matter: type three "
        "hyphens and nothing else, '---', in its place",
    ],
    "entry-closing-line-with-text": [
        "entry-closing-line-with-text.md:10: E102 the '---' that closes the front matter must be "
        "on a line of its own: start 'Body text that backs the...' on the line after it",
    ],
    "entry-closing-line-indented": [
        "entry-closing-line-indented.md:10: E102 the '---' line that closes the front matter is "
        "indented: delete the spaces before it",
    ],
    # Not only the first line's spaces, which would leave the closing '---' unread.
    "entry-every-line-indented": [
        "entry-every-line-indented.md:1: E102 the '---' lines start with spaces, as the lines "
        "between them do: delete the spaces at the start of every line",
    ],
    # Front matter there is, a line too low: what to delete, not that there is none.
    "entry-blank-line-before-front-matter": [
        "entry-blank-line-before-front-matter.md:1: E102 the file must start with its '---' "
        "line, but blank lines or spaces come before it: delete them",
    ],
    "entry-front-matter-not-mapping": [
        "entry-front-matter-not-mapping.md:2: E102 the front matter must be fields written as "
        "'name: value'",
    ],
    "entry-not-utf8": [
        "entry-not-utf8.md:4: E103 the file is not UTF-8 text: save it as UTF-8 in your editor",
    ],
    "entry-missing-title": [
        "entry-missing-title.md:9: E110 missing required field 'title' (for example: title: "
        "Staff are our best advocates)",
    ],
    # Not 'title' missing as well: renaming the field fixes the one slip.
    "entry-unknown-field": [
        "entry-unknown-field.md:4: E111 unknown field 'tittle' (did you mean 'title'?); the "
        "fields are: id, kind, title, summary, org_types, concerns, strength, source, credit, core, "
        "excludes",
    ],
    "entry-excludes-unknown": [
        "entry-excludes-unknown.md:10: E122 'excludes' names 'phones-are-banned', which is no "
        "entry in the library (did you mean 'phones-are-not-banned'?): use an entry's id",
        "entry-excludes-unknown.md:10: E122 'excludes' names the entry itself: list only other "
        "entries' ids",
    ],
    "entry-wrong-type": [
        "entry-wrong-type.md:6: E112 'org_types' must be a list, not 'all': write it in square "
        "brackets, [all]",
        "entry-wrong-type.md:8: E112 'strength' must be a whole number, not 'high': write a "
        "whole number from 1 to 5",
    ],
    "entry-strength-quoted": [
        "entry-strength-quoted.md:8: E112 'strength' must be a whole number, not '3': remove "
        "the quotes",
    ],
    "entry-strength-true": [
        "entry-strength-true.md:8: E112 'strength' must be a whole number, not true: write a "
        "whole number from 1 to 5",
    ],
    "entry-number-as-text": [
        "entry-number-as-text.md:10: E112 'credit' must be text, not the number 2024: put it in "
        "double quotes",
    ],
    # A date is text to editors checking the JSON Schema (YAML 1.2), so to the check too.
    "entry-date-as-credit": [],
    "entry-title-mapping": [
        "entry-title-mapping.md:4: E112 'title' must be text, not a mapping: put the whole text "
        "in double quotes",
    ],
    # Named in words and by the tag that made them, never as Python spells them.
    "entry-title-binary": [
        "entry-title-binary.md:4: E112 'title' must be text, not binary data (!!binary): remove "
        "the tag",
    ],
    # The list the contributor meant, ready to copy: not an example to adapt.
    "entry-list-as-comma-text": [
        "entry-list-as-comma-text.md:7: E112 'concerns' must be a list, not 'trust, reputation': "
        "write it in square brackets, [trust, reputation]",
    ],
    # An officer's word, and the phrases an officer writes: the ids they stand for.
    "entry-org-type-as-a-word-not-a-list": [
        "entry-org-type-as-a-word-not-a-list.md:6: E112 'org_types' must be a list, not "
        "'Council': write it in square brackets, [local-government]",
    ],
    "entry-concerns-as-a-sentence": [
        "entry-concerns-as-a-sentence.md:7: E112 'concerns' must be a list, not 'reputation and "
        "customer service': write it in square brackets, [reputation, customer-service]",
    ],
    "entry-concerns-joined-by-and": [
        "entry-concerns-joined-by-and.md:7: E113 'concerns' has unknown value 'reputation and "
        "customer service' (is a comma missing? separate the items with commas: [reputation, "
        f"customer-service]); allowed: {CONCERNS}",
    ],
    "entry-all-types-in-words": [
        "entry-all-types-in-words.md:6: E113 'org_types' has unknown value 'all types' (did you "
        f"mean 'all'?); allowed: {ORG_TYPES}",
    ],
    # Not a slip of spelling: YAML joined a line to the item above it.
    "entry-list-item-indented-more": [
        "entry-list-item-indented-more.md:7: E113 'concerns' has unknown value 'reputation - "
        "trust' (is a '- ' line indented more than the one above it? YAML joins the two: start "
        f"each '- ' in the same column); allowed: {CONCERNS}",
    ],
    "entry-concerns-set": [
        "entry-concerns-set.md:7: E112 'concerns' must be a list such as [reputation, "
        "engagement], not a set (!!set)",
    ],
    "entry-unknown-org-type": [
        f"entry-unknown-org-type.md:6: E113 'org_types' has unknown value 'parishes'; allowed: {ORG_TYPES}",
    ],
    "entry-org-type-alias": [
        "entry-org-type-alias.md:6: E113 'org_types' has unknown value 'council' (did you mean "
        f"'local-government'?); allowed: {ORG_TYPES}",
    ],
    "entry-org-type-in-capitals": [
        "entry-org-type-in-capitals.md:6: E113 'org_types' has unknown value 'NHS' (did you "
        f"mean 'health'?); allowed: {ORG_TYPES}",
    ],
    "entry-misspelt-alias": [
        "entry-misspelt-alias.md:6: E113 'org_types' has unknown value 'councl' (did you mean "
        f"'local-government'?); allowed: {ORG_TYPES}",
    ],
    "entry-unknown-concern": [
        "entry-unknown-concern.md:7: E113 'concerns' has unknown value 'productivty' (did you "
        f"mean 'productivity'?); allowed: {CONCERNS}",
    ],
    # Not 'did you mean' one of the two, which would drop the other.
    "entry-list-without-commas": [
        "entry-list-without-commas.md:7: E113 'concerns' has unknown value 'trust reputation' "
        f"(is a comma missing? separate the items with commas: [trust, reputation]); allowed: {CONCERNS}",
    ],
    "entry-unknown-kind": [
        "entry-unknown-kind.md:3: E113 'kind' has unknown value 'benefit'; allowed: reason, safeguard",
    ],
    "entry-source-in-capitals": [
        "entry-source-in-capitals.md:9: E113 'source' has unknown value 'FBPS12' (did you mean "
        "'fbps12'?); allowed: fbps12, rules-are-not-enough, strategic-approach, policies-wrong, "
        "contributors",
    ],
    "entry-unknown-source": [
        "entry-unknown-source.md:9: E113 'source' has unknown value 'my-blog'; allowed: fbps12, "
        "rules-are-not-enough, strategic-approach, policies-wrong, contributors; or add 'my-blog' "
        "to sources.yaml as a new source",
    ],
    # Not to add a name or an address as an id, which would be refused in its turn.
    "entry-source-as-a-name": [
        "entry-source-as-a-name.md:9: E113 'source' has unknown value 'Jane Smith's blog'; "
        "allowed: fbps12, rules-are-not-enough, strategic-approach, policies-wrong, "
        "contributors; or add it to sources.yaml as a new source, with an id such as "
        "'jane-smiths-blog', and write that id here",
    ],
    "entry-source-as-a-web-address": [
        "entry-source-as-a-web-address.md:9: E113 'source' has unknown value "
        "'https://example.org/staff-and-social-media'; allowed: fbps12, rules-are-not-enough, "
        "strategic-approach, policies-wrong, contributors; or add the article to sources.yaml as "
        "a new source, with this address as its url, and write the id you give it here",
    ],
    # Shown escaped, so the problem keeps to its one line.
    "entry-id-ends-in-escaped-newline": [
        "entry-id-ends-in-escaped-newline.md:2: E116 'id' 'entry-id-ends-in-escaped-newline\\n' "
        "is not valid: ids are lowercase words joined by hyphens, so set it to "
        "'entry-id-ends-in-escaped-newline', the file name without '.md'",
    ],
    "entry-title-too-long": [
        "entry-title-too-long.md:4: E114 'title' is 87 characters; the limit is 80: shorten "
        "it by 7 characters",
    ],
    "entry-title-empty": [
        "entry-title-empty.md:4: E114 'title' is empty: fill it in",
    ],
    # 'title:' with nothing after it is there, but empty: said at its line, not as missing.
    "entry-title-left-blank": [
        "entry-title-left-blank.md:4: E114 'title' is empty: fill it in",
        "entry-title-left-blank.md:10: E114 'credit' is empty: fill it in, or remove the line",
    ],
    "entry-strength-left-blank": [
        "entry-strength-left-blank.md:3: E114 'kind' is empty: fill it in; allowed: reason, "
        "safeguard",
        "entry-strength-left-blank.md:7: E114 'concerns' is empty: name at least one, such as "
        "[reputation, engagement]",
        "entry-strength-left-blank.md:8: E112 'strength' is empty: write a whole number from 1 "
        "to 5",
        "entry-strength-left-blank.md:10: E112 'core' is empty: write true, or a list such as "
        "[local-government, education], or remove the line",
    ],
    "entry-credit-empty": [
        "entry-credit-empty.md:10: E114 'credit' is empty: fill it in, or remove the line",
    ],
    "entry-no-org-types": [
        "entry-no-org-types.md:6: E114 'org_types' is empty: name at least one, such as [all]",
    ],
    "entry-too-many-concerns": [
        "entry-too-many-concerns.md:7: E114 'concerns' has 5 items; at most 4 are allowed: "
        "keep the 4 that matter most",
    ],
    "entry-summary-too-short": [
        "entry-summary-too-short.md:5: E114 'summary' is 10 characters; it needs at least 40: "
        "lengthen it by at least 30 characters",
    ],
    "entry-strength-out-of-range": [
        "entry-strength-out-of-range.md:8: E115 'strength' must be from 1 to 5, not 10",
    ],
    "entry-core-not-true-or-a-list": [
        "entry-core-not-true-or-a-list.md:10: E112 'core' must be true, or a list such as "
        "[local-government, education], not 'always'",
    ],
    # One organisation type, as a word, is a list of one; written in brackets it would be.
    "entry-core-one-type-not-in-a-list": [
        "entry-core-one-type-not-in-a-list.md:10: E112 'core' must be a list, not 'education': "
        "write it in square brackets, [education]",
    ],
    # Its pages never hold the entry, so the core would never be.
    "entry-core-beyond-org-types": [
        "entry-core-beyond-org-types.md:10: E113 'core' names 'health', which 'org_types' does "
        "not, so its pages never hold the entry: add it to org_types, or remove it from core",
    ],
    # YAML 1.1 read 'yes' as true; editors, and so the check, read YAML 1.2: it is text.
    "entry-core-yes": [
        "entry-core-yes.md:10: E112 'core' must be true, or a list such as "
        "[local-government, education], not 'yes': write true instead ('yes' is read as text)",
    ],
    "entry-bad-id": [
        "entry-bad-id.md:2: E116 'id' 'Entry Bad Id' is not valid: ids are lowercase words "
        "joined by hyphens, so set it to 'entry-bad-id', the file name without '.md'",
    ],
    # Setting the id to a file name that is not a valid id would only move the problem.
    "Entry Invalid Everywhere": [
        "Entry Invalid Everywhere.md:2: E116 'id' 'Entry Invalid Everywhere' is not valid: ids "
        "are lowercase words joined by hyphens, so rename the file to "
        "'entry-invalid-everywhere.md' and set id to 'entry-invalid-everywhere'",
    ],
    "Entry-Upper-Case": [
        "Entry-Upper-Case.md:2: E120 id 'entry-upper-case' does not match the file name "
        "'Entry-Upper-Case.md': the file name is not a valid id: rename the file to "
        "'entry-upper-case.md'",
    ],
    "entry name with spaces": [
        "entry name with spaces.md:2: E120 id 'entry-name-with-spaces' does not match the file "
        "name 'entry name with spaces.md': the file name is not a valid id: rename the file to "
        "'entry-name-with-spaces.md'",
    ],
    "entry-field-twice": [
        "entry-field-twice.md:9: E117 field 'strength' appears twice: keep one",
    ],
    "entry-id-mismatch": [
        "entry-id-mismatch.md:2: E120 id 'copied-from-another-entry' does not match the file "
        "name 'entry-id-mismatch.md': set id to 'entry-id-mismatch' or rename the file to "
        "'copied-from-another-entry.md'",
    ],
    "entry-own-idea-without-credit": [
        "entry-own-idea-without-credit.md:9: W206 the idea is your own (source: contributors) "
        "but nobody is credited: add a line with your own name, such as 'credit: Jo Bloggs', "
        "so the page can thank you",
    ],
    "entry-empty-body": [
        "entry-empty-body.md:11: E130 the body is empty: after the closing '---', write a few "
        "sentences that back the claim",
    ],
    "entry-body-too-short": [
        "entry-body-too-short.md:11: W207 the body is only 9 characters: add a sentence or two "
        "that backs the claim, such as evidence, an example or where it has worked",
    ],
    "entry-control-character": [
        "entry-control-character.md:5: E131 column 68 holds U+0007, a control character a Word "
        "document cannot hold: delete it (it is often pasted in invisibly from another document)",
        "entry-control-character.md:11: E131 column 27 holds U+000C, a control character a Word "
        "document cannot hold: delete it (it is often pasted in invisibly from another document)",
    ],
    "entry-broken-link": [
        "entry-broken-link.md:5: E132 link '[the guidance]' has no address: put the web address "
        "between the round brackets",
        "entry-broken-link.md:11: E132 link '[the policy]' address 'policy.docx' is not a web "
        "address: links on a printed page must start with https://, http:// or mailto:",
        "entry-broken-link.md:11: E132 link '[the research][study]' refers to '[study]', which "
        "is not defined: add a line '[study]: https://...' below the text",
        "entry-broken-link.md:11: E132 a link is not closed: end it with ')'",
    ],
    # Not 'contains a space: write it as %20', which would mend nothing.
    "entry-link-to-a-file-on-a-computer": [
        "entry-link-to-a-file-on-a-computer.md:11: E132 link '[social media policy]' address "
        "'C:\\Users\\Jo Bloggs\\Documents\\Social media policy.docx' is a file on a computer or "
        "a shared drive, which nobody else can open: link to a copy published online "
        "(https://...), or remove the link",
        "entry-link-to-a-file-on-a-computer.md:12: E132 link '[review]' address "
        "'\\\\anyshire-fs01\\comms\\review.pdf' is a file on a computer or a shared drive, which "
        "nobody else can open: link to a copy published online (https://...), or remove the link",
    ],
    "entry-template-text": [
        "entry-template-text.md:10: E134 'credit' is the template's 'Your Name', not filled in "
        "yet: replace it with a person or handle to credit for this argument, or remove the line",
        "entry-template-text.md:12: E134 the body holds the template's 'Two to five sentences, "
        "in plain words, that back the claim for a sceptical reader.': replace it with sentences "
        "of your own that back the claim",
        "entry-template-text.md:13: E134 the body holds the template's 'Evidence is welcome: say "
        "where it comes from.': replace it with sentences of your own that back the claim",
    ],
    "entry-reordering-character": [
        "entry-reordering-character.md:4: E135 column 46 holds U+202E RIGHT-TO-LEFT OVERRIDE, "
        "an invisible character that reverses or reorders the text after it: delete it (it is "
        "often pasted in invisibly from another document)",
        "entry-reordering-character.md:11: E135 column 35 holds U+2066 LEFT-TO-RIGHT ISOLATE, "
        "an invisible character that reverses or reorders the text after it: delete it (it is "
        "often pasted in invisibly from another document)",
    ],
    "entry-escaped-reordering-character": [
        "entry-escaped-reordering-character.md:4: E135 'title' holds U+202E RIGHT-TO-LEFT "
        "OVERRIDE, an invisible character that reverses or reorders the text after it: remove "
        "the escape that writes it",
    ],
    # Reported at the line the editor shows, and nothing else: YAML reads the rest as if
    # it were a space.
    "entry-line-separator": [
        "entry-line-separator.md:4: E136 column 24 holds U+2028 LINE SEPARATOR, an invisible "
        "line break that YAML counts as a new line and your editor does not: replace it with a "
        "space, or press Enter for a new line",
    ],
    # The joiners in the body's emoji and Persian word are where they belong.
    "entry-zero-width-space": [
        "entry-zero-width-space.md:5: W209 column 22 holds U+200B ZERO WIDTH SPACE, an invisible "
        "character: delete it (it is often pasted in invisibly from a web page or another "
        "document)",
    ],
    "entry-merge-conflict": [
        f"entry-merge-conflict.md:{line}: E105 '{marker}' is a marker git leaves where two "
        "versions of the file conflict: keep the lines you want from each version, and delete "
        "this line and the other marker lines ('<<<<<<<', '=======', '>>>>>>>')"
        for line, marker in ((11, "<<<<<<<"), (13, "======="), (15, ">>>>>>>"))
    ],
    # As git writes a conflict with merge.conflictStyle diff3: the base between the sides.
    "entry-merge-conflict-diff3": [
        f"entry-merge-conflict-diff3.md:{line}: E105 '{marker}' is a marker git leaves where "
        "two versions of the file conflict: keep the lines you want from each version, delete "
        "the original lines between '|||||||' and '=======', and delete this line and the "
        "other marker lines ('<<<<<<<', '|||||||', '=======', '>>>>>>>')"
        for line, marker in ((11, "<<<<<<<"), (13, "|||||||"), (15, "======="), (17, ">>>>>>>"))
    ],
    "entry-unknown-placeholder": [
        "entry-unknown-placeholder.md:4: E133 unknown placeholder '{{ customers }}': use only "
        "{{ audience }}, {{ organisation }}",
        "entry-unknown-placeholder.md:5: E133 only plain placeholders are allowed in entry text "
        "({{ audience }}, {{ organisation }})",
        "entry-unknown-placeholder.md:11: E133 only plain placeholders are allowed in entry text "
        "({{ audience }}, {{ organisation }})",
    ],
    # At the start of a sentence, as a capital would be: the filter says how.
    "entry-placeholder-in-capitals": [
        "entry-placeholder-in-capitals.md:5: E133 a placeholder is written in lowercase: write "
        "{{ organisation }} in place of '{{ Organisation }}', or {{ organisation|capitalize }} at "
        "the start of a sentence",
    ],
    "entry-placeholder-misspelt": [
        "entry-placeholder-misspelt.md:5: E133 unknown placeholder '{{ organisaton }}' (did you "
        "mean {{ organisation }}?): use only {{ audience }}, {{ organisation }}",
    ],
    "entry-placeholder-of-words": [
        "entry-placeholder-of-words.md:5: E133 '{{ the council }}' is not a placeholder: use only "
        "{{ audience }}, {{ organisation }}",
    ],
    "entry-style-warnings": [
        "entry-style-warnings.md:4: W201 the title ends with a full stop: remove it (the page "
        "adds one)",
        "entry-style-warnings.md:5: W202 the summary is more than one sentence: keep one, and "
        "move the rest to the body",
        "entry-style-warnings.md:11: W203 'organization' is American spelling: write "
        "'organisation' (British English)",
        "entry-style-warnings.md:11: W203 'favor' is American spelling: write 'favour' "
        "(British English)",
    ],
    # One sentence: 'e.g.' and 'Dr.' end no sentence, whatever follows them.
    "entry-summary-with-abbreviation": [],
    "entry-title-question": [
        "entry-title-question.md:4: W201 the title ends with '?': state the claim itself rather "
        "than ask it (the page adds a full stop)",
    ],
    "entry-title-colon": [
        "entry-title-colon.md:4: W201 the title ends with ':': remove it (the page adds a full "
        "stop)",
    ],
    "entry-markdown-in-title": [
        "entry-markdown-in-title.md:4: W211 the title holds Markdown ('**already**'), which the "
        "page prints as typed, marks and all: remove the marks (the page prints the title in "
        "bold already)",
    ],
    "entry-exclamation-mark": [
        "entry-exclamation-mark.md:4: W212 the title has an exclamation mark: the page goes to "
        "senior management, so make the point in sober words, without '!'",
        "entry-exclamation-mark.md:5: W212 the summary has an exclamation mark: the page goes "
        "to senior management, so make the point in sober words, without '!'",
    ],
    "entry-raw-html": [
        "entry-raw-html.md:5: W204 raw HTML '<b>' is shown as text on the page, not obeyed: "
        "remove it, and use Markdown for *emphasis* and [links](https://...)",
    ],
    "entry-tab-in-list": [
        "entry-tab-in-list.md:8: E101 YAML syntax error: a tab character; indent with spaces, "
        "not tabs",
    ],
    # A value YAML reads as something other than text: the line and the fix, not YAML's words.
    "entry-unquoted-placeholder": [
        "entry-unquoted-placeholder.md:5: E101 YAML syntax error: 'summary' starts with '{{', "
        "which YAML reads as a mapping: put the whole text in double quotes",
    ],
    "entry-value-starts-with-at": [
        "entry-value-starts-with-at.md:10: E101 YAML syntax error: 'credit' starts with '@', "
        "which YAML does not allow at the start of a value: put the whole text in double quotes",
    ],
    # Pasted as typed elsewhere: the field to quote, not YAML's words for what it read.
    "entry-title-starts-with-dash": [
        "entry-title-starts-with-dash.md:4: E101 YAML syntax error: 'title' starts with '-', "
        "which YAML reads as the start of a list: put the whole text in double quotes",
    ],
    "entry-title-starts-with-angle-bracket": [
        "entry-title-starts-with-angle-bracket.md:4: E101 YAML syntax error: 'title' starts with "
        "'>', which YAML reads as the start of a text on the lines below: put the whole text in "
        "double quotes",
    ],
    "entry-title-starts-with-exclamation-mark": [
        "entry-title-starts-with-exclamation-mark.md:4: E101 YAML syntax error: 'title' starts "
        "with '!', which YAML reads as a type for the value: put the whole text in double quotes",
    ],
    # YAML reads it without complaint, and would print the title without its first word.
    "entry-title-starts-with-ampersand": [
        "entry-title-starts-with-ampersand.md:4: E101 YAML syntax error: 'title' starts with "
        "'&', which YAML reads as a name for the value, so it drops '&more': put the whole text "
        "in double quotes",
    ],
    # Not a summary of 16 characters: YAML took the hashtag for the start of a comment.
    "entry-hashtag-in-summary": [
        "entry-hashtag-in-summary.md:5: E101 YAML syntax error: 'summary' holds ' #', which "
        "YAML reads as the start of a comment, so it drops '#LocalGov and local groups hear of "
        "a...': put the whole text in double quotes",
    ],
    # Quoted, the contributor thinks; but a word processor's quote marks are text to YAML.
    "entry-curly-quotes-around-colon": [
        "entry-curly-quotes-around-colon.md:4: E101 YAML syntax error: a value contains ': ', "
        "and its curly quote marks are text to YAML, not quotes: put the whole text in straight "
        'double quotes (")',
    ],
    "entry-hashtag-in-curly-quotes": [
        "entry-hashtag-in-curly-quotes.md:4: E101 YAML syntax error: 'title' holds ' #', which "
        "YAML reads as the start of a comment, so it drops '#LocalGov hear of complaints "
        "early\u201d': put the whole text in straight double quotes (\")",
    ],
    "entry-curly-quoted-title": [
        "entry-curly-quoted-title.md:4: W214 the title is in curly quote marks (\u201c \u201d), "
        "which YAML keeps as part of the text, so the page prints them: remove them, or use "
        'straight double quotes (") if the text needs quoting',
        "entry-curly-quoted-title.md:10: W214 the credit is in curly quote marks (\u2018 "
        "\u2019), which YAML keeps as part of the text, so the page prints them: remove them, or "
        'use straight double quotes (") if the text needs quoting',
    ],
    # Guillemets are quote marks too, though not curly ones.
    "entry-guillemets-around-summary": [
        "entry-guillemets-around-summary.md:5: W214 the summary is in quote marks (\u00ab "
        "\u00bb), which YAML keeps as part of the text, so the page prints them: remove them, or "
        'use straight double quotes (") if the text needs quoting',
    ],
    "entry-credit-web-address": [
        "entry-credit-web-address.md:10: W215 the credit holds a web address, which the page "
        "would print as it is: give the name or handle of the person to thank instead, such as "
        "'Jo Bloggs' or '@jobloggs'",
    ],
    "entry-credit-email-address": [
        "entry-credit-email-address.md:10: W215 the credit holds an email address, which the "
        "page would print for anyone to read: give the name or handle of the person to thank "
        "instead, such as 'Jo Bloggs' or '@jobloggs'",
    ],
    # The full stop is there, inside the quotation that ends the sentence.
    "entry-summary-ends-in-quotation": [],
    "entry-quote-then-more": [
        "entry-quote-then-more.md:4: E101 YAML syntax error: 'title' goes on after its closing "
        "quote mark: quote the whole text, in single quotes if it holds double quotes",
    ],
    # Not 'in single quotes if it holds double quotes', which is how it came to be.
    "entry-apostrophe-in-single-quotes": [
        "entry-apostrophe-in-single-quotes.md:5: E101 YAML syntax error: 'summary' is in single "
        "quotes, and the apostrophe inside ends them: put the whole text in double quotes instead",
    ],
    "entry-quote-marks-in-double-quotes": [
        "entry-quote-marks-in-double-quotes.md:4: E101 YAML syntax error: 'title' is in double "
        "quotes, and the quote marks inside end them: put the whole text in single quotes instead",
    ],
    "entry-unclosed-quote": [
        "entry-unclosed-quote.md:4: E101 YAML syntax error: a quoted text is not closed: end it "
        "with the quote mark it starts with",
    ],
    "entry-unclosed-list": [
        "entry-unclosed-list.md:7: E101 YAML syntax error: a list in square brackets is not "
        "closed: end it with ']', and put any item holding ',' or ': ' in double quotes",
    ],
    "entry-indented-field": [
        "entry-indented-field.md:6: E101 YAML syntax error: 'org_types' is indented: start each "
        "field at the beginning of its line",
    ],
    "entry-script-link": [
        "entry-script-link.md:5: E132 a link's address 'javascript:alert(1' is not a web "
        "address: links on a printed page must start with https://, http:// or mailto:",
        "entry-script-link.md:11: E132 a link's address 'data:text/html,hello' is not a web "
        "address: links on a printed page must start with https://, http:// or mailto:",
    ],
    "entry-near-duplicate": [
        "entry-near-duplicate.md:4: W301 the claim is 71% similar to phones-are-not-banned.md: "
        "if the two make the same point, keep one and improve it; if not, word the claim so that "
        "the difference shows",
    ],
}


@pytest.fixture
def beside_good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A library of one good entry and the named fixture; paths print relative to it."""

    def make(name: str) -> Path:
        for path in [GOOD, *VOCABULARIES]:
            shutil.copy(path, tmp_path / path.name)
        shutil.copy(ENTRIES / f"{name}.md", tmp_path / f"{name}.md")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


def code(line: str) -> str:
    return line.split(": ", 1)[1].split(" ", 1)[0]


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def run_here(*args: str):
    """Check in the current folder, as its own library."""
    return run("--library", ".", *args)


def test_every_case_has_a_fixture_and_every_fixture_a_case() -> None:
    assert {path.stem for path in ENTRIES.glob("*.md")} == set(CASES)


def test_every_code_is_exercised_by_a_fixture() -> None:
    codes = {code(line) for lines in CASES.values() for line in lines}
    # E121 and W208 need several files (fixtures/duplicate-id, crowded-core), W210 a folder
    # (fixtures/kind-in-wrong-folder), W213 a library with its own sources
    # (fixtures/unused-source); W205 a file that is not an entry
    # (test_a_file_the_library_would_not_read_is_pointed_out); E104 a file that is not a file,
    # which git cannot hold portably: test_loading_errors makes pipes, links and folders.
    assert codes | {"E121", "E104", "W205", "W208", "W210", "W213"} == set(CODES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_problem_is_reported_exactly(beside_good, name: str) -> None:
    beside_good(name)
    result = run_here(f"{name}.md")
    assert result.stdout.splitlines() == CASES[name]
    errors = sum(code(line).startswith("E") for line in CASES[name])
    warnings = len(CASES[name]) - errors
    assert result.exit_code == (1 if errors else 0)
    assert result.stderr.endswith(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}.\n"
    )
    assert_no_crash(result)


@pytest.mark.parametrize("name", ["entry-style-warnings", "entry-near-duplicate"])
def test_strict_fails_on_warnings(beside_good, name: str) -> None:
    beside_good(name)
    result = run_here("--strict", f"{name}.md")
    assert result.exit_code == 1
    assert result.stderr.endswith(" (--strict fails on warnings).\n")


def test_the_whole_library_is_checked_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in CASES:
        shutil.copy(ENTRIES / f"{name}.md", tmp_path)
    for path in [GOOD, *VOCABULARIES]:
        shutil.copy(path, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("--library", ".")
    assert result.exit_code == 1
    reported = result.stdout.splitlines()
    # Every problem of every file, in one run; near-duplicates are named on both sides.
    for name, lines in CASES.items():
        if name != "entry-near-duplicate":
            assert [line for line in reported if line.startswith(f"{name}.md:")] == lines
    assert result.stderr.startswith(
        f"{len(CASES) + 1} entries checked (with the library's 3 vocabulary files): "
    )


def test_a_duplicate_id_in_another_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "duplicate-id")
    result = run("--library", ".")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "safeguards/same-id.md:2: E121 id 'same-id' is already used by reasons/same-id.md: "
        "choose another id and rename this file to match",
    ]


def test_a_safeguard_in_the_reasons_folder_is_pointed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES / "kind-in-wrong-folder")
    result = run("--library", ".")
    assert result.exit_code == 0  # a warning: --strict, as in CI, fails on it
    assert result.stdout.splitlines() == [
        "reasons/a-safeguard-among-reasons.md:3: W210 the entry is a safeguard, but its folder "
        "'reasons' holds reasons: move the file to 'safeguards', or set kind to reason",
    ]


def test_the_contributing_template_pasted_unchanged_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_id, template = contributing_example()
    (tmp_path / f"{entry_id}.md").write_text(template, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("--library", ".")
    # The guide's template holds the text the check looks for (schema.TEMPLATE_TEXT), so
    # the two cannot drift apart; the rest of it is a valid argument, and passes once that
    # text is the newcomer's own (test_contribution).
    assert result.stdout.splitlines() == [
        "staff-spot-complaints-early.md:11: E134 'credit' is the template's 'Your Name', not "
        "filled in yet: replace it with a person or handle to credit for this argument, or "
        "remove the line",
        "staff-spot-complaints-early.md:13: E134 the body holds the template's 'Two to five "
        "sentences, in plain words, that back the claim for a sceptical reader.': replace it "
        "with sentences of your own that back the claim",
        "staff-spot-complaints-early.md:14: E134 the body holds the template's 'Evidence is "
        "welcome: say where it comes from.': replace it with sentences of your own that back "
        "the claim",
    ]


CROWDED = ("disclaimer-first", "escalation-first", "policy-first", "review-first", "training-first")


def test_too_many_core_entries_for_one_type_are_pointed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three for every type and two more for health: five on a health page.
    monkeypatch.chdir(FIXTURES / "crowded-core")
    result = run("--library", ".", "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{name}.md:10: W208 5 core entries apply to 'health', more than the 4 a page can make "
        "room for first: keep core for the few the recommendation relies on"
        for name in CROWDED
    ]


def test_a_source_no_entry_draws_on_is_pointed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "unused-source")
    result = run("--library", ".", "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "sources.yaml:7: W213 source 'left-over' is not the source of any entry: remove it, or "
        "add the argument that draws on it"
    ]
    # Checking one file says nothing of it: that file is not what left the source unused.
    one = run("--library", ".", "--strict", "reasons/council-savings.md")
    assert (one.exit_code, one.stdout) == (0, "")


LEFT_OVER = """\
- id: strategic-approach
  title: Taking a strategic approach to social media
  author: Redmoor Communications
  short: Redmoor Communications

{record}
  title: An article whose argument has since been removed
  author: Somebody
  short: Somebody

- id: contributors
  title: Arguments contributed to bizcase
  author: "bizcase contributors, who
    id: left-over by mistake once"
  short: bizcase contributors
"""


@pytest.mark.parametrize("record", ["- id: left-over", "- \"id\": 'left-over'"])
def test_an_unused_source_is_pointed_out_on_the_line_yaml_read_it_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: str
) -> None:
    # A line of another value reads as 'id: left-over' too, and a quoted key does not:
    # only the parser knows which line holds the record's id.
    shutil.copytree(FIXTURES / "unused-source" / "reasons", tmp_path / "reasons")
    (tmp_path / "sources.yaml").write_text(LEFT_OVER.format(record=record), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("--library", ".", "--strict")
    assert result.stdout.splitlines() == [
        "sources.yaml:6: W213 source 'left-over' is not the source of any entry: remove it, or "
        "add the argument that draws on it"
    ]


def test_a_library_sharing_our_sources_hears_nothing_of_those_it_does_not_use(
    tmp_path: Path,
) -> None:
    # Its one entry draws on one of the shipped library's many sources.
    shutil.copytree(FIXTURES / "unused-source" / "reasons", tmp_path / "reasons")
    result = run("--library", str(tmp_path), "--strict")
    assert (result.exit_code, result.stdout) == (0, "")


def test_the_shipped_library_passes_strict() -> None:
    result = run("--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.endswith(
        " entries checked (with the library's 3 vocabulary files): 0 errors, 0 warnings.\n"
    )


def test_a_draft_outside_the_library_is_checked_against_it(tmp_path: Path) -> None:
    draft = tmp_path / "entry-near-duplicate.md"
    shutil.copy(ENTRIES / "entry-near-duplicate.md", draft)
    report = api.check([draft])
    # Only the draft is reported on, and it is compared with the shipped library.
    assert [(p.path, p.code) for p in report.problems] == [(draft, "W301")]
    assert "phone-and-face-to-face.md" in report.problems[0].message
    # Its id already in the library is caught too.
    clash = tmp_path / "phone-and-face-to-face.md"
    shutil.copy(
        Path(__file__).resolve().parent.parent / "arguments/reasons/phone-and-face-to-face.md",
        clash,
    )
    assert "E121" in [p.code for p in api.check([clash]).problems]


def test_a_colon_ending_a_line_of_a_value_is_not_taken_for_curly_quotes(beside_good) -> None:
    # Nothing follows the colon YAML stops at: no quote marks, curly or straight.
    root = beside_good("entry-yaml-syntax-error")
    path = root / "entry-yaml-syntax-error.md"
    text = path.read_text(encoding="utf-8").replace(
        "title: Staff: our best advocates", "title: Staff are\n  our best advocates:"
    )
    path.write_text(text, encoding="utf-8")
    result = run_here(path.name)
    assert result.stdout.splitlines() == [
        "entry-yaml-syntax-error.md:5: E101 YAML syntax error: a value contains ': '; put the "
        "whole text in double quotes",
    ]


def test_a_path_inside_the_library_limits_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    result = run("arguments/reasons/staff-have-smartphones.md")
    assert result.exit_code == 0
    # What was asked about is counted: the vocabularies are read every time.
    assert result.stderr == (
        "1 entry checked (with the library's 3 vocabulary files): 0 errors, 0 warnings.\n"
    )


def test_json_output_for_tools(beside_good) -> None:
    beside_good("entry-wrong-type")
    rows = json.loads(run_here("--json", "entry-wrong-type.md").stdout)
    assert rows == [
        {
            "path": "entry-wrong-type.md",
            "line": 6,
            "code": "E112",
            "severity": "error",
            "message": "'org_types' must be a list, not 'all': write it in square brackets, [all]",
            "count": 1,
        },
        {
            "path": "entry-wrong-type.md",
            "line": 8,
            "code": "E112",
            "severity": "error",
            "message": "'strength' must be a whole number, not 'high': write a whole number "
            "from 1 to 5",
            "count": 1,
        },
    ]


def test_github_annotations_put_each_problem_on_its_line(beside_good) -> None:
    beside_good("entry-wrong-type")
    result = run_here("--format", "github", "entry-wrong-type.md")
    assert result.stdout.splitlines() == [
        "::error file=entry-wrong-type.md,line=6::E112 'org_types' must be a list, not 'all': "
        "write it in square brackets, [all]",
        "::error file=entry-wrong-type.md,line=8::E112 'strength' must be a whole number, not "
        "'high': write a whole number from 1 to 5",
    ]
    assert result.exit_code == 1
    assert result.stderr == (
        "1 entry checked (with the library's 3 vocabulary files): 2 errors, 0 warnings.\n"
    )


@pytest.mark.parametrize(
    ("strict", "level"), [((), "warning"), (("--strict",), "error")], ids=["plain", "strict"]
)
def test_github_annotations_show_a_warning_as_an_error_when_it_fails_the_check(
    beside_good, strict: tuple[str, ...], level: str
) -> None:
    beside_good("entry-style-warnings")
    text = run_here(*strict, "entry-style-warnings.md")
    github = run_here(*strict, "--format", "github", "entry-style-warnings.md")
    # The same problems as the text output, each on its file and line.
    expected = []
    for line in text.stdout.splitlines():
        path, number, problem = line.split(":", 2)
        expected.append(f"::{level} file={path},line={number}::{problem.strip()}")
    assert len(expected) == 4
    assert github.stdout.splitlines() == expected
    assert github.exit_code == text.exit_code == (1 if strict else 0)
    assert github.stderr == text.stderr


def test_github_annotations_escape_what_github_reads_as_their_syntax(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    odd = Problem(Path("sub/odd, name: 100%.md"), 3, "E101", "50% done\r\nthen: more, and more")
    assert github_annotation(odd, "error") == (
        "::error file=sub/odd%2C name%3A 100%25.md,line=3::E101 50%25 done%0D%0Athen: more, and more"
    )
    no_line = Problem(
        tmp_path / "notes.txt", None, "W205", "this file is not read", Severity.WARNING
    )
    assert github_annotation(no_line, "warning") == (
        "::warning file=notes.txt::W205 this file is not read"
    )


def test_json_and_another_format_are_refused_together() -> None:
    result = run("--json", "--format", "github")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: give --json or --format github, not both. Run 'bizcase check --help' to see the "
        "options.\n"
    )


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: PATH: '{tmp_path / 'nope.md'}' does not exist\n"


def test_a_list_too_short_says_how_many_it_has() -> None:
    # Every list of the shipped schema needs one item, said as 'is empty'; a longer minimum
    # counts in words, never 'item(s)'.
    field = schema.Field("concerns", "list", "The concerns it answers.", min_length=2)
    assert schema.check_field(field, ["trust"], {}) == ["has 1 item; it needs at least 2"]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("title: !!set {Staff: null}", ":4: E112 'title' must be text, not a set (!!set): remove "
         "the tag, and put the whole text in double quotes"),
        ("concerns: [!!binary dHJ1c3Q=]", ":7: E112 'concerns' items must be text, not binary "
         "data (!!binary)"),
        ("concerns: !!omap [trust: 1]", ":7: E112 'concerns' items must be text, not a mapping"),
        ("concerns: [trust, null]", ":7: E112 'concerns' items must be text, not an empty value"),
        ("strength: !!set {3: null}", ":8: E112 'strength' must be a whole number, not a set "
         "(!!set): write a whole number from 1 to 5"),
        ("strength: .inf", ":8: E112 'strength' must be a whole number, not '.inf': write a "
         "whole number from 1 to 5"),
        ("strength: -.inf", ":8: E112 'strength' must be a whole number, not '-.inf': write a "
         "whole number from 1 to 5"),
        ("strength: .NaN", ":8: E112 'strength' must be a whole number, not '.nan': write a "
         "whole number from 1 to 5"),
    ],
)  # fmt: skip
def test_a_value_only_yaml_spells_is_named_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, reported: str
) -> None:
    for path in VOCABULARIES:
        shutil.copy(path, tmp_path / path.name)
    field = line.split(":", 1)[0]
    text = "".join(
        f"{line}\n" if written.startswith(f"{field}:") else written
        for written in GOOD.read_text(encoding="utf-8").splitlines(keepends=True)
    )
    (tmp_path / GOOD.name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_here(GOOD.name).stdout.splitlines() == [f"{GOOD.name}{reported}"]


def test_a_field_missing_beside_an_unknown_one_that_does_not_stand_for_it_is_still_missing(
    beside_good,
) -> None:
    root = beside_good("entry-missing-title")
    path = root / "entry-missing-title.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("source: fbps12\n", "source: fbps12\nsauce: x\n"),
        encoding="utf-8",
    )
    assert run_here("entry-missing-title.md").stdout.splitlines() == [
        "entry-missing-title.md:9: E111 unknown field 'sauce' (did you mean 'source'?); the "
        "fields are: id, kind, title, summary, org_types, concerns, strength, source, credit, "
        "core, excludes",
        # At the closing '---', the line to add it above.
        "entry-missing-title.md:10: E110 missing required field 'title' (for example: title: "
        "Staff are our best advocates)",
    ]


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Council", ["local-government"]),
        ("Fire and rescue", ["fire-and-rescue"]),  # one type, though it holds 'and'
        ("councils & NHS", ["local-government", "health"]),
        ("all councils", ["local-government"]),
        ("every organisation", ["all"]),
        ("(police/fire)", ["police", "fire-and-rescue"]),
        ("“police”", ["police"]),
        ("parishes", None),
        ("police and parishes", None),  # a list of ids only if every word names one
        ("and police", None),
    ],
)
def test_an_officers_phrase_is_read_for_the_ids_it_names(
    typed: str, named: list[str] | None
) -> None:
    library = api.load_library(FIXTURES / "library")
    choices = [*library.org_types, schema.ALL]
    assert schema.named_items(typed, choices, other_names(library.org_types)) == named


def test_contributing_guide_lists_every_code() -> None:
    guide = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in guide]
    assert missing == []


def test_contributing_guides_table_gives_each_code_its_severity_and_no_other_code() -> None:
    guide = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([EW]\d{3})` \| (\w+) \|", guide, flags=re.MULTILINE))
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning"}
    assert rows == {code: kinds[severity] for code, (severity, _) in CODES.items()}


def test_a_path_that_is_not_an_argument_file_is_named(tmp_path: Path) -> None:
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    result = run(str(other))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: PATH: '{other}' is not an argument file: give .md files, folders of them, or a "
        "vocabulary file (concerns.yaml, org-types.yaml, sources.yaml)\n"
    )


def test_a_vocabulary_file_may_be_named() -> None:
    root = Path(__file__).resolve().parent.parent
    result = run(str(root / "arguments" / "concerns.yaml"))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_path_is_not_the_current_folder(empty: str) -> None:
    with pytest.raises(OptionError) as caught:
        api.check([empty])
    assert caught.value.message == (
        "PATH: an empty path names no file: give an argument file or folder, or leave PATH out "
        "to check the whole library"
    )


def test_an_unreadable_file_named_on_the_command_line_is_reported(
    beside_good, tmp_path: Path
) -> None:
    beside_good("entry-missing-title")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    report = api.check([tmp_path / "gone.md", tmp_path / "entry-missing-title.md"])
    assert [(p.path.name, p.code) for p in report.problems] == [
        ("entry-missing-title.md", "E110"),
        ("gone.md", "E104"),
    ]


def test_a_folder_named_as_an_entry_file_is_reported_when_named_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked as a folder of entries, it passed with none; the whole library's check refused it.
    shutil.copytree(FIXTURES / "library", tmp_path / "library")
    monkeypatch.chdir(tmp_path / "library")
    Path("reasons", "my-idea.md").mkdir()
    result = run("--strict", "reasons/my-idea.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "reasons/my-idea.md: E104 cannot read this file (it is a folder, not a file): fix or "
        "remove it\n"
    )
    assert result.stderr == (
        "1 entry checked (with the library's 3 vocabulary files): 1 error, 0 warnings.\n"
    )


def test_a_near_duplicate_in_the_whole_library_is_named_on_both_files(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    shutil.copy(ENTRIES / "entry-near-duplicate.md", library / "reasons")
    report = api.check(library=library)
    assert sorted((p.path.name, p.code) for p in report.problems) == [
        ("entry-near-duplicate.md", "W301"),
        ("phones-are-not-banned.md", "W301"),
    ]


def test_a_file_the_library_would_not_read_is_pointed_out(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    shutil.copy(library / "reasons" / "help-people-online.md", library / "reasons" / "New-Idea.txt")
    (library / "README.md").write_text("A private library.\n", encoding="utf-8")
    # A licence is the library's own, not a misnamed argument.
    (library / "LICENSE").write_text("CC BY 4.0\n", encoding="utf-8")
    (library / "LICENCE.txt").write_text("CC BY 4.0\n", encoding="utf-8")
    # Saved from a word processor: renamed, it would still be no text file.
    (library / "safeguards" / "My Idea.docx").write_bytes(b"PK\x03\x04 a Word file")
    result = run("--library", str(library))
    assert result.exit_code == 0  # a warning: --strict, as in CI, fails on it
    assert result.stdout == (
        f"{library / 'reasons' / 'New-Idea.txt'}: W205 this file is not read: an argument must be "
        "a file ending in '.md'; rename it to 'new-idea.md', or remove it\n"
        f"{library / 'safeguards' / 'My Idea.docx'}: W205 this file is a word processor's "
        "document, which is not read: an argument is plain text, so copy its text into a new file "
        "named 'my-idea.md', set out as CONTRIBUTING.md shows, and remove this one\n"
    )


def test_a_file_name_holding_a_line_break_is_shown_escaped_on_its_problems_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Printed as it was, the name split its problem over two lines, and a line it started with
    # '::' was a workflow command to GitHub Actions running 'bizcase check' on the pull request.
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    (library / "reasons" / "notes\n::error file=README.md::forged\x1b]0;x\x07.txt").write_text(
        "A stray file.\n", encoding="utf-8"
    )
    monkeypatch.chdir(library)
    result = run("--library", ".")
    assert result.exit_code == 0
    assert result.stdout == (
        "reasons/notes\\n::error file=README.md::forged\\x1b]0;x\\x07.txt: W205 this file is "
        "not read: an argument must be a file ending in '.md'; rename it to "
        "'notes-error-file-readme.md', or remove it\n"
    )


@pytest.mark.parametrize(
    "name", ["_draft.md", ".hidden.md", "README.md", "LICENSE.md", "CODE_OF_CONDUCT.md"]
)
def test_a_file_named_that_the_library_never_reads_is_refused(tmp_path: Path, name: str) -> None:
    # Checked, it would pass; but as an argument it would never reach a page.
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    set_aside = library / "reasons" / name
    shutil.copy(library / "reasons" / "help-people-online.md", set_aside)
    result = run(str(set_aside))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: PATH: '{set_aside}' is never read as an argument: the library passes over "
        "read-me files, a repository's own documents named in capitals (such as LICENSE.md or "
        "CHANGELOG.md) and files whose names start with '.' or '_' (drafts): rename it to "
        "check it\n"
    )


def test_a_library_kept_as_a_repository_may_hold_its_documents(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    shutil.copytree(FIXTURES / "repository-documents", library, dirs_exist_ok=True)
    result = run("--library", str(library), "--strict")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "7 entries checked (with the library's 3 vocabulary files): 0 errors, 0 warnings.\n"
    )


def test_a_repository_document_named_in_lowercase_is_read_as_an_argument(tmp_path: Path) -> None:
    # An id is lowercase, so 'security.md' may be an argument, misnamed or not: it is never
    # passed over in silence.
    library = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", library)
    shutil.copy(
        FIXTURES / "repository-documents" / "SECURITY.md", library / "reasons" / "security.md"
    )
    result = run("--library", str(library))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{library / 'reasons' / 'security.md'}:1: E102 no front matter: the file must start "
        "with a '---' line, then the fields, then another '---' line (see CONTRIBUTING.md)\n"
    )


def test_the_pre_commit_hook_hands_over_exactly_the_files_check_takes() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    names = [
        "arguments/reasons/staff-are-adults.md",
        "arguments/safeguards/sector/patient-confidentiality.md",
        "arguments/org-types.yaml",
        "arguments/concerns.yaml",
        "arguments/sources.yaml",
        # Lowercase, a repository document's name could be an argument's id.
        "arguments/reasons/security.md",
        "arguments/safeguards/licence.md",
        "arguments/schema.json",
        "arguments/README.md",
        "arguments/reasons/readme.md",
        "arguments/reasons/_draft.md",
        "arguments/reasons/.hidden.md",
        "arguments/reasons/notes.txt",
        "arguments/LICENSE.md",
        "arguments/reasons/CODE_OF_CONDUCT.md",
        "README.md",
        "tests/fixtures/entries/entry-title-too-long.md",
    ]

    def selected(name: str) -> bool:
        # As pre-commit selects files: 'files' searched, then 'exclude' searched.
        return bool(re.search(hook["files"], name)) and not re.search(hook["exclude"], name)

    assert [name for name in names if selected(name)] == names[:7]
    for document in REPOSITORY_DOCUMENTS:
        for name in (f"{document}.md", f"{document.lower()}.md", f"{document.title()}.md"):
            assert selected(f"arguments/reasons/{name}") == is_entry_name(name), name
    for name in (ROOT / "arguments").rglob("*"):
        relative = name.relative_to(ROOT).as_posix()
        assert selected(relative) == (is_entry_name(name.name) or name.suffix == ".yaml"), relative


def test_the_pre_commit_hook_checks_all_its_files_in_one_run() -> None:
    # Shared out among several runs, each run handed a vocabulary file would check the
    # whole library, and every problem in it would be listed once for each such run.
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert hook["require_serial"] is True


def test_the_contributing_guide_names_the_documents_the_library_passes_over() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (paragraph,) = [part for part in guide.split("\n\n") if "read-me files too" in part]
    named = {name.removesuffix(".md") for name in re.findall(r"`([A-Z_]+(?:\.md)?)`", paragraph)}
    assert named == REPOSITORY_DOCUMENTS


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_json_output_stays_utf8_for_a_file_name_that_is_not(tmp_path: Path, monkeypatch) -> None:
    shutil.copy(GOOD, tmp_path / GOOD.name)
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_bytes(GOOD.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "bizcase", "check", "--library", ".", "--json"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    (row,) = json.loads(result.stdout.decode("utf-8"))
    assert row["path"] == "caf\ufffd.md"
    assert row["code"] == "E120"
    assert "'caf\ufffd.md'" in row["message"]


def test_an_escape_cut_short_says_how_many_digits_each_takes(tmp_path: Path) -> None:
    # PyYAML's own words were 'did not find expected hexdecimal number', with its typo.
    entry = (FIXTURES / "entries" / "entry-missing-title.md").read_text(encoding="utf-8")
    path = tmp_path / "entry-missing-title.md"
    path.write_text(
        entry.replace("kind: reason\n", 'kind: reason\ntitle: "A \\x4 title"\n'), encoding="utf-8"
    )
    (problem,) = api.check([path]).problems
    assert (problem.line, problem.code) == (4, "E101")
    assert problem.message == (
        "YAML syntax error: an escape is cut short: give it all its digits (2 after \\x, 4 "
        "after \\u, 8 after \\U), or write the character itself instead"
    )
