"""Command line: ``wlmail run | check | repl`` with the exit codes of decision 9."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from wlmail import __version__
from wlmail.textsafe import escape

if TYPE_CHECKING:
    from wlmail.errors import WLError
    from wlmail.project import Project

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
    run.add_argument(
        "files",
        nargs="+",
        metavar="file",
        help="script file (.wl), - for standard input, or the files/folder of a project",
    )
    run.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    _main_option(run)
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
    run.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when the script displays Erreur()/Error() or leaves a failed call "
        "(Faux + ErreurInfo) unexamined: for cron and CI",
    )
    check = sub.add_parser(
        "check",
        help="find problems without running",
        description="Report syntax errors, unknown names, wrong types and unsupported functions "
        "without running anything. Settings: wlmail.toml, or [tool.wlmail] in pyproject.toml.",
    )
    check.add_argument("files", nargs="+", help="scripts or directories")
    check.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    _check_options(check)
    check.add_argument("--summary", action="store_true", help="migration report over all files")
    for p_ in (run, check):
        p_.add_argument(
            "--configuration",
            metavar="NAME",
            help='what <COMPILE SI Configuration = …> tests (default "Exécutable Windows")',
        )
    _main_option(check)
    tr = sub.add_parser("translate", help="rewrite a script's WLangage words in French or English")
    tr.add_argument("--to", choices=("fr", "en"), required=True, help="target language")
    tr.add_argument(
        "files",
        nargs="+",
        metavar="file",
        help="script file (.wl), - for standard input, or the files/folder of a project (-i)",
    )
    tr.add_argument("-i", "--in-place", action="store_true", help="rewrite the file in place")
    tr.add_argument(
        "--keep-spelling",
        action="store_true",
        help="keep the script's spelling of words already in the target language "
        "(default: every WLangage word in its canonical spelling)",
    )
    exp = sub.add_parser("export", help="write a script as a Python program")
    exp.add_argument("--python", action="store_true", required=True, help="export to Python")
    exp.add_argument("files", nargs="+", metavar="file", help="script file (.wl)")
    exp.add_argument("-o", "--output", help="output file (default: standard output)")
    exp.add_argument(
        "--allow-unsupported",
        action="store_true",
        help="write constructs that cannot be exported as run-time errors",
    )
    exp.add_argument(
        "--pep8-names",
        action="store_true",
        help="write the script's variables and procedures in snake_case, its constants in "
        "UPPER_CASE (classes keep their names)",
    )
    exp.add_argument(
        "--configuration",
        metavar="NAME",
        help="what <COMPILE SI Configuration = …> tests: the code exported is that configuration's",
    )
    _sandbox_parser(sub)
    repl = sub.add_parser("repl", help="interactive console")
    repl.add_argument("--lang", choices=("fr", "en"), help="language of messages")
    _network_options(repl)
    _sandbox_options(repl)
    sub.add_parser("lsp", help="language server for editors (LSP over stdio)")
    return p


def _check_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif"),
        help="text (default: source line and caret, colour on a terminal unless NO_COLOR), "
        "json, github (pull-request annotations) or sarif (code scanning)",
    )
    codes = "CODE[,CODE…]"
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar=codes,
        help="report only these codes or code prefixes (e.g. property, unknown_name; ALL)",
    )
    p.add_argument(
        "--ignore", action="append", default=[], metavar=codes, help="do not report these codes"
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    p.add_argument("--statistics", action="store_true", help="count the problems by code")


def _check(args: argparse.Namespace) -> int:
    from wlmail.check import check_command
    from wlmail.check_output import CheckOptions, SettingsError, load_settings, wants_color
    from wlmail.runtime.driver import freeze_after_compile

    try:
        settings, _ = load_settings()
    except SettingsError as err:
        print(escape(f"wlmail: {err}"), file=sys.stderr)
        return EXIT_USAGE

    def codes(values: list[str]) -> list[str]:
        return [c.strip() for v in values for c in v.split(",") if c.strip()]

    options = CheckOptions(
        fmt=args.format or settings.get("format", "text"),
        select=codes([*settings.get("select", []), *args.select]),
        ignore=codes([*settings.get("ignore", []), *args.ignore]),
        exit_zero=args.exit_zero or bool(settings.get("exit-zero", False)),
        statistics=args.statistics or bool(settings.get("statistics", False)),
        color=wants_color(sys.stdout),
    )
    freeze_after_compile()
    lang = args.lang or settings.get("lang")
    return check_command(
        args.files, lang, options.fmt, _read, summary=args.summary, options=options
    )


def _sandbox_options(p: argparse.ArgumentParser) -> None:
    """``--sandbox``/``--outbox``/``--no-browser`` for ``repl`` (``run`` has its own)."""
    p.add_argument(
        "--sandbox",
        action="store_true",
        help="send to embedded SMTP, POP3, IMAP and OAuth 2.0 servers instead of the network",
    )
    p.add_argument(
        "--outbox",
        metavar="DIR",
        help="with --sandbox: where accepted messages are written (default ./outbox)",
    )
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="OAuth: open no browser; paste the address the browser ends on",
    )


def _sandbox_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    box = sub.add_parser(
        "sandbox",
        help="run the embedded SMTP, POP3, IMAP and OAuth 2.0 servers until Ctrl-C",
        description="Start the servers of `run --sandbox` on 127.0.0.1 and print their "
        "addresses, the CA file and the `wlmail run` options that use them.",
    )
    box.add_argument(
        "scripts",
        nargs="*",
        metavar="SCRIPT",
        help="scripts whose host names the certificate names",
    )
    box.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="NAME",
        help="another host name for the certificate (repeatable; localhost is always there)",
    )
    box.add_argument(
        "--outbox", metavar="DIR", help="where accepted messages are written (default ./outbox)"
    )
    box.add_argument(
        "--for", dest="duration", type=float, metavar="SECONDS", help="stop after SECONDS"
    )


def _connect_to(spec: str) -> tuple[str, int, str, int]:
    """curl's HOST1:PORT1:HOST2:PORT2 (decision 21); an empty HOST1 or PORT1 matches any."""
    parts = spec.rsplit(":", 3) if spec.count(":") >= 3 else []
    if len(parts) != 4 or not parts[2] or not parts[3].isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST1:PORT1:HOST2:PORT2, got {spec!r}")
    host1, port1, host2, port2 = parts
    return host1.strip("[]").lower(), int(port1) if port1 else 0, host2.strip("[]"), int(port2)


