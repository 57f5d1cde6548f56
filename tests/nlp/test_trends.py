from datetime import date, datetime

import pytest

from nlp.trends import count_series, period_start, trend_flag


def test_period_start_is_monday_or_first_of_month():
    assert period_start(datetime(2026, 5, 14, 15), "week") == date(2026, 5, 11)
    assert period_start(date(2026, 12, 31), "month") == date(2026, 12, 1)


def test_series_fills_quiet_periods_with_zero_and_crosses_years():
    events = [date(2026, 11, 3), date(2027, 1, 20), date(2027, 1, 21)]
    assert count_series(events, "month") == [
        (date(2026, 11, 1), 1), (date(2026, 12, 1), 0), (date(2027, 1, 1), 2)]


@pytest.mark.parametrize(("counts", "direction"), [
    ([1, 2, 3, 5, 8], "rising"),
    ([8, 5, 3, 2, 1], "falling"),
    ([3, 3, 4, 3, 3], "flat"),
    ([1, 2], "not enough data"),
    ([0, 1, 0, 1], "not enough data"),
])
def test_trend_flag(counts, direction):
    assert trend_flag(counts).direction == direction
