"""Folding text for sort keys and search: case- and accent-insensitive."""
import re
import unicodedata

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def fold(text):
    """Lower-case, accents removed, spaces collapsed: `Éloïse  Du Pré` → `eloise du pre`."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def words(text):
    """The folded words of `text`, compounds and their parts: `Jean-Pierre` → jean-pierre, jean, pierre."""
    out = []
    for word in _WORD.findall(fold(text)):
        out.append(word)
        parts = re.split(r"[-'’]", word)
        if len(parts) > 1:
            out.extend(parts)
    return out


def digits(text):
    """Only the digits of a phone number: `+33 (6) 12-34` → `3361234`."""
    return "".join(c for c in text or "" if c.isdigit())


def sort_key(text, length=120):
    """A bounded, folded sort key (DynamoDB sort keys stop at 1,024 bytes)."""
    return fold(text)[:length]


def search_term(query):
    """The folded prefix a search box query matches stored terms with, or None when too short.

    A phone number drops its national trunk prefix (06… is stored as 336… and
    6…), and a whole international number matches on its national part.
    """
    term = fold(query)
    if sum(c.isdigit() for c in term) >= 4 and all(c.isdigit() or c in " +-()." for c in term):
        term = digits(term).lstrip("0")
        if len(term) >= 10:
            term = term[-9:]
    if len(term) < 2:
        return None
    return term[:60]
