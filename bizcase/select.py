"""Choose and order the entries for one organisation: the case before it is rendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bizcase.errors import LibraryError
from bizcase.library import Concern, Entry, Library, OrgType, Source

#: How many entries of each kind fit on one page; a later version measures the page.
MAX_REASONS = 5
MAX_SAFEGUARDS = 3


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
    #: Entries that applied but did not fit on the page.
    left_out: tuple[Entry, ...]
    sources: tuple[Source, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The chosen reasons, then the chosen safeguards."""
        return self.reasons + self.safeguards

    @property
    def words(self) -> dict[str, str]:
        """What the entries' placeholders stand for in this case."""
        return {"audience": self.org_type.audience, "organisation": self.org_type.organisation}

    @property
    def credits(self) -> tuple[str, ...]:
        """People credited by name for the chosen entries, in page order."""
        return tuple(dict.fromkeys(entry.credit for entry in self.entries if entry.credit))


def rank(entries: Iterable[Entry], org_type: str, concerns: Sequence[str] = ()) -> list[Entry]:
    """Most relevant first: answering the chosen concerns, written for the type, strongest."""
    wanted = set(concerns)

    def key(entry: Entry) -> tuple[int, int, int, str]:
        answered = len(wanted.intersection(entry.concerns))
        specific = 1 if entry.is_specific and entry.applies_to(org_type) else 0
        return (-answered, -specific, -entry.strength, entry.id)

    return sorted(entries, key=key)


def choose(
    library: Library,
    org_type: OrgType,
    *,
    org_name: str | None = None,
    author: str | None = None,
    concerns: Sequence[Concern] = (),
    date: dt.date | None = None,
    max_reasons: int = MAX_REASONS,
    max_safeguards: int = MAX_SAFEGUARDS,
) -> Case:
    """The case for ``org_type``: its best reasons and safeguards, within the page."""
    concern_ids = [concern.id for concern in concerns]
    reasons = rank(library.select(org_type.id, "reason"), org_type.id, concern_ids)
    safeguards = rank(library.select(org_type.id, "safeguard"), org_type.id, concern_ids)
    if not reasons:
        raise LibraryError(
            f"the library at {library.root} has no reasons for '{org_type.id}': "
            "add an entry whose org_types includes it, or choose another organisation type."
        )
    chosen_reasons = tuple(reasons[:max_reasons])
    chosen_safeguards = tuple(safeguards[:max_safeguards])
    left_out = tuple(reasons[max_reasons:] + safeguards[max_safeguards:])
    chosen = chosen_reasons + chosen_safeguards
    first_use = {
        source: index for index, source in reversed(list(enumerate(e.source for e in chosen)))
    }
    # The source most of the page draws on is credited first.
    used = sorted(first_use, key=lambda s: (-sum(e.source == s for e in chosen), first_use[s]))
    return Case(
        org_type=org_type,
        org_name=org_name.strip() if org_name and org_name.strip() else None,
        author=author.strip() if author and author.strip() else None,
        date=date or dt.date.today(),
        concerns=tuple(concerns),
        reasons=chosen_reasons,
        safeguards=chosen_safeguards,
        left_out=left_out,
        sources=tuple(library.sources[source] for source in used),
    )
