"""Which entries may go on an organisation's page, and in what order of preference."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from bizcase.errors import LibraryError, OptionError
from bizcase.library import Entry, Library, OrgType, Source


def rank(
    entries: Iterable[Entry],
    org_type: str,
    concerns: Sequence[str] = (),
    *,
    strongest_first: bool = False,
) -> list[Entry]:
    """Most relevant first: each chosen concern's best answer, then the rest.

    The rest are ordered by how many chosen concerns they answer, then by whether
    they were written for the type, then by strength; or, ``strongest_first``,
    by strength before the other two.
    """
    leaders, rest = _ranked(entries, org_type, concerns, strongest_first=strongest_first)
    return [*leaders, *rest]


def _ranked(
    entries: Iterable[Entry],
    org_type: str,
    concerns: Sequence[str],
    *,
    strongest_first: bool,
) -> tuple[list[Entry], list[Entry]]:
    """Each chosen concern's best answer, and the rest, both best first."""
    wanted = set(concerns)

    def key(entry: Entry) -> tuple[int, ...]:
        answered = len(wanted.intersection(entry.concerns))
        specific = 1 if entry.is_specific and entry.applies_to(org_type) else 0
        if strongest_first:
            return (-entry.strength, -specific, -answered)
        return (-answered, -specific, -entry.strength)

    ranked = sorted(entries, key=lambda entry: (*key(entry), entry.id))
    # One concern's many answers must not crowd another concern off the page.
    leaders: dict[str, Entry] = {}
    for concern in concerns:
        best = next((e for e in ranked if concern in e.concerns and e.id not in leaders), None)
        if best is not None:
            leaders[best.id] = best
    return list(leaders.values()), [e for e in ranked if e.id not in leaders]


@dataclass(frozen=True)
class Candidates:
    """The entries an organisation's page may hold, best first, and those the officer pinned."""

    reasons: tuple[Entry, ...]
    safeguards: tuple[Entry, ...]
    pinned: frozenset[str]
    #: One answer to each chosen concern the core entries leave open, of either kind.
    leaders: frozenset[str] = frozenset()
    #: The entries this organisation type's page makes room for first.
    core: frozenset[str] = frozenset()

    def order(self, chosen: Iterable[Entry]) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """The chosen entries as the page lists them: reasons, then safeguards, best first."""
        # Sorted by rank, not found by scanning every candidate: the page is
        # measured again and again while a library of thousands is fitted.
        place = self._places
        ranked = sorted({entry.id: entry for entry in chosen}.values(), key=lambda e: place[e.id])
        return (
            tuple(e for e in ranked if e.kind == "reason"),
            tuple(e for e in ranked if e.kind == "safeguard"),
        )

    @cached_property
    def _places(self) -> dict[str, int]:
        return {e.id: n for n, e in enumerate((*self.reasons, *self.safeguards))}

    def interleaved(self) -> list[Entry]:
        """Every candidate in the order the page is filled.

        First the entries the page must not lose: the core ones, such as the policy
        and training the recommendation relies on, then each chosen concern's best
        answer (a concern that cannot have its place is reported; a missing core
        entry would not be), with the best reason when none of them is one. Then the
        rest, best first. Throughout, about three reasons to two safeguards: the case
        leads with reasons, and management's fears are answered early enough that a
        full page always has both.
        """

        must = self.core | self.leaders
        kept = [e for e in (*self.reasons, *self.safeguards) if e.id in must]
        lead = None
        if not any(entry.kind == "reason" for entry in kept):
            # Fears are answered by safeguards: chosen together, they could fill the page
            # before any reason, and a page of safeguards alone argues for nothing.
            lead = next((e for e in self.reasons if not e.clashes_with_any(kept)), None)

        def tier(entry: Entry) -> int:
            if entry.id in self.core:
                return 0
            return 1 if entry.id in self.leaders or entry is lead else 2

        counts = {"reason": 0, "safeguard": 0}
        order: list[Entry] = []
        for wanted in (0, 1, 2):
            reasons, safeguards = (
                deque(e for e in ranked if tier(e) == wanted)
                for ranked in (self.reasons, self.safeguards)
            )
            while reasons or safeguards:
                reason_due = counts["reason"] * 2 <= counts["safeguard"] * 3
                source = reasons if (reason_due and reasons) or not safeguards else safeguards
                entry = source.popleft()
                order.append(entry)
                counts[entry.kind] += 1
        return order


