"""The mail state of one run: SMTP sessions, send outcomes (``EmailEtat``), the asynchronous
queue and its drain at exit, and the ``ErreurInfo`` text of a transport failure.

Synchronous sessions run on the host's event loop (``rt.host.run``), so a connection opened on
one line is still open when a later line sends. Asynchronous sessions (decision 19) live on a
second loop in its own thread (``mail/smtp_background.py``, issue 17): their queue is sent while
the script goes on, each message's text chained with the next message's commands when the
server pipelines (``mail/smtp_chain.py``). Every wait for them (opening, ``EmailEtat``'s look,
closing, the drain before the program ends) goes through ``rt.host.run``, so Ctrl-C and SIGTERM
stop it as they stop any network wait; the exit hook reports any failure nobody looked at. A
message counts as sent only after the server's 250 to the end of DATA.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from wlmail.builtins import builtin
from wlmail.catalog import get_catalog
from wlmail.mail.hints import refusal_hint
from wlmail.mail.smtp import Envelope, SMTPFailure, SMTPSettings, SMTPTransport
from wlmail.mail.smtp_background import Background
from wlmail.mail.stream import MessageStream
from wlmail.runtime.host import interruption_id
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLDuration, WLFault, to_int, to_num, to_str

T = TypeVar("T")


def _const(ident: str) -> Any:
    return get_catalog().constants[ident].value


PENDING, SENT, ERROR = _const("email_pending"), _const("email_sent"), _const("email_error")
DEFAULT_TIMEOUT = 600.0


# ---- state of one run ---------------------------------------------------------------------------
@dataclass
class Status:
    """Outcome of one send, for ``EmailEtat``."""

    state: int
    text: str = ""
    code: int = 0
    reported: bool = False  # the script (or the exit report) has seen this outcome


@dataclass
class Job:
    ident: int
    sender: str
    recipients: list[str]
    data: MessageStream


class MailState:
    """Sessions, send outcomes and the timeout of one run (``rt.extensions["mail"]``)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.timeout = DEFAULT_TIMEOUT
        self.by_user: dict[str, MailSession] = {}
        self.sessions: list[MailSession] = []
        self.statuses: dict[int, Status] = {}
        self.next_id = 1
        self._background: Background | None = None

    def background(self) -> Background:
        """The loop of the asynchronous sessions (started at the first one)."""
        if self._background is None:
            self._background = Background()
        return self._background

    def effective_timeout(self) -> float:
        forced = self.rt.host.options.get("timeout")
        return float(forced) if forced else self.timeout

    def new_id(self) -> int:
        ident, self.next_id = self.next_id, self.next_id + 1
        return ident

    def at_exit(self) -> None:
        """Send what is still queued, close every session, report unseen failures.

        After an interruption nothing more is waited for: no drain if the signal ended a network
        wait, QUIT written but not waited for, and each message still queued reported not sent.
        """
        rt, host = self.rt, self.rt.host
        waiting = sum(s.unfinished() for s in self.sessions)
        stopped_in_a_wait = host.interrupted is not None and host.wait_interrupted
        if waiting and not stopped_in_a_wait:
            host.error([rt.msg("mail_exit_draining", count=waiting)])
            try:
                for session in list(self.sessions):
                    session.wait()
            except KeyboardInterrupt as exc:
                host.interrupt(exc, rt.msg(interruption_id(exc)))
        hurry = host.interrupted is not None
        for session in list(self.sessions):
            try:
                session.close(hurry=hurry)
            except KeyboardInterrupt as exc:  # closing does not wait: go on with the others
                host.interrupt(exc, rt.msg(interruption_id(exc)))
                session.close(hurry=True)
        stopped = host.interrupted
        for ident, status in sorted(self.statuses.items()):
            unsent = status.state == ERROR or (status.state == PENDING and stopped is not None)
            if unsent and not status.reported:
                status.reported = True
                text = status.text or rt.msg(interruption_id(stopped or KeyboardInterrupt()))
                rt.host.error([rt.msg("mail_async_failed", id=ident, error=text)])
                rt.host.outcome.unseen_failure = text  # a failure for --strict
        if self._background is not None:
            try:
                self._background.stop()
            except KeyboardInterrupt as exc:  # everything is said: stopping only waits less
                host.interrupt(exc, rt.msg(interruption_id(exc)))


