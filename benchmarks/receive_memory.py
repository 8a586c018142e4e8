"""Peak memory of reading one large message (issue 12: ≤ 3x the message's size):

    python benchmarks/receive_memory.py [--mib 30] [--only imap,pop3]

Delivers one message of ``--mib`` MiB (a text body and a random attachment, base64) to a private
Dovecot (tests/dovecot.py; needs Debian's dovecot, as root), then runs ``wlmail run`` in a child
process twice per protocol: a script that reads the message whole (``EmailLitPremier`` into an
``Email``) and saves its attachment with ``fSauveBuffer``, and the same script reading only the
message count (the baseline). Reports both peak RSS (VmHWM), the difference, and its ratio
to the message's size; the saved attachment is checked against the original bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import trustme  # noqa: E402
from bench import _child  # noqa: E402
from dovecot import BIND, HOST, Dovecot  # noqa: E402

MIB = 1024 * 1024
READ = """\
EmailOuvreSession{proto}("alice", "secret", "{host}", {port}, emailOptionSécuriséTLS)
m est un Email
EmailLitPremier("alice", m)
SI m.EnDehors OU ErreurDétectée ALORS
    Erreur(ErreurInfo())
FIN
Info(fSauveBuffer("{out}", m.Attache[1].Contenu))
EmailFermeSession("alice")
"""
BASELINE = """\
EmailOuvreSession{proto}("alice", "secret", "{host}", {port}, emailOptionSécuriséTLS)
Info(EmailNbMessage("alice"))
EmailFermeSession("alice")
"""


def big_message(mib: int) -> tuple[bytes, bytes]:
    """A message of about ``mib`` MiB and its attachment's bytes."""
    attachment = os.urandom(mib * MIB * 3 // 4)
    encoded = base64.encodebytes(attachment).replace(b"\n", b"\r\n")
    head = (
        b"From: bob@exemple.fr\r\nTo: alice@exemple.fr\r\nSubject: gros\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nCi-joint.\r\n--B\r\n"
        b"Content-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="a.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
    )
    return head + encoded + b"--B--\r\n", attachment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=30)
    parser.add_argument("--only", default="imap,pop3")
    opts = parser.parse_args()
    ca = trustme.CA()
    server = Dovecot(ca).start()
    work = Path(tempfile.mkdtemp(prefix="wlmail-recvmem-"))
    try:
        data, attachment = big_message(opts.mib)
        server.deliver("alice", data)
        cafile = work / "ca.pem"
        ca.cert_pem.write_to_path(cafile)
        size = len(data)
        print(f"one message of {size / MIB:.1f} MiB (attachment {len(attachment) / MIB:.1f} MiB)")
        print(f"{'protocol':<9}{'baseline':>10}{'reading':>10}{'above':>10}{'ratio':>8}")
        for proto in opts.only.split(","):
            port = server.ports[proto]
            out = work / f"{proto}.bin"
            runs = []
            for text in (BASELINE, READ):
                script = work / f"{proto}.wl"
                script.write_text(
                    text.format(proto=proto.upper(), host=HOST, port=port, out=out),
                    encoding="utf-8",
                )
                plain = f"{HOST}:{port}:{BIND}:{port}"
                cmd = [sys.executable, "-m", "wlmail", "run", "--cafile", str(cafile)]
                runs.append(_child([*cmd, "--connect-to", plain, str(script)])[1])
            saved = hashlib.sha256(out.read_bytes()).digest()
            if saved != hashlib.sha256(attachment).digest():
                raise SystemExit(f"{proto}: the saved attachment differs from the original")
            base, peak = runs
            above = (peak - base) * 1024
            print(
                f"{proto.upper():<9}{base / 1024:>9.0f}M{peak / 1024:>9.0f}M"
                f"{above / MIB:>9.0f}M{above / size:>7.2f}x"
            )
    finally:
        server.stop()
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
