"""Date and time functions: ``DateSys``, ``DateVersChaîne``, ``DateVersEntier``…

A date argument may be a :class:`WLDate`, a :class:`WLDateTime` or text holding ``YYYYMMDD``;
a time a :class:`WLTime` or text ``HHMMSSCC``. Masks are read letter run by letter run: a run
that starts with an upper-case mask letter is a field (``AAAA``/``YYYY``, ``MM``, ``JJ``/``DD``,
``MMMM``, ``JJJJ``, ``HH``, ``mm``, ``SS``, ``CC``, ``LLL``), anything else is copied.

As in WINDEV's runtime, ``DateSys``/``HeureSys``/``EntierVersDate``/``ChaîneVersDate`` return
text (``YYYYMMDD``, ``HHMMSSCC``): ``DateSys() + " " + HeureSys()`` concatenates, and a ``date``
variable converts the text when it is assigned.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from wlmail.builtins import builtin
from wlmail.catalog import fold, get_catalog
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import (
    WLDate,
    WLDateTime,
    WLDuration,
    WLFault,
    WLTime,
    to_int,
    to_str,
)


def _names(msg_id: str) -> dict[str, tuple[str, ...]]:
    """Day or month names by language, from the catalog (``stdlib/messages-stdlib.toml``)."""
    return {lang: tuple(text.split()) for lang, text in get_catalog().messages[msg_id].items()}


DAY_NAMES = _names("date_day_names")
DAY_ABBR = _names("date_day_abbr")
MONTH_NAMES = _names("date_month_names")
MONTH_ABBR = _names("date_month_abbr")
DATE_MASK, TIME_MASK = "JJ/MM/AAAA", "HH:MM:SS:CC"
DATETIME_MASK = "JJ/MM/AAAA HH:mm:SS:CC"
DAY_ONE = dt.date(1800, 1, 1).toordinal()  # DateVersEntier: 01/01/1800 is day 1
CS_PER_DAY = 24 * 60 * 60 * 100


# ---- conversions ---------------------------------------------------------------------------------
def _date(value: Any) -> dt.date:
    if isinstance(value, WLDate):
        return value.value
    if isinstance(value, WLDateTime):
        return value.value.date()
    text = to_str(value)
    if not text.strip():
        raise WLFault("bad_date", value=text)
    return WLDate.parse(text).value


def _time(value: Any) -> dt.time:
    if isinstance(value, WLTime):
        return value.value
    if isinstance(value, WLDateTime):
        return value.value.time()
    text = to_str(value)
    if not text.strip():
        raise WLFault("bad_time", value=text)
    return WLTime.parse(text).value


def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _cs(t: dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 100 + t.microsecond // 10000


def _now() -> dt.datetime:
    now = dt.datetime.now()
    return now.replace(microsecond=now.microsecond // 10000 * 10000)


def _lang(rt: Runtime) -> str:
    return rt.lang if rt.lang in DAY_NAMES else "fr"


# ---- masks ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class Parts:
    """The fields a mask can show; a date written with invalid digits is shown as written."""

    year: int = 0
    month: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    second: int = 0
    centi: int = 0
    milli: int = 0

    def weekday(self) -> int | None:
        try:
            return dt.date(self.year, self.month, self.day).weekday()
        except ValueError:
            return None


def _parts_of(d: dt.date | None, t: dt.time | None) -> Parts:
    p = Parts()
    if d is not None:
        p.year, p.month, p.day = d.year, d.month, d.day
    if t is not None:
        p.hour, p.minute, p.second = t.hour, t.minute, t.second
        p.centi, p.milli = t.microsecond // 10000, t.microsecond // 1000
    return p


def _digit_parts(digits: str) -> Parts:
    """Fields from raw ``YYYYMMDDHHMMSSCC`` digits, without checking they make a real date."""
    d = (digits + "0" * 16)[:16]
    month, day, hour, minute, second, centi = (int(d[i : i + 2]) for i in range(4, 16, 2))
    return Parts(int(d[0:4]), month, day, hour, minute, second, centi, centi * 10)


def _tokens(mask: str, kind: str) -> list[tuple[str, str]]:
    """``(field, run)`` pairs; field "" means literal text. ``kind``: date, time or datetime."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(mask):
        c = mask[i]
        j = i + 1
        while j < len(mask) and mask[j] == c:
            j += 1
        if j == i + 1 and c in "JDM" and mask[j : j + 1] == c.lower():  # Jjjj, Mmmm
            while j < len(mask) and mask[j] == c.lower():
                j += 1
        run = mask[i:j]
        field = _field(run, kind) if c.isalpha() else ""
        out.append((field, run))
        i = j
    return out


