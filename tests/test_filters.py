"""Crime filters: allow-lists and bound parameters (metrics.md §1)."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters, local_authority_codes


def test_no_filters():
    assert Filters().as_params() == {
        "local_authority": None,
        "subgroup": None,
        "age_band": None,
        "domestic_abuse": None,
    }


def test_all_filters():
    f = Filters("W06000022", "rape", "under16", "yes")
    assert f.as_params() == {
        "local_authority": "W06000022",
        "subgroup": "rape",
        "age_band": "under16",
        "domestic_abuse": "yes",
    }


def test_local_authority_allow_list():
    assert local_authority_codes() == (
        "W06000019",
        "W06000018",
        "W06000021",
        "W06000022",
        "W06000020",
        "unknown",
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"local_authority": "Newport"},  # a name, not a GSS code
        {"local_authority": "w06000022"},  # not canonical
        {"local_authority": "E09000001"},  # not in Gwent
        {"local_authority": "' or 1=1 --"},
        {"subgroup": "Rape"},
        {"subgroup": "all"},
        {"age_band": "16+"},
        {"age_band": "under 16"},
        {"domestic_abuse": "true"},
        {"domestic_abuse": "unknown"},
        {"domestic_abuse": ""},
    ],
)
def test_values_outside_the_allow_lists_are_refused(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        Filters(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"local_authority": "Newport"}, Filters(local_authority="W06000022")),
        ({"local_authority": "Casnewydd"}, Filters(local_authority="W06000022")),
        ({"local_authority": " w06000019 "}, Filters(local_authority="W06000019")),
        ({"local_authority": "Unknown"}, Filters(local_authority="unknown")),
        ({"local_authority": "", "subgroup": " "}, Filters()),
        ({"subgroup": "RAPE", "age_band": "16Plus"}, Filters(subgroup="rape", age_band="16plus")),
        ({"domestic_abuse": "No"}, Filters(domestic_abuse="no")),
    ],
)
def test_from_user_normalises(kwargs, expected):
    assert Filters.from_user(**kwargs) == expected


def test_from_user_still_refuses_nonsense():
    with pytest.raises(ValueError):
        Filters.from_user(local_authority="Cardiff")
