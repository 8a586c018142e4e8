"""``wlmail lsp``, the language server: server.py (protocol wiring, pygls), features.py and
edits.py (the answers), analysis.py and parts.py (``wlmail check``'s compiler, incremental by
procedure), workspace.py (documents and the project seam), textmate.py (the VS Code grammar)."""
