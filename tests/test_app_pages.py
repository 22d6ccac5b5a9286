"""Every dashboard page through AppTest, against the synthetic sample (as at 31 March 2025).

The tiles must agree to the digit with `flightdeck metrics --json` (the real CLI, run as a
subprocess) for the same period and filters; the URL seeds the sidebar and bad URL values fall
back with a notice; a version loaded while a session is open shows on its next run.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from dashboard import formatting
from dashboard.figures import catalogue
from dashboard.filters import Filters
from dashboard.i18n import t
from tests.app_helpers import (
    SAMPLE,
    SAMPLE_AS_AT,
    CliMetrics,
    app,
    assert_clean,
    captions,
    expected_tiles,
    load_sample,
    open_on,
    page_caption,
    shared_sample,
    shown_tiles,
    tile_number,
    tile_units,
)

DEFAULT = (date(2024, 4, 1), date(2025, 3, 31))  # the last complete financial year, 2024/25
DEFAULT_TEXT = "April 2024 to March 2025"
CRIMES = "Crimes recorded"

# (id, URL parameters, period, period as the caption says it, filters as URL parameters)
VIEWS = [
    ("default", {}, DEFAULT, DEFAULT_TEXT, {}),
    (
        "month-newport",
        {"period": "month", "month": "2024-11", "la": "W06000022"},
        (date(2024, 11, 1), date(2024, 11, 30)),
        "November 2024",
        {"la": "W06000022"},
    ),
    (
        "quarter-rape",
        {"period": "fy_quarter", "fy": "2023", "q": "2", "subgroup": "rape"},
        (date(2023, 7, 1), date(2023, 9, 30)),
        "July to September 2023",
        {"subgroup": "rape"},
    ),
    (
        "custom-under16-domestic-abuse",
        {
            "period": "custom",
            "from": "2023-01-15",
            "to": "2024-06-10",
            "age": "under16",
            "da": "yes",
        },
        (date(2023, 1, 15), date(2024, 6, 10)),
        "15 January 2023 to 10 June 2024",
        {"age": "under16", "da": "yes"},
    ),
    (
        "calendar-year-all-four-filters",
        {
            "period": "calendar_year",
            "year": "2022",
            "la": "unknown",
            "subgroup": "other",
            "age": "16plus",
            "da": "no",
        },
        (date(2022, 1, 1), date(2022, 12, 31)),
        "January to December 2022",
        {"la": "unknown", "subgroup": "other", "age": "16plus", "da": "no"},
    ),
]

# (URL parameters, notices (message key, values), period shown)
LATEST_MONTH = (date(2025, 3, 1), date(2025, 3, 31))
BAD_LINKS = [
    ({"period": "fortnight"}, [("state.bad_preset", {"value": "fortnight"})], DEFAULT),
    ({"period": "month", "month": "2024-13"}, [("state.bad_period", {})], LATEST_MONTH),
    ({"period": "month", "month": "2025-04"}, [("state.bad_period", {})], LATEST_MONTH),
    ({"period": "financial_year", "fy": "1999"}, [("state.bad_period", {})], DEFAULT),
    (
        {"period": "custom", "from": "2024-02-30", "to": "2024-03-01"},
        [("state.bad_period", {})],
        DEFAULT,
    ),
    ({"la": "Narnia"}, [("state.bad_filter", {"name": "la", "value": "Narnia"})], DEFAULT),
    ({"age": "old"}, [("state.bad_filter", {"name": "age", "value": "old"})], DEFAULT),
    (
        {"subgroup": "murder"},
        [("state.bad_filter", {"name": "subgroup", "value": "murder"})],
        DEFAULT,
    ),
    ({"da": "maybe"}, [("state.bad_filter", {"name": "da", "value": "maybe"})], DEFAULT),
    (
        {"period": "fortnight", "la": "Narnia", "age": "old"},
        [
            ("state.bad_preset", {"value": "fortnight"}),
            ("state.bad_filter", {"name": "la", "value": "Narnia"}),
            ("state.bad_filter", {"name": "age", "value": "old"}),
        ],
        DEFAULT,
    ),
]

# (selectbox key, value, URL parameter)
FILTER_CHANGES = [
    ("w_local_authority", "W06000022", "la"),
    ("w_subgroup", "rape", "subgroup"),
    ("w_age_band", "under16", "age"),
    ("w_domestic_abuse", "yes", "da"),
]

# Switching the period type from the default view (financial year 2024/25): the new kind's
# period that holds the start of the one shown before, then (optionally) another choice in it.
# (preset, then (widget key, value) or None, caption text, period, URL period parameters)
PRESET_SWITCHES = [
    ("month", None, "April 2024", (date(2024, 4, 1), date(2024, 4, 30)), {"month": "2024-04"}),
    (
        "month",
        ("w_month", date(2025, 2, 1)),
        "February 2025",
        (date(2025, 2, 1), date(2025, 2, 28)),
        {"month": "2025-02"},
    ),
    (
        "fy_quarter",
        None,
        "April to June 2024",
        (date(2024, 4, 1), date(2024, 6, 30)),
        {"fy": "2024", "q": "1"},
    ),
    (
        "calendar_year",
        None,
        "January to December 2024",
        (date(2024, 1, 1), date(2024, 12, 31)),
        {"year": "2024"},
    ),
    ("rolling_12_months", None, DEFAULT_TEXT, DEFAULT, {}),
    (
        "custom",
        ("w_range", (date(2024, 2, 10), date(2024, 8, 20))),
        "10 February 2024 to 20 August 2024",
        (date(2024, 2, 10), date(2024, 8, 20)),
        {"from": "2024-02-10", "to": "2024-08-20"},
    ),
]

# Month -> quarter -> financial year in one session: each keeps the point in time shown before.
ROUND_TRIP = [
    ("month", "April 2024", (date(2024, 4, 1), date(2024, 4, 30))),
    ("fy_quarter", "April to June 2024", (date(2024, 4, 1), date(2024, 6, 30))),
    ("financial_year", DEFAULT_TEXT, DEFAULT),
]

PAGES = [
    ("flight_deck", "page.flight_deck"),
    ("outcomes", "page.outcomes"),
    ("problem_profile", "page.problem_profile"),
    ("definitions", "page.definitions"),
    ("data", "page.data"),
]


def _cli_requests():
    """Every CLI run the module needs, started at once so they overlap with the AppTests."""
    yield (*DEFAULT, {})
    for _, _, period, _, filters in VIEWS:
        yield (*period, filters)
    for _, _, period in BAD_LINKS:
        yield (*period, {})
    for _, value, param in FILTER_CHANGES:
        yield (*DEFAULT, {param: value})
    for *_, period, _ in PRESET_SWITCHES:
        yield (*period, {})
    for *_, period in ROUND_TRIP:
        yield (*period, {})


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """One store with the sample, the store the app reads (FLIGHTDECK_STORE) for this module."""
    store = shared_sample()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FLIGHTDECK_STORE", str(store.root))
        yield store


@pytest.fixture(scope="module", autouse=True)
def cli(sample_store):
    runs = CliMetrics(sample_store.root)
    runs.prefetch(_cli_requests())
    yield runs
    runs.close()


@pytest.fixture(scope="module")
def version(sample_store) -> str:
    return sample_store.current_id()


def _assert_tiles_agree(at, cli: CliMetrics, period, filters) -> None:
    document = cli(*period, filters)
    assert document["period"] == {"from": period[0].isoformat(), "to": period[1].isoformat()}
    assert shown_tiles(at) == expected_tiles(document)


# 1. Every page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "title_key"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_runs_with_banner_and_provenance(page, title_key, version):
    at = open_on(app(), page)
    assert_clean(at)
    assert [e.value for e in at.title] == [t(title_key)], "the page shown is not the one asked"
    assert t("banner.synthetic") in [e.value for e in at.info]
    assert page_caption(DEFAULT_TEXT, version) in captions(at)
    footer = [c for c in captions(at) if c.startswith(f"Data version {version}, as at")]
    assert footer, captions(at)
    assert footer[-1].startswith(f"Data version {version}, as at 31 March 2025 · ")
    assert "Management information, not official statistics" in footer[-1]


# 2. Tiles agree with the CLI ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "period", "text", "filters"),
    [v[1:] for v in VIEWS],
    ids=[v[0] for v in VIEWS],
)
def test_tiles_agree_with_cli_to_the_digit(params, period, text, filters, cli, version):
    at = app(params).run()
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    named = Filters(
        filters.get("la"), filters.get("subgroup"), filters.get("age"), filters.get("da")
    )
    assert page_caption(text, version, filters=named) in captions(at)
    assert len(at.metric) == len(tile_units()), "one tile per single-number metric"
    _assert_tiles_agree(at, cli, period, filters)


# 3. The URL seeds the sidebar ---------------------------------------------------------------


def test_url_parameters_seed_the_widgets(cli, version):
    params = {
        "period": "fy_quarter",
        "fy": "2023",
        "q": "2",
        "la": "W06000022",
        "subgroup": "rape",
        "age": "16plus",
        "da": "no",
    }
    at = app(params).run()
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    seeded = {
        "w_preset": "fy_quarter",
        "w_fy": 2023,
        "w_q": 2,
        "w_local_authority": "W06000022",
        "w_subgroup": "rape",
        "w_age_band": "16plus",
        "w_domestic_abuse": "no",
    }
    assert {k: at.selectbox(key=f"{k}@en").value for k in seeded} == seeded
    # the view in words, every filter named (issue 17: a screenshot says what it shows)
    assert (
        "July to September 2023 · Newport, rape only, victims 16 and over, not domestic abuse "
        f"· data version {version}, as at 31 March 2025"
    ) in captions(at)
    assert dict(at.query_params) == params, "a valid link is kept as it is"
    # A lower-case or named local authority is the same link once validated.
    named = app({**params, "la": "newport"}).run()
    assert named.selectbox(key="w_local_authority@en").value == "W06000022"


# 4. Invalid URL values fall back with a notice ----------------------------------------------


@pytest.mark.parametrize(
    ("params", "notices", "period"),
    BAD_LINKS,
    ids=["&".join(f"{k}={v}" for k, v in p.items()) for p, _, _ in BAD_LINKS],
)
def test_invalid_url_values_fall_back_with_a_notice(params, notices, period, cli, version):
    at = app(params).run()
    assert_clean(at)
    assert [w.value for w in at.warning] == [t(key, **values) for key, values in notices]
    text = "March 2025" if period == LATEST_MONTH else DEFAULT_TEXT
    assert page_caption(text, version) in captions(at)
    _assert_tiles_agree(at, cli, period, {})
    for param in ("la", "subgroup", "age", "da"):  # the link now names what is shown
        assert param not in at.query_params
    assert at.query_params["period"] != "fortnight"


# 5. Every filter changes the numbers and the URL --------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "param"), FILTER_CHANGES, ids=[f[2] for f in FILTER_CHANGES]
)
def test_every_filter_changes_the_numbers(key, value, param, cli):
    at = app().run()
    before = tile_number(at, CRIMES)
    assert before == cli(*DEFAULT)["metrics"]["crimes_recorded"]
    at.selectbox(key=f"{key}@en").set_value(value).run()
    assert_clean(at)
    after = tile_number(at, CRIMES)
    assert after != before, f"{param}={value} left crimes recorded at {before}"
    assert after < before
    assert at.query_params[param] == value
    _assert_tiles_agree(at, cli, DEFAULT, {param: value})


# 6. The period selector ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "choice", "text", "period", "url"),
    PRESET_SWITCHES,
    ids=[f"{p[0]}-{p[1][0] if p[1] else 'switch'}" for p in PRESET_SWITCHES],
)
def test_period_selector(preset, choice, text, period, url, cli, version):
    at = app().run()
    at.selectbox(key="w_preset@en").set_value(preset).run()
    if choice is not None:
        key, value = choice
        widget = (
            at.date_input(key=f"{key}@en") if key == "w_range" else at.selectbox(key=f"{key}@en")
        )
        widget.set_value(value).run()
    assert_clean(at)
    assert page_caption(text, version) in captions(at)
    assert dict(at.query_params) == {"period": preset, **url}
    _assert_tiles_agree(at, cli, period, {})


def test_switching_period_types_back_and_forth_keeps_the_time(cli, version):
    at = app().run()
    for preset, text, period in ROUND_TRIP:
        at.selectbox(key="w_preset@en").set_value(preset).run()
        assert_clean(at)
        shown = [c for c in captions(at) if f"· data version {version}" in c]
        assert page_caption(text, version) in shown, (
            f"after switching to {preset}, the page shows {shown}; expected {text} (the "
            f"{preset} holding the period shown before). A period starting after the data's "
            f"as-at date ({formatting.date_long(SAMPLE_AS_AT)}) has no data at all."
        )
        _assert_tiles_agree(at, cli, period, {})


# 7. Data page -------------------------------------------------------------------------------


def test_data_page_shows_version_and_file_hashes(sample_store, version):
    at = open_on(app(), "data")
    assert_clean(at)
    assert t("data.current", version=version) in [h.value for h in at.header]
    manifest = sample_store.manifest(version)
    files = {f["name"]: f["sha256"] for f in manifest["files"]}
    on_disk = {name: hashlib.sha256((SAMPLE / name).read_bytes()).hexdigest() for name in files}
    assert files == on_disk, "the manifest records each uploaded file's SHA-256"
    [block] = [e for e in at.expander if e.label == t("data.files")]
    table = block.dataframe[0].value
    shown = dict(zip(table[t("column.file")], table[t("column.sha256")], strict=True))
    assert shown == files
    assert set(files) >= {"crimes.csv", "outcomes.csv"}


# 8. Definitions page ------------------------------------------------------------------------


def test_definitions_page_lists_every_kpi_label():
    from dashboard.app import data_access

    at = open_on(app(), "definitions")
    assert_clean(at)
    [block] = [e for e in at.expander if e.label == t("definitions.metrics_table")]
    table = block.dataframe[0].value
    shown = dict(zip(table[t("column.key")], table[t("column.label")], strict=True))
    expected = {key: h["label"] for key, h in data_access.headers("kpi").items()}
    assert shown == expected
    # metrics.md §2 (20 keys: 19 single numbers and outcomes by group), §3 (16) and rui_share.
    assert len(expected) == 20 + 16 + 1
    # ... and as text that wraps, under the tile groups: every label in bold with its definition.
    text = " ".join(m.value for m in at.markdown)
    for key, h in data_access.headers("kpi").items():
        assert f"**{h['label']}**  \n{h['definition']}" in text, key
    assert t("group.volume") in [s.value for s in at.subheader]


# 9. A new version shows on the next run -----------------------------------------------------

EXTRA_CRIME = (
    "crime_ref,record_type,reported_date,recorded_date,offence_date,ho_offence_code,"
    "local_authority,victim_id,victim_age,victim_sex,relationship,domestic_abuse,"
    "isva_referral_date,victim_withdrawal_date\n"
    "GW/2024/TEST01,crime,2024-10-14,2024-10-15,2024-10-01,19C,W06000022,V-TEST01,30,F,"
    "partner,true,,\n"
)


def test_new_version_shows_on_next_run(tmp_path, monkeypatch):
    from dashboard.ingest import pipeline

    store = load_sample(tmp_path / "store")
    monkeypatch.setenv("FLIGHTDECK_STORE", str(store.root))
    # The upload below is real (non-synthetic) data, shown without sign-in only as
    # `flightdeck serve --allow-no-sign-in` accepts it, with the red banner.
    monkeypatch.setenv("FLIGHTDECK_NO_SIGN_IN_ACCEPTED", "1")
    first = store.current_id()
    at = app().run()
    assert_clean(at)
    assert page_caption(DEFAULT_TEXT, first) in captions(at)
    crimes, rapes = tile_number(at, CRIMES), tile_number(at, "Rapes recorded")

    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "crimes.csv").write_text(EXTRA_CRIME, encoding="utf-8")
    second, report = pipeline.ingest(
        store, [upload], mode="upsert", as_at=SAMPLE_AS_AT, uploader="tests"
    )
    assert not report.report.has_errors, report.report.as_text()
    assert second != first and store.current_id() == second

    at.run()  # the same session
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t("access.no_sign_in_banner")]
    assert page_caption(DEFAULT_TEXT, second) in captions(at)
    assert page_caption(DEFAULT_TEXT, first) not in captions(at)
    assert tile_number(at, CRIMES) == crimes + 1
    assert tile_number(at, "Rapes recorded") == rapes + 1


# Issue 4: every tile of the five suspects-and-disruption pages equals the CLI ------------------

DISRUPTION_PAGES = ("suspects", "bail_breaches", "orders", "s63g", "training")


@pytest.mark.parametrize("name", DISRUPTION_PAGES)
def test_disruption_page_tiles_agree_with_cli(name, cli):
    from dashboard.app import data_access

    at = open_on(app(), name)
    assert_clean(at)
    units = {h["label"]: (k, h["unit"]) for k, h in data_access.headers("kpi").items()}
    document = cli(*DEFAULT)
    shown = shown_tiles(at)
    assert shown, "the page shows tiles"
    for label, value in shown.items():
        key, unit = units[label]
        assert value == formatting.value(document["metrics"][key], unit), label


def test_tiles_are_in_reading_order(version):
    """Tiles are drawn line by line (three to a line), so the page's order, which screen
    readers, the Tab key and a phone's stacked columns follow, is the order read on screen:
    each group's tiles as listed, not column by column (issue 17)."""
    from dashboard.app import data_access
    from dashboard.app.tiles import TILE_GROUPS

    headers = data_access.headers("kpi")
    at = app().run()
    expected = [headers[k]["label"] for keys in TILE_GROUPS.values() for k in keys]
    assert [m.label for m in at.metric] == expected
    # outcomes first (issue 14: the outcome measures above the fold), volumes after
    assert expected[:3] == ["Outcomes assigned", "Charged or summonsed", "Charge/summons rate"]