def mail_state(rt: Runtime) -> MailState:
    state = rt.extensions.get("mail")
    if state is None:
        state = rt.extensions["mail"] = MailState(rt)
        rt.host.options.setdefault("at_exit", []).append(state.at_exit)
    assert isinstance(state, MailState)
    return state


def _run(rt: Runtime, coro: Coroutine[Any, Any, T]) -> T:
    """Run on the host loop; any unexpected exception becomes an SMTPFailure (never a traceback)."""
    try:
        return rt.host.run(coro)
    except SMTPFailure:
        raise
    except WLFault:
        raise
    except Exception as exc:  # the script gets Faux + ErreurInfo, never a crash
        raise SMTPFailure("unexpected", detail=f"{type(exc).__name__}: {exc}") from None


class MailSession:
    """An SMTP session opened by a script: its connection and, if asynchronous, its queue.

    The queue (``queue``: not taken yet; ``flying``: taken by the sender, outcome not known)
    is shared with the background thread under ``lock``; ``running`` says whether a sender
    task is there to take what is appended, so that a job is never left without one.
    """

    def __init__(self, state: MailState, settings: SMTPSettings, asynchronous: bool) -> None:
        self.state = state
        self.transport = SMTPTransport(settings)
        self.asynchronous = asynchronous
        self.background = state.background() if asynchronous else None
        self.queue: deque[Job] = deque()
        self.flying: dict[int, Job] = {}
        self.lock = threading.Lock()
        self.running = False
        self.worker: concurrent.futures.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run on this session's loop, waiting from the script's thread."""
        if self.background is None:
            return _run(self.state.rt, coro)
        return _run(self.state.rt, self.background.wait(coro))

    def open(self) -> None:
        self.transport.set_timeout(self.state.effective_timeout())
        self._call(self.transport.open())
        self.state.sessions.append(self)

    def unfinished(self) -> int:
        """Messages queued or in flight."""
        with self.lock:
            return len(self.queue) + len(self.flying)

    def submit(self, job: Job) -> bool:
        """Send now (True once the server accepted it) or queue (asynchronous)."""
        state, rt = self.state, self.state.rt
        self.transport.set_timeout(state.effective_timeout())
        if self.background is not None:
            state.statuses[job.ident] = Status(PENDING)
            with self.lock:
                self.queue.append(job)
                start, self.running = not self.running, True
            if start:
                self.worker = self.background.submit(self._drain())
            return True
        try:
            reply = _run(rt, self.transport.send(job.sender, job.recipients, job.data))
        except SMTPFailure as failure:
            text, code = failure_text(rt, failure), failure.code or 1
            state.statuses[job.ident] = Status(ERROR, text, code, reported=True)
            rt.fail(text, code)
            return False
        state.statuses[job.ident] = Status(SENT, reply, reported=True)
        return True

    # ---- the sender (on the background loop) -------------------------------------------------
    async def _drain(self) -> None:
        self._task = asyncio.current_task()
        try:
            while True:
                try:
                    await self.transport.send_chain(self._take, self._done)
                except Exception as exc:  # recorded, reported by EmailEtat or at exit
                    detail = f"{type(exc).__name__}: {exc}"
                    for job in list(self.flying.values()):
                        self._done(job, SMTPFailure("unexpected", detail=detail))
                with self.lock:
                    if not self.queue:
                        self.running = False
                        return
        except BaseException:  # cancelled (Ctrl-C, closing in a hurry): a later send starts anew
            with self.lock:
                self.running = False
            raise

    def _take(self) -> Job | None:
        with self.lock:
            if not self.queue:
                return None
            job = self.queue.popleft()
            self.flying[job.ident] = job
            return job

    def _done(self, envelope: Envelope, outcome: str | SMTPFailure) -> None:
        assert isinstance(envelope, Job)
        if isinstance(outcome, SMTPFailure):
            status = Status(ERROR, failure_text(self.state.rt, outcome), outcome.code or 1)
        else:
            status = Status(SENT, outcome)
        self.state.statuses[envelope.ident] = status
        with self.lock:
            self.flying.pop(envelope.ident, None)

    async def _finish(self, wait: bool) -> None:
        """Let a cancelled sender unwind, then close the connection."""
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self.transport.close(wait=wait)

    # ---- the script's side -------------------------------------------------------------------
    def wait(self) -> None:
        """Block until the queue is empty."""
        worker = self.worker
        if worker is not None and not worker.done():
            self.state.rt.host.run(_wait_for(worker))

    def close(self, *, hurry: bool = False) -> None:
        """Wait for the queue, then QUIT; ``hurry`` (interrupted): stop the queue where it is
        (what is left stays PENDING: the exit report names it) and do not wait for QUIT."""
        if self in self.state.sessions:
            self.state.sessions.remove(self)
        if not hurry:
            try:
                self.wait()
            except KeyboardInterrupt:
                self.state.sessions.append(self)  # the exit hook closes it, in a hurry
                raise
        self.worker = None
        try:
            self._call(self._finish(wait=not hurry))
        except Exception:  # closing never fails a script
            self.transport.abort()
        except KeyboardInterrupt:
            if not hurry:
                self.state.sessions.append(self)
                raise
            self.transport.abort()


async def _wait_for(worker: concurrent.futures.Future[None]) -> None:
    await asyncio.wrap_future(worker)


# ---- error texts --------------------------------------------------------------------------------
_FAILURE_FIELDS = ("host", "port", "stage", "address", "detail", "seconds", "path", "hint")


def failure_text(rt: Runtime, failure: SMTPFailure) -> str:
    """The ``ErreurInfo`` text of a transport failure, in the script's language."""
    values: dict[str, Any] = dict.fromkeys(_FAILURE_FIELDS, "")
    values.update(failure.fields)
    values["reply"] = failure.reply
    values["code"] = failure.code
    stage = str(values["stage"])
    if stage in ("connect", "greeting", "DNS"):
        values["stage"] = rt.msg(f"mail_stage_{stage.lower()}")
    values["hint"] = rt.msg("mail_hint_tls") if values["hint"] == "tls" else ""
    text = rt.msg(f"mail_{failure.kind}", **values)
    refusal = refusal_hint(failure.reply) if failure.reply else ""
    if refusal:
        text += "\n" + rt.msg(f"mail_refusal_{refusal}")
    note = failure.fields.get("note")  # a line of advice of wlmail's own (already safe)
    return f"{text}\n{note}" if note else text


# ---- functions: status and timeout ---------------------------------------------------------------
@builtin("email_status", fallible=True)
def email_status(rt: Runtime, ident: Any) -> int:
    state = mail_state(rt)
    key = to_int(ident)
    status = state.statuses.get(key)
    if status is None:
        rt.fail(rt.msg("mail_unknown_id", id=to_str(ident)))
        return int(ERROR)
    if status.state == PENDING:
        rt.host.run(asyncio.sleep(0.01))  # let the queue make progress
        status = state.statuses[key]
    if status.state == ERROR:
        status.reported = True
        rt.fail(status.text, status.code)
    return int(status.state)


@builtin("email_set_timeout")
def email_set_timeout(rt: Runtime, duration: Any) -> None:
    state = mail_state(rt)
    if isinstance(duration, WLDuration):
        seconds = duration.ms / 1000
    else:
        seconds = float(to_num(duration))
    state.timeout = seconds if seconds > 0 else DEFAULT_TIMEOUT
    for session in state.sessions:
        session.transport.set_timeout(state.effective_timeout())


@builtin("email_get_timeout")
def email_get_timeout(rt: Runtime) -> int | float:
    seconds = mail_state(rt).effective_timeout()
    return int(seconds) if seconds == int(seconds) else seconds
