"""Does a numeric value appear in the sentence it was read from?

14263 appears in "14,263 people", "14 263 people" (normal, no-break or thin space), "14.263" and "14263";
57800000 appears in "57.8 million"; 88.1 in "88.1%" or "88,1 %". A digit right before or after the
match means it is part of another number, so 14 does not appear in "14,263".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SEPARATORS = [",", " ", "\u00a0", "\u202f", "\u2009"]
_SCALES = [(Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")]


def _group(int_digits: str, sep: str) -> str:
    out = []
    for i, ch in enumerate(reversed(int_digits)):
        if i and i % 3 == 0:
            out.append(sep)
        out.append(ch)
    return "".join(reversed(out))


def _plain(d: Decimal) -> str:
    """Decimal as plain digits, no exponent, no trailing zeros after the point."""
    s = format(d.normalize(), "f")
    return s


def spellings(value: str) -> list[str]:
    """The ways a number written as `value` may be spelled in running text."""
    try:
        d = Decimal(value)
    except InvalidOperation:
        return []
    if not d.is_finite():
        return []
    plain = _plain(d)
    int_part, _, frac = plain.partition(".")
    out = {plain, value.strip()}
    for sep in _SEPARATORS:
        grouped = _group(int_part.lstrip("-"), sep)
        sign = "-" if int_part.startswith("-") else ""
        out.add(sign + grouped + ("." + frac if frac else ""))
        if frac:
            out.add(sign + grouped.replace(",", " ") + "," + frac)
    if not frac and len(int_part.lstrip("-")) > 3:
        out.add(_group(int_part, "."))  # 9.662 in Catalan, German, Italian...
    for scale, word in _SCALES:
        if abs(d) >= scale:
            scaled = _plain(d / scale)
            if len(scaled.partition(".")[2]) <= 2:
                out.add(f"{scaled} {word}")
    return sorted(out, key=len, reverse=True)


def value_in_quote(value: str, quote: str) -> bool:
    for s in spellings(value):
        if re.search(r"(?<![\d.,])" + re.escape(s) + r"(?![\d]|[.,]\d)", quote):
            return True
    return False


_FOOTNOTE = re.compile(r"\[\d+(?:,\d+)*\]")
_BROKEN_WORD = re.compile(r"(?<=\w)- (?=\w)")


def normalise_quote(quote: str) -> str:
    """A quote as compared for repeats: white space folded, reference marks ("[9]") and line-break hyphens
    ("year-on- year") removed."""
    return " ".join(_BROKEN_WORD.sub("-", _FOOTNOTE.sub("", quote)).split())


# the words a source puts on a number ("almost 16,278"), in the languages of our quotes
QUALIFIERS = ["an estimated", "estimated", "approximately", "about", "around", "almost", "nearly", "over",
              "more than", "less than", "fewer than", "at least", "up to", "some", "roughly", "under", "circa", "ca.",
              "около", "более", "свыше", "почти", "примерно", "до", "понад", "близько", "майже", "cerca de"]
# a qualifier before the number, with at most a few linking words between ("was estimated to be 453",
# "an estimated total of 67,367", "over US$ 1.4 million"); any other word or a number in between means it
# qualifies something else ("almost all countries (88.1%", "from about 270,000 to 556,000")
LINKING = ["to", "be", "total", "of", "a", "the", "at", "number", "us$", "$", "€", "eur", "usd"]
_LINK = "(?:" + "|".join(re.escape(w) for w in LINKING) + ")"
_QUALIFIED = re.compile(r"(?<!\w)(" + "|".join(re.escape(q) for q in QUALIFIERS) + r")\s+(?:" + _LINK +
                        r"\s+){0,3}[^\s\w]*$", re.I)


def qualifier_before(value: str, quote: str) -> str | None:
    """The qualifier the quote puts on the number, or None."""
    for s in spellings(value):
        for m in re.finditer(r"(?<![\d.,])" + re.escape(s) + r"(?![\d]|[.,]\d)", quote):
            found = _QUALIFIED.search(quote[: m.start()])
            return found.group(1).lower() if found else None
    return None


def unit_keeps(qualifier: str, unit: str) -> bool:
    """Does the unit carry the qualifier ("about" in "people (source says 'about')")?"""
    word = qualifier.removeprefix("an ")
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", unit, flags=re.I) is not None
