"""Every user-facing string goes through `t()`: English catalogue now, Welsh by adding a folder.

A language is a folder `locales/<code>/` of JSON files (one per area of the product), merged.
"""

from __future__ import annotations

import json
import numbers
import threading
from functools import cache
from pathlib import Path

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
    text = catalogue(current_language()).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no message for {key!r} in locales/{DEFAULT_LANGUAGE}/")
    return text.format(**values) if values else text


def _english_plural(n: int) -> str:
    return "one" if n == 1 else "other"


def _welsh_plural(n: int) -> str:
    """CLDR's six forms for Welsh: 0 zero, 1 one, 2 two, 3 few, 6 many, else other."""
    return {0: "zero", 1: "one", 2: "two", 3: "few", 6: "many"}.get(n, "other")


PLURAL_FORMS = {"en": _english_plural, "cy": _welsh_plural}


def _form(rules, count: object) -> str:
    """The plural form for `count`; a count that is not a number (a withheld figure shown as
    words, such as "fewer than 10") takes the general form, `other`."""
    if isinstance(count, bool) or not isinstance(count, numbers.Real):
        return "other"
    return rules(abs(int(count)))


def tn(key: str, count: object, /, **values: object) -> str:
    """The message `key.<form>` for `count` in the current language's plural rules
    (`key.one` / `key.other` in English; a form a catalogue lacks falls back to `.other`)."""
    language = current_language()
    form = _form(PLURAL_FORMS.get(language, _english_plural), count)
    messages = catalogue(language)
    english = catalogue(DEFAULT_LANGUAGE)
    text = messages.get(f"{key}.{form}") or messages.get(f"{key}.other")
    if text is None:
        english_form = _form(_english_plural, count)
        text = english.get(f"{key}.{english_form}") or english.get(f"{key}.other")
    if text is None:
        raise KeyError(f"no message for {key!r}.one/.other in locales/{DEFAULT_LANGUAGE}/")
    return text.format(**values)


def t_or(key: str, default: str) -> str:
    """The current language's message for `key`, else `default`: used for texts whose English
    lives elsewhere (a SQL file's header), so a translation catalogue can still cover them."""
    return catalogue(current_language()).get(key) or default
