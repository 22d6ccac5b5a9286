"""The suspects and orders pages in AppTest: the suspect-actions table has its sentence; suspect
lists show people's column names; the orders page shows refusals, withdrawals, orders expiring
in the next 90 days and breaches per order in force, with the window stated.

The figures are the SQL's (queries/breakdown/suspect_actions.sql and orders_summary.sql, worked
by hand in tests/test_disruption_breakdowns.py), run here on the bundled sample for 2024/25."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import formatting
from dashboard.app.markdown_text import literal
from dashboard.figures import queries
from dashboard.figures.disruption import breakdown
from dashboard.figures.engine import engine_for
from dashboard.i18n import catalogue, t
from dashboard.periods import Period
from dashboard.store.versions import Store
from tests.app_helpers import app, assert_clean, open_on, shared_sample

FY = Period(date(2024, 4, 1), date(2025, 3, 31))  # the sample's default period


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    s = shared_sample()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FLIGHTDECK_STORE", str(s.root))
        for name in ("FLIGHTDECK_SIGN_IN", "FLIGHTDECK_DEMO_ROLE", "FLIGHTDECK_ROLES"):
            mp.delenv(name, raising=False)
        yield s


def sql(store: Store, name: str):
    version = store.current_id()
    return breakdown(engine_for(store.version_dir(version), version), name, FY)


def open_page(name: str, role: str | None = None, monkeypatch=None):
    if role:
        monkeypatch.setenv("FLIGHTDECK_DEMO_ROLE", role)
    at = open_on(app(), name)
    assert_clean(at)
    return at


def texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_suspect_actions_have_a_sentence_and_labelled_columns(store):
    at = open_page("suspects")
    rows = sql(store, "suspect_actions").set_index("action")
    top = rows["share"].idxmax()  # the action with the higher share names the sentence
    sentence = t(
        "summaries.breakdown.highest_of",
        label=t("suspects.actions_label"),
        category=literal(t(f"suspects.action.{top.replace(' ', '_')}")),
        value=formatting.rate(rows.loc[top, "share"]),
    )
    assert sentence in texts(at)
    table = next(d.value for d in at.dataframe if t("column.crimes_with_suspect") in d.value)
    assert list(table.columns) == [
        t("column.action"),
        t("column.crimes_with_suspect"),
        t("column.crimes_with_action"),
        t("column.share"),
        t("column.median_days_to_action"),
    ]
    assert list(table[t("column.action")]) == ["arrest", "voluntary interview"]
    assert list(table[t("column.crimes_with_action")]) == list(rows["crimes"])


def test_suspect_list_shows_labelled_columns(store):
    at = open_page("suspects")
    at.text_input(key="purpose_text_repeat_suspect_list").input("case review")
    next(b for b in at.button if b.label == t("access.purpose_show")).click().run()
    assert_clean(at)
    raw = list(sql(store, "repeat_suspect_list").columns)
    table = next(d.value for d in at.dataframe if t("list.column.suspect_id") in d.value)
    assert list(table.columns) == [t(f"list.column.{c}") for c in raw]
    assert not set(raw) & set(table.columns)


@pytest.mark.parametrize("name", ["repeat_suspect_list", "breach_worklist", "s63g_outstanding"])
def test_every_suspect_list_column_has_a_label(store, name):
    english = catalogue("en")
    missing = [c for c in sql(store, name).columns if f"list.column.{c}" not in english]
    assert missing == [], f"{name}: no label for {missing}"
    assert queries.get_query("breakdown", name)  # the list is one of the query files


def test_orders_page_shows_the_summary_figures_and_the_window(store):
    at = open_page("orders")
    row = sql(store, "orders_summary").iloc[0]
    # The SQL's window: the day after the period's last day to 90 days after it.
    assert (row["expiry_window_start_date"], row["expiry_window_end_date"]) == (
        date(2025, 4, 1),
        date(2025, 6, 29),
    )
    assert t("orders.summary_title") in [h.value for h in at.subheader]
    table = next(d.value for d in at.dataframe if t("orders.column.figure") in d.value)
    shown = dict(
        zip(table[t("orders.column.figure")], table[t("orders.column.value")], strict=True)
    )
    last, start, end = "31 March 2025", "1 April 2025", "29 June 2025"
    assert shown == {
        t("orders.figure.refused"): formatting.count(row["refused"]),
        t("orders.figure.withdrawn"): formatting.count(row["withdrawn"]),
        t("orders.figure.active_at_end", last=last): formatting.count(row["active_at_end"]),
        t("orders.figure.expiring", start=start, end=end): formatting.count(
            row["expiring_within_90_days"]
        ),
        t("orders.figure.breaches"): formatting.count(row["breaches_in_period"]),
        t(
            "orders.figure.breaches_per_active", last=last
        ): f"{row['breaches_per_order_in_force']:.2f}",
    }
    sentence = next(m for m in texts(at) if m.startswith("In ") and "refused" in m)
    assert f"({start} to {end}): {formatting.count(row['expiring_within_90_days'])}" in sentence
    assert any(f"from {start} to {end}, both included" in c.value for c in at.caption)


def test_orders_summary_for_scrutiny_runs(store, monkeypatch):
    at = open_page("orders", "scrutiny", monkeypatch)
    assert t("orders.summary_title") in [h.value for h in at.subheader]
    table = next(d.value for d in at.dataframe if t("orders.column.figure") in d.value)
    assert len(table) == 6
