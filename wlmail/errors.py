"""One root for every error wlmail reports; each carries a position when it has one."""

from __future__ import annotations

from wlmail.source import caret_block
from wlmail.textsafe import escape


class WLError(Exception):
    """Root of wlmail's errors."""

    def __init__(
        self, message: str, filename: str = "", line: int = 0, column: int = 0, code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.code = code

    def where(self) -> str:
        if self.line:
            return f"{self.filename}:{self.line}:{self.column}"
        return self.filename

    def render(self, text: str | None = None, severity: str = "error") -> str:
        """``file:line:col: error: message`` followed by the line and a caret; the file name and
        the message may quote outside text: shown escaped (textsafe), like the line."""
        where, message = escape(self.where()), escape(self.message)
        head = f"{where}: {severity}: {message}" if where else message
        if text is not None and self.line:
            block = caret_block(text, self.line, self.column)
            if block:
                return f"{head}\n{block}"
        return head


class WLSyntaxError(WLError):
    """The text is not valid WLangage."""


class WLIncompleteInput(WLSyntaxError):
    """The text ends inside a block or an expression (the REPL asks for more)."""


class WLRuntimeError(WLError):
    """A fatal WLangage error (an exception in WLangage terms), catchable by QUAND EXCEPTION."""

    def __init__(
        self,
        message: str,
        filename: str = "",
        line: int = 0,
        column: int = 0,
        code: str = "",
        number: int = 0,
    ) -> None:
        super().__init__(message, filename, line, column, code)
        self.number = number


class WLProgramEnd(SystemExit):
    """``FinProgramme``: the script ends here, as at its normal end (not an error, so no
    ``QUAND EXCEPTION`` catches it); ``code`` is the exit code."""
