"""``export --python`` of OAuth scripts: the program does what ``wlmail run`` does, without wlmail.

Both run against the same real servers: oauth2-mock-server (``tests/oauth_peer``, over HTTPS
with a certificate for Google's names) and the sandbox SMTP server (aiosmtpd), which checks each
XOAUTH2 token's RS256 signature against the provider's keys. ``wlmail run`` is driven as in
``tests/test_oauth_flow.py`` (``--connect-to``, ``--cafile``, an in-process browser); the
exported program runs in a fresh venv holding only authlib and requests (pip, once per session),
its connections routed by a ``sitecustomize`` shim (``getaddrinfo``: TLS still checks the
certificate against the name the program used) and its browser a ``BROWSER`` command that
follows the redirects. Compared: exit code, stdout, stderr (but the random ``state`` and PKCE
challenge in the printed address), what the provider saw (authorize parameters, PKCE S256,
state, grant type, code verifier, client_secret_post), what the SMTP server saw (envelope,
XOAUTH2 login with a valid token, STARTTLS, MIME structure). Skipped only without ``node``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from export_oauth_support import MICROSOFT, Servers, free_port, masked
from test_export import _lint
from test_oauth_flow import NODE, long_auth_lines

from wlmail.export.program import ExportError, export_command, export_python

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (oauth2-mock-server)")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GMAIL = ["oauth-gmail-fr.wl", "oauth-gmail-en.wl"]
PACKAGES = ["authlib", "requests"]  # what the exported programs import, and nothing else


@pytest.fixture(scope="session")
def oauth_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with authlib and requests, without wlmail."""
    where = tmp_path_factory.mktemp("oauth-venv")
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    python = where / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
        check=True,
        capture_output=True,
    )
    found = subprocess.run(
        [python, "-c", "import wlmail"], capture_output=True, check=False, cwd=where, env={}
    )
    assert found.returncode != 0
    return python


@pytest.fixture
def servers(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    oauth_venv: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Servers]:
    long_auth_lines(monkeypatch)
    found = Servers(tmp_path, getattr(request, "param", "/o/oauth2/token"), oauth_venv)
    yield found
    found.stop()


