"""Lint rules for argument files, beyond the schema: content a contributor can get wrong.

Every rule returns problems as values; ``bizcase check`` collects them all and
reports them at once, one per line, like a compiler.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bizcase import schema
from bizcase.characters import GUILLEMETS, TYPESET_QUOTES
from bizcase.problems import Problem, Severity, display_path
from bizcase.text import CODE_SPAN, UNHOLDABLE, is_web_link

#: Every code bizcase check reports, with its severity and what it means.
CODES: Mapping[str, tuple[Severity, str]] = {
    "E101": (Severity.ERROR, "YAML syntax error in the front matter"),
    "E102": (Severity.ERROR, "no front matter, or front matter that is not 'name: value' fields"),
    "E103": (Severity.ERROR, "the file is not UTF-8 text"),
    "E104": (
        Severity.ERROR,
        "the file cannot be read (a broken link, a folder or a pipe, or a read error)",
    ),
    "E105": (Severity.ERROR, "a merge-conflict marker git left in the file"),
    "E110": (Severity.ERROR, "a required field is missing"),
    "E111": (Severity.ERROR, "an unknown field"),
    "E112": (Severity.ERROR, "a value of the wrong type (text, number, true or false, or list)"),
    "E113": (
        Severity.ERROR,
        "a value that is not allowed (organisation type, concern, kind, source)",
    ),
    "E114": (
        Severity.ERROR,
        "text too long or too short for the page, or a list too long or short",
    ),
    "E115": (Severity.ERROR, "a number out of range"),
    "E116": (Severity.ERROR, "a value in the wrong format (an id or a web address)"),
    "E117": (Severity.ERROR, "a field written twice"),
    "E120": (Severity.ERROR, "the id does not match the file name"),
    "E121": (
        Severity.ERROR,
        "an id used by another entry, or a name given to two organisation types or concerns",
    ),
    "E122": (Severity.ERROR, "'excludes' names an entry that does not exist"),
    "E130": (Severity.ERROR, "the body is empty"),
    "E131": (
        Severity.ERROR,
        "a character a Word document cannot hold (a control character or a noncharacter)",
    ),
    "E132": (Severity.ERROR, "a broken Markdown link"),
    "E133": (Severity.ERROR, "a placeholder other than {{ audience }} or {{ organisation }}"),
    "E134": (Severity.ERROR, "text of the contributing guide's template, not yet replaced"),
    "E135": (
        Severity.ERROR,
        "an invisible character that reorders text (a right-to-left override or the like)",
    ),
    "E136": (
        Severity.ERROR,
        "an invisible line break (U+2028, U+2029 or U+0085) that YAML and editors count apart",
    ),
    "W201": (
        Severity.WARNING,
        "the title ends with a full stop, colon, question mark or other punctuation",
    ),
    "W202": (Severity.WARNING, "the summary is not one sentence ending with a full stop"),
    "W203": (Severity.WARNING, "an American spelling; the library is written in British English"),
    "W204": (Severity.WARNING, "raw HTML, which the page shows as text instead of obeying"),
    "W205": (
        Severity.WARNING,
        "a file in the library that is not read, such as one not ending in .md",
    ),
    "W206": (Severity.WARNING, "an idea of the contributor's own, with nobody credited"),
    "W207": (Severity.WARNING, "a body too short to back the claim"),
    "W208": (Severity.WARNING, "more core entries for one organisation type than a page can spare"),
    "W209": (
        Severity.WARNING,
        "an invisible zero-width character, outside a word or emoji it joins",
    ),
    "W210": (Severity.WARNING, "a reason in the safeguards folder, or a safeguard in reasons"),
    "W211": (Severity.WARNING, "Markdown in the title, which the page prints as typed"),
    "W212": (Severity.WARNING, "an exclamation mark in the title or summary"),
    "W213": (Severity.WARNING, "a source in sources.yaml that no entry draws on"),
    "W214": (
        Severity.WARNING,
        "a title, summary or credit in curly quote marks or guillemets, which YAML keeps and "
        "the page prints",
    ),
    "W215": (Severity.WARNING, "a credit that is a web or email address, not a name"),
    "W301": (Severity.WARNING, "the claim is very close to another entry's"),
}


def problem(path: Path, line: int | None, code: str, message: str) -> Problem:
    """A problem with the severity its code carries."""
    return Problem(path, line, code, message, CODES[code][0])


# --------------------------------------------------------------------------- characters


#: More problems of one code in one file than this are counted, not each listed: a
#: file of pasted binary can hold hundreds of thousands of the same mistake.
SAME_CODE_SHOWN = 10


def capped(problems: Sequence[Problem]) -> list[Problem]:
    """At most SAME_CODE_SHOWN problems of each code, first by line, and one counting the rest."""
    counts = Counter(found.code for found in problems)
    if all(count <= SAME_CODE_SHOWN for count in counts.values()):
        return list(problems)
    kept: list[Problem] = []
    seen: Counter[str] = Counter()
    for found in sorted(problems, key=lambda found: found.line or 0):
        seen[found.code] += 1
        if seen[found.code] <= SAME_CODE_SHOWN:
            kept.append(found)
        elif seen[found.code] == SAME_CODE_SHOWN + 1:
            rest = counts[found.code] - SAME_CODE_SHOWN
            kept.append(
                Problem(
                    found.path,
                    found.line,
                    found.code,
                    f"and {rest:,} more of the same from this line on, not listed: fix the "
                    f"{SAME_CODE_SHOWN} above, and any like them, then check again",
                    found.severity,
                    rest,
                )
            )
    return kept


def control_characters(path: Path, text: str) -> list[Problem]:
    """Every character Word cannot hold, with its line and column."""
    found: list[Problem] = []
    if not UNHOLDABLE.search(text):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        for match in UNHOLDABLE.finditer(line):
            found.append(
                problem(
                    path,
                    number,
                    "E131",
                    f"column {match.start() + 1} holds U+{ord(match.group()):04X}, "
                    f"{_unholdable(match.group())} a Word document cannot hold: delete it (it is "
                    "often pasted in invisibly from another document)",
                )
            )
    return found


def _unholdable(char: str) -> str:
    """What kind of character ``char``, one Word cannot hold, is."""
    if "\ud800" <= char <= "\udfff":
        return "half of a character pair (a lone surrogate)"
    if char in "\ufffe\uffff":
        return "a noncharacter (one that stands for no letter)"
    return "a control character"


def control_characters_in_values(
    path: Path, fields: Mapping[str, object], lines: Mapping[str, int]
) -> list[Problem]:
    """Characters Word cannot hold, or that reorder text, written by a YAML escape ("\\a")."""
    found = []
    for key, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not _ESCAPED.search(item):
                continue  # as almost every value is: one search, not two
            match = UNHOLDABLE.search(item)
            if match:
                found.append(
                    problem(
                        path,
                        lines.get(str(key)),
                        "E131",
                        f"'{key}' holds U+{ord(match.group()):04X}, a character a Word document "
                        "cannot hold: remove the escape that writes it",
                    )
                )
            match = _REORDERING.search(item)
            if match:
                found.append(
                    problem(
                        path,
                        lines.get(str(key)),
                        "E135",
                        f"'{key}' holds {_named(match.group())}, an invisible character that "
                        "reverses or reorders the text after it: remove the escape that writes it",
                    )
                )
    return found


# Characters that reorder the text after them: embeddings, overrides and isolates.
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Line breaks YAML counts and editors (and bizcase's line numbers) do not.
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
# Characters that take no room on the page; the joiners have their uses, between letters
# of some scripts and within emoji sequences.
_ZERO_WIDTH = re.compile("[\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
_JOINERS = "\u200c\u200d"
# All three in one class, which is searched far faster than three.
_INVISIBLE = re.compile(
    "[" + "".join(p.pattern[1:-1] for p in (_REORDERING, _LINE_BREAKS, _ZERO_WIDTH)) + "]"
)
# What a YAML escape may write into a value that the check refuses.
_ESCAPED = re.compile(f"{UNHOLDABLE.pattern}|{_REORDERING.pattern}")
#: The names unicodedata does not know (controls have none).
_NAMES = {"\x85": "NEXT LINE"}


def _named(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character a contributor cannot see, by name."""
    import unicodedata  # only when there is one to name

    return f"U+{ord(char):04X} {_NAMES.get(char) or unicodedata.name(char, 'a character')}"


