"""The command line's language: `--lang cy` anywhere on the line, else `FLIGHTDECK_LANG`, else
English. argparse's own words ("usage:", "show this help message and exit", its usage errors)
come from the catalogue too (`argparse.*` keys), so `--help` and every error read in one
language."""

from __future__ import annotations

import argparse

from dashboard import settings
from dashboard.i18n import DEFAULT_LANGUAGE, available_languages, set_language, t

ENV = settings.LANG_ENV
OPTION = "--lang"

# argparse's messages a user can meet, by the catalogue key that words them.
ARGPARSE_KEYS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "expected one argument": "argparse.expected_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "one of the arguments %s is required": "argparse.one_required",
    "ignored explicit argument %r": "argparse.ignored_explicit",
}


def _argparse_text(message: str) -> str:
    key = ARGPARSE_KEYS.get(message)
    return t(key) if key else message


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


class LanguageError(ValueError):
    """`--lang` names a language this build has no catalogue for."""


def choose(argv: list[str]) -> list[str]:
    """Set the language from `--lang CODE` / `--lang=CODE` (taken out of `argv`, which is
    returned without it) or `FLIGHTDECK_LANG`, and word argparse in it. An unknown code given
    with `--lang` raises LanguageError; one in the environment falls back to English."""
    rest: list[str] = []
    code = settings.current().language or DEFAULT_LANGUAGE
    from_option = None
    items = iter(argv)
    for arg in items:
        if arg == "--":
            rest += [arg, *items]
            break
        if arg == OPTION:
            from_option = next(items, "")
        elif arg.startswith(OPTION + "="):
            from_option = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    languages = available_languages()
    if from_option is not None:
        code = from_option
        if code not in languages:
            set_language(settings.current().language or DEFAULT_LANGUAGE)
            _word_argparse()
            raise LanguageError(t("cli.lang_unknown", value=code, choices=", ".join(languages)))
    set_language(code if code in languages else DEFAULT_LANGUAGE)
    _word_argparse()
    return rest


def _word_argparse() -> None:
    # argparse looks `_` up in its module each time it words a message.
    argparse._ = _argparse_text  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]


def add_option(parser: argparse.ArgumentParser) -> None:
    """`--lang` in the root parser's help (the option itself is read by `choose`)."""
    parser.add_argument(
        OPTION, choices=available_languages(), default=None, help=t("cli.help.lang", env=ENV)
    )