def _field(run: str, kind: str) -> str:
    first, n = run[0], len(run)
    dates, times = kind in ("date", "datetime"), kind in ("time", "datetime")
    if dates and first in "AY" and n >= 2:
        return "year4" if n >= 4 else "year2"
    if dates and first in "JD" and n >= 2:
        return ("day", "dayabbr", "dayname")[min(n, 4) - 2]
    if dates and first == "M" and n >= 2:
        return ("month", "monthabbr", "monthname")[min(n, 4) - 2]
    if times and n == 2:
        if first in "Hh":
            return "hour"
        if first == "m" or (first == "M" and kind == "time"):
            return "minute"
        if first in "Ss":
            return "second"
        if first == "C":
            return "centi"
    if times and first == "L" and n == 3:
        return "milli"
    return ""


def _cased(name: str, run: str, lang: str) -> str:
    if run[1:] != run[1:].upper():  # Jjjj, Mmmm: capital first letter
        return name[:1].upper() + name[1:]
    return name if lang == "en" else name.lower()


def _render(mask: str, kind: str, p: Parts, lang: str) -> str:
    out: list[str] = []
    for field, run in _tokens(mask, kind):
        if field == "year4":
            out.append(f"{p.year:04d}")
        elif field == "year2":
            out.append(f"{p.year % 100:02d}")
        elif field in ("month", "day", "hour", "minute", "second", "centi"):
            out.append(f"{getattr(p, field):02d}")
        elif field == "milli":
            out.append(f"{p.milli:03d}")
        elif field in ("monthabbr", "monthname"):
            names: tuple[str, ...] = (MONTH_ABBR if field == "monthabbr" else MONTH_NAMES)[lang]
            out.append(_cased(names[p.month - 1], run, lang) if 1 <= p.month <= 12 else "")
        elif field in ("dayabbr", "dayname"):
            wd = p.weekday()
            names = (DAY_ABBR if field == "dayabbr" else DAY_NAMES)[lang]
            out.append(_cased(names[wd], run, lang) if wd is not None else "")
        else:
            out.append(run)
    return "".join(out)


def _mask(value: Any, default: str) -> str:
    return default if value is None else to_str(value)


# ---- current date and time -----------------------------------------------------------------------
@builtin("date_sys")
def date_sys(rt: Runtime) -> str:
    """Text ``YYYYMMDD``, as WINDEV returns it: ``DateSys() + " " + HeureSys()`` concatenates."""
    return _ymd(dt.date.today())


@builtin("today")
def today(rt: Runtime) -> str:
    return _ymd(dt.date.today())


@builtin("time_sys")
def time_sys(rt: Runtime) -> str:
    """Text ``HHMMSSCC``."""
    return WLTime(_now().time()).wl_str()


@builtin("now")
def now(rt: Runtime) -> str:
    return WLTime(_now().time()).wl_str()


@builtin("datetime_sys")
def datetime_sys(rt: Runtime) -> WLDateTime:
    return WLDateTime(_now())


# ---- to text -------------------------------------------------------------------------------------
def _time_text(rt: Runtime, value: Any, mask: Any) -> str:
    if isinstance(value, WLTime | WLDateTime):
        parts = _parts_of(None, _time(value))
    else:
        text = to_str(value).strip()
        if not text:
            return ""
        digits = re.sub(r"\D", "", text)
        if not digits:
            raise WLFault("bad_time", value=text)
        parts = _digit_parts("00000000" + digits[:8])
    return _render(_mask(mask, TIME_MASK), "time", parts, _lang(rt))


