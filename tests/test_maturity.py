"""Which months of a recorded-basis measure are immature: twelve whole months after their end."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.figures import maturity


@pytest.mark.parametrize(
    ("as_at", "first_immature"),
    [
        # March 2024 ends 31 March 2024; twelve months on is 31 March 2025: mature that day.
        (date(2025, 3, 31), date(2024, 4, 1)),
        # A day earlier, March 2024 has not had its twelve months.
        (date(2025, 3, 30), date(2024, 3, 1)),
        (date(2025, 3, 15), date(2024, 3, 1)),
        # Across a year's end: 31 December 2025 -> January 2025 onwards.
        (date(2025, 12, 31), date(2025, 1, 1)),
        (date(2026, 1, 1), date(2025, 1, 1)),
    ],
)
def test_a_recorded_basis_month_matures_twelve_months_after_its_end(as_at, first_immature):
    assert maturity.immature_from("charge_rate_recorded_basis", as_at) == first_immature


def test_closed_basis_and_snapshot_measures_have_no_immature_months():
    assert maturity.immature_from("charge_rate", date(2025, 3, 31)) is None
    assert maturity.immature_from("open_at_end", date(2025, 3, 31)) is None


def test_only_measures_of_what_happens_after_recording_mature():
    as_at = date(2025, 3, 31)
    for later in ("arrest_rate", "suspect_identified_rate", "median_days_to_arrest"):
        assert maturity.immature_from(later, as_at) == date(2024, 4, 1)
    # counted when recorded, from the crime's own row: nothing to wait for
    for now in ("crimes_recorded", "rape_recorded", "non_recent_share", "isva_referral_rate"):
        assert maturity.immature_from(now, as_at) is None