def candidates(
    library: Library,
    org_type: OrgType,
    concerns: Sequence[str] = (),
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Candidates:
    """The entries for ``org_type``, ranked, with --include and --exclude applied."""
    for option, ids in (("--include", include), ("--exclude", exclude)):
        for entry_id in ids:
            if entry_id not in library.entries:
                raise OptionError(option, library.unknown_entry(entry_id))
    both = set(include) & set(exclude)
    if both:
        raise OptionError(
            "--include",
            f"'{sorted(both)[0]}' is both included and excluded: keep one of the two options",
        )
    dropped = set(exclude)
    # An entry pinned by the officer goes on the page even if written for other types.
    eligible = [
        entry
        for entry in library.entries.values()
        if entry.id not in dropped and (entry.applies_to(org_type.id) or entry.id in include)
    ]
    reason_leaders, other_reasons = _ranked(
        [e for e in eligible if e.kind == "reason"], org_type.id, concerns, strongest_first=False
    )
    # After each concern's best safeguard come the strongest, the ones a reader
    # of the recommendation looks for first.
    safeguard_leaders, other_safeguards = _ranked(
        [e for e in eligible if e.kind == "safeguard"], org_type.id, concerns, strongest_first=True
    )
    reasons = [*reason_leaders, *other_reasons]
    safeguards = [*safeguard_leaders, *other_safeguards]
    leaders = _first_answers(reasons, safeguards, org_type.id, concerns)
    excluded = [library.entries[entry_id] for entry_id in dropped]
    if not reasons and any(e.kind == "reason" and e.applies_to(org_type.id) for e in excluded):
        raise OptionError(
            "--exclude",
            "it leaves no reasons for the page: exclude fewer, or --include one",
        )
    if not reasons:
        raise LibraryError(
            f"the library at {library.root} has no reasons for '{org_type.id}': "
            "add an entry whose org_types includes it, or choose another organisation type."
        )
    return Candidates(
        reasons=tuple(reasons),
        safeguards=tuple(safeguards),
        pinned=frozenset(include),
        leaders=frozenset(entry.id for entry in leaders),
        core=frozenset(e.id for e in (*reasons, *safeguards) if e.is_core_for(org_type.id)),
    )


def _first_answers(
    reasons: Sequence[Entry], safeguards: Sequence[Entry], org_type: str, concerns: Sequence[str]
) -> list[Entry]:
    """One answer to each chosen concern that the core entries leave unanswered.

    A page has room for only a few entries, so a concern gets a single answer, of
    whichever kind answers it better, and an entry that answers several concerns
    saves the others their place: that way the fifth concern is not crowded out
    by a second answer to the first.
    """
    wanted = set(concerns)
    core = [e for e in (*reasons, *safeguards) if e.is_core_for(org_type)]
    answered = {c for e in core for c in e.concerns}
    chosen: list[Entry] = []

    def fits(entry: Entry) -> bool:
        return concern in entry.concerns and not entry.clashes_with_any([*core, *chosen])

    for concern in concerns:
        if concern in answered:
            continue
        # Each kind's best answer to it, as that kind is ranked, that can share the page.
        options = [
            best
            for ranked in (reasons, safeguards)
            if (best := next(filter(fits, ranked), None)) is not None
        ]
        if not options:
            continue
        best = min(
            options,
            key=lambda e: (
                -len(wanted.intersection(e.concerns) - answered),
                -(e.is_specific and e.applies_to(org_type)),
                -e.strength,
                e.kind != "reason",
            ),
        )
        chosen.append(best)
        answered.update(best.concerns)
    return chosen


def sources_of(library: Library, entries: Sequence[Entry]) -> tuple[Source, ...]:
    """The sources the entries draw on: the one most of the page uses first."""
    first_use: dict[str, int] = {}
    for index, entry in enumerate(entries):
        first_use.setdefault(entry.source, index)
    counts = {source: sum(e.source == source for e in entries) for source in first_use}
    ordered = sorted(first_use, key=lambda source: (-counts[source], first_use[source]))
    return tuple(library.sources[source] for source in ordered)
