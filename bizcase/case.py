"""The case: everything one organisation's one-pager says, before it is rendered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bizcase.library import Concern, Entry, OrgType, Source
from bizcase.text import escape_markdown

#: The longest organisation name the arguments repeat; a longer one is named in
#: the title and the recommendation, and the arguments use its type's word.
NAME_IN_TEXT_MAX = 50
#: How full a page must be to read as a finished one-pager rather than a draft.
WELL_FILLED = 0.85


@dataclass(frozen=True)
class Case:
    """Everything the one-pager says, chosen for one organisation."""

    org_type: OrgType
    org_name: str | None
    author: str | None
    date: dt.date
    concerns: tuple[Concern, ...]
    reasons: tuple[Entry, ...]
    safeguards: tuple[Entry, ...]
    #: Entries that applied but were left out: for space, or by --max-reasons.
    left_out: tuple[Entry, ...] = ()
    sources: tuple[Source, ...] = ()
    #: How much of the page's text area the estimate says is used, 0 to 1.
    estimated_fill: float | None = None

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The chosen reasons, then the chosen safeguards."""
        return self.reasons + self.safeguards

    @property
    def answered(self) -> tuple[Concern, ...]:
        """The chosen concerns that an entry on the page answers: the page names only these."""
        on_page = {concern for entry in self.entries for concern in entry.concerns}
        return tuple(concern for concern in self.concerns if concern.id in on_page)

    @property
    def unanswered(self) -> tuple[Concern, ...]:
        """The chosen concerns that nothing on the page answers."""
        return tuple(concern for concern in self.concerns if concern not in self.answered)

    @property
    def thin(self) -> bool:
        """Whether the page is, by the estimate, too empty to read as a finished one-pager."""
        return self.estimated_fill is not None and self.estimated_fill < WELL_FILLED

    @property
    def words(self) -> dict[str, str]:
        """What the entries' placeholders stand for in this case, as plain text.

        The page calls the organisation by the name the officer gave, like the
        recommendation does; without one, or with one too long to repeat in every
        argument, by its type's word (the council, the trust).
        """
        words = self.org_type.words
        if self._name_in_text:
            words["organisation"] = self._name_in_text
        return words

    @property
    def markdown_words(self) -> dict[str, str]:
        """The same words made to read literally in Markdown, for text that is Markdown."""
        # The vocabulary's words as well as the officer's name: a library is edited
        # by strangers, and its words must print as words, never as markup. They
        # stand within a line of the text they fill; where that text opens a line,
        # the page escapes its start (text.Inline).
        return {name: escape_markdown(word).within for name, word in self.words.items()}

    @property
    def _name_in_text(self) -> str | None:
        name = self.org_name
        return name if name and len(name) <= NAME_IN_TEXT_MAX else None

    @property
    def credits(self) -> tuple[str, ...]:
        """People credited by name for the chosen entries, in page order."""
        return tuple(dict.fromkeys(entry.credit for entry in self.entries if entry.credit))
