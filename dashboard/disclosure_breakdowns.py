"""The shapes of the breakdowns (`queries/breakdown/*.sql`): see `disclosure_shapes` for what
each field declares. Every breakdown is here, or withheld from the scrutiny role."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.disclosure_shapes import (
    Shape,
    both,
    group_of,
    not_yet_assigned,
    rows_zero,
    subgroup_zeros,
)

_BASES = {"closed_share": "closed_count", "recorded_share": "recorded_count"}
_OUTCOME_TILES = {"closed_count": "outcomes_assigned", "recorded_count": "crimes_recorded"}
_AREA = (
    "crimes_recorded",
    "rape_count",
    "other_count",
    "domestic_abuse_count",
    "non_recent_count",
    "n100_count",
    "cancelled_count",
    "crimes_recorded_previous_year",
)
_PROFILE = (
    "crimes_recorded",
    "domestic_abuse_count",
    "domestic_abuse_known_count",
    "non_recent_count",
    "offence_date_known_count",
    "n100_count",
    "cancelled_count",
)
_PROFILE_RATES = {
    "domestic_abuse_share": ("domestic_abuse_count", "domestic_abuse_known_count"),
    "non_recent_share": ("non_recent_count", "offence_date_known_count"),
}
_ORDERS = ("refused", "withdrawn", "active_at_end", "expiring_within_90_days")
_SUSPECT_LEVEL = "a list of pseudonymised suspects, never shown to the scrutiny role"


def _outcome_cells() -> dict[tuple[str, str], str]:
    return {
        ("closed_count", group_of("1")): "charged",
        ("closed_count", group_of("14")): "victim_not_supporting_rate",
        ("closed_count", group_of("18")): "no_suspect_rate",
        ("recorded_count", group_of("1")): "charge_rate_recorded_basis",
    }


BREAKDOWN: Mapping[str, Shape] = {
    "bail_over_limits": Shape(
        counts=("bail_count", "authorised_below_level", "authority_not_recorded"),
        shares={"bail_share": "bail_count"},
        tiles={"bail_count": "pre_charge_bail_at_end"},
    ),
    "breach_worklist": Shape(withheld=_SUSPECT_LEVEL),
    "completeness_by_month": Shape(special="completeness"),
    "completeness_by_column": Shape(
        withheld="each column's figures over the period would give its monthly figures back"
    ),
    "crimes_per_suspect": Shape(
        keys=("crimes",),
        floors={"suspects": 1},
        withheld="repeat_suspect_crimes weighs its rows by their number of crimes: a weighted "
        "sum, which the suppression cannot audit",
    ),
    "data_coverage": Shape(counts=("records_in_data", "crimes_in_data"), totals=()),
    "offence_mix": Shape(
        counts=("recorded_count",),
        shares={"recorded_share": "recorded_count"},
        tiles={"recorded_count": "crimes_recorded"},
        group="offence_subgroup",
        category="offence_code",
        group_tiles={
            ("recorded_count", "Rape"): "rape_recorded",
            ("recorded_count", "Other sexual offences"): "other_sexual_recorded",
        },
        zeros=rows_zero(
            "offence_subgroup",
            ("recorded_count",),
            lambda f: {"rape": "Rape", "other": "Other sexual offences"}.get(f.subgroup or ""),
        ),
    ),
    "open_caseload_age": Shape(
        counts=("open_count",),
        shares={"open_share": "open_count"},
        tiles={"open_count": "open_at_end"},
    ),
    "orders_by_type": Shape(
        counts=("applied", "granted", *_ORDERS, "breaches_in_period"),
        rates={"breaches_per_active_order": ("breaches_in_period", "active_at_end")},
        tiles={
            "applied": "orders_applied",
            "granted": "orders_granted",
            "active_at_end": "orders_active_at_end",
        },
        total_source=(
            "orders_summary",
            {c: c for c in (*_ORDERS, "breaches_in_period")},
        ),
    ),
    "orders_summary": Shape(
        counts=(*_ORDERS, "breaches_in_period"),
        rates={"breaches_per_order_in_force": ("breaches_in_period", "active_at_end")},
        totals=(),
        cell_tiles={("active_at_end", None): "orders_active_at_end"},
    ),
    "outcome_mix_by_code": Shape(
        counts=tuple(_BASES.values()),
        shares=_BASES,
        tiles=_OUTCOME_TILES,
        group="outcome_group",
        category="outcome_code",
        group_source="outcome_mix_by_group",
        zeros=not_yet_assigned("closed_count", "outcome_code", lambda: "0"),
    ),
    "outcome_mix_by_group": Shape(
        counts=tuple(_BASES.values()),
        shares=_BASES,
        tiles=_OUTCOME_TILES,
        category="outcome_group",
        cell_tiles=_outcome_cells(),
        zeros=not_yet_assigned("closed_count", "outcome_group", lambda: group_of("0")),
    ),
    "profile_by_local_authority": Shape(
        counts=_AREA,
        row_total=("crimes_recorded", ("rape_count", "other_count")),
        tiles={"rape_count": "rape_recorded", "other_count": "other_sexual_recorded"},
        total_source=(
            "profile_shares",
            {c: c for c in _AREA if c not in ("rape_count", "other_count")},
        ),
        zeros=both(
            rows_zero("local_authority", _AREA, lambda f: f.local_authority),
            subgroup_zeros("rape_count", "other_count"),
        ),
    ),
    "profile_shares": Shape(
        counts=(*_PROFILE, *(f"{c}_previous_year" for c in _PROFILE)),
        rates={
            **_PROFILE_RATES,
            **{
                f"{r}_previous_year": tuple(f"{c}_previous_year" for c in cs)
                for r, cs in _PROFILE_RATES.items()
            },
        },
        totals=(),
        cell_tiles={
            ("crimes_recorded", None): "crimes_recorded",
            ("n100_count", None): "n100_reported",
        },
    ),
    "relationship_mix": Shape(
        counts=("recorded_count",),
        shares={"recorded_share": "recorded_count"},
        tiles={"recorded_count": "crimes_recorded"},
    ),
    "repeat_suspect_list": Shape(withheld=_SUSPECT_LEVEL),
    "s63g_decisions": Shape(
        counts=("eligible_count",),
        shares={"eligible_share": "eligible_count"},
        tiles={"eligible_count": "s63g_eligible"},
        category="decision",
        cell_tiles={("eligible_count", "granted"): "s63g_granted"},
    ),
    "s63g_outstanding": Shape(withheld=_SUSPECT_LEVEL),
    "suspect_actions": Shape(
        counts=("crimes_with_suspect", "crimes"),
        rates={"share": ("crimes", "crimes_with_suspect"), "median_days": ("crimes",)},
        totals=(),
    ),
    "training_by_team": Shape(
        counts=("staff_in_scope", "trained"),
        floors={"staff_in_scope": 1},
        rates={"trained_share": ("trained", "staff_in_scope")},
    ),
    "victim_profile": Shape(
        counts=("recorded_count",),
        shares={"recorded_share": "recorded_count"},
        tiles={"recorded_count": "crimes_recorded"},
        zeros=rows_zero("victim_age_band", ("recorded_count",), lambda f: f.age_band),
    ),
}
