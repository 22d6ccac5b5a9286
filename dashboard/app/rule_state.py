"""The repeat-suspect rule the session uses: from the suspects page's controls or the URL
(`minc`, `lookback`), validated; the default rule of metrics.md §3 otherwise."""

from __future__ import annotations

import streamlit as st

from dashboard.app import url_params
from dashboard.figures.disruption import (
    DEFAULT_RULE,
    LOOKBACK_MONTHS_RANGE,
    MIN_CRIMES_LEAST,
    RepeatRule,
)
from dashboard.i18n import t

_KEY = "_repeat_rule"
MIN_CRIMES_MOST = 20  # the largest minimum the page's control offers


def _number(raw: str | None, low: int, high: int, default: int) -> int | None:
    """A number of the rule from the link: its default when blank or absent, None if invalid."""
    return url_params.whole_number(raw, low, high) if url_params.given(raw) else default


def _from_url() -> tuple[RepeatRule, str | None]:
    """The link's rule, or the default rule with a notice when a number in it is not valid."""
    minc, lookback = st.query_params.get("minc"), st.query_params.get("lookback")
    if minc is None and lookback is None:
        return DEFAULT_RULE, None
    min_crimes = _number(minc, MIN_CRIMES_LEAST, MIN_CRIMES_MOST, DEFAULT_RULE.min_crimes)
    months = _number(lookback, *LOOKBACK_MONTHS_RANGE, DEFAULT_RULE.lookback_months)
    if min_crimes is None or months is None:
        return DEFAULT_RULE, t("disruption.rule.bad_link")
    return RepeatRule(min_crimes, months), None


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
        max_value=MIN_CRIMES_MOST,
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