def _datetime_text(rt: Runtime, value: Any, mask: Any) -> str:
    if isinstance(value, WLDateTime):
        parts = _parts_of(value.value.date(), value.value.time())
    elif isinstance(value, WLDate):
        parts = _parts_of(value.value, dt.time())
    else:
        text = to_str(value).strip()
        if not text:
            return ""
        digits = re.sub(r"\D", "", text)
        if len(digits) < 8:
            _date(text)  # raises the invalid-date error
        parts = _digit_parts(digits)
    return _render(_mask(mask, DATETIME_MASK), "datetime", parts, _lang(rt))


@builtin("date_to_string")
def date_to_string(rt: Runtime, value: Any, mask: Any = None) -> str:
    """Also the ``.VersChaîne()`` method of dates, times and datetimes."""
    lang = _lang(rt)
    if isinstance(value, WLTime):
        return _time_text(rt, value, mask)
    if isinstance(value, WLDateTime):
        return _datetime_text(rt, value, mask)
    if isinstance(value, WLDuration):
        return to_str(value)
    if isinstance(value, WLDate):
        return _render(_mask(mask, DATE_MASK), "date", _parts_of(value.value, None), lang)
    text = to_str(value).strip()
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    if len(digits) > 8:
        return _datetime_text(rt, text, mask)
    if len(digits) != 8:
        _date(text)  # raises the invalid-date error
    return _render(_mask(mask, DATE_MASK), "date", _digit_parts(digits), lang)


@builtin("time_to_string")
def time_to_string(rt: Runtime, value: Any, mask: Any = None) -> str:
    return _time_text(rt, value, mask)


@builtin("datetime_to_string")
def datetime_to_string(rt: Runtime, value: Any, mask: Any = None) -> str:
    return _datetime_text(rt, value, mask)


# ---- from text -----------------------------------------------------------------------------------
_WORD = r"([^\W\d_]+\.?)"


def _month_number(word: str) -> int:
    key = fold(word).rstrip(".")
    for table in (MONTH_NAMES, MONTH_ABBR):
        for names in table.values():
            for i, name in enumerate(names, 1):
                if fold(name).rstrip(".") == key:
                    return i
    return 0


@builtin("string_to_date")
def string_to_date(rt: Runtime, text: Any, mask: Any = None) -> str:
    pattern: list[str] = []
    fields: list[str] = []
    for field, run in _tokens(_mask(mask, DATE_MASK), "date"):
        if field == "year4":
            pattern.append(r"(\d{4})")
        elif field == "year2":
            pattern.append(r"(\d{2})")
        elif field in ("month", "day"):
            pattern.append(r"(\d{1,2})")
        elif field in ("monthabbr", "monthname", "dayabbr", "dayname"):
            pattern.append(_WORD)
        else:
            pattern.append(re.escape(run))
            continue
        fields.append(field)
    m = re.fullmatch("".join(pattern), to_str(text).strip(), re.IGNORECASE)
    if m is None:
        return ""
    year = month = day = 0
    for field, got in zip(fields, m.groups(), strict=True):
        if field == "year4":
            year = int(got)
        elif field == "year2":
            year = int(got) + (1900 if int(got) >= 50 else 2000)
        elif field == "month":
            month = int(got)
        elif field == "day":
            day = int(got)
        elif field in ("monthabbr", "monthname"):
            month = _month_number(got)
    try:
        return _ymd(dt.date(year, month, day))
    except ValueError:
        return ""


# ---- days and validity ---------------------------------------------------------------------------
@builtin("date_to_day")
def date_to_day(rt: Runtime, value: Any) -> int:
    return _date(value).isoweekday()


@builtin("date_to_day_alpha")
def date_to_day_alpha(rt: Runtime, value: Any) -> str:
    return DAY_NAMES[_lang(rt)][_date(value).weekday()]