def _joins(line: str, index: int) -> bool:
    """Whether the zero-width (non-)joiner at ``index`` sits between what it may join."""
    import unicodedata

    if index == 0 or index + 1 >= len(line):
        return False
    before, after = line[index - 1], line[index + 1]
    kind_before, kind_after = unicodedata.category(before), unicodedata.category(after)
    # Letters and their marks, in scripts such as Persian or Hindi that use both.
    if kind_before[0] in "LM" and kind_after[0] in "LM":
        return True
    # An emoji sequence: a family, a flag, a profession with a skin tone.
    emoji_before = kind_before in ("So", "Sk") or before == "\ufe0f"
    return line[index] == "\u200d" and emoji_before and kind_after == "So"


def invisible_characters(path: Path, text: str) -> list[Problem]:
    """Invisible characters that reorder text, break lines unseen or take no room."""
    found: list[Problem] = []
    if text.isascii() or not _INVISIBLE.search(text):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _INVISIBLE.finditer(line):
            char, column = match.group(), match.start() + 1
            if _REORDERING.match(char):
                found.append(
                    problem(
                        path,
                        number,
                        "E135",
                        f"column {column} holds {_named(char)}, an invisible character that "
                        "reverses or reorders the text after it: delete it (it is often pasted "
                        "in invisibly from another document)",
                    )
                )
            elif _LINE_BREAKS.match(char):
                found.append(
                    problem(
                        path,
                        number,
                        "E136",
                        f"column {column} holds {_named(char)}, an invisible line break that "
                        "YAML counts as a new line and your editor does not: replace it with a "
                        "space, or press Enter for a new line",
                    )
                )
            elif not (char in _JOINERS and _joins(line, match.start())):
                found.append(
                    problem(
                        path,
                        number,
                        "W209",
                        f"column {column} holds {_named(char)}, an invisible character: delete "
                        "it (it is often pasted in invisibly from a web page or another document)",
                    )
                )
    return found


