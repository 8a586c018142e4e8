"""The running program: ``ExeInfo`` and ``FinProgramme``/``EndProgram``.

The "executable" of a script is the script: ``ExeInfo(exeNom)`` is its path and
``ExeInfo(exeRépertoire)`` its directory (as ``fRepExe``); the version resources of a Windows
.exe do not exist, so every other keyword gives "" as the documentation says for "no
information".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.files import _SCRIPT_NAMES, f_exe_dir
from wlmail.runtime.host import ProgramExit
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault, to_int, to_str


@builtin("exe_info")
def exe_info(rt: Runtime, keyword: Any, executable: Any = None) -> str:
    key = to_str(keyword)
    if executable is not None and to_str(executable):
        return ""  # another program's version resources: none here
    if key == rt.catalog.constants["exe_directory"].value:
        return str(f_exe_dir(rt))
    if key == rt.catalog.constants["exe_name"].value:
        name = rt.filename
        if name in _SCRIPT_NAMES or name.startswith("<"):
            return os.path.join(os.getcwd(), name or "-")
        return str(Path(name).resolve())
    return ""


@builtin("end_program")
def end_program(rt: Runtime, code: Any = None) -> None:
    status = 0 if code is None else to_int(code)
    if not 0 <= status <= 255:
        raise WLFault("exit_code_range", value=status)
    raise ProgramExit(status)  # sessions closed, then the process exits with it
