"""``python -m wlmail``."""

from wlmail.cli import main

raise SystemExit(main())
