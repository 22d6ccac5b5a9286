"""Every user-facing string goes through `t()` / `tn()`: English (`en`) and Welsh (`cy`).

A language is a folder `locales/<code>/` of JSON files (one per area of the product), merged.
Plural forms follow CLDR's rules for the language, through Babel.
"""

from __future__ import annotations

import json
import math
import numbers
import threading
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
_state = threading.local()


@cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language, from every `locales/<language>/*.json`."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.json")):
        messages.update(json.loads(path.read_text(encoding="utf-8")))
    return messages


def available_languages() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if p.is_dir() and any(p.glob("*.json")))


def set_language(language: str) -> None:
    """Choose the language for this thread (one Streamlit session runs in one thread)."""
    _state.language = language if language in available_languages() else DEFAULT_LANGUAGE


def current_language() -> str:
    return getattr(_state, "language", DEFAULT_LANGUAGE)


def t(key: str, /, **values: object) -> str:
    """The message for `key` in the current language (English as fallback), filled with values."""
    return t_in(current_language(), key, **values)


def t_in(language: str, key: str, /, **values: object) -> str:
    """The message for `key` in `language` (English as fallback), for work outside a session's
    thread (the web server's guard answers in the browser's language)."""
    text = catalogue(language).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no message for {key!r} in locales/{DEFAULT_LANGUAGE}/")
    return text.format(**values) if values else text


def best_language(tags: list[str]) -> str:
    """The first of a browser's language tags ("cy-GB", "en_US") that is one of ours, as its
    catalogue's code; English when none is."""
    languages = available_languages()
    for tag in tags:
        code = tag.replace("_", "-").split("-")[0].strip().lower()
        if code in languages:
            return code
    return DEFAULT_LANGUAGE


def accepted(header: str) -> list[str]:
    """The language tags of an Accept-Language header, in its order ("cy-GB,cy;q=0.9,en")."""
    return [part.split(";")[0].strip() for part in header.split(",") if part.strip()]


BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB"}  # the CLDR locale of each catalogue


@cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale (plural rules, number symbols, month names) of a catalogue's language."""
    return Locale.parse(BABEL_LOCALES.get(language, language))


def plural_form(language: str, count: object) -> str:
    """CLDR's plural category of `count` in `language`, by Babel: English one/other, Welsh
    zero/one/two/few/many/other. A Decimal counts as written (the figure shown): 1.5 is
    `other` in both, and so is 1.0 in English ("1.0 days"). A count that is not a number (a
    withheld figure shown as words, "fewer than 10") takes the general form, `other`."""
    if isinstance(count, bool) or not isinstance(count, numbers.Real | Decimal):
        return "other"
    if isinstance(count, float) and not math.isfinite(count):
        return "other"
    if isinstance(count, numbers.Integral):
        count = int(count)  # numpy integers too
    elif isinstance(count, float):  # a count held as a float (pandas) reads as a whole number
        count = int(count) if count.is_integer() else Decimal(repr(count))
    return babel_locale(language).plural_form(abs(count))


def tn(key: str, count: object, /, **values: object) -> str:
    """The message `key.<form>` for `count` by the current language's CLDR plural rules
    (`key.one` / `key.other` in English; Welsh may add `.zero`, `.two`, `.few`, `.many`; a form
    a catalogue lacks falls back to its `.other`, then to English)."""
    language = current_language()
    messages = catalogue(language)
    text = messages.get(f"{key}.{plural_form(language, count)}") or messages.get(f"{key}.other")
    if text is None:
        english = catalogue(DEFAULT_LANGUAGE)
        form = plural_form(DEFAULT_LANGUAGE, count)
        text = english.get(f"{key}.{form}") or english.get(f"{key}.other")
    if text is None:
        raise KeyError(f"no message for {key!r}.one/.other in locales/{DEFAULT_LANGUAGE}/")
    return text.format(**values)


def t_or(key: str, default: str) -> str:
    """The current language's message for `key`, else `default`: used for texts whose English
    lives elsewhere (a SQL file's header), so a translation catalogue can still cover them."""
    return catalogue(current_language()).get(key) or default
