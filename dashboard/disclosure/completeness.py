"""Completeness by month (`queries/breakdown/completeness_by_month.sql`) as a scrutiny user may
see it. Each month and table is a star: one total (the table's rows that month) and, for every
optional column, filled + missing = that total, so a filled count and the total give the blanks
back by subtraction unless the two are protected together. The star is written as a chain
(total = filled1 + missing1; filled2 + missing2 = filled1 + missing1; ...), a network, so the
audit of `suppression` applies as it does to any table. The crimes' total of a month is the
crimes recorded that month, shown on the flight deck: it keeps that figure's status.
Cells that are zero by definition under the filters (every crime has a local authority when the
view is of one authority) protect nothing."""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from dashboard.disclosure.rules import (
    configured_threshold,
    fewer_than,
    not_shown,
    withheld_text,
    zero_text,
)
from dashboard.disclosure.suppression import SHOWN, SMALL, WITHHELD, Relation, protect
from dashboard.disclosure.tables import ZERO, one_type_columns, status_of
from dashboard.filters import Filters

COUNTS = ("filled", "missing", "total")


def _zero_part(table: str, column: str, f: Filters) -> str | None:
    """Which of (filled, missing) the filters make zero by definition, if either."""
    if table != "crimes":
        return None
    if column == "local_authority" and f.local_authority is not None:
        return "filled" if f.local_authority == "unknown" else "missing"
    if column == "victim_age" and f.age_band is not None:
        return "filled" if f.age_band == "unknown" else "missing"
    if column == "domestic_abuse" and f.domestic_abuse is not None:
        return "missing"
    return None


def _crime_totals(trend: pd.DataFrame) -> dict:
    """Each month's crimes recorded, as the flight deck shows it: month -> status."""
    withheld = bool(trend.attrs.get("withheld"))
    return {
        row["month_start"]: status_of(row["crimes_recorded"], withheld=withheld)
        for _, row in trend.iterrows()
    }


def star_status(
    block: pd.DataFrame, fixed_total: str | None, filters: Filters, threshold: int
) -> tuple[dict, bool]:
    """One month and table: the status of its total ("total") and of each row's counts
    (("filled", i), ("missing", i)), and whether it had to be withheld."""
    values: dict[Hashable, int] = {"total": int(block["total"].iat[0])}
    zero: set[Hashable] = set()
    relations, previous = [], None
    names = zip(block["table_name"], block["column_name"], strict=True)
    for i, (table, column) in enumerate(names):
        cells = [("filled", i), ("missing", i)]
        values.update(
            {cells[0]: int(block["filled"].iat[i]), cells[1]: int(block["missing"].iat[i])}
        )
        part = _zero_part(table, column, filters)
        if part is not None and values[(part, i)] == 0:
            zero.add((part, i))
        live = tuple(k for k in cells if k not in zero)
        if previous is None:
            relations.append(Relation("total", live))
        else:
            relations.append(Relation(live[0], previous, more_totals=live[1:]))
        previous = live
    fixed = {} if fixed_total in (None, ZERO) else {"total": fixed_total}
    # Later rows first: a small count then pairs with a cell of its own row before one of the
    # row above, and the month's total (on every row) goes only when no row's cell will do.
    order = sorted(values, key=lambda k: -1 if k == "total" else -k[1])
    result = protect(
        {k: values[k] for k in order if k not in zero},
        relations,
        threshold,
        external={"total"},
        fixed=fixed,
    )
    return {**result.status, **{k: ZERO for k in zero}}, result.withheld


def protect_completeness(
    frame: pd.DataFrame, filters: Filters, monthly_crimes: pd.DataFrame
) -> pd.DataFrame:
    """Filled, missing and total counts hidden together; a share only beside its counts.
    `monthly_crimes`: the crimes recorded by month over the view's period, as protected."""
    if frame.empty:
        return frame
    threshold = configured_threshold()
    crimes = _crime_totals(monthly_crimes)
    text = {
        SMALL: fewer_than(threshold),
        ZERO: zero_text(),
        WITHHELD: withheld_text(),
    }
    out = frame.astype({c: object for c in (*COUNTS, "complete_share")})
    blocks = withheld = 0
    for (month, table), block in frame.groupby(["month_start", "table_name"], sort=False):
        fixed = crimes.get(month) if table == "crimes" else None
        status, held = star_status(block.reset_index(drop=True), fixed, filters, threshold)
        blocks, withheld = blocks + 1, withheld + held
        for i, label in enumerate(block.index):
            seen = {
                "filled": status[("filled", i)],
                "missing": status[("missing", i)],
                "total": status["total"],
            }
            for column, state in seen.items():
                if state != SHOWN:
                    out.at[label, column] = text.get(state, not_shown())
            if seen["filled"] == ZERO:
                out.at[label, "complete_share"] = zero_text()
            elif seen["filled"] != SHOWN or seen["total"] != SHOWN:
                out.at[label, "complete_share"] = not_shown()
    out = one_type_columns(out)
    out.attrs["withheld"] = blocks > 0 and withheld == blocks
    return out
