"""Labels of a choice widget's options, worded once, in the run that draws the widget.

The language is per session, held by the thread that runs the session's script
(`i18n.set_language`). Streamlit may call a widget's `format_func` later, outside that run and
thread (to put the widget's value into its state), where the language would be the default:
after a switch to Welsh the period box went on showing "Financial year". A lookup built while
the page is drawn words every label in the page's own language, whoever calls it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable


def worded(options: Iterable[Hashable], label: Callable[[Hashable], str]) -> Callable[..., str]:
    """A `format_func` for `options`: each one's label, as `label` words it now."""
    texts = {option: label(option) for option in options}
    return lambda option: texts[option] if option in texts else str(option)
