"""Peak memory of big attachments: sending (external server, --sandbox) and EmailConstruitSource.

    python benchmarks/attachments.py [--sizes 20,50] [--only external,sandbox,source]

For each attachment size (MiB of random bytes), runs ``wlmail run`` in a child process twice: the
script with the attachment and the same script without it (the baseline), and reports the child's
peak RSS (VmHWM) of both, the difference and its ratio to the attachment's size. The attachment
itself is loaded into memory by ``EmailChargeFichierAttaché``, so 1.0x is the floor.

* external: an aiosmtpd server in this benchmark's process (another process than wlmail's),
  accepting any size; it checks that the attachment it received decodes to the file's bytes.
* sandbox: ``wlmail run --sandbox`` (the SMTP server in wlmail's own process, writing the .eml).
* source: ``EmailConstruitSource`` only (the Source text is 1.35x the attachment by itself).

Target (issue 15): sending ≤ 2.5x above the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import _child

MIB = 1024 * 1024
SEND_WL = """\
m est un Email
m.Expéditeur = "alice@exemple.fr"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "Pièce jointe"
m.Message = "Ci-joint le fichier."
{attach}
s est un emailSessionSMTP
s.AdresseServeur = "smtp.bench.test"
SI PAS EmailOuvreSession(s) ALORS
	Erreur(ErreurInfo())
	RETOUR
FIN
SI PAS EmailEnvoieMessage(s, m) ALORS Erreur(ErreurInfo())
EmailFermeSession(s)
"""
SOURCE_WL = """\
m est un Email
m.Expéditeur = "alice@exemple.fr"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "Pièce jointe"
m.Message = "Ci-joint le fichier."
{attach}
SI PAS EmailConstruitSource(m) ALORS Erreur(ErreurInfo())
Info(Taille(m.Source))
"""
ATTACH = 'SI PAS EmailChargeFichierAttaché(m, "{path}") ALORS Erreur(ErreurInfo())'


class Sink:
    """aiosmtpd on 127.0.0.1 in a thread of this process, any size, checking each attachment."""

    def __init__(self) -> None:
        self.received: list[tuple[int, str]] = []  # (bytes of DATA, sha256 of the attachment)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _start(self) -> Any:
        from aiosmtpd.smtp import SMTP

        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                raw = envelope.original_content
                msg = message_from_bytes(raw, policy=policy.default)
                digest = ""
                for part in msg.iter_attachments():
                    payload = part.get_payload()
                    digest = hashlib.sha256(base64.b64decode(payload)).hexdigest()
                sink.received.append((len(raw), digest))
                return "250 OK"

        loop = asyncio.get_running_loop()
        return await loop.create_server(
            lambda: SMTP(Handler(), hostname="sink.local", data_size_limit=None),
            "127.0.0.1",
            0,
        )

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _run(cmd: list[str]) -> tuple[float, float]:
    took, peak_kib = _child(cmd)
    return took, peak_kib / 1024


def _script(tmp: Path, name: str, template: str, attachment: Path | None) -> Path:
    attach = ATTACH.format(path=attachment) if attachment is not None else ""
    path = tmp / name
    path.write_text(template.format(attach=attach), encoding="utf-8")
    return path


def measure(case: str, size_mib: int, tmp: Path, sink: Sink | None) -> list[str]:
    data = os.urandom(size_mib * MIB)
    attachment = tmp / f"piece-{size_mib}.bin"
    attachment.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    del data
    wlmail = [sys.executable, "-m", "wlmail", "run"]
    if case == "external":
        assert sink is not None
        wlmail += ["--connect-to", f"smtp.bench.test:25:127.0.0.1:{sink.port}"]
    elif case == "sandbox":
        wlmail += ["--sandbox", "--outbox", str(tmp / "outbox")]
    template = SOURCE_WL if case == "source" else SEND_WL
    with_it = _script(tmp, f"{case}-{size_mib}.wl", template, attachment)
    without = _script(tmp, f"{case}-base.wl", template, None)
    before = len(sink.received) if sink is not None else 0
    _, base = _run([*wlmail, str(without)])
    emls = set((tmp / "outbox").glob("*.eml"))
    took, peak = _run([*wlmail, str(with_it)])
    note = f"{took:.1f} s"
    if sink is not None:
        got = sink.received[before + 1 :]
        ok = len(got) == 1 and got[0][1] == digest
        note += f", server got it {'intact' if ok else 'WRONG'}"
    elif case == "sandbox":
        new = set((tmp / "outbox").glob("*.eml")) - emls
        size = sum(p.stat().st_size for p in new) / MIB
        note += f", .eml of {size:.1f} MiB" if size > size_mib else ", NOT accepted"
    above = peak - base
    return [
        case,
        f"{size_mib} MiB",
        f"{peak:.1f} MiB",
        f"{base:.1f} MiB",
        f"{above:.1f} MiB",
        f"{above / size_mib:.2f}x",
        "<= 2.5x" if case != "source" else "< 3x",
        note,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50", help="attachment sizes in MiB")
    parser.add_argument("--only", default="external,sandbox,source")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = args.only.split(",")
    rows: list[list[str]] = []
    started = time.perf_counter()
    sink = Sink() if "external" in cases else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for case in cases:
                for size in sizes:
                    rows.append(
                        measure(case, size, Path(tmp), sink if case == "external" else None)
                    )
    finally:
        if sink is not None:
            sink.close()
    print("| case | attachment | peak RSS | baseline | above baseline | ratio | target | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