def without_invisible(text: str) -> str:
    """``text`` as if its reordering characters were gone and its hidden line breaks spaces."""
    return _LINE_BREAKS.sub(" ", _REORDERING.sub("", text))


# A marker git leaves in a file where a merge conflicts, at the start of a line.
_CONFLICT = re.compile(r"^(?:<{7}|\|{7}|>{7})(?:[ \t].*)?$", re.MULTILINE)
_MARKERS = ("<" * 7, "|" * 7, ">" * 7)
# Between the two versions; alone it underlines a Markdown heading.
_CONFLICT_MIDDLE = re.compile(r"^={7}[ \t]*$", re.MULTILINE)


def merge_conflicts(path: Path, text: str) -> list[Problem]:
    """Each marker of a merge conflict git left in the file, at its line."""
    # A substring is found far faster than a pattern: most files have no conflict.
    if not any(marker in text for marker in _MARKERS) or not _CONFLICT.search(text):
        return []
    markers = sorted([*_CONFLICT.finditer(text), *_CONFLICT_MIDDLE.finditer(text)], key=_start)
    if any(match.group().startswith(_MARKERS[1]) for match in markers):
        # git's diff3 style adds the text both sides started from, which must go too.
        fix = (
            "keep the lines you want from each version, delete the original lines between "
            "'|||||||' and '=======', and delete this line and the other marker lines "
            "('<<<<<<<', '|||||||', '=======', '>>>>>>>')"
        )
    else:
        fix = (
            "keep the lines you want from each version, and delete this line and the other "
            "marker lines ('<<<<<<<', '=======', '>>>>>>>')"
        )
    return [
        problem(
            path,
            text.count("\n", 0, match.start()) + 1,
            "E105",
            f"'{match.group()[:7]}' is a marker git leaves where two versions of the file "
            f"conflict: {fix}",
        )
        for match in markers
    ]


def _start(match: re.Match[str]) -> int:
    return match.start()


_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def raw_html(path: Path, text: str, first_line: int) -> list[Problem]:
    """Warn about HTML tags: the page shows them as text, so they are almost always a mistake."""
    found: list[Problem] = []
    if "<" not in text:
        return found
    # Code is shown as typed, on purpose: `<team>` is not a tag left in by mistake.
    text = CODE_SPAN.sub(lambda span: " " * len(span.group()), text)
    for offset, line in enumerate(text.split("\n")):
        match = _HTML_TAG.search(line)
        if match:
            found.append(
                problem(
                    path,
                    first_line + offset,
                    "W204",
                    f"raw HTML '{match.group()}' is shown as text on the page, not obeyed: "
                    "remove it, and use Markdown for *emphasis* and [links](https://...)",
                )
            )
    return found


# --------------------------------------------------------------------------- links

