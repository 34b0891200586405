"""The bureau's working hours: 9:00–17:00 on Chinese working days, 调休 make-up days included.

Public holidays and make-up working days come from the ``chinesecalendar`` package, which
carries the State Council's schedule for each year once it is published. For a year it
does not cover yet, Monday to Friday count as working days (and a warning is logged)
until the package is updated; ``ECOASSIST_OFFICE_EXTRA_HOLIDAYS`` /
``ECOASSIST_OFFICE_EXTRA_WORKDAYS`` override single dates either way.

>>> from datetime import datetime
>>> hours = OfficeHours()
>>> hours.is_open(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI))   # a Monday
True
>>> hours.is_open(datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI))    # National Day
False
>>> hours.is_open(datetime(2026, 9, 20, 10, 0, tzinfo=SHANGHAI))    # Sunday, a 调休 working day
True
>>> hours.next_opening(datetime(2026, 11, 27, 18, 0, tzinfo=SHANGHAI)).isoformat()   # Friday evening
'2026-11-30T09:00:00+08:00'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from api.settings import Settings

logger = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"
MAX_DAYS_AHEAD = 60


@dataclass(frozen=True)
class OfficeHours:
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    extra_holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings: Settings) -> OfficeHours:
        return cls(
            opens=settings.office_opens,
            closes=settings.office_closes,
            extra_holidays=frozenset(settings.office_extra_holidays),
            extra_workdays=frozenset(settings.office_extra_workdays),
        )

    def is_workday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            logger.warning("no holiday calendar for %s yet; treating Monday–Friday as working days", day.year)
            return day.weekday() < 5

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(SHANGHAI)
        return self.is_workday(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, at: datetime) -> datetime:
        """When staff are next at work: ``at`` itself if open now."""
        local = at.astimezone(SHANGHAI)
        if self.is_open(local):
            return local
        day = local.date() if local.time() < self.opens else local.date() + timedelta(days=1)
        for _ in range(MAX_DAYS_AHEAD):
            if self.is_workday(day):
                return datetime.combine(day, self.opens, tzinfo=SHANGHAI)
            day += timedelta(days=1)
        raise RuntimeError("no working day within 60 days; check the office-hours settings")

    def describe(self, moment: datetime) -> str:
        """``11月30日（星期一）9:00`` for a local moment.

        >>> OfficeHours().describe(datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI))
        '11月30日（星期一）9:00'
        """
        local = moment.astimezone(SHANGHAI)
        return f"{local.month}月{local.day}日（星期{WEEKDAYS[local.weekday()]}）{local.hour}:{local.minute:02d}"

    def notice(self, at: datetime, *, open_text: str, closed_text: str) -> str:
        """``open_text`` while staff are in, else ``closed_text``; both may name ``{span}``
        (9:00–17:00) and the closed one ``{next}`` (the next opening).

        >>> OfficeHours().notice(datetime(2026, 11, 28, 12, 0, tzinfo=SHANGHAI), open_text="在", closed_text="{next}")
        '11月30日（星期一）9:00'
        """
        if self.is_open(at):
            return open_text.format(span=self.span)
        return closed_text.format(span=self.span, next=self.describe(self.next_opening(at)))

    @property
    def span(self) -> str:
        """``9:00–17:00``"""
        return f"{self.opens.hour}:{self.opens.minute:02d}–{self.closes.hour}:{self.closes.minute:02d}"
