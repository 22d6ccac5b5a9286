"""Every page of the dashboard opened with crafted links (issue 18): arbitrary Unicode, other
scripts' digits, 80 kB values, script and HTML in every URL parameter any page reads. A page
shows notices and falls back to defaults; it never shows an exception box or the app's "this
page failed" error.

One Hypothesis test cycles through the pages (AppTest, ~0.3 s a run here), derandomized so that
CI runs the same examples every time; the store holds the bundled sample and national figures
(so the comparison page reads its own parameters too). Sign-in is off: every page is open.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.app.language import PARAM as LANGUAGE_PARAM
from dashboard.app.sections.comparison_choices import PARAMS as COMPARISON_PARAMS
from dashboard.app.sections.signals import METRIC_PARAM
from dashboard.app.shell import PAGE_SECTIONS
from dashboard.app.sidebar import SIDEBAR_PARAMS
from dashboard.figures.disruption import DEFAULT_RULE
from dashboard.i18n import t
from dashboard.national import loader
from tests.app_helpers import APP, TIMEOUT, load_sample, page_path

NATIONAL = Path(__file__).parent / "fixtures" / "national" / "outcomes-2017-18-snake.csv"
PAGES = [Path(file).stem for entries in PAGE_SECTIONS.values() for file, *_ in entries]
RULE_PARAMS = ("minc", "lookback")  # the repeat-suspect rule (rule_state.py)
SPC_PARAMS = (METRIC_PARAM,)  # the Signal or noise page's measure (sections/signals.py)

# Every parameter a page reads, with values that are valid or nearly so (to reach the code
# behind each preset and choice) beside the hostile ones.
VALID = {
    "period": ["month", "fy_quarter", "financial_year", "calendar_year", "custom", "CUSTOM"],
    "month": ["2024-06", "2025-03", "2010-01"],
    "fy": ["2024", "2010", "2023"],
    "q": ["1", "4"],
    "year": ["2023", "2025"],
    "from": ["2010-01-01", "2024-05-03"],
    "to": ["2024-07-09", "2025-03-31"],
    "la": ["W06000022", "Casnewydd", "unknown"],
    "subgroup": ["rape", "other"],
    "age": ["under16", "16plus", "unknown"],
    "da": ["yes", "no"],
    LANGUAGE_PARAM: ["en", "EN"],
    "nyear": ["2017/18", "2017-18"],
    "force": ["Gwent", "south wales"],
    "peers": ["Dyfed-Powys|North Wales", "Gwent|Narnia", ""],
    "sg": ["rape", "other", "all"],
    "minc": ["2", "20", "21"],
    "lookback": ["1", "36", "120", "121"],
    METRIC_PARAM: ["charge_rate", "CHARGED", "open_at_end", "crimes"],
}
PARAM_NAMES = (
    *SIDEBAR_PARAMS,
    LANGUAGE_PARAM,
    *COMPARISON_PARAMS.values(),
    *RULE_PARAMS,
    *SPC_PARAMS,
)
HOSTILE = [
    "²",
    "٣",
    "２０２４",
    "𝟚𝟘𝟚𝟜",
    "2024²",
    "-1",
    "9" * 80_000,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[sign in](https://evil.example)",
    "{value} {0} %s",
    "\x00",
    "",
    " ",
]
# Unicode bar lone surrogates: a URL cannot carry them (percent-decoding replaces them).
DIGITS_AND_MORE = st.text(
    alphabet=st.sampled_from("0123456789-/| ²٣２") | st.characters(categories=["Nd", "No"]),
    max_size=10,
)


def value(name: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(VALID[name]),
        st.sampled_from(HOSTILE),
        DIGITS_AND_MORE,
        st.text(max_size=40),
    )


LINKS = st.fixed_dictionaries({}, optional={name: value(name) for name in PARAM_NAMES})


def test_every_parameter_a_page_reads_is_covered():
    assert set(PARAM_NAMES) == set(VALID)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The sample and national figures for 2017/18; sign-in off, so every page is open."""
    root = load_sample(tmp_path_factory.mktemp("url-params") / "store").root
    loader.load(root, [NATIONAL])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FLIGHTDECK_STORE", str(root))
        for name in ("FLIGHTDECK_DEMO_ROLE", "FLIGHTDECK_SIGN_IN", "FLIGHTDECK_ROLES"):
            mp.delenv(name, raising=False)
        yield root


class _Failures(logging.Handler):
    """Records the app's error log lines (the shell logs a page's exception as "page failed")."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def open_page(page: str, link: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.switch_page(page_path(page))
    for name, text in link.items():
        at.query_params[name] = text
    return at.run()


def assert_no_error(at: AppTest, failures: _Failures) -> None:
    """No exception box, no error message (such as the shell's "this page failed": a link gets
    notices, which are warnings), nothing logged as an error."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not failures.records, [r.getMessage() for r in failures.records]


@pytest.fixture(scope="module")
def failures(store):
    handler = _Failures()
    logger = logging.getLogger("flightdeck")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.mark.parametrize("page", PAGES)
def test_the_superscript_two_of_the_attack(store, failures, page):
    failures.records.clear()
    at = open_page(page, {"period": "financial_year", "fy": "²", "minc": "²", "nyear": "²"})
    assert_no_error(at, failures)
    assert t("state.bad_period") in [w.value for w in at.warning]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(page=st.sampled_from(PAGES), link=LINKS)
def test_no_link_breaks_a_page(store, failures, page, link):
    failures.records.clear()
    assert_no_error(open_page(page, link), failures)


def rule_shown(at: AppTest) -> tuple[int, int]:
    boxes = {n.label: n.value for n in at.number_input}
    labels = ("disruption.rule.min_crimes", "disruption.rule.lookback_months")
    return tuple(boxes[t(label)] for label in labels)


def test_the_repeat_suspect_rule_from_a_link(store, failures):
    failures.records.clear()
    at = open_page("suspects", {"minc": "5", "lookback": "12"})
    assert_no_error(at, failures)
    assert rule_shown(at) == (5, 12)
    # Above what the page's control offers (it failed the page before issue 18), other digits
    for link in ({"minc": "21"}, {"lookback": "121"}, {"minc": "٣"}, {"lookback": "𝟙𝟚"}):
        at = open_page("suspects", link)
        assert_no_error(at, failures)
        assert rule_shown(at) == (DEFAULT_RULE.min_crimes, DEFAULT_RULE.lookback_months)
        assert t("disruption.rule.bad_link") in [w.value for w in at.warning]
