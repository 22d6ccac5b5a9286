"""Problem profile sections: headline shares with the year before, victims, areas."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import formatting
from dashboard.app import charts, components, summaries
from dashboard.app.data_access import DataVersion
from dashboard.app.sections.common_charts import breakdown_data
from dashboard.app.table_text import for_people
from dashboard.app.view_state import ViewState
from dashboard.i18n import current_language, t, t_or

# (column in profile_shares, unit, message key)
PROFILE_FIGURES = (
    ("crimes_recorded", "count", "profile.crimes_recorded"),
    ("domestic_abuse_share", "rate", "profile.domestic_abuse_share"),
    ("non_recent_share", "rate", "profile.non_recent_share"),
    ("n100_count", "count", "profile.n100_count"),
    ("cancelled_count", "count", "profile.cancelled_count"),
)


def profile_tiles(view: DataVersion, state: ViewState) -> None:
    """The period's headline counts and shares, each against the same dates a year earlier."""
    row = breakdown_data(view, state, "profile_shares").iloc[0]
    columns = st.columns(len(PROFILE_FIGURES))
    for column, (name, unit, key) in zip(columns, PROFILE_FIGURES, strict=True):
        current, earlier = _plain(row[name]), _plain(row[f"{name}_previous_year"])
        numbers = [_number(v) for v in (current, earlier)]
        delta = formatting.delta(*numbers, unit) if None not in numbers else None
        with column:
            st.metric(
                t(key),
                current if isinstance(current, str) else formatting.value(current, unit),
                delta,
                delta_color="off",
                border=True,
                delta_description=t("profile.vs_year_before") if delta else None,
                help=t(f"{key}.help"),
            )


def _number(value: object) -> float | None:
    """A figure to compare; None for a figure withheld from this user (text)."""
    if value is None or isinstance(value, str):
        return None
    return float(value)


def _plain(value: object) -> object:
    return None if formatting.is_missing(value) else value


def victim_profile_section(view: DataVersion, state: ViewState) -> None:
    """Victims by age band, stacked by sex."""
    df = breakdown_data(view, state, "victim_profile").copy()
    df["age"] = df["victim_age_band"].map(lambda v: t(f"age_band.{v}"))
    df["sex"] = df["victim_sex"].map(lambda v: t(f"victim_sex.{v}"))
    title = t("chart.victim_profile")
    summary = summaries.breakdown_summary(
        df.assign(group=df["age"] + ", " + df["sex"]),
        category="group",
        value="recorded_count",
        unit="count",
    )
    fig = charts.stacked_bars(
        df,
        "age",
        "sex",
        "recorded_count",
        title,
        t("unit.count"),
        alt=summary,
        x_title=t("filter.age_band"),
    )
    table = for_people(df[["age", "sex", "recorded_count", "recorded_share"]]).rename(
        columns={
            "age": t("filter.age_band"),
            "sex": t("column.victim_sex"),
            "recorded_count": t("column.crimes"),
            "recorded_share": t("column.share"),
        }
    )
    components.chart_block(fig, table, summary, "victim-profile", view, state)


def relationship_table(view: DataVersion, state: ViewState) -> pd.DataFrame:
    df = breakdown_data(view, state, "relationship_mix").copy()
    df["relationship_label"] = df["relationship"].map(lambda v: t_or(f"relationship.{v}", str(v)))
    return df


def area_table(view: DataVersion, state: ViewState) -> pd.DataFrame:
    """Counts per local authority, named in the current language."""
    df = breakdown_data(view, state, "profile_by_local_authority")
    name = "name_cy" if current_language() == "cy" else "name_en"
    names = df[name].where(df[name].notna(), t("filter.la_unknown"))
    columns = {
        "crimes_recorded": "column.crimes",
        "crimes_recorded_previous_year": "column.crimes_year_before",
        "rape_count": "subgroup.rape",
        "other_count": "subgroup.other",
        "domestic_abuse_count": "column.domestic_abuse",
        "non_recent_count": "column.non_recent",
        "n100_count": "column.n100",
        "cancelled_count": "column.cancelled",
    }
    table = for_people(df[list(columns)]).rename(columns={k: t(v) for k, v in columns.items()})
    table.insert(0, t("filter.local_authority"), names)
    return table
