"""How a message of vocabulary version 2 shows a value: by its type, as a reader of the
report's language writes it. Babel (CLDR data) does the dates, numbers, units with
their plurals, currency and lists, so no language rule is written out by hand here.

Every number and date in a message comes through ``show``; the evidence of a finding
keeps the raw values (integers, ISO dates).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, parse_pattern
from babel.units import format_unit

# Danish as written in Denmark; English as in the United Kingdom, which writes dates
# day first as Danish does ("1 April 2026").
_LOCALES = {"da": Locale.parse("da_DK"), "en": Locale.parse("en_GB")}
ABSENT = "–"
_YES_NO = {"da": ("ja", "nej"), "en": ("yes", "no")}
_DURATION = {"days": "duration-day", "months": "duration-month"}
# CLDR puts a no-break space (or a narrow one) inside "13,3 %" and "16.800.000 kr.".
# Messages go to terminals, JSON, SARIF and JUnit, and are compared by people and tests
# typing an ordinary space, so an ordinary space it is.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _amount_pattern(locale: Locale) -> str:
    """The locale's currency pattern without decimals (amounts are whole kroner), with
    the space CLDR's currency spacing puts between a letter symbol and a digit
    ("DKK 16,800,000"), which Babel leaves out."""
    pattern = re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)
    return pattern.replace("¤#", "¤\u00a0#").replace("¤0", "¤\u00a00")


def _percent_pattern(locale: Locale) -> str:
    """The locale's percent pattern with up to two decimals: a basis point is 0.01 %, so
    every value shows exactly, and without a trailing zero ("13,3 %", "50 %")."""
    pattern: str = locale.percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0.##", 1)


# parsed once: parsing a pattern is most of the cost of formatting with it
_AMOUNT = {lang: parse_pattern(_amount_pattern(loc)) for lang, loc in _LOCALES.items()}
_PERCENT = {lang: parse_pattern(_percent_pattern(loc)) for lang, loc in _LOCALES.items()}


def show(value: Any, kind: str, lang: str) -> str:
    """``value`` as a message shows it. ``kind`` is what the compiler knows of it:
    ``date``, ``bool``, ``text``, ``list``, or the unit of a number (``kroner``,
    ``bp``, ``days``, ``months``, ``year``, ``count``). Absent is "–"; a list is joined
    as a sentence joins it ("A, B og C")."""
    if value is None:
        return ABSENT
    if isinstance(value, (list, tuple)):
        if not value:
            return ABSENT
        item_kind = "text" if kind == "list" else kind
        return format_list([show(v, item_kind, lang) for v in value], locale=_LOCALES[lang]).translate(_SPACES)
    return _scalar(value, kind, lang)


@lru_cache(maxsize=4096)
def _scalar(value: Any, kind: str, lang: str) -> str:
    locale = _LOCALES[lang]
    if isinstance(value, bool):
        return _YES_NO[lang][0 if value else 1]
    text: str
    if kind == "date" and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.date):
        text = format_date(value, format="long", locale=locale)
        return text
    if isinstance(value, int):
        if kind in _DURATION:
            text = format_unit(value, _DURATION[kind], locale=locale)
        elif kind == "kroner":
            text = _AMOUNT[lang].apply(value, locale, currency="DKK", currency_digits=False)
        elif kind == "bp":
            text = _PERCENT[lang].apply(Decimal(value) / 10_000, locale)
        elif kind == "year":
            text = str(value)
        else:
            text = format_decimal(value, locale=locale)
        return text.translate(_SPACES)
    return str(value)
