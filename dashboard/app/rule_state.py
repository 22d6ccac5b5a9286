"""The repeat-suspect rule the session uses: from the suspects page's controls or the URL
(`minc`, `lookback`), validated; the default rule of metrics.md §3 otherwise."""

from __future__ import annotations

import streamlit as st

from dashboard.figures.disruption import (
    DEFAULT_RULE,
    LOOKBACK_MONTHS_RANGE,
    MIN_CRIMES_LEAST,
    RepeatRule,
)
from dashboard.i18n import t

_KEY = "_repeat_rule"


def _from_url() -> tuple[RepeatRule, str | None]:
    minc, lookback = st.query_params.get("minc"), st.query_params.get("lookback")
    if minc is None and lookback is None:
        return DEFAULT_RULE, None
    try:
        rule = RepeatRule(
            int(minc or DEFAULT_RULE.min_crimes), int(lookback or DEFAULT_RULE.lookback_months)
        )
        return rule, None
    except ValueError:
        return DEFAULT_RULE, t("disruption.rule.bad_link")


def current_rule() -> RepeatRule:
    """The rule for this run (the same on every page of the session)."""
    if _KEY not in st.session_state:
        rule, notice = _from_url()
        st.session_state[_KEY] = rule
        if notice:
            st.warning(notice, icon=":material/link_off:")
    return st.session_state[_KEY]


def _keep_in_url(rule: RepeatRule) -> None:
    for name, value, default in (
        ("minc", rule.min_crimes, DEFAULT_RULE.min_crimes),
        ("lookback", rule.lookback_months, DEFAULT_RULE.lookback_months),
    ):
        if value == default:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value)


def rule_controls() -> RepeatRule:
    """The two numbers of the rule, changeable on the page; the URL follows them."""
    rule = current_rule()
    left, right = st.columns(2)
    minc = left.number_input(
        t("disruption.rule.min_crimes"),
        min_value=MIN_CRIMES_LEAST,
        max_value=20,
        value=rule.min_crimes,
        step=1,
    )
    low, high = LOOKBACK_MONTHS_RANGE
    lookback = right.number_input(
        t("disruption.rule.lookback_months"),
        min_value=low,
        max_value=high,
        value=rule.lookback_months,
        step=1,
    )
    rule = RepeatRule(int(minc), int(lookback))
    st.session_state[_KEY] = rule
    _keep_in_url(rule)
    return rule
