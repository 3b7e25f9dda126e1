"""Reporting periods: one ``Period`` type for crime years, financial-year quarters and calendar years.

A period is a closed range of whole days (``start`` and ``end`` both included) with a
label people read.  Crime years run October to September, partner activity is counted
by financial year (April to March) and its quarters, road casualties by calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from cspanalysis.errors import ConfigError

_MONTH_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
_DAY_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_QUARTER = re.compile(r"^(\d{4})/(\d{2})\s*Q([1-4])$")
_QUARTER_SPAN = re.compile(r"^(\d{4})/(\d{2})\s*Q([1-4])\s*-\s*Q([1-4])$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_CALENDAR_YEAR = re.compile(r"^(\d{4})$")
_YEAR_SPAN = re.compile(r"^(\d{4})\.\.(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A closed range of days, ``start`` to ``end`` inclusive, with a label."""

    start: pd.Timestamp
    end: pd.Timestamp
    label: str
    #: the text it was written as in a config (2016/17 Q1-Q3), so a config can be written back
    spec: str = ""

    def __post_init__(self):
        object.__setattr__(self, "start", pd.Timestamp(self.start).normalize())
        object.__setattr__(self, "end", pd.Timestamp(self.end).normalize())
        if self.end < self.start:
            raise ConfigError(f"period {self.label!r} ends ({self.end:%d %B %Y}) before it starts ({self.start:%d %B %Y})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        """Whole calendar months covered, for periods that start on the 1st and end on a month end."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> "Period":
        """The period of the same length immediately before, a year earlier for year-long periods."""
        if self._is_whole_months():
            start = self.start - pd.DateOffset(months=self.months)
            end = self.start - pd.Timedelta(days=1)
            return Period(start, end, _month_label(start, end))
        length = pd.Timedelta(days=self.days)
        return Period(self.start - length, self.start - pd.Timedelta(days=1), _day_label(self.start - length, self.start - pd.Timedelta(days=1)))

    def year_before(self) -> "Period":
        """The same dates one year earlier (April-November 2016 -> April-November 2015)."""
        start = self.start - pd.DateOffset(years=1)
        end = self.end - pd.DateOffset(years=1)
        if self._is_whole_months():
            end = end + pd.offsets.MonthEnd(0)
            return Period(start, end, _month_label(start, end))
        return Period(start, end, _day_label(start, end))

    def until(self, other: "Period") -> "Period":
        """From the start of this period to the end of ``other`` (two crime years as one span)."""
        if self._is_whole_months() and other._is_whole_months():
            return Period(self.start, other.end, _month_label(self.start, other.end))
        return Period(self.start, other.end, _day_label(self.start, other.end))

    def contains(self, dates: pd.Series) -> pd.Series:
        """True for dates (datetime64) on a day inside the period."""
        days = dates.dt.normalize()
        return (days >= self.start) & (days <= self.end)

    def month_starts(self) -> pd.DatetimeIndex:
        return pd.date_range(self.start, self.end, freq="MS")

    @property
    def mid_year(self) -> int:
        """Year of the ONS mid-year (30 June) estimate inside the period, or nearest its middle."""
        for year in range(self.end.year, self.start.year - 1, -1):
            if self.start <= pd.Timestamp(year=year, month=6, day=30) <= self.end:
                return year
        middle = self.start + (self.end - self.start) / 2
        return middle.year

    @property
    def code(self) -> str:
        """A compact machine form, as in figures.csv: 2015-10..2016-09."""
        if self._is_whole_months():
            return f"{self.start:%Y-%m}..{self.end:%Y-%m}"
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    def _is_whole_months(self) -> bool:
        return self.start.day == 1 and self.end == self.end + pd.offsets.MonthEnd(0)

    def __str__(self) -> str:
        return self.label


def _month_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start.year == end.year and start.month == end.month:
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _day_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def months(first: str, last: str) -> Period:
    """Whole months from ``first`` to ``last`` (``YYYY-MM``), e.g. a crime year 2015-10 to 2016-09."""
    start = pd.Timestamp(f"{first}-01")
    end = pd.Timestamp(f"{last}-01") + pd.offsets.MonthEnd(0)
    return Period(start, end, _month_label(start, end), f"{first}..{last}")


def crime_year(ending: int) -> Period:
    """The October-to-September year that ends in September of ``ending``."""
    return months(f"{ending - 1}-10", f"{ending}-09")


def financial_year(first_year: int) -> Period:
    """April ``first_year`` to March of the next year, labelled like 2016/17."""
    label = f"{first_year}/{(first_year + 1) % 100:02d}"
    return Period(
        pd.Timestamp(year=first_year, month=4, day=1),
        pd.Timestamp(year=first_year + 1, month=3, day=31),
        label, label,
    )


def financial_quarters(first_year: int, first: int, last: int) -> Period:
    """Quarters ``first``..``last`` of a financial year (Q1 = April-June), e.g. 2016/17 Q1-Q3."""
    start = pd.Timestamp(year=first_year, month=4, day=1) + pd.DateOffset(months=3 * (first - 1))
    end = pd.Timestamp(year=first_year, month=4, day=1) + pd.DateOffset(months=3 * last) - pd.Timedelta(days=1)
    fy = f"{first_year}/{(first_year + 1) % 100:02d}"
    label = f"{fy} Q{first}" if first == last else f"{fy} Q{first}-Q{last}"
    return Period(start, end, f"{label} ({_month_label(start, end)})", label)


def calendar_year(year: int) -> Period:
    return Period(pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31), str(year), str(year))


