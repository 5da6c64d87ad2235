from datetime import timedelta

import pytest

from pytest_holdfast import parse_duration


@pytest.mark.parametrize(
    "value, seconds",
    [("30d", 30 * 86400), ("12h", 12 * 3600), ("90m", 5400), ("45s", 45), ("10", 10), ("1.5h", 5400),
     (7, 7), (2.5, 2.5), (timedelta(days=1, seconds=1), 86401), (" 2d ", 2 * 86400), (0, 0)],
)
def test_reads_durations(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value, message",
    [("5x", "'5x' is not a duration; use 30d, 12h, 90m or a number of seconds"),
     ("", "'' is not a duration"),
     ("d", "'d' is not a duration"),
     ("1d2h", "'1d2h' is not a duration"),
     ("-1d", "the clock cannot move backwards; '-1d' is negative"),
     (-5, "the clock cannot move backwards; -5 is negative"),
     (timedelta(seconds=-1), "is negative"),
     (float("nan"), "nan is not a duration"),
     (True, "True is not a duration"),
     (None, "None is not a duration")],
)
def test_refuses_what_is_not_a_duration_naming_it(value, message):
    with pytest.raises(ValueError) as e:
        parse_duration(value)
    assert message in str(e.value)