def _sample(name: str, tmp_path: Path) -> tuple[str, Path]:
    """The sample, its redirect port made a free one (9000 may be taken), and its export."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    text = text.replace("http://localhost:9000", f"http://localhost:{free_port()}")
    script = tmp_path / name
    script.write_text(text, encoding="utf-8")
    program = tmp_path / name.replace(".wl", ".py").replace("-", "_")
    assert export_command(str(script), str(program)) == 0
    source = program.read_text(encoding="utf-8")
    code = [x for x in source.splitlines() if not x.lstrip().startswith("#")]  # the script's
    assert not any("wlmail" in x.replace("wlmail run", "") for x in code)  # comments may
    assert str(tmp_path) not in source and str(ROOT) not in source
    return text, program


# ---- the Gmail samples ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "servers"),
    [("oauth-gmail-fr.wl", "/o/oauth2/token"), ("oauth-gmail-en.wl", "/token")],
    indirect=["servers"],
)
def test_gmail_sample_logs_in_and_sends_the_same(
    name: str, servers: Servers, oauth_venv: Path, tmp_path: Path
) -> None:
    text, program = _sample(name, tmp_path)
    by_wlmail = servers.wlmail(text)
    seen_by_wlmail = servers.seen()
    by_python = servers.python(oauth_venv, program)
    seen_by_python = servers.seen()
    assert by_python[0] == 0, by_python[2]
    assert masked(by_python) == masked(by_wlmail)
    assert by_python[1] in ("envoyé\n", "sent\n")
    assert "eyJ" not in by_python[1] + by_python[2]  # no token (a JWT) is ever printed
    assert "/o/oauth2/auth?" in by_python[2] and "code_challenge_method=S256" in by_python[2]
    events, sent, logins = seen_by_python
    assert (events, sent, logins) == seen_by_wlmail
    authorize, grant = events
    assert authorize["event"] == "authorize" and authorize["state"]
    assert authorize["code_challenge"] and authorize["code_challenge_method"] == "S256"
    assert authorize["redirect_uri"].startswith("http://localhost:") and not authorize["extra"]
    assert grant["grant_type"] == "authorization_code" and grant["code_verifier"]
    assert grant["client_secret"] and not grant["basic_auth"]  # client_secret_post
    [(mail_from, _, mechanism, login, tls, _)] = sent
    assert mechanism == "XOAUTH2" and tls == "starttls" and login == mail_from
    assert logins == [(login, True)]  # the token the provider signed


@pytest.mark.parametrize("name", GMAIL)
def test_refused_login_takes_the_failure_branch(
    name: str, servers: Servers, oauth_venv: Path, tmp_path: Path
) -> None:
    text, program = _sample(name, tmp_path)
    servers.peer.command("deny")
    by_wlmail = servers.wlmail(text)
    servers.peer.command("deny")
    by_python = servers.python(oauth_venv, program)
    events, sent, _ = servers.seen()
    assert not sent and [e["event"] for e in events] == ["authorize", "authorize"]
    # same exit code, stdout and stderr, but the text of ErreurInfo (authlib's, in English)
    code, out, err = masked(by_python)
    assert (code, out) == masked(by_wlmail)[:2] == (0, "")
    assert err.splitlines()[:3] == masked(by_wlmail)[2].splitlines()[:3]
    assert "access_denied" in err.splitlines()[3] and "Traceback" not in err


def test_exported_gmail_samples_pass_ruff_and_mypy(tmp_path: Path) -> None:
    programs = [_sample(name, tmp_path)[1] for name in GMAIL]
    _lint(*programs)
    source = programs[0].read_text(encoding="utf-8")
    assert 'code_challenge_method="S256"' in source and "state=state" in source
    assert '"XOAUTH2", xoauth2("utilisateur@gmail.com", MaSessionSMTP_token)' in source
    assert "except (OSError, OAuthError) as err:" in source
    assert "MotDePasse" not in source and ".login(" not in source  # decision 12


# ---- refresh and the token's properties --------------------------------------------------------
REFRESH = """p est un OAuth2Paramètres
p.ClientID = "wlmail-tests"
p.ClientSecret = "s3cret-of-the-app"
p.URLAuth = "https://accounts.google.com/o/oauth2/auth"
p.URLToken = "https://accounts.google.com/o/oauth2/token"
p.Scope = "https://mail.google.com/"
p.URLRedirection = "http://127.0.0.1:{port}/retour"
p.ParamètresSupplémentaires = "access_type=offline&prompt=consent&state=forged"
t est un AuthToken = AuthIdentifie(p)
SI t = Null ALORS
	Erreur("connexion", ErreurInfo())
	RETOUR
FIN
t2 est un AuthToken = AuthRenouvelleToken(t)
SI t2 <> Null ALORS
	Info(t2.Valide, t2.Actualisation <> t.Actualisation, t2.TypeToken, p.Scope)
SINON
	Erreur("renouvellement", ErreurInfo())
	RETOUR
FIN
"""


def test_refresh_and_token_properties(servers: Servers, oauth_venv: Path, tmp_path: Path) -> None:
    text = REFRESH.format(port=free_port())
    script = tmp_path / "refresh.wl"
    script.write_text(text, encoding="utf-8")
    program = tmp_path / "refresh.py"
    assert export_command(str(script), str(program)) == 0
    _lint(program)
    by_wlmail = servers.wlmail(text)
    seen_by_wlmail = servers.seen()
    by_python = servers.python(oauth_venv, program)
    assert masked(by_python) == masked(by_wlmail)
    assert by_python[1] == "1\n1\nBearer\nhttps://mail.google.com/\n"
    events = servers.seen()[0]
    assert events == seen_by_wlmail[0]
    assert [e.get("grant_type") for e in events] == [None, "authorization_code", "refresh_token"]
    assert sorted(events[0]["extra"]) == ["access_type", "prompt"]  # a forged state is not sent


# ---- what is refused -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ("t est un AuthToken = AuthIdentifie(p)\nInfo(t.Valide)\n", "not tested against Null"),
        (
            "t est un AuthToken = AuthIdentifie(p)\nSI t = Null ALORS\n\tInfo(1)\nFIN\n"
            "Info(t.Valide)\n",
            "does not end with RETOUR",
        ),
        ("p.TypeRéponse = oauth2TypeRéponseToken\n", "TypeRéponse"),
        ("Info(AuthIdentifie(p) = Null)\n", "AuthIdentifie"),
    ],
)
def test_shapes_that_would_run_differently_are_refused(script: str, reason: str) -> None:
    text = 'p est un OAuth2Paramètres\np.ClientID = "x"\n' + script
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    assert any(reason in p.message for p in caught.value.problems), caught.value.problems


def test_doc_example_as_written(servers: Servers, oauth_venv: Path, tmp_path: Path) -> None:
    """The seed's doc example: ``SI MaSessionSMTP.AuthToken <> Null ALORS … SINON … FIN`` last
    in the main code, an empty message (its ``...`` placeholders) sent and not checked."""
    text, program = _sample("doc-emailsessionsmtp-fr.wl", tmp_path)
    by_wlmail = servers.wlmail(text)
    seen_by_wlmail = servers.seen()
    by_python = servers.python(oauth_venv, program)
    seen_by_python = servers.seen()
    assert masked(by_python) == masked(by_wlmail)
    assert seen_by_python == seen_by_wlmail
    events, sent, logins = seen_by_python
    assert [e["event"] for e in events] == ["authorize", "token"] and not sent
    assert logins == [("utilisateur@gmail.com", True)]


# ---- a token kept in a file (Sérialise / Désérialise), refreshed once expired -------------------
KEPT = """sFichier est une chaîne = fRepEnCours() + fSep() + "token.json"
p est un OAuth2Paramètres
p.ClientID = "wlmail-tests"
p.ClientSecret = "s3cret-of-the-app"
p.URLAuth = "https://accounts.google.com/o/oauth2/auth"
p.URLToken = "https://accounts.google.com/o/oauth2/token"
p.Scope = "https://mail.google.com/"
p.URLRedirection = "http://127.0.0.1:{port}/retour"
t est un AuthToken
SI fFichierExiste(sFichier) ALORS
	Désérialise(t, fChargeBuffer(sFichier), psdBinaire)
