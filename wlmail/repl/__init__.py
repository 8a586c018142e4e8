"""The interactive console (``wlmail repl``): prompt_toolkit session, lexer, completer, validator.

Nothing is imported here on purpose: prompt_toolkit and Pygments are loaded only when the REPL
starts (``wlmail.repl.app.main``), never by ``wlmail run``.
"""
