"""The pack's HTML building blocks: text made inert, and a table named by its caption or by the
heading above it."""

from __future__ import annotations

import html


def e(value: object) -> str:
    """`value` as HTML text (quotes too, for attributes)."""
    return html.escape(str(value), quote=True)


def table(
    caption: str, columns: list[str], rows: list[list[str]], numeric: set[int], heading: str = ""
) -> str:
    """A table named by its caption, or, under a heading of the same words, by that heading
    (`heading`: its id), so that its name is not printed twice."""
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{e(v)}</td>' if i in numeric else f"<td>{e(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    named = (
        f'<table aria-labelledby="{e(heading)}">'
        if heading
        else f"<table><caption>{e(caption)}</caption>"
    )
    return f"{named}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
