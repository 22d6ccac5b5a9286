"""A tile's sparkline: a light SVG image, drawn from the tile's own values and named by them."""

from __future__ import annotations

import base64
import re
from html import unescape

import pytest

from dashboard import i18n
from dashboard.app import sparkline
from dashboard.periods import financial_year

W, H, P = sparkline.WIDTH, sparkline.HEIGHT, sparkline.PAD


def test_points_run_from_lowest_at_the_bottom_to_highest_at_the_top():
    # three values over the width less the padding: x = 4, 4 + 232/2 = 120, 236;
    # 10 is the lowest (y = 40 - 4 = 36), 30 the highest (y = 4), 20 half way (y = 20).
    assert sparkline.points([10, 30, 20]) == [[(P, H - P), (120.0, P), (W - P, 20.0)]]


def test_a_missing_month_breaks_the_line():
    runs = sparkline.points([1, None, 3, 5])
    assert [[x for x, _ in run] for run in runs] == [[4.0], [158.67, 236.0]]  # x = 4 + i * 77.33


def test_a_flat_series_is_drawn_mid_height_and_no_values_draw_nothing():
    assert {y for run in sparkline.points([7, 7, 7]) for _, y in run} == {H / 2}
    assert sparkline.points([None, None]) == []
    assert sparkline.points([]) == []
    assert "polyline" not in sparkline.svg([None])


def test_the_image_carries_the_drawing_and_its_name_escaped():
    markup = sparkline.image([1, 2], 'Crimes "A" <b>&</b>')
    alt = re.search(r'alt="([^"]*)"', markup)[1]
    assert unescape(alt) == 'Crimes "A" <b>&</b>'
    assert "<b>" not in markup
    data = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", markup)[1]
    drawing = base64.b64decode(data).decode()
    assert drawing.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'points="4.0,36.0 236.0,4.0"' in drawing


def test_the_name_gives_the_months_and_every_value():
    months = financial_year(2024)
    values = [0.05, None, 0.125]
    assert sparkline.name("Charge rate", months, values, "rate") == (
        "Charge rate by month, April 2024 to March 2025: 5.0%; no figure; 12.5%"
    )


@pytest.fixture()
def welsh():
    i18n.set_language("cy")
    yield
    i18n.set_language("en")


def test_the_name_in_welsh(welsh):
    # the month after "i" (to) takes its soft mutation: Mawrth -> Fawrth
    assert sparkline.name("Troseddau", financial_year(2024), [1200, None], "count") == (
        "Troseddau fesul mis, Ebrill 2024 i Fawrth 2025: 1,200; dim ffigur"
    )
