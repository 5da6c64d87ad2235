"""Durations as the `holdfast clock advance` command reads them: 30d, 12h, 90m, 45s or seconds."""
import re
from datetime import timedelta
from typing import Union

Duration = Union[int, float, str, timedelta]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PATTERN = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")


def parse_duration(value: Duration) -> float:
    """Seconds in `value`: a number of seconds, a timedelta, or text such as "30d", "12h", "90m",
    "45s" or "10". The clock only moves forward, so a negative duration is refused too.
    Raises ValueError naming the value."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        m = _PATTERN.fullmatch(value.strip())
        if not m:
            if value.strip().startswith("-"):
                raise ValueError(f"the clock cannot move backwards; {value!r} is negative")
            raise ValueError(f"{value!r} is not a duration; use 30d, 12h, 90m or a number of seconds")
        return float(m.group(1)) * _UNITS[m.group(2) or "s"]
    else:
        raise ValueError(f"{value!r} is not a duration; use 30d, 12h, 90m, a number of seconds or a timedelta")
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is not a duration; use a finite number of seconds")
    if seconds < 0:
        raise ValueError(f"the clock cannot move backwards; {value!r} is negative")
    return seconds