@builtin("date_to_month_alpha")
def date_to_month_alpha(rt: Runtime, value: Any) -> str:
    return MONTH_NAMES[_lang(rt)][_date(value).month - 1]


@builtin("date_valid")
def date_valid(rt: Runtime, value: Any) -> bool:
    if isinstance(value, WLDate | WLDateTime):
        return True
    text = to_str(value).strip()
    if not re.fullmatch(r"\d{8}", text):
        return False
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


@builtin("time_valid")
def time_valid(rt: Runtime, value: Any) -> bool:
    if isinstance(value, WLTime | WLDateTime):
        return True
    text = to_str(value).strip()
    if not re.fullmatch(r"\d{4}|\d{6}|\d{8}", text):
        return False
    h, m, s = int(text[:2]), int(text[2:4]), int(text[4:6] or 0)
    return h < 24 and m < 60 and s < 60


@builtin("date_difference")
def date_difference(rt: Runtime, start: Any, end: Any) -> int:
    return (_date(end) - _date(start)).days


@builtin("time_difference")
def time_difference(rt: Runtime, start: Any, end: Any) -> int:
    return _cs(_time(end)) - _cs(_time(start))


@builtin("date_to_integer")
def date_to_integer(rt: Runtime, value: Any) -> int:
    return _date(value).toordinal() - DAY_ONE + 1


def _day(number: Any) -> dt.date:
    n = to_int(number)
    try:
        return dt.date.fromordinal(n + DAY_ONE - 1)
    except (ValueError, OverflowError):
        raise WLFault("bad_date", value=str(n)) from None


@builtin("integer_to_date")
def integer_to_date(rt: Runtime, number: Any, mask: Any = None) -> str:
    """``EntierVersDate(n [, format])``: YYYYMMDD text, or the date in ``format`` (ruling: the
    masks of DateVersChaîne)."""
    day = _ymd(_day(number))
    return day if mask is None else date_to_string(rt, day, mask)


@builtin("integer_to_day")
def integer_to_day(rt: Runtime, number: Any) -> int:
    return _day(number).isoweekday()


@builtin("time_to_integer")
def time_to_integer(rt: Runtime, value: Any) -> int:
    return _cs(_time(value))


@builtin("integer_to_time")
def integer_to_time(rt: Runtime, number: Any) -> WLTime:
    n = to_int(number)
    if n < 0:
        raise WLFault("bad_time", value=str(n))
    n %= CS_PER_DAY
    seconds, cs = divmod(n, 100)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return WLTime(dt.time(hour, minute, second, cs * 10000))


@builtin("leap_year")
def leap_year(rt: Runtime, year: Any) -> bool:
    if isinstance(year, WLDate | WLDateTime):
        return calendar.isleap(_date(year).year)
    return calendar.isleap(to_int(year))


def _month_of(first: Any, month: Any) -> tuple[int, int]:
    if month is not None:
        return to_int(first), to_int(month)
    d = dt.date.today() if first is None else _date(first)
    return d.year, d.month


@builtin("first_day_of_month")
def first_day_of_month(rt: Runtime, first: Any = None, month: Any = None) -> WLDate:
    year, mon = _month_of(first, month)
    try:
        return WLDate(dt.date(year, mon, 1))
    except ValueError:
        raise WLFault("bad_date", value=f"{year:04d}{mon:02d}01") from None


@builtin("last_day_of_month")
def last_day_of_month(rt: Runtime, first: Any = None, month: Any = None) -> WLDate:
    year, mon = _month_of(first, month)
    try:
        return WLDate(dt.date(year, mon, calendar.monthrange(year, mon)[1]))
    except (ValueError, calendar.IllegalMonthError):
        raise WLFault("bad_date", value=f"{year:04d}{mon:02d}") from None


@builtin("week_number")
def week_number(rt: Runtime, value: Any = None) -> int:
    d = dt.date.today() if value is None else _date(value)
    return d.isocalendar()[1]
