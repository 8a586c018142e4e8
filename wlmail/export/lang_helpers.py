"""Helper-module functions for the statements of :mod:`.control` and :mod:`.dates`.

Merged into :data:`wlmail.export.helpers.HELPERS`; like those, only what a program calls is
written next to it. The messages the runtime gives a Python error (``division par zéro``) are
read from ``stdlib/messages.toml``, so they are written once.
"""

from __future__ import annotations

from wlmail.catalog import get_catalog


def _fault_messages() -> str:
    cat = get_catalog()
    rows = {lang: cat.message("division_by_zero", lang) for lang in ("fr", "en")}
    return "{" + ", ".join(f'"{lang}": {text!r}' for lang, text in rows.items()) + "}"


LANG_HELPERS: dict[str, str] = {
    "WLException": '''
class WLException(Exception):
    """An exception thrown by ExceptionDéclenche/ExceptionThrow: its number and message."""

    def __init__(self, number: int, message: str = "") -> None:
        super().__init__(message or f"#{number}")
        self.number = number
''',
    "exception_message": f'''
def exception_message(err: Exception, lang: str) -> str:
    """ExceptionInfo(): the message of the exception being handled, as WLangage words it
    in the script's language (``lang``)."""
    if isinstance(err, ZeroDivisionError):
        return {_fault_messages()}[lang]
    return str(err)
''',
    "exception_code": '''
def exception_code(err: Exception) -> int:
    """ExceptionInfo(errCode): the number given to ExceptionDéclenche, else 0."""
    return err.number if isinstance(err, WLException) else 0
''',
    "date_to_string": '''
def date_to_string(value: str, layout: str) -> str:
    """DateVersChaîne/DateToString of a date written as text (YYYYMMDD; other characters
    are skipped, the digits are not checked): ``layout`` is the mask, with {year}, {year2},
    {month} and {day}; an empty date gives ""."""
    import re

    if not value.strip():
        return ""
    digits = re.sub(r"\\D", "", value)
    if len(digits) < 8:
        raise ValueError(f"invalid date {value!r}")
    return layout.format(year=digits[:4], year2=digits[2:4], month=digits[4:6], day=digits[6:8])
''',
    "parse_date": '''
def parse_date(value: str) -> tuple[int, int, int]:
    """A date written as text (YYYYMMDD; other characters are skipped): year, month, day.
    A ValueError when it is not a date, as WLangage's "invalid date"."""
    import datetime
    import re

    digits = re.sub(r"\\D", "", value)[:8]
    day = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    return day.year, day.month, day.day
''',
    "date_valid": '''
def date_valid(value: str) -> bool:
    """DateValide/DateValid: eight digits making a real date."""
    import datetime
    import re

    text = value.strip()
    if not re.fullmatch(r"\\d{8}", text):
        return False
    try:
        datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True
''',
    "time_valid": '''
def time_valid(value: str) -> bool:
    """HeureValide/TimeValid: HHMM, HHMMSS or HHMMSSCC making a time of the day."""
    import re

    text = value.strip()
    if not re.fullmatch(r"\\d{4}|\\d{6}|\\d{8}", text):
        return False
    return int(text[:2]) < 24 and int(text[2:4]) < 60 and int(text[4:6] or 0) < 60
''',
    "time_to_string": '''
def time_to_string(value: str, layout: str) -> str:
    """HeureVersChaîne/TimeToString of a time written as text (HHMMSSCC, shorter is padded
    with zeros, other characters are skipped): ``layout`` is the mask, with {hour},
    {minute}, {second}, {centi} and {milli}; an empty time gives ""."""
    import re

    if not value.strip():
        return ""
    digits = re.sub(r"\\D", "", value)
    if not digits:
        raise ValueError(f"invalid time {value!r}")
    d = (digits[:8] + "00000000")[:8]
    return layout.format(hour=d[:2], minute=d[2:4], second=d[4:6], centi=d[6:], milli=d[6:] + "0")
''',
    "string_to_date": '''
def string_to_date(value: str, pattern: str) -> str:
    """ChaîneVersDate/StringToDate: the date that ``pattern`` (the mask as a regular
    expression with the groups year or year2, month and day) reads in the whole text, as
    YYYYMMDD; "" when the text does not match or is not a real date. Two-digit years are
    1950-2049."""
    import datetime
    import re

    found = re.fullmatch(pattern, value.strip(), re.IGNORECASE)
    if found is None:
        return ""
    fields = {name: int(digits) for name, digits in found.groupdict().items()}
    if "year2" in fields:
        fields["year"] = fields["year2"] + (1900 if fields["year2"] >= 50 else 2000)
    try:
        day = datetime.date(fields.get("year", 0), fields.get("month", 0), fields.get("day", 0))
    except ValueError:
        return ""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
''',
}
LANG_NEEDS: dict[str, list[str]] = {"exception_code": ["WLException"]}