def _main_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--main",
        metavar="FILE",
        help="project: the file whose top-level code is the program (by default the only "
        "file whose top level does more than declare)",
    )


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
    if getattr(args, "configuration", None):
        from wlmail.syntax.directives import set_configuration

        set_configuration(args.configuration)
    if args.command == "repl":
        from wlmail.repl.app import main as repl_main

        if args.outbox and not args.sandbox:
            print("wlmail: --outbox needs --sandbox", file=sys.stderr)
            return EXIT_USAGE

        return repl_main(args)
    if args.command == "run":
        return _run(args)
    if args.command == "check":
        return _check(args)
    if args.command == "sandbox":
        from wlmail.sandbox.standalone import sandbox_command

        return sandbox_command(args.host, args.scripts, args.outbox, args.duration, _read)
    if args.command == "translate":
        return _translate(args)
    if args.command == "export":
        from wlmail.export.program import export_command
        from wlmail.export.project import export_project_command
        from wlmail.project import project_files

        names = project_files(args.files)
        if len(names) > 1:  # a project: a folder of modules
            return export_project_command(
                args.files, args.output, args.allow_unsupported, _read, args.pep8_names
            )
        return export_command(names[0], args.output, args.allow_unsupported, _read, args.pep8_names)
    if args.command == "lsp":
        from wlmail.lsp.server import main as lsp_main

        return lsp_main()
    parser.print_help()
    return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    import signal

    from wlmail.runtime.driver import freeze_after_compile, run_source
    from wlmail.runtime.host import Host, raise_terminated

    # SIGTERM stops a script the way Ctrl-C does (sessions closed, queue reported), exit 143
    signal.signal(signal.SIGTERM, raise_terminated)
    freeze_after_compile()

    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    project = loaded
    text = project.files[0].text
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
            from wlmail.project import settings_values

            # host names are found in the scripts' strings and in the project's .ini values
            quoted = [f'"{v}"' for v in settings_values(project)]
            scanned = "\n".join([*project.texts.values(), *quoted])
            start_sandbox(host, scanned, outbox=args.outbox)
        except SandboxUnavailable as err:
            print(escape(f"wlmail: {err}"), file=sys.stderr)
            host.close()
            return 70
    name = "<stdin>" if project.files[0].path == "-" else project.files[0].path
    return run_source(text, name, host, lang=args.lang, strict=args.strict, project=project)


def _translate(args: argparse.Namespace) -> int:
    """One file to standard output (or in place); the files of a project, each in place."""
    from wlmail.project import project_files
    from wlmail.translate_cli import translate_command

    names = project_files(args.files)
    if len(names) > 1 and not args.in_place:
        print(
            "wlmail: translate: several files (a project) are rewritten in place only: add -i",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return max(
        translate_command(name, args.to, args.in_place, args.keep_spelling) for name in names
    )


def _load(args: argparse.Namespace) -> Project | int:
    """The project ``wlmail run`` runs (one file and what it includes, or several), or the
    exit code after saying why it cannot run: 66 unreadable, 65 syntax error, 64 no main."""
    from wlmail.errors import WLSyntaxError
    from wlmail.project import ProjectError, load_project, main_candidates

    try:
        project = load_project(args.files, _read, main=args.main, lang=args.lang)
    except ProjectError as err:
        print(escape(f"wlmail: {err}"), file=sys.stderr)
        return err.exit_code
    except WLSyntaxError as err:  # an EXTERNE naming a missing file
        return _syntax_exit(args, err, _text_of(err.filename))
    if project.errors:
        first = project.errors[0]
        return _syntax_exit(args, first, project.texts.get(first.filename, ""))
    if project.main is None and len([f for f in project.files if not f.included]) > 1:
        from wlmail.catalog import get_catalog

        mains = main_candidates(project)
        lang = args.lang or project.lang
        msg_id = "project_several_mains" if mains else "project_no_main"
        message = get_catalog().message(msg_id, lang, files=", ".join(mains))
        print(escape(f"wlmail: {message}"), file=sys.stderr)
        return EXIT_USAGE
    return project


def _syntax_exit(args: argparse.Namespace, err: WLError, text: str) -> int:
    print(err.render(text, "erreur" if _lang(args, text) == "fr" else "error"), file=sys.stderr)
    return 65


def _text_of(path: str) -> str:
    try:
        return _read(path)
    except OSError:
        return ""


def _lang(args: argparse.Namespace, text: str) -> str:
    from wlmail.syntax.lexer import detect_lang

    return str(args.lang or detect_lang(text))
