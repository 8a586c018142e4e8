"""Mail support for wlmail: MIME construction and parsing (``mime``)."""
