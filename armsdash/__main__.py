"""``python -m armsdash``: the command line."""

from armsdash.cli.commands import main

raise SystemExit(main())
