"""Collects ``tests/wl/*.wl`` cases (see ``wl_cases.py``) as pytest items; the fixtures of the
receive tests: a test CA, its PEM file, a client context trusting it, and a private Dovecot
(``dovecot.py``) with Alice's mailbox. A module may define its own to change them."""

from __future__ import annotations

import gc
import os
import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from dovecot import Dovecot, require
from wl_cases import Case, load_cases

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost

# the tests compare what wlmail writes when it is not on a terminal: plain text, no colour
os.environ.pop("FORCE_COLOR", None)

ERROR_HEAD = re.compile(r"^[^\n]*?:(\d+):(\d+): [^:]+: (.*)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def _one_shot_setting_restored() -> Iterator[None]:
    """``wlmail run``/``check`` called in-process by a test (``cli.main``) marks the process as
    one-shot: every later compile is then frozen out of the collector's sight (driver.py's
    ``freeze_after_compile``), as befits a process about to exit. Undo it after the test, so
    that a later test measuring a long-lived embedding (test_limits.py) measures the
    embedding, not the setting a CLI test left (it grew 7.9 MB when run after
    test_mail_send.py)."""
    from wlmail.runtime import driver

    was = driver._freeze
    yield
    if driver._freeze != was:
        driver._freeze = was
        gc.unfreeze()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".wl" and file_path.parent.name == "wl":
        return WLFile.from_parent(parent, path=file_path)
    return None


class WLFile(pytest.File):
    def collect(self) -> Any:
        for case in load_cases(self.path):
            yield WLItem.from_parent(self, name=f"{case.first_line}:{case.title}", case=case)


class WLItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        case = self.case
        host = CaptureHost()
        if case.answer is not None:
            host.options["answer"] = case.answer
        code = run_source(case.source, "case.wl", host)
        out = host.out.getvalue().splitlines()
        err = host.err.getvalue().splitlines()
        if case.error_regex:
            heads = ERROR_HEAD.findall(host.err.getvalue())
            assert heads, f"expected an error matching {case.error_regex!r}; stderr: {err}"
            line, _col, message = heads[0]
            assert int(line) == case.error_line, (
                f"error on line {line}, expected {case.error_line}: {message}"
            )
            assert re.search(case.error_regex, message, re.IGNORECASE), (
                f"{message!r} !~ {case.error_regex!r}"
            )
            expected_code = case.exit_code if case.exit_code is not None else code
            assert code in (65, 70) and code == expected_code, f"exit code {code}"
            err = [e for e in err if not _is_error_report(e)]
        else:
            assert code == (case.exit_code or 0), f"exit code {code}; stderr: {err}"
        assert out == case.stdout, "standard output differs"
        if case.stderr or not case.error_regex:
            assert err[: len(case.stderr)] == case.stderr and len(err) == len(case.stderr), (
                f"standard error differs: {err}"
            )

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return f"{self.case.path.name}:{self.case.first_line} {self.case.title}\n{excinfo.value}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.first_line, self.case.title


def _is_error_report(line: str) -> bool:
    return bool(ERROR_HEAD.match(line)) or line.startswith("    ")


# ---- receive tests: CA and private Dovecot ---------------------------------------------------
@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def cafile(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(path)
    return str(path)


@pytest.fixture
def context(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    return ctx


@pytest.fixture(scope="module")
def dovecot(ca: trustme.CA) -> Iterator[Dovecot]:
    """A private Dovecot for the module (skipped where it cannot run, except in CI)."""
    require()
    server = Dovecot(ca).start()
    yield server
    server.stop()