_INLINE_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\n]*)\)")
_UNCLOSED_LINK = re.compile(r"\[[^\]\n]*\]\([^)\n]*$")
_REFERENCE_LINK = re.compile(r"\[([^\]\n]+)\]\[([^\]\n]*)\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*(\S+)", re.MULTILINE)
# Any link's address, whatever its text holds: '[a [b] c](...)' is a link too.
_ANY_LINK_TARGET = re.compile(r"\]\(([^)\n]*)\)")


#: A file's place on a computer or a shared drive: 'C:\Users\...', '\\server\...', 'file:///...'.
_LOCAL_FILE = re.compile(r"[A-Za-z]:[\\/]|\\\\|file:", re.IGNORECASE)


def _url_problem(url: str) -> str | None:
    target = url.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    target = target.split(' "', 1)[0].split(" '", 1)[0].strip()
    if not target:
        return "has no address: put the web address between the round brackets"
    if _LOCAL_FILE.match(target):
        # Before the spaces: 'C:\My Documents\...' is not mended by writing %20.
        return (
            f"address '{target}' is a file on a computer or a shared drive, which nobody else "
            "can open: link to a copy published online (https://...), or remove "
            "the link"
        )
    if any(char.isspace() for char in target):
        return f"address '{target}' contains a space: remove it, or write it as %20"
    if not is_web_link(target):
        return (
            f"address '{target}' is not a web address: links on a printed page must start "
            "with https://, http:// or mailto:"
        )
    parts = urlsplit(target)
    if parts.scheme != "mailto" and "." not in parts.netloc:
        return f"address '{target}' has no web site name after '//': check it"
    return None


def broken_links(path: Path, text: str, first_line: int) -> list[Problem]:
    """Markdown links whose address is missing or malformed, or whose reference is undefined."""
    found: list[Problem] = []
    if "[" not in text:
        return found
    definitions = {label.lower() for label, _ in _DEFINITION.findall(text)}
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        for match in _INLINE_LINK.finditer(line):
            why = _url_problem(match.group(2))
            if why:
                found.append(problem(path, number, "E132", f"link '[{match.group(1)}]' {why}"))
        for match in _REFERENCE_LINK.finditer(line):
            label = (match.group(2) or match.group(1)).lower()
            if label not in definitions:
                found.append(
                    problem(
                        path,
                        number,
                        "E132",
                        f"link '[{match.group(1)}][{match.group(2)}]' refers to '[{label}]', which "
                        f"is not defined: add a line '[{label}]: https://...' below the text",
                    )
                )
        rest = _INLINE_LINK.sub("", line)
        for match in _ANY_LINK_TARGET.finditer(rest):
            why = _url_problem(match.group(1))
            if why:
                found.append(problem(path, number, "E132", f"a link's {why}"))
        if _UNCLOSED_LINK.search(rest):
            found.append(problem(path, number, "E132", "a link is not closed: end it with ')'"))
    for label, url in _DEFINITION.findall(text):
        why = _url_problem(url)
        if why:
            where = first_line + text[: text.find(f"[{label}]:")].count("\n")
            found.append(problem(path, where, "E132", f"link definition '[{label}]' {why}"))
    return found


# --------------------------------------------------------------------------- style

# What may close a sentence after its full stop: a quotation or a bracket.
_CLOSERS = "'\u2019\"\u201d\u00bb)"
_SENTENCE_END = re.compile(
    # Not the full stop of an abbreviation before a name or an example: 'e.g. NHS', 'Dr. Jones'.
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bProf)"
    rf"[.!?][{re.escape(_CLOSERS)}]*\s+(?=[A-Z\u2018\u201c\u00ab\"'])"
)
# The free-text fields, whose quote marks the page prints.
_TEXT_FIELDS = tuple(
    field.name
    for field in schema.ENTRY.fields
    if field.type == "string" and field.choices is None and field.pattern is None
)
_AMERICAN = {
    "organization": "organisation",
    "organizations": "organisations",
    "organize": "organise",
    "organized": "organised",
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "color": "colour",
    "favor": "favour",
    "favorite": "favourite",
    "honor": "honour",
    "labor": "labour",
    "neighbor": "neighbour",
    "neighborhood": "neighbourhood",
    "center": "centre",
    "centers": "centres",
    "analyze": "analyse",
    "catalog": "catalogue",
    "defense": "defence",
    "offense": "offence",
    "program": "programme",
    "programs": "programmes",
    "recognize": "recognise",
    "realize": "realise",
    "prioritize": "prioritise",
    "apologize": "apologise",
    "license": "licence",
    "judgment": "judgement",
    "traveled": "travelled",
    "canceled": "cancelled",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "authorize": "authorise",
    "authorized": "authorised",
    "recognized": "recognised",
    "organizational": "organisational",
    "prioritized": "prioritised",
    "minimize": "minimise",
    "emphasize": "emphasise",
    "summarize": "summarise",
    "criticize": "criticise",
    "criticized": "criticised",
    "apologized": "apologised",
    "specialized": "specialised",
    "behavioral": "behavioural",
    "favorable": "favourable",
    "centered": "centred",
    "counselor": "counsellor",
    "practicing": "practising",
    "enroll": "enrol",
}
_WORD = re.compile(r"[A-Za-z]+")


