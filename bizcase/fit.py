"""Fill one A4 page: the best entries for the organisation, until the page is full, never beyond.

Each candidate's height is estimated from the document font's real advance
widths (see :mod:`bizcase.layout`), and the page as a whole is measured
exactly, from the rendered Markdown, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from bizcase import document, layout, text
from bizcase.case import Case
from bizcase.errors import FitError, OptionError
from bizcase.library import Entry, Library, clash_test
from bizcase.render import join_words, render_markdown
from bizcase.select import Candidates, sources_of


def fit(
    library: Library,
    blank: Case,
    candidates: Candidates,
    *,
    max_reasons: int | None = None,
    max_safeguards: int | None = None,
    template_dirs: Sequence[Path | str] = (),
    page: layout.Page = layout.PAGE,
) -> Case:
    """``blank`` filled with as many of the best candidates as one page holds."""
    budget = page.text_height - layout.SAFETY
    caps = {"reason": max_reasons, "safeguard": max_safeguards}
    order = candidates.interleaved()
    pinned = [entry for entry in order if entry.id in candidates.pinned]
    for kind, cap in caps.items():
        count = sum(entry.kind == kind for entry in pinned)
        if cap is not None and count > cap:
            raise OptionError(
                "--include",
                f"you pinned {count} {kind}{'' if count == 1 else 's'} but --max-{kind}s is {cap}: "
                f"pin fewer, or raise --max-{kind}s",
            )

    def measure(chosen: Sequence[Entry]) -> tuple[Case, list[layout.Measured]]:
        reasons, safeguards = candidates.order(chosen)
        case = replace(
            blank,
            reasons=reasons,
            safeguards=safeguards,
            sources=sources_of(library, reasons + safeguards),
        )
        markdown = render_markdown(case, template_dirs)
        return case, layout.measure(layout.page_blocks(markdown, page), page)

    chosen = list(pinned)
    case, placed = measure(chosen)
    height = placed[-1].bottom if placed else 0.0
    if height > budget:
        raise _too_long(case, placed, pinned, budget, page, lambda kept: measure(kept)[1])

    counts = {kind: sum(entry.kind == kind for entry in chosen) for kind in caps}
    left_out: list[Entry] = []
    # No entry is shorter than one line of a list; below that the page is full.
    shortest = _snippet_height("x", "x", page)
    # Whether ``height`` is the page as measured, not a sum of estimates: an entry can
    # also shorten the page's other text (the decision, once the page describes its
    # governance team), so the estimates may overstate it.
    measured = True

    def remeasure() -> float:
        """The page as measured, less the last additions that the estimates let overflow it."""
        _, placed = measure(chosen)
        # An entry that reorders the credit line can lengthen it by a line its own
        # estimate cannot see: it goes, and the filling goes on with shorter candidates.
        while placed[-1].bottom > budget and len(chosen) > len(pinned):
            dropped = chosen.pop()
            counts[dropped.kind] -= 1
            left_out.append(dropped)
            _, placed = measure(chosen)
        return placed[-1].bottom

    for position, entry in enumerate(order):
        if budget - height < shortest and not measured:
            height, measured = remeasure(), True
        if budget - height < shortest:
            clashes = clash_test(chosen)
            left_out.extend(
                e
                for e in order[position:]
                if e.id not in candidates.pinned and not _capped(e, caps, counts) and not clashes(e)
            )
            break
        if entry.id in candidates.pinned:
            continue
        # Two entries that make the same point, or pull against each other, would
        # read as padding or a contradiction: the page keeps the one ranked first.
        if _capped(entry, caps, counts) or entry.clashes_with_any(chosen):
            continue
        added = _bullet_height(entry, blank, page)
        if added > budget - height and not measured:
            # Before an entry is left out for space, the space is measured, not estimated.
            height, measured = remeasure(), True
        if added > budget - height:
            left_out.append(entry)
            continue
        exact = False
        if (
            not counts[entry.kind]
            or _changes_credit_line(entry, chosen)
            or _answers_new_concern(entry, chosen, blank)
        ):
            # The first entry of a section brings its heading, a new source or name
            # lengthens the credit line, and a newly answered concern is named in the
            # recommendation: measure the whole page instead.
            _, trial = measure([*chosen, entry])
            added = trial[-1].bottom - height
            exact = True
        if added <= budget - height:
            chosen.append(entry)
            counts[entry.kind] += 1
            height += added
            measured = exact
        else:
            left_out.append(entry)

    case, placed = measure(chosen)
    # The estimate of a single entry cannot see a template of the officer's own;
    # the whole page is measured, and the last additions go until it fits.
    while placed[-1].bottom > budget and len(chosen) > len(pinned):
        left_out.append(chosen.pop())
        case, placed = measure(chosen)
    reasons_left = [entry for entry in left_out if entry.kind == "reason"]
    if not case.reasons and reasons_left:
        # A page of safeguards alone, under an empty "Why the ban should go", argues
        # for nothing: what took the room must give way to the shortest reason.
        reason = min(reasons_left, key=lambda entry: _bullet_height(entry, blank, page))
        raise _no_room_for_a_reason(
            case, pinned, page, lambda kept: measure([*kept, reason])[1][-1].bottom <= budget
        )
    rank = {entry.id: position for position, entry in enumerate(order)}
    left_out.sort(key=lambda entry: rank[entry.id])
    return replace(
        case,
        left_out=tuple(left_out),
        estimated_fill=placed[-1].text_bottom / page.text_height,
    )


def _capped(entry: Entry, caps: dict[str, int | None], counts: dict[str, int]) -> bool:
    cap = caps[entry.kind]
    return cap is not None and counts[entry.kind] >= cap


def _changes_credit_line(entry: Entry, chosen: Sequence[Entry]) -> bool:
    sources = {other.source for other in chosen}
    credits = {other.credit for other in chosen}
    return entry.source not in sources or (entry.credit is not None and entry.credit not in credits)


def _answers_new_concern(entry: Entry, chosen: Sequence[Entry], blank: Case) -> bool:
    answered = {concern for other in chosen for concern in other.concerns}
    return any(c.id in entry.concerns and c.id not in answered for c in blank.concerns)


def _bullet_height(entry: Entry, blank: Case, page: layout.Page) -> float:
    """Points one more entry adds to its section, set as the template sets it."""
    return _snippet_height(
        text.as_sentence(text.fill(entry.title, blank.words)),
        text.fill(entry.summary, blank.markdown_words),
        page,
    )


# Text Markdown would change: escapes, emphasis, code, links, HTML and entities.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]")


def bullet_block(title: str, summary: str) -> document.Block:
    """The list item the template makes of an entry, as the Word export will write it."""
    if _MARKUP.search(title) or _MARKUP.search(summary):
        (block,) = document.parse(f"- **{text.page_title(title)}** {text.page_summary(summary)}\n")
        return block
    # Plain text, the usual case, needs no Markdown parser: the same runs, faster.
    return document.Block(
        "List Bullet",
        (
            document.Run(document.collapse_space(title).strip(), bold=True),
            document.Run(" " + document.collapse_space(summary).strip()),
        ),
    )


@lru_cache(maxsize=4096)
def _snippet_height(title: str, summary: str, page: layout.Page) -> float:
    return layout.height_of(bullet_block(title, summary), page)


def _too_long(
    case: Case,
    placed: list[layout.Measured],
    pinned: list[Entry],
    budget: float,
    page: layout.Page,
    measure: Callable[[list[Entry]], list[layout.Measured]],
) -> FitError:
    if pinned and measure([])[-1].bottom > budget:
        # Dropping every pinned entry would not do: the name is what must give.
        placed, pinned = measure([]), []
    # Both figures against the room the page has, its safety margin kept free, so
    # that 3% over is 3% of the same length the millimetres are counted in.
    over_mm = (placed[-1].bottom - budget) / layout.MM
    need = placed[-1].bottom / budget
    if not pinned:
        return FitError(
            f"the title, byline and fixed text alone take {need:.0%} of the room on the page, "
            f"{over_mm:.0f} mm too much: shorten --org-name or --author, or your template"
        )
    advice = _drop_advice(pinned, case, page, lambda kept: measure(kept)[-1].bottom <= budget)
    return FitError(
        f"the entries you pinned with --include do not fit on one page: they need "
        f"{need:.0%} of the room on it, {over_mm:.0f} mm more than there is. {advice}, "
        "or shorten --org-name. Nothing was written."
    )


def _no_room_for_a_reason(
    case: Case, pinned: list[Entry], page: layout.Page, fits: Callable[[list[Entry]], bool]
) -> FitError:
    if not pinned or not fits([]):
        return FitError(
            "the title, byline and fixed text leave no room for a reason beside the "
            "safeguards every page has: shorten --org-name or --author, or your template"
        )
    return FitError(
        "the entries you pinned with --include leave no room for a reason on the page. "
        f"{_drop_advice(pinned, case, page, fits)}, or shorten --org-name. Nothing was written."
    )


def _drop_advice(
    pinned: list[Entry], case: Case, page: layout.Page, fits: Callable[[list[Entry]], bool]
) -> str:
    """Which of the pinned entries to drop so that the page ``fits``."""
    # Of entries as long as each other, a core one (the policy the decision asks
    # management to approve) is the last to be suggested.
    longest = sorted(
        pinned,
        key=lambda entry: (
            -_bullet_height(entry, case, page),
            entry.is_core_for(case.org_type.id),
            pinned.index(entry),
        ),
    )
    # The officer is told how many to drop, not only which are longest: the fewest
    # of the longest after which the page, measured whole, fits (found by halving,
    # since a page with fewer entries is never longer).
    low, high = 1, len(longest)
    while low < high:
        middle = (low + high) // 2
        if fits(longest[middle:]):
            high = middle
        else:
            low = middle + 1
    named = [
        f"'{entry.id}' ({_bullet_height(entry, case, page) / layout.MM:.0f} mm)"
        for entry in longest[: min(low, 3)]
    ]
    return (
        f"Drop {join_words(named)}"
        if low <= 3
        else f"Drop {low} of them, the longest being {join_words(named)}"
    )