SINON
	t = AuthIdentifie(p)
	SI t = Null ALORS
		Erreur("connexion", ErreurInfo())
		RETOUR
	FIN
FIN
s est un emailSessionSMTP
s.AdresseServeur = "smtp.gmail.com"
s.Port = 587
s.Option = emailOptionSécuriséTLS
s.Nom = "moi@gmail.com"
s.AuthToken = t
SI PAS EmailOuvreSession(s) ALORS
	Erreur("session", ErreurInfo())
	RETOUR
FIN
// the token may have been refreshed: keep the new one
b est un Buffer
Sérialise(t, b, psdBinaire)
fSauveBuffer(sFichier, b)
m est un Email
m.Expéditeur = "moi@gmail.com"
Ajoute(m.Destinataire, "toi@exemple.fr")
m.Sujet = "Token gardé"
m.Message = "Envoyé avec un token gardé."
SI EmailEnvoieMessage(s, m) ALORS
	Info("envoyé")
FIN
EmailFermeSession(s)
"""


def test_kept_token_is_read_back_and_refreshed_before_xoauth2(
    servers: Servers, oauth_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = KEPT.format(port=free_port())
    for where in ("wlmail", "python"):
        (tmp_path / where).mkdir()
    script = tmp_path / "python" / "kept.wl"
    script.write_text(text, encoding="utf-8")
    program = tmp_path / "python" / "kept.py"
    assert export_command(str(script), str(program)) == 0
    _lint(program)
    assert "json.dumps(t).encode()" in program.read_text(encoding="utf-8")
    runs: dict[str, list[Any]] = {"wlmail": [], "python": []}
    for where, run in (
        ("wlmail", lambda: servers.wlmail(text)),
        ("python", lambda: servers.python(oauth_venv, program)),
    ):
        monkeypatch.chdir(tmp_path / where)  # fRepEnCours of the in-process run
        servers.peer.command("expires 62")  # considered expired 2 s later (60 s of margin)
        first = run()
        first_seen = servers.seen()
        time.sleep(2.5)
        second = run()
        runs[where] = [masked(first), first_seen, masked(second), servers.seen()]
        kept = tmp_path / where / "token.json"
        assert kept.stat().st_mode & 0o777 == 0o600  # it holds the tokens and the secret
    assert runs["python"] == runs["wlmail"]
    first, (events, sent, logins), second, (events2, sent2, logins2) = runs["python"]
    assert first[:2] == second[:2] == (0, "envoyé\n") and second[2] == ""  # no login
    assert [e.get("grant_type") for e in events] == [None, "authorization_code"]
    assert [e.get("grant_type") for e in events2] == ["refresh_token"]
    assert logins == logins2 == [("moi@gmail.com", True)] and len(sent) == len(sent2) == 1


# ---- the listener: loopback only, one callback with the right state ------------------------------
LOGIN = """p est un OAuth2Paramètres
p.ClientID = "wlmail-tests"
p.URLAuth = "https://accounts.google.com/o/oauth2/auth"
p.URLToken = "https://accounts.google.com/o/oauth2/token"
p.URLRedirection = "{redirect}"
t est un AuthToken = AuthIdentifie(p)
SI t = Null ALORS
	Erreur("connexion", ErreurInfo())
	RETOUR