def american_spellings(text: str) -> list[tuple[str, str]]:
    """Each word of ``text`` spelt the American way, with its British spelling."""
    found = []
    for word in _WORD.findall(text):
        british = _AMERICAN.get(word.lower())
        if british:
            found.append((word, british))
    return found


#: What to do about each way a title may end, given that the page ends it with a full stop.
_TITLE_ENDINGS = {
    ".": "the title ends with a full stop: remove it (the page adds one)",
    "?": "the title ends with '?': state the claim itself rather than ask it (the page adds a "
    "full stop)",
    **{
        mark: f"the title ends with '{mark}': remove it (the page adds a full stop)"
        for mark in ":;,"
    },
}
# Markdown a contributor may mean for the title, which the page prints as typed.
_TITLE_MARKUP = (
    (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), "the page prints the title in bold already"),
    (
        re.compile(
            r"(?<![\w*])\*(?![\s*])[^*]+(?<!\s)\*(?![\w*])|(?<!\w)_(?![\s_])[^_]+(?<!\s)_(?!\w)"
        ),
        "the page prints the title in bold, with no other emphasis",
    ),
    (re.compile(r"`[^`]+`"), "the page has no code type"),
    (re.compile(r"!?\[[^\]]*\]\([^)]*\)"), "move the link to the summary or the body"),
    (re.compile(r"^#+\s"), "the page sets the title itself"),
)
_MARKUP_CHARACTERS = frozenset("*_`[#")
# A link's address, whose '!' or '_' is not the writer's punctuation or emphasis.
_LINK_ADDRESS = re.compile(r"\]\([^)]*\)")


# Placeholders, and whatever else a template engine would read: not Markdown, and
# reported as what they are (E133).
_TEMPLATE_TAG = re.compile(r"\{[{%#].*?[}%#]\}")


def _title_markup(title: str) -> str | None:
    """Why the Markdown in a title will not work, and what to do; None if it has none."""
    if not _MARKUP_CHARACTERS.intersection(title):
        return None  # as almost every title is
    words = _TEMPLATE_TAG.sub(" ", title)
    for pattern, why in _TITLE_MARKUP:
        match = pattern.search(words)
        if match:
            return (
                f"the title holds Markdown ('{match.group().strip()}'), which the page prints "
                f"as typed, marks and all: remove the marks ({why})"
            )
    return None


_KIND_OF_FOLDER = {folder: kind for kind, folder in schema.FOLDERS.items()}


def kind_and_folder(path: Path, kind: object, line: int | None) -> list[Problem]:
    """Warn when an entry's kind is not the kind its folder ('reasons', 'safeguards') holds."""
    meant = _KIND_OF_FOLDER.get(path.parent.name)
    if meant is None or not isinstance(kind, str) or kind not in schema.FOLDERS or kind == meant:
        return []
    return [
        problem(
            path,
            line,
            "W210",
            f"the entry is a {kind}, but its folder '{path.parent.name}' holds {meant}s: move "
            f"the file to '{schema.FOLDERS[kind]}', or set kind to {meant}",
        )
    ]


_TEMPLATE_SENTENCES = [
    (
        sentence,
        re.compile(r"\s+".join(map(re.escape, sentence.split())), re.IGNORECASE),
        # Its longer words, all of which a body holding it holds: looked for first, as
        # a search for the sentence itself costs many times more.
        frozenset(word for word in re.findall(r"[a-z]+", sentence.lower()) if len(word) > 4),
    )
    for sentence in schema.TEMPLATE_TEXT["body"]
]


def template_text(path: Path, body: str, body_line: int) -> list[Problem]:
    """Sentences of the contributing guide's template left in the body, each at its line."""
    found: list[Problem] = []
    lowered = body.lower()
    for sentence, pattern, words in _TEMPLATE_SENTENCES:
        if not all(word in lowered for word in words):
            continue
        for match in pattern.finditer(body):
            found.append(
                problem(
                    path,
                    body_line + body.count("\n", 0, match.start()),
                    "E134",
                    f"the body holds the template's '{sentence}': replace it with sentences of "
                    "your own that back the claim",
                )
            )
    return found


