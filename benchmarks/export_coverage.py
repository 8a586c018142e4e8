"""How much of the samples and of the runnable ``tests/wl`` cases ``export --python`` writes.

    python benchmarks/export_coverage.py [--lint]

Prints, for the samples and for the cases: scripts exported / total, lines of Python per line
of WLangage, calls into the helper module per 100 lines of Python (mail samples apart), and
the most frequent reasons a script is not exported. With ``--lint``, every exported program
and its helper module are written to a temporary folder per group and checked by one
``ruff check`` (rules E,F,W,I,UP,B), one ``ruff format --check`` and one ``mypy`` (the
project's strict settings): the findings are counted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from wl_cases import load_cases  # noqa: E402

from wlmail.errors import WLSyntaxError  # noqa: E402
from wlmail.export.program import ExportError, export_python  # noqa: E402


def code_lines(text: str, comment: str) -> int:
    return sum(
        1 for line in text.splitlines() if line.strip() and not line.strip().startswith(comment)
    )


def lint(folder: Path) -> str:
    """One ruff check, one ruff format --check and one mypy over the programs in ``folder``."""
    tools = Path(sys.executable).parent
    ruff, mypy = shutil.which("ruff", path=str(tools)), shutil.which("mypy", path=str(tools))
    if ruff is None or mypy is None:
        return "ruff or mypy not installed"
    rules = ["--isolated", "--select", "E,F,W,I,UP,B", "--ignore", "E501", "--output-format"]
    checked = subprocess.run(
        [ruff, "check", *rules, "concise", str(folder)], capture_output=True, text=True
    )
    ruff_found = len(re.findall(r"^\S+:\d+:\d+: ", checked.stdout, re.M))
    form = subprocess.run(
        [ruff, "format", "--isolated", "--check", str(folder)], capture_output=True, text=True
    )
    unformatted = len(re.findall(r"^Would reformat", form.stdout + form.stderr, re.M))
    typed = subprocess.run(
        [mypy, "--strict", "--no-incremental", "--ignore-missing-imports", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    mypy_found = len(re.findall(r": error: ", typed.stdout))
    if "-v" in sys.argv[1:]:
        print(checked.stdout + typed.stdout)
    return f"ruff {ruff_found}, ruff format {unformatted}, mypy --strict {mypy_found}"


def measure(label: str, scripts: list[tuple[str, str]], check: bool = False) -> None:
    done = wl_lines = py_lines = helper_calls = 0
    reasons: Counter[str] = Counter()
    folder = Path(tempfile.mkdtemp(prefix="export-lint-"))
    for i, (name, text) in enumerate(scripts):
        module = f"{Path(name).stem.replace('-', '_')}_{i}"
        try:
            result = export_python(text, name, output=f"{module}.py")
        except ExportError as err:
            reasons.update({p.message.split("'")[0].strip() for p in err.problems})
            continue
        except WLSyntaxError:
            reasons["syntax error"] += 1
            continue
        done += 1
        (folder / f"{module}.py").write_text(result.source, encoding="utf-8")
        if result.helpers:
            (folder / f"{result.helper_name}.py").write_text(result.helpers, encoding="utf-8")
        wl_lines += code_lines(text, "//")
        py_lines += code_lines(result.source, "#")
        helper_calls += result.helper_calls
    print(f"{label}: {done} / {len(scripts)} exported")
    if done:
        print(f"  lines of Python per line of WLangage: {py_lines / wl_lines:.2f}")
        print(f"  helper calls per 100 lines of Python: {100 * helper_calls / py_lines:.1f}")
        if check:
            print(f"  findings: {lint(folder)}")
    shutil.rmtree(folder, ignore_errors=True)
    for reason, count in reasons.most_common(12):
        print(f"  not exported ({count}): {reason}")


def main() -> None:
    check = "--lint" in sys.argv[1:]
    samples = sorted((ROOT / "samples").glob("*.wl"))
    measure("samples", [(p.name, p.read_text(encoding="utf-8")) for p in samples], check)
    mail = [p for p in samples if p.name.startswith("mail-")]
    measure("mail samples", [(p.name, p.read_text(encoding="utf-8")) for p in mail], check)
    # reading mail: the receive samples and the receive documentation examples
    receive = [p for p in samples if p.name.startswith("receive-")]
    receive += sorted((ROOT / "tests" / "doc_examples" / "receive").glob("*.wl"))
    measure(
        "receive samples and doc examples",
        [(p.name, p.read_text("utf-8")) for p in receive],
        check,
    )
    cases = []
    for path in sorted((ROOT / "tests" / "wl").glob("*.wl")):
        for case in load_cases(path):
            if not case.error_regex and not case.exit_code and not case.answer:
                cases.append((f"{path.stem}.wl", case.source))
    measure("runnable tests/wl cases", cases, check)
    projects()


def projects() -> None:
    """The project folders of samples/ (samples/project-fr), each exported as a package."""
    from wlmail.export.project import HELPERS, export_project
    from wlmail.project import load_project

    folders = sorted(p for p in (ROOT / "samples").iterdir() if p.is_dir())
    helpers = f"{HELPERS}.py"  # the helper module apart, as for the scripts
    done, wl_lines, py_lines, reasons = 0, 0, 0, Counter[str]()
    for folder in folders:
        project = load_project([str(folder)], lambda f: Path(f).read_text(encoding="utf-8"))
        modules, problems = export_project(project, allow=False)
        reasons.update(p.message for p in problems)
        if not problems:
            done += 1
            wl_lines += sum(code_lines(f.text, "//") for f in project.files)
            py_lines += sum(code_lines(t, "#") for m, t in modules.items() if m != helpers)
    print(f"project samples: {done} / {len(folders)} exported")
    if wl_lines:
        print(f"  lines of Python per line of WLangage: {py_lines / wl_lines:.2f}")
    for reason, count in reasons.most_common(8):
        print(f"  not exported ({count}): {reason}")


if __name__ == "__main__":
    main()
