"""Command line: ``wlmail run | check | repl`` with the exit codes of decision 9."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wlmail import __version__

EXIT_USAGE = 64


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wlmail", description="Run WLangage (WINDEV) mail scripts.")
    p.add_argument("--version", action="version", version=f"wlmail {__version__}")
    sub = p.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run a script")
    run.add_argument("file", help="script file (.wl), or - for standard input")
    run.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    check = sub.add_parser("check", help="find problems without running")
    check.add_argument("files", nargs="+", help="scripts or directories")
    check.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # WINDEV sources are often ANSI


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "run":
        return _run(args)
    if args.command == "check":
        from wlmail.check import check_command

        return check_command(args.files, args.lang, args.format, _read)
    parser.print_help()
    return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    from wlmail.runtime.driver import run_source

    try:
        text = _read(args.file)
    except OSError as err:
        print(f"wlmail: {args.file}: {err.strerror}", file=sys.stderr)
        return 66
    return run_source(text, args.file, lang=args.lang)
