"""``export --python`` of times, dates and times, durations, masks with names and hundredths,
``HeureDifférence``/``DateHeureDifférence``, ``EntierVersDate`` with a format and dates compared
with text, in French and in English.

Each script is exported, passes ruff (E,F,W,I,UP,B), ruff format and mypy, and run by the
Python of a fresh venv without wlmail prints what ``wlmail run`` prints (same exit code,
stdout and stderr). What the exporter cannot write the same is refused with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import assert_run_the_same, export_scripts, venv  # noqa: F401  (venv: the fixture)

from wlmail.export.program import ExportError, export_python

SCRIPTS: dict[str, str] = {
    "moments_fr": """\
h est une heure = "07050912"
dh est une dateheure = "20240301143005"
d est une date = "20240301"
Info(h.VersChaîne(), h.VersChaîne("HH:mm"), HeureVersChaîne(h, "HHhmm SS LLL"))
Info(dh.VersChaîne(), DateHeureVersChaîne(dh, "MM-JJ-AAAA HH:mm"), HeureVersChaîne(dh))
Info(DateVersChaîne(dh, "Jjjj JJ MMMM AAAA à HHhmm, SS.CC {x} 100%"))
Info(d.VersChaîne("JJJ JJ MMM"), d.VersJourEnLettre(), d.VersMoisEnLettre())
Info(h, dh, "h=" + h)
h2 est une heure = dh
dh2 est une dateheure = d
Info(h2 = h, h2 < h, dh2 < dh, dh2 = dh)
Info(DateHeureVersChaîne("20240229083005"), DateHeureVersChaîne("2024022908", "JJ/MM HH:mm"))
""",
    "moments_en": """\
t is time = "0905"
dt is datetime = "201912251715"
d is date = "20031202"
Info(t.ToString(), dt.ToString(), DateTimeToString(dt, "Dddd DD Mmmm YYYY HH:mm"))
Info(d.ToString("DDDD DD MMMM YYYY"), DateToString(d, "DDD MMM"), DateToString("20031202", "Dddd"))
Info(TimeToString(dt, "HH:mm"), dt > dt)
""",
    "text_dates_fr": """\
d est une date = DateSys()
Info(d = DateSys(), d + 1 > DateSys(), d <> "20000101", d = "2000-01-01", d >= "19991231")
Info(DateVersChaîne("20031202", "JJJ JJ MMM AAAA"), DateVersChaîne("20031202", "Jjjj Mmmm"))
Info(ChaîneVersDate("02 décembre 2003", "JJ MMMM AAAA"), ...
	ChaîneVersDate("2 DEC. 2003", "JJ MMM AAAA"))
Info(ChaîneVersDate("mardi 02 déc. 2003", "JJJJ JJ MMM AAAA"), ...
	ChaîneVersDate("2 mois 2003", "JJ MMMM AAAA") = "")
Info(DernierJourDuMois() >= DateSys(), PremierJourDuMois() <= DateSys(), ...
	DernierJourDuMois() > PremierJourDuMois())
e est une date = EntierVersDate(DateVersEntier("20240229") + 1)
Info(e, EntierVersDate(DateVersEntier("20240229"), "JJ/MM/AAAA"), EntierVersDate(1, "AAAA"))
""",
    "text_dates_en": """\
Info(StringToDate("Dec 25 2019", "MMM DD YYYY"), StringToDate("25 March 2019", "DD MMMM YYYY"))
Info(DateToString("20031202", "Dddd DD Mmmm YYYY"), LastDayOfMonth() >= Today())
""",
    "differences_fr": """\
Info(HeureDifférence("1000", "1130"), HeureDifférence("10000050", "10000000"))
Info(HeureDifférence(HeureSys(), Maintenant()) < 6000)
Info(DateHeureDifférence("199801011215", "199801021316"), ...
	DateHeureDifférence("20240102", "20240101"))
d est une date = "20240101"
dh est une dateheure = "20240101123000"
s est une chaîne = DateHeureDifférence(d, dh)
Info(Gauche(s, 8) + " jours, " + Milieu(s, 9, 2) + " h " + Milieu(s, 11, 2), DateValide(s))
""",
    "differences_en": """\
Info(TimeDifference("0000", "2359"), DateTimeDifference("20240301", "20240229"))
""",
    "durations_fr": """\
d est une Durée = 1min 30 s
e est une durée = 2500
f est une durée
Info(d = 90 s, 2h = 120 min, 500ms < 1 s, 1 j > 23 h, 25cs = 250 ms, 1.5 s = 1500 ms)
Info(d, e, f, "durée : " + d, e < d, Max(d, e, 1 s), Min(d, e) = e, Taille(d))
""",
    "durations_en": """\