FIN
Info(t.Valide)
"""

# A browser that first sends the listener a forged callback, one without state and another path.
PROBER = """#!{python}
import sys
import requests
location = requests.get(sys.argv[1], allow_redirects=False, timeout=10).headers["location"]
base = location.split("?")[0]
codes = [
    requests.get(base + "?code=evil&state=forged", timeout=10).status_code,
    requests.get(base + "?code=evil", timeout=10).status_code,
    requests.get(base.rsplit("/", 1)[0] + "/favicon.ico", timeout=10).status_code,
]
requests.get(location, timeout=10)
open(sys.argv[0] + ".log", "w").write(" ".join(map(str, codes)))
"""


def test_listener_ignores_forged_callbacks(
    servers: Servers, oauth_venv: Path, tmp_path: Path
) -> None:
    script = tmp_path / "login.wl"
    script.write_text(LOGIN.format(redirect=f"http://127.0.0.1:{free_port()}/retour"), "utf-8")
    program = tmp_path / "login.py"
    assert export_command(str(script), str(program)) == 0
    prober = tmp_path / "prober"
    prober.write_text(PROBER.format(python=oauth_venv), encoding="utf-8")
    prober.chmod(0o755)
    code, out, err = servers.python(oauth_venv, program, prober)
    assert (code, out) == (0, "1\n"), err
    assert (tmp_path / "prober.log").read_text() == "400 400 404"
    events = servers.seen()[0]
    assert [e.get("grant_type") for e in events] == [None, "authorization_code"]
    assert events[1]["code_verifier"] and not events[1]["client_secret"]  # a public client


@pytest.mark.parametrize(
    "redirect", ["http://192.168.1.10:9000/", "http://example.com:9000/", "https://localhost:9000/"]
)
def test_redirect_off_this_machine_is_refused_before_any_address_is_shown(
    redirect: str, servers: Servers, oauth_venv: Path, tmp_path: Path
) -> None:
    text = LOGIN.format(redirect=redirect)
    script = tmp_path / "login.wl"
    script.write_text(text, encoding="utf-8")
    program = tmp_path / "login.py"
    assert export_command(str(script), str(program)) == 0
    by_wlmail = servers.wlmail(text)
    by_python = servers.python(oauth_venv, program)
    for code, out, err in (by_python, by_wlmail):
        assert (code, out) == (0, "") and err.startswith("connexion\n")
        assert "/o/oauth2/auth?" not in err and "Traceback" not in err
    assert not servers.seen()[0]  # the provider never saw a request


# ---- Microsoft 365: a kept token, refused after a restart of the provider, then a new login -----
MS365 = ["oauth-microsoft365-fr.wl", "oauth-microsoft365-en.wl"]
MS_TOKEN = "/organizations/oauth2/v2.0/token"


def _refused(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """The text of ErreurInfo after the refused kept token (smtplib's vs wlmail's) hidden."""
    code, out, err = masked(result)
    return code, out, re.sub(r"(refusé :|refused:) .*", r"\1 …", err)


@pytest.mark.parametrize("name", MS365)
def test_microsoft365_sample_keeps_its_token_and_logs_in_again_when_refused(
    name: str, oauth_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_auth_lines(monkeypatch)
    text, program = _sample(name, tmp_path)
    _lint(program)
    (tmp_path / "wlmail").mkdir()
    monkeypatch.chdir(tmp_path / "wlmail")  # fRepEnCours of the in-process run
    runs: list[Any] = []
    for restart in (1, 2):  # the provider's keys change: the kept token is refused
        (tmp_path / f"s{restart}").mkdir()
        servers = Servers(tmp_path / f"s{restart}", MS_TOKEN, oauth_venv, MICROSOFT)
        try:
            for _ in range(restart):  # login (1); refused, login again, then kept (2)
                by_wlmail = _refused(servers.wlmail(text)), servers.seen()
                by_python = _refused(servers.python(oauth_venv, program)), servers.seen()
                assert by_python == by_wlmail
                runs.append(by_python)
        finally:
            servers.stop()
    sent_word = "envoyé\n" if name.endswith("fr.wl") else "sent\n"
    ((code, out, err), (events, sent, logins)) = runs[0]
    assert (code, out) == (0, sent_word) and "Traceback" not in err
    assert [e.get("grant_type") for e in events] == [None, "authorization_code"]
    assert events[0]["code_challenge_method"] == "S256" and not events[1]["client_secret"]
    [(mail_from, _, mechanism, login, tls, _)] = sent
    assert mechanism == "XOAUTH2" and tls == "starttls" and login == mail_from
    assert logins == [(login, True)]
    ((code, out, err), (events, sent, logins)) = runs[1]
    assert (code, out) == (0, sent_word)
    assert err.splitlines()[0] in ("Token gardé refusé : …", "Kept token refused: …")
    assert [e.get("grant_type") for e in events] == [None, "authorization_code"]
    assert logins == [(login, False), (login, True)] and len(sent) == 1
    ((code, out, err), (events, sent, logins)) = runs[2]
    assert (code, out, err) == (0, sent_word, "") and not events  # no login: the kept token
    assert logins == [(login, True)] and len(sent) == 1
    assert (tmp_path / "token-microsoft365.bin").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", MS365)
def test_unreadable_kept_token_is_a_fatal_error_as_in_wlmail(
    name: str, oauth_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, program = _sample(name, tmp_path)
    (tmp_path / "wlmail").mkdir()
    for where in (tmp_path, tmp_path / "wlmail"):
        (where / "token-microsoft365.bin").write_bytes(b"garbage{")
    monkeypatch.chdir(tmp_path / "wlmail")
    (tmp_path / "s").mkdir()
    servers = Servers(tmp_path / "s", MS_TOKEN, oauth_venv, MICROSOFT)
    try:
        by_wlmail = servers.wlmail(text)
        by_python = servers.python(oauth_venv, program)
        assert not any(servers.seen())  # nothing was asked of any server
    finally:
        servers.stop()
    assert by_python[:2] == by_wlmail[:2] == (70, "")
    first, *rest = by_python[2].splitlines()
    wl_first, *wl_rest = by_wlmail[2].splitlines()
    assert rest == wl_rest and len(rest) == 2 and rest[1].strip() == "^"  # the line, a caret
    # the same position and message; the detail is the JSON parser's (the file format differs)
    head = wl_first.split(": ", 1)[1].rsplit(": ", 1)[0]
    assert first.startswith(f"{name}:20:") and head in first and "Traceback" not in by_python[2]


SAMPLE_FR = (SAMPLES / "oauth-microsoft365-fr.wl").read_text(encoding="utf-8")
RETRY_END = "\t\tbOuverte = EmailOuvreSession(MaSession)\n\tFIN\nFIN\n"
PROOF = "SI PAS bOuverte ALORS\n"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [  # the sample changed so that the retry's reasoning no longer holds
        (RETRY_END, RETRY_END + "bOuverte = Vrai\n", "a flag that proves a token valid"),
        (RETRY_END, RETRY_END + "Info(MonToken.Valide)\n", "may have left it invalid"),
        (PROOF, "SI bTokenGardé ALORS\n" + PROOF, "may have left it invalid"),
        ("MS est un OAuth2", "Trace(ErreurInfo())\nMS est un OAuth2", "the last fallible call"),
        (
            "\tTrace(",
            "\tEmailEnvoieMessage(MaSession, MaSession)\n\tTrace(",
            "the last fallible call",
        ),
        ("\tSI MonToken <> Null ALORS\n", "\tSI MonToken <> Null ALORS\n\t\tbOuverte = Faux\n", ""),
    ],
)
def test_retry_shapes_that_would_run_differently_are_refused(
    old: str, new: str, reason: str
) -> None:
    assert old in SAMPLE_FR
    text = SAMPLE_FR.replace(old, new, 1)
    if not reason:  # assigned in the success branch before the opening: still exported
        assert "bOuverte = False" in export_python(text, "s.wl").source
        return
    if PROOF in new and new != PROOF:
        text = text.replace("\tRETOUR\nFIN\n// Le token", "\tRETOUR\nFIN\nFIN\n// Le token", 1)
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    assert any(reason in p.message for p in caught.value.problems), caught.value.problems
