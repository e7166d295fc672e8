"""Characters a word processor or a web page puts in place of the plain ones people mean."""

import unicodedata

#: The quote marks of French and other languages.
GUILLEMETS = "\u00ab\u00bb"
#: Every quote mark but the straight ones: a word processor's curly marks, and guillemets.
#: YAML keeps them as text, and a shell reads them as letters, not as quoting.
TYPESET_QUOTES = "\u201c\u201d\u2018\u2019\u201e" + GUILLEMETS
#: Marks that open and close a quoted value: straight, a word processor's, and guillemets
#: (and the closing mark twice, as some keyboards type it).
QUOTE_PAIRS = frozenset(
    {('"', '"'), ("'", "'"), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u201e", "\u201c")}
    | {("\u00ab", "\u00bb"), ("\u201d", "\u201d"), ("\u2019", "\u2019")}
)
#: Dashes a word processor makes of hyphens ('--' becomes an en or em dash), which look like
#: them on the screen.
LONG_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
#: Spaces a document or web page may hold, which a terminal does not split words at.
ODD_SPACES = "\u00a0\u2007\u202f"


def unaccented(text: str) -> str:
    """``text`` in lower case, its accents gone but not their letters: 'Môn' is 'mon'."""
    base = unicodedata.normalize("NFKD", text).casefold()
    return "".join(char for char in base if not unicodedata.combining(char))
