"""The mail state of one run: SMTP sessions, send outcomes (``EmailEtat``), the asynchronous
queue and its drain at exit, and the ``ErreurInfo`` text of a transport failure.

Sessions run on the host's single event loop (``rt.host.run``), so a connection opened on one
line is still open when a later line sends. Asynchronous sessions (decision 19) queue messages
on the same loop; the queue makes progress whenever the loop runs (another mail call,
``EmailEtat``) and is drained before the program ends, whose hook reports any failure nobody
looked at. A message counts as sent only after the server's 250 to the end of DATA.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from wlmail.builtins import builtin
from wlmail.catalog import get_catalog
from wlmail.mail.hints import refusal_hint
from wlmail.mail.smtp import SMTPFailure, SMTPSettings, SMTPTransport
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
        waiting = sum(len(s.queue) for s in self.sessions)
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
    """An SMTP session opened by a script: its connection and, if asynchronous, its queue."""

    def __init__(self, state: MailState, settings: SMTPSettings, asynchronous: bool) -> None:
        self.state = state
        self.transport = SMTPTransport(settings)
        self.asynchronous = asynchronous
        self.queue: deque[Job] = deque()
        self.worker: asyncio.Task[None] | None = None

    def open(self) -> None:
        self.transport.set_timeout(self.state.effective_timeout())
        _run(self.state.rt, self.transport.open())
        self.state.sessions.append(self)

    def submit(self, job: Job) -> bool:
        """Send now (True once the server accepted it) or queue (asynchronous)."""
        state, rt = self.state, self.state.rt
        self.transport.set_timeout(state.effective_timeout())
        if self.asynchronous:
            state.statuses[job.ident] = Status(PENDING)
            self.queue.append(job)
            if self.worker is None or self.worker.done():
                self.worker = rt.host.loop.create_task(self._drain())
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

    async def _drain(self) -> None:
        rt = self.state.rt
        while self.queue:
            job = self.queue[0]
            try:
                reply = await self.transport.send(job.sender, job.recipients, job.data)
                status = Status(SENT, reply)
            except SMTPFailure as failure:
                status = Status(ERROR, failure_text(rt, failure), failure.code or 1)
            except Exception as exc:  # recorded, reported by EmailEtat or at exit
                unexpected = SMTPFailure("unexpected", detail=f"{type(exc).__name__}: {exc}")
                status = Status(ERROR, failure_text(rt, unexpected), 1)
            self.queue.popleft()
            self.state.statuses[job.ident] = status

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
        rt = self.state.rt
        if not hurry:
            try:
                self.wait()
            except KeyboardInterrupt:
                self.state.sessions.append(self)  # the exit hook closes it, in a hurry
                raise
        worker, self.worker = self.worker, None
        if worker is not None and not worker.done():
            worker.cancel()
        try:
            rt.host.run(_closed(self.transport, worker, wait=not hurry))
        except Exception:  # closing never fails a script
            self.transport.abort()
        except KeyboardInterrupt:
            if not hurry:
                self.state.sessions.append(self)
                raise
            self.transport.abort()


async def _wait_for(task: asyncio.Task[None]) -> None:
    await task


async def _closed(transport: SMTPTransport, worker: asyncio.Task[None] | None, wait: bool) -> None:
    """Let a cancelled queue worker unwind, then close the connection."""
    if worker is not None:
        await asyncio.gather(worker, return_exceptions=True)
    await transport.close(wait=wait)


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