def style(
    path: Path,
    fields: Mapping[str, object],
    lines: Mapping[str, int],
    body: str,
    body_line: int,
) -> list[Problem]:
    """Warnings for a claim that will read badly on the page, or in American English."""
    found = []
    title = fields.get("title")
    summary = fields.get("summary")
    if isinstance(title, str):
        ending = _TITLE_ENDINGS.get(title.rstrip()[-1:])
        if ending:
            found.append(problem(path, lines.get("title"), "W201", ending))
        markup = _title_markup(title)
        if markup:
            found.append(problem(path, lines.get("title"), "W211", markup))
    for key, value in (("title", title), ("summary", summary)):
        if isinstance(value, str) and "!" in value and "!" in _LINK_ADDRESS.sub("", value):
            found.append(
                problem(
                    path,
                    lines.get(key),
                    "W212",
                    f"the {key} has an exclamation mark: the page goes to senior management, "
                    "so make the point in sober words, without '!'",
                )
            )
    if isinstance(summary, str):
        text = summary.strip()
        if _SENTENCE_END.search(text):
            found.append(
                problem(
                    path,
                    lines.get("summary"),
                    "W202",
                    "the summary is more than one sentence: keep one, and move the rest to "
                    "the body",
                )
            )
        elif text and not text.rstrip(_CLOSERS).endswith((".", "?", "!")):
            found.append(
                problem(
                    path, lines.get("summary"), "W202", "the summary should end with a full stop"
                )
            )
    for key in _TEXT_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and len(value.strip()) > 1:
            text = value.strip()
            if text[0] in TYPESET_QUOTES and text[-1] in TYPESET_QUOTES:
                marks = "quote marks" if text[0] in GUILLEMETS else "curly quote marks"
                found.append(
                    problem(
                        path,
                        lines.get(key),
                        "W214",
                        f"the {key} is in {marks} ({text[0]} {text[-1]}), which YAML "
                        "keeps as part of the text, so the page prints them: remove them, or use "
                        'straight double quotes (") if the text needs quoting',
                    )
                )
    credit = fields.get("credit")
    if isinstance(credit, str):
        address = _credit_address(credit)
        if address:
            found.append(problem(path, lines.get("credit"), "W215", address))
    # A credit written but empty, or not text, is an error of its own (E114, E112).
    if fields.get("source") == schema.OWN_IDEA and "credit" not in fields:
        found.append(
            problem(
                path,
                lines.get("source"),
                "W206",
                f"the idea is your own (source: {schema.OWN_IDEA}) but nobody is credited: "
                f"add a line with your own name, such as 'credit: {schema.EXAMPLE_NAME}', so "
                "the page can thank you",
            )
        )
    places: list[tuple[str, int | None]] = [
        (value, lines.get(key)) for key, value in fields.items() if isinstance(value, str)
    ]
    places += [(line, body_line + offset) for offset, line in enumerate(body.split("\n"))]
    for text, line in places:
        for word, british in american_spellings(text):
            found.append(
                problem(
                    path,
                    line,
                    "W203",
                    f"'{word}' is American spelling: write '{british}' (British English)",
                )
            )
    return found


_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def _credit_address(credit: str) -> str | None:
    """Why a credit that holds an email or web address should be a name instead, if it does."""
    name = f"such as '{schema.EXAMPLE_NAME}' or '@jobloggs'"
    if _EMAIL.search(credit):
        # Printed on a page that goes round an organisation, and perhaps beyond it.
        return (
            "the credit holds an email address, which the page would print for anyone to read: "
            f"give the name or handle of the person to thank instead, {name}"
        )
    if _WEB_ADDRESS.search(credit):
        return (
            "the credit holds a web address, which the page would print as it is: give the name "
            f"or handle of the person to thank instead, {name}"
        )
    return None


# --------------------------------------------------------------------------- sources