def calendar_years(first: int, last: int) -> Period:
    return Period(pd.Timestamp(year=first, month=1, day=1), pd.Timestamp(year=last, month=12, day=31),
                  f"{first} to {last}", f"{first}..{last}")


def _financial_start(first: str, second: str, text: str) -> int:
    start = int(first)
    if (start + 1) % 100 != int(second):
        raise ConfigError(f"{text!r} is not a financial year: {second} does not follow {first}")
    return start


def parse_period(text: str) -> Period:
    """Read a period as configs and figures.csv write it.

    Accepted forms: ``2015-10..2016-09`` (whole months), ``2016-05-26..2016-06-22`` (days),
    ``2016/17`` (financial year), ``2016/17 Q1`` and ``2016/17 Q1-Q3`` (financial quarters),
    ``2015`` (calendar year), ``2004..2008`` (calendar years).
    """
    text = str(text).strip()
    if match := _MONTH_RANGE.match(text):
        first, last = f"{match[1]}-{match[2]}", f"{match[3]}-{match[4]}"
        if not (1 <= int(match[2]) <= 12 and 1 <= int(match[4]) <= 12):
            raise ConfigError(f"period {text!r}: a month must be 01 to 12")
        return months(first, last)
    if match := _DAY_RANGE.match(text):
        try:
            start, end = pd.Timestamp(match[1]), pd.Timestamp(match[2])
        except ValueError:
            raise ConfigError(f"period {text!r}: not a valid date") from None
        return Period(start, end, _day_label(start, end), text)
    if match := _QUARTER_SPAN.match(text):
        first_year = _financial_start(match[1], match[2], text)
        if int(match[4]) < int(match[3]):
            raise ConfigError(f"period {text!r}: the last quarter comes before the first")
        return financial_quarters(first_year, int(match[3]), int(match[4]))
    if match := _QUARTER.match(text):
        first_year = _financial_start(match[1], match[2], text)
        return financial_quarters(first_year, int(match[3]), int(match[3]))
    if match := _FINANCIAL_YEAR.match(text):
        return financial_year(_financial_start(match[1], match[2], text))
    if match := _YEAR_SPAN.match(text):
        return calendar_years(int(match[1]), int(match[2]))
    if match := _CALENDAR_YEAR.match(text):
        return calendar_year(int(match[1]))
    raise ConfigError(
        f"{text!r} is not a period: write months as 2015-10..2016-09, days as 2016-05-26..2016-06-22, "
        "a financial year as 2016/17, quarters as 2016/17 Q1 or 2016/17 Q1-Q3, a calendar year as 2015 "
        "or years as 2004..2008"
    )


def weeks_around(event: pd.Timestamp, weeks: int) -> tuple[Period, Period]:
    """The ``weeks`` weeks before an event day and the ``weeks`` weeks from it (event day included after)."""
    event = pd.Timestamp(event).normalize()
    span = pd.Timedelta(weeks=weeks)
    before = Period(event - span, event - pd.Timedelta(days=1), "")
    after = Period(event, event + span - pd.Timedelta(days=1), "")
    return (
        Period(before.start, before.end, _day_label(before.start, before.end)),
        Period(after.start, after.end, _day_label(after.start, after.end)),
    )
