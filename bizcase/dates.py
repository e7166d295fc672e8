"""The page's date as an officer types it: year-month-day, with other ways explained."""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Ways of writing a date an officer may use instead, the British ones first: 01/02/2026
#: is 1 February, as the message then says in words.
_OTHER_DATES = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
)
_TYPED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b", re.IGNORECASE)


def read_date(value: str) -> dt.date:
    """``value`` as a date written year-month-day; ValueError says how to write the one meant."""
    typed = _TYPED.fullmatch(value.strip())
    if typed:
        try:
            return dt.date(*(int(part) for part in typed.groups()))
        except ValueError:
            pass
    raise ValueError(_not_a_date(value))


def _not_a_date(value: str) -> str:
    """Why ``value`` is not a date written year-month-day, and how to write the one it means."""
    text = value.strip()
    typed = _TYPED.fullmatch(text)
    if typed:
        year, month, day = (int(part) for part in typed.groups())
        if not 1 <= month <= 12:
            return (
                f"'{value}' has no month {month}: write the date year-month-day, such as 2026-11-21"
            )
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"'{value}' is not a date: {calendar.month_name[month]} {year} has {days} days"
    # '21st November 2026' and 'November 21, 2026' as the formats above read them.
    plain = " ".join(_ORDINAL.sub(r"\1", text.replace(",", " ")).split())
    for written in _OTHER_DATES:
        try:
            meant = dt.datetime.strptime(plain, written).date()
        except ValueError:
            continue
        return (
            f"'{value}' is not written year-month-day: for {meant.day} "
            f"{calendar.month_name[meant.month]} {meant.year}, give {meant.isoformat()}"
        )
    return f"'{value}' is not a date written year-month-day, such as 2026-11-21"