def unused_sources(path: Path, listed: Iterable[str], used: Iterable[str]) -> list[Problem]:
    """Warn on each source of ``listed`` (read from ``path``) that no entry draws on.

    A source nothing cites is a leftover of an argument since removed, or a typo
    beside the id an entry names; 'contributors' waits for ideas of their own.
    """
    cited = set(used)
    unused = [source for source in listed if source not in cited and source != schema.OWN_IDEA]
    if not unused:
        return []
    # Only now is the file read again for where each id is: a library that uses all
    # its sources, as it should, is checked from the cache without YAML.
    from bizcase.reader import record_lines

    lines = record_lines(path)
    return [
        problem(
            path,
            lines.get(source),
            "W213",
            f"source '{source}' is not the source of any entry: remove it, or add the "
            "argument that draws on it",
        )
        for source in unused
    ]


# --------------------------------------------------------------------------- core entries

#: A page holds about nine arguments; more core entries than this for one type
#: would leave too little room for the reasons.
CORE_MAX = 4


def core_beyond_org_types(
    path: Path, data: Mapping[str, Any], line: int | None, known: Sequence[str] | None
) -> list[Problem]:
    """An error for each type 'core' names that 'org_types' does not: its page never sees it.

    Only types among ``known`` (when the vocabulary could be read): an unknown one is
    told so by the field's own check.
    """
    core, org_types = data.get("core"), data.get("org_types")
    if not isinstance(core, list) or not isinstance(org_types, list) or schema.ALL in org_types:
        return []
    return [
        problem(
            path,
            line,
            "E113",
            f"'core' names '{name}', which 'org_types' does not, so its pages never hold the "
            "entry: add it to org_types, or remove it from core",
        )
        for name in dict.fromkeys(core)
        if isinstance(name, str)
        and name not in (*org_types, schema.ALL)
        and (known is None or name in known)
    ]


def crowded_core(core: Sequence[tuple[Path, int | None, Sequence[str]]]) -> list[Problem]:
    """Warn on each core entry (path, line, the types it is core for) of a crowded type."""
    everywhere = [item for item in core if schema.ALL in item[2]]
    groups: dict[str | None, list[tuple[Path, int | None, Sequence[str]]]] = {None: everywhere}
    for item in core:
        for name in item[2]:
            if name != schema.ALL:
                groups.setdefault(name, list(everywhere)).append(item)
    found: dict[Path, Problem] = {}
    for org_type, items in groups.items():
        if len(items) <= CORE_MAX:
            continue
        which = f"'{org_type}'" if org_type else "every organisation type"
        for path, line, _ in items:
            found.setdefault(
                path,
                problem(
                    path,
                    line,
                    "W208",
                    f"{len(items)} core entries apply to {which}, more than the {CORE_MAX} a "
                    "page can make room for first: keep core for the few the "
                    "recommendation relies on",
                ),
            )
    return list(found.values())


# --------------------------------------------------------------------------- near-duplicates

#: Two claims this similar (0 to 1) are probably the same point in other words.
SIMILAR = 0.4
#: How many of the claims sharing those words each claim is compared with, at most.
CLOSEST = 20
#: How many of a claim's rarest words find the claims it is compared with.
RAREST = 8

_STOP_WORDS = frozenset(
    """a about after all also an and any are as at be been being but by can could did do
    does doing for from had has have how if in into is it its just more most much no not
    of on one only or other our ours out over same so social media some such than that
    the their them then there these they this those to too up us very was we were what
    when where which while who whom why will with without would you your staff
    organisation""".split()
)
_SUFFIXES = ("ings", "ing", "ies", "ed", "es", "s", "ly")
# Words that say the same thing in these arguments, so a claim reworded with
# them is still recognised: each word maps to the first of its group.
_SYNONYMS = {
    word: group.split()[0]
    for group in (
        "audience customer customers resident residents patient patients tenant tenants "
        "student students citizen citizens supporter supporters public people communities "
        "community user users",
        "phone phones smartphone smartphones mobile mobiles telephone telephones",
        "ban bans banning banned block blocks blocking blocked blanket prohibit prohibiting",
        "trust trusted trusting trusts distrust mistrust",
        "respond responds responding response responses reply replies replying answer "
        "answers answering",
        "ask asks asking question questions query queries enquiry enquiries",
        "waste wastes wasting wasters shirk shirkers shirking idle skive",
        "train training trained course courses",
        "cost costs cheap cheaper cheapest saving savings money expensive budget",
        "reputation reputational image brand",
        "security secure virus viruses malware phishing hacking hackers firewall firewalls",
        "advocate advocates ambassador ambassadors champion champions",
        "rumour rumours misinformation myth myths",
        "recruit recruits recruitment recruiting graduate graduates talent",
        "policy policies rule rules guideline guidelines guidance code",
    )
    for word in group.split()
}


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content_word(word: str) -> str:
    """``word`` as claims are compared: its synonym group or stem, or '' for no content."""
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if len(word) > 2 and word not in _STOP_WORDS:
        return _stem(word)
    return ""


