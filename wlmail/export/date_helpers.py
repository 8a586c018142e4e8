"""Helper-module functions for times, dates and times, and month names (:mod:`.date_times`).

Merged into :data:`wlmail.export.helpers.HELPERS`; like those, only what a program calls is
written next to it. The month names a program reads are wlmail's (``wlmail/builtins/dates.py``),
written here from that table, so they are written once.
"""

from __future__ import annotations

from wlmail.builtins.dates import MONTH_ABBR, MONTH_NAMES


def _month_words() -> str:
    """The runtime's month tables in the order it searches them: names, then abbreviations,
    French then English (``_month_number``)."""
    rows = [" ".join(names) for table in (MONTH_NAMES, MONTH_ABBR) for names in table.values()]
    return "MONTH_WORDS = (\n" + "".join(f"    {row!r},\n" for row in rows) + ")\n"


DATE_TIME_HELPERS: dict[str, str] = {
    "datetime_to_string": '''
def datetime_to_string(value: str, layout: str) -> str:
    """DateHeureVersChaîne/DateTimeToString of a date and time written as text
    (YYYYMMDDHHMMSSCC, shorter is padded with zeros, other characters are skipped, the digits
    are not checked): ``layout`` is the mask, with {year}, {year2}, {month}, {day}, {hour},
    {minute}, {second}, {centi} and {milli}; an empty text gives ""."""
    import re

    if not value.strip():
        return ""
    digits = re.sub(r"\\D", "", value)
    if len(digits) < 8:
        raise ValueError(f"invalid date {value!r}")
    d = (digits + "0" * 16)[:16]
    return layout.format(
        year=d[:4],
        year2=d[2:4],
        month=d[4:6],
        day=d[6:8],
        hour=d[8:10],
        minute=d[10:12],
        second=d[12:14],
        centi=d[14:],
        milli=d[14:] + "0",
    )
''',
    "datetime_difference": '''
import datetime


def datetime_difference(start: datetime.datetime, end: datetime.datetime) -> str:
    """DateHeureDifférence/DateTimeDifference: the time from ``start`` to ``end`` as text,
    the days on 8 digits then hours, minutes, seconds and hundredths on 2 (the first digit
    of the days is "-" when ``end`` is before ``start``)."""
    delta = end - start
    sign = "-" if delta < datetime.timedelta(0) else ""
    total = abs(delta.days * 8_640_000 + delta.seconds * 100 + delta.microseconds // 10_000)
    days, rest = divmod(total, 8_640_000)
    hours, rest = divmod(rest, 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds, hundredths = divmod(rest, 100)
    width = 8 - len(sign)
    return f"{sign}{days:0{width}d}{hours:02d}{minutes:02d}{seconds:02d}{hundredths:02d}"
''',
    "last_day_of_month": '''
import datetime


def last_day_of_month(day: datetime.date) -> datetime.date:
    """DernierJourDuMois/LastDayOfMonth: the last day of the month of ``day``."""
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
''',
    "string_to_date_names": f'''
{_month_words()}

def string_to_date_names(value: str, pattern: str) -> str:
    """ChaîneVersDate/StringToDate of a mask with a month's name: the date that ``pattern``
    (the mask as a regular expression with the groups year or year2, month or month_name,
    and day) reads in the whole text, as YYYYMMDD. A month's name is any of MONTH_WORDS
    (case, accents and a final dot ignored; a day's name is not checked); "" when the text
    does not match or is not a real date. Two-digit years are 1950-2049."""
    import datetime
    import re
    import unicodedata

    def folded(word: str) -> str:
        decomposed = unicodedata.normalize("NFD", word.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")

    found = re.fullmatch(pattern, value.strip(), re.IGNORECASE)
    if found is None:
        return ""
    numbers = {{k: int(v) for k, v in found.groupdict().items() if k != "month_name"}}
    if "month_name" in found.groupdict():
        key = folded(found["month_name"])
        numbers["month"] = next(
            (i for row in MONTH_WORDS for i, w in enumerate(row.split(), 1) if folded(w) == key),
            0,
        )
    if "year2" in numbers:
        numbers["year"] = numbers["year2"] + (1900 if numbers["year2"] >= 50 else 2000)
    try:
        day = datetime.date(numbers.get("year", 0), numbers.get("month", 0), numbers.get("day", 0))
    except ValueError:
        return ""
    return f"{{day.year:04d}}{{day.month:02d}}{{day.day:02d}}"
''',
}