@pytest.mark.parametrize(
    ("label_key", "key", "title"),
    [
        ("flight_deck.outcome_mix.open", "fd-outcome-mix", lambda: t("chart.outcome_mix")),
        ("flight_deck.trends.open", "fd-trends", lambda: catalogue.label("charge_rate")),
    ],
    ids=["outcome mix", "trends"],
)
def test_the_flight_decks_charts_are_folded_until_opened(version, label_key, key, title):
    """The outcome mix and the monthly trends are worked out and drawn only once their
    expander is opened: folded, they cost a change of period or filter nothing in the browser
    (issue 16, item 4: every Plotly chart is drawn whole again on each change); opened, each is
    its chart (the trends: the first tab's, the charge rate) with its sentence, table and
    download as before."""
    at = app().run()
    label = t(label_key)
    (box,) = [e for e in at.expander if e.label == label]
    assert not box.children  # folded: nothing drawn inside
    assert not at.get("plotly_chart"), "no chart is drawn on the flight deck until one is opened"
    at.session_state[f"{key}-en"] = True  # a reader opens it
    at.run()
    (box,) = [e for e in at.expander if e.label == label]
    assert [c.proto.spec for c in box.get("plotly_chart")], "opened: the chart"
    spec = json.loads(box.get("plotly_chart")[0].proto.spec)
    assert title() in json.dumps(spec, ensure_ascii=False)  # the chart's title and name
    assert box.get("dataframe") or any(e.label == t("chart.data") for e in box.expander), (
        "opened: the numbers behind the chart"
    )