#: Each word's content word, as worked out once: a library repeats its words a great deal.
_CONTENT: dict[str, str] = {}
_LETTERS = re.compile(r"[a-z]+")


def claim_words(title: str, summary: str) -> dict[str, int]:
    """The content words of a claim, stemmed and with synonyms merged; the title's count twice."""
    # A plain dict, not a Counter: this runs for every entry of a library of thousands.
    words: dict[str, int] = {}
    known = _CONTENT.get
    for text, weight in ((title, 2), (summary, 1)):
        for word in _LETTERS.findall(text.lower()):
            content = known(word)
            if content is None:
                content = _CONTENT[word] = _content_word(word)
            if content:
                words[content] = words.get(content, 0) + weight
    return words


@dataclass(frozen=True)
class Claim:
    """What near-duplicate detection needs of an entry."""

    path: Path
    line: int | None
    title: str
    summary: str


def near_duplicates(
    claims: Sequence[Claim], focus: Iterable[Path] | None = None, threshold: float = SIMILAR
) -> list[Problem]:
    """Warn where two entries make the same claim, naming both files and how alike they are.

    Compares words weighted by how rare they are in the library (tf-idf cosine),
    and only pairs that share a rare word, so a large library stays fast.
    """
    vectors = [claim_words(claim.title, claim.summary) for claim in claims]
    frequency: Counter[str] = Counter(chain.from_iterable(vectors))
    count = len(claims)
    idf = {word: math.log((1 + count) / (1 + seen)) + 1 for word, seen in frequency.items()}
    weighted: dict[int, dict[str, float]] = {}

    def unit(number: int) -> dict[str, float]:
        """Claim ``number``'s words weighted and scaled to length 1, once it is compared."""
        # Only the few claims in a candidate pair are ever weighed: of 10,000, a few hundred.
        if number not in weighted:
            weights = {word: n * idf[word] for word, n in vectors[number].items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            weighted[number] = {word: w / norm for word, w in weights.items()}
        return weighted[number]

    # A claim that makes the same point as another shares its rarest words, so
    # each claim is compared only with the claims holding one of its few rarest
    # words (words common across the library are no guide): a library of
    # thousands stays fast.
    common = 50
    index: defaultdict[str, list[int]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for word in vector:
            if frequency[word] <= common:
                index[word].append(number)
    wanted = None if focus is None else {Path(path).resolve() for path in focus}
    pairs: set[tuple[int, int]] = set()
    # Rarest first, and alphabetically among equals, so the choice never depends on order.
    rank = {word: (seen, word) for word, seen in frequency.items() if seen <= common}
    for number, vector in enumerate(vectors):
        rare = sorted((w for w in vector if w in rank), key=rank.__getitem__)
        hits = Counter(chain.from_iterable(index[word] for word in rare[:RAREST]))
        # One rare word in common is chance; the same point made twice shares several.
        # Only the claims sharing most are compared, so the work grows with the library.
        # As hits.most_common(CLOSEST + 1) without the chance ones, and without
        # ranking the many claims that share one word only.
        shared = [(match, count) for match, count in hits.items() if count >= 2]
        if len(shared) > CLOSEST + 1:
            shared = heapq.nlargest(CLOSEST + 1, shared, key=itemgetter(1))
        for match, _ in shared:
            if match != number:
                pairs.add((number, match) if number < match else (match, number))
    found = []
    for earlier, later in sorted(pairs):
        a, b = unit(earlier), unit(later)
        if len(b) < len(a):
            a, b = b, a
        similarity = sum(weight * b.get(word, 0.0) for word, weight in a.items())
        if similarity < threshold:
            continue
        # Both files are named, each on its own line: which one is the newcomer is
        # for the reader of the check (or the pull request) to say, not the order
        # of their names. Checking given files, only their lines are shown.
        for this, other in ((claims[later], claims[earlier]), (claims[earlier], claims[later])):
            if wanted is not None and this.path.resolve() not in wanted:
                continue
            found.append(
                problem(
                    this.path,
                    this.line,
                    "W301",
                    f"the claim is {similarity:.0%} similar to {display_path(other.path)}: "
                    "if the two make the same point, keep one and improve it; if not, word "
                    "the claim so that the difference shows",
                )
            )
    return found