d is Duration = 2 min 8 s
Info(d = 128 s, d > 2 min, d)
""",
}


def test_exported_times_and_dates_run_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    assert_run_the_same(tmp_path, venv, export_scripts(tmp_path, SCRIPTS))


def test_times_dates_and_durations_are_python_values(tmp_path: Path) -> None:
    programs = {
        k: v.read_text(encoding="utf-8") for k, v in export_scripts(tmp_path, SCRIPTS).items()
    }
    fr = programs["moments_fr"]
    assert "h = datetime.time(7, 5, 9, 120000)" in fr
    assert "dh = datetime.datetime(2024, 3, 1, 14, 30, 5)" in fr
    assert 'f"{h:%H:%M:%S}:{h.microsecond // 10000:02d}"' in fr and 'h.strftime("%H:%M")' in fr
    assert 'dh.strftime("%m-%d-%Y %H:%M")' in fr
    assert "{DAY_NAMES[dh.weekday()].capitalize()} {dh:%d} {MONTH_NAMES[dh.month - 1]}" in fr
    assert "DAY_NAMES = (" in fr and "'lundi'" not in fr and '"dimanche")' in fr
    assert "DAY_ABBR[d.weekday()]" in fr and "h2 = dh.time()" in fr
    assert "dh2 = datetime.datetime.combine(d, datetime.time())" in fr
    assert 'datetime_to_string("2024022908", "{day}/{month} {hour}:{minute}")' in fr
    assert ".replace(" not in fr  # no CR can come from a date's method
    en = programs["moments_en"]
    assert '"Tuesday"' in en and "DAY_NAMES[d.weekday()]" in en and "Tuesday" in en
    durations = programs["durations_fr"]
    assert "d = datetime.timedelta(minutes=1, seconds=30)" in durations
    assert "datetime.timedelta(hours=2) == datetime.timedelta(minutes=120)" in durations
    assert "e = datetime.timedelta(milliseconds=2500)" in durations
    assert "f = datetime.timedelta()" in durations
    assert 'f"durée : {d // datetime.timedelta(milliseconds=1)}"' in durations
    assert "print(\n        d // datetime.timedelta(milliseconds=1),\n" in durations
    text = programs["text_dates_fr"]
    assert "d = datetime.date.today()" in text and "int(d == datetime.date.today())" in text
    assert "d + datetime.timedelta(days=1) > datetime.date.today()" in text
    assert "d != datetime.date(2000, 1, 1)" in text
    assert 'd.strftime("%Y%m%d") == "2000-01-01"' in text
    assert '"mar. 02 déc. 2003"' in text  # a literal date with names: known at export time
    assert "string_to_date_names(" in text and "(?P<month_name>" in text
    assert "last_day_of_month(datetime.date.today()) >= datetime.date.today()" in text
    assert "datetime.date.today().replace(day=1)" in text
    flat = " ".join(text.split())  # EntierVersDate(DateVersEntier(x)): no "+ 1 - 1"
    assert "days=(datetime.date(2024, 2, 29) - datetime.date(1800, 1, 1)).days )" in flat
    differences = programs["differences_fr"]
    assert "540000" in differences and "-50" in differences  # literal times: computed
    assert "time_to_integer(" in differences
    flat = " ".join(differences.split())
    assert "datetime.datetime(1998, 1, 1, 12, 15), datetime.datetime(1998, 1, 2, 13, 16)" in flat
    assert "datetime_difference(datetime.datetime.combine(d, datetime.time()), dh)" in flat
    helpers = (tmp_path / "differences_fr_wl.py").read_text(encoding="utf-8")
    assert "def datetime_difference(start: datetime.datetime, end: datetime.datetime)" in helpers
    assert "def date_valid(" in helpers  # its own import datetime beside the module's
    names = (tmp_path / "text_dates_fr_wl.py").read_text(encoding="utf-8")
    assert "MONTH_WORDS = (" in names and "'décembre'" not in names and "janv. févr." in names


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("h est une heure\n", 1, "a time variable without a value"),
        ('h est une heure = "2561"\n', 1, "an invalid time"),
        ('dh is datetime = "2024"\n', 1, "an invalid date"),
        (
            's est une chaîne = "20031202"\nInfo(DateVersChaîne(s, "JJJJ"))\n',
            2,
            "names of a date given as text",
        ),
        ('Info(DateToString(SysDateTime(), "DDDD DD"))\n', 1, "not a variable"),
        ('d est une date = "20240101"\ns est une chaîne\nInfo(d < s)\n', 3, "may not be a date"),
        ('s is string = "1000"\nInfo(TimeDifference(s, "1100"))\n', 2, "may be invalid"),
        ('Info(DateTimeDifference("2024", "20240101"))\n', 1, "an invalid date"),
        ('s est une chaîne = "x"\nInfo(DateHeureDifférence(s, s))\n', 2, "may not be a date"),
        ('Info(ChaîneVersDate("1 déc 12", "J MMM MM"))\n', 1, "a field twice"),
        ('t is time = "0905"\nd is datetime = "20240101"\nInfo(t < d)\n', 3, "a time value with"),
        ("d est une durée = 1 s\nInfo(Max(d, 5))\n", 2, "different types (duration, int)"),
        ('d is date = "20240101"\nInfo(Abs(d))\n', 2, "a number in WLangage"),
        ("FOR EACH x OF [1 s, 2 s]\n\tInfo(x)\nEND\n", 1, "an array of values of type duration"),
        ("d est une durée = 1 s\nInfo(Vrai ? d SINON 3)\n", 2, "different types (duration, int)"),
    ],
)
def test_what_runs_differently_is_refused_with_its_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and reason in what for at, what in problems), problems
