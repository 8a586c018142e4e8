"""Command line: ``wlmail run | check | repl`` with the exit codes of decision 9."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from wlmail import __version__
from wlmail.textsafe import escape

EXIT_USAGE = 64


class _Parser(argparse.ArgumentParser):
    """Usage errors exit with 64 (decision 9), not argparse's 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="wlmail", description="Run WLangage (WINDEV) mail scripts.")
    p.add_argument("--version", action="version", version=f"wlmail {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    run = sub.add_parser("run", help="run a script")
    run.add_argument("file", help="script file (.wl), or - for standard input")
    run.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    _network_options(run)
    run.add_argument(
        "--sandbox",
        action="store_true",
        help="run against embedded SMTP and OAuth 2.0 servers instead of the network",
    )
    run.add_argument(
        "--no-browser",
        action="store_true",
        help="OAuth: open no browser; print the address and read the one the browser "
        "ends on (or the code) pasted on this terminal",
    )
    run.add_argument(
        "--outbox",
        metavar="DIR",
        help="with --sandbox: where accepted messages are written (default ./outbox)",
    )
    check = sub.add_parser("check", help="find problems without running")
    check.add_argument("files", nargs="+", help="scripts or directories")
    check.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--summary", action="store_true", help="migration report over all files")
    tr = sub.add_parser("translate", help="rewrite a script's WLangage words in French or English")
    tr.add_argument("--to", choices=("fr", "en"), required=True, help="target language")
    tr.add_argument("file", help="script file (.wl), or - for standard input")
    tr.add_argument("-i", "--in-place", action="store_true", help="rewrite the file in place")
    exp = sub.add_parser("export", help="write a script as a Python program")
    exp.add_argument("--python", action="store_true", required=True, help="export to Python")
    exp.add_argument("file", help="script file (.wl)")
    exp.add_argument("-o", "--output", help="output file (default: standard output)")
    exp.add_argument(
        "--allow-unsupported",
        action="store_true",
        help="write constructs that cannot be exported as run-time errors",
    )
    repl = sub.add_parser("repl", help="interactive console")
    repl.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    _network_options(repl)
    return p


def _connect_to(spec: str) -> tuple[str, int, str, int]:
    """curl's HOST1:PORT1:HOST2:PORT2 (decision 21); an empty HOST1 or PORT1 matches any."""
    parts = spec.rsplit(":", 3) if spec.count(":") >= 3 else []
    if len(parts) != 4 or not parts[2] or not parts[3].isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST1:PORT1:HOST2:PORT2, got {spec!r}")
    host1, port1, host2, port2 = parts
    return host1.strip("[]").lower(), int(port1) if port1 else 0, host2.strip("[]"), int(port2)


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--connect-to",
        action="append",
        type=_connect_to,
        default=[],
        metavar="H1:P1:H2:P2",
        help="connect to H2:P2 when the script asks for H1:P1 (TLS still checks H1)",
    )
    p.add_argument("--cafile", help="extra trusted certificate authorities (PEM)")
    p.add_argument("--timeout", type=float, help="seconds to wait for any server reply")
    p.add_argument(
        "--trace", action="store_true", help="show the SMTP dialogue on stderr (secrets masked)"
    )
    p.add_argument(
        "--answer",
        type=_answer,
        metavar="non|oui|défaut",
        help="answer every question dialog (OuiNon, OKAnnuler, Confirmer) without asking: "
        "no, yes or the script's default; needed without a terminal (cron)",
    )


def _answer(text: str) -> str:
    """``--answer``: non/no, oui/yes, défaut/default (any case, accents optional) → id."""
    from wlmail.builtins.dialogs import ANSWERS
    from wlmail.catalog import fold, get_catalog

    cat = get_catalog()
    words = {
        "no": cat.constants["no"].spellings,  # Non, No
        "yes": cat.constants["yes"].spellings,  # Oui, Yes
        "default": tuple(cat.messages["answer_default"].values()),  # défaut, default
    }
    for answer in ANSWERS:
        if fold(text.strip()) in {fold(w) for w in words[answer]}:
            return answer
    raise argparse.ArgumentTypeError(cat.message("bad_answer", "en", value=text))


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # WINDEV sources are often ANSI


def main(argv: list[str] | None = None) -> int:
    """Entry point: never a Python traceback for the user (WLMAIL_DEBUG=1 shows it)."""
    try:
        code = _main(argv)
        if code in (130, 143):
            _forget_handled_interrupt()
        return code
    except BrokenPipeError:  # `wlmail check --summary | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt as exc:  # outside a script (reading it, importing…)
        from wlmail.runtime.host import Terminated

        print("wlmail: interrupted", file=sys.stderr)
        _forget_handled_interrupt()
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as err:
        if os.environ.get("WLMAIL_DEBUG"):
            raise
        print(
            f"wlmail: internal error ({type(err).__name__}: {err}); please report it "
            "(WLMAIL_DEBUG=1 shows the details)",
            file=sys.stderr,
        )
        return 70


def _forget_handled_interrupt() -> None:
    """CPython marks a KeyboardInterrupt "unhandled" when it passes through code a C extension
    runs with PyRun_String (during some imports), even if it is caught later; ``python -m``
    then ends the process by SIGINT (exit -2) instead of with our 130. It was handled: clear it.
    """
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (ImportError, AttributeError, ValueError, OSError):
        pass


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None and sys.stdin.isatty() and sys.stdout.isatty():
        args = parser.parse_args(["repl"])  # `wlmail` alone on a terminal opens the console
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "repl":
        from wlmail.repl.app import main as repl_main

        return repl_main(args)
    if args.command == "run":
        return _run(args)
    if args.command == "check":
        from wlmail.check import check_command
        from wlmail.runtime.driver import freeze_after_compile

        freeze_after_compile()

        return check_command(args.files, args.lang, args.format, _read, summary=args.summary)
    if args.command == "translate":
        from wlmail.translate import translate_command

        return translate_command(args.file, args.to, args.in_place)
    if args.command == "export":
        from wlmail.export.program import export_command

        return export_command(args.file, args.output, args.allow_unsupported, _read)
    parser.print_help()
    return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    import signal

    from wlmail.runtime.driver import freeze_after_compile, run_source
    from wlmail.runtime.host import Host, raise_terminated

    # SIGTERM stops a script the way Ctrl-C does (sessions closed, queue reported), exit 143
    signal.signal(signal.SIGTERM, raise_terminated)
    freeze_after_compile()

    try:
        text = _read(args.file)
    except OSError as err:
        print(escape(f"wlmail: {args.file}: {err.strerror}"), file=sys.stderr)
        return 66
    host = Host()
    host.options.update(
        connect_to=args.connect_to,
        cafile=args.cafile,
        timeout=args.timeout,
        trace=args.trace,
        no_browser=args.no_browser,
        answer=args.answer,
    )
    if args.outbox and not args.sandbox:
        print("wlmail: --outbox needs --sandbox", file=sys.stderr)
        return EXIT_USAGE
    if args.sandbox:
        from wlmail.sandbox.run import SandboxUnavailable, start_sandbox

        try:
            start_sandbox(host, text, outbox=args.outbox)
        except SandboxUnavailable as err:
            print(escape(f"wlmail: {err}"), file=sys.stderr)
            host.close()
            return 70
    return run_source(text, args.file, host, lang=args.lang)
