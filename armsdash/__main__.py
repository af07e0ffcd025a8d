"""``python -m armsdash``: the command line."""

from armsdash.cli import main

raise SystemExit(main())
