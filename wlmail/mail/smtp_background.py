"""An event loop in its own thread, where asynchronous SMTP sessions send while the script runs.

Decision 19 queues the messages of an ``Asynchrone`` session; issue 17 asks that they leave
while the script goes on building the next ones. The script's own loop (``Host.loop``) only
runs while a builtin waits on it, so the sessions that queue live on this second loop, in a
daemon thread started at the first asynchronous session of a run and stopped at its end.

The script's thread never blocks on this loop directly: :meth:`Background.wait` gives a
coroutine for ``Host.run``, so a wait is still cancelled by Ctrl-C/SIGTERM like any network
wait (the cancellation reaches the coroutine here), and the script's loop keeps running
meanwhile (the ``--sandbox`` servers live there). Sending uses the network while the script
computes: the two threads share the GIL, but a sender spends its time waiting for replies.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["Background"]

T = TypeVar("T")

#: seconds the tasks left at the end may take to unwind (as ``Host`` gives its own)
UNWIND = 0.8
#: the GIL switch interval while a sender runs: a reply that arrives while the script computes
#: waits at most this long for its turn (Python's default, 5 ms, is a round trip of its own)
SWITCH = 0.0005


class Background:
    """A loop in a daemon thread; coroutines are submitted to it from the script's thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH))
        self._thread = threading.Thread(target=self._serve, name="wlmail-smtp", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Start ``coro`` on the background loop now."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def wait(self, coro: Coroutine[Any, Any, T]) -> Coroutine[Any, Any, T]:
        """Start ``coro`` there now; the returned coroutine (for ``Host.run``) waits for its
        result, and cancelling it cancels ``coro``."""
        return _waited(self.submit(coro))

    def stop(self) -> None:
        """Cancel what is left (it has :data:`UNWIND` seconds), stop the loop and the thread."""
        if self.loop.is_closed():
            return
        sys.setswitchinterval(self._switch)
        try:
            self.submit(_cancel_all()).result(UNWIND + 0.5)
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError, RuntimeError):
            pass
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(UNWIND)
            if not self._thread.is_alive():
                self.loop.close()


async def _waited(future: concurrent.futures.Future[T]) -> T:
    return await asyncio.wrap_future(future)


async def _cancel_all() -> None:
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=UNWIND)
    for task in tasks:
        if task.done() and not task.cancelled():
            task.exception()  # consumed: no "Task exception was never retrieved" at exit
    await asyncio.get_running_loop().shutdown_asyncgens()
