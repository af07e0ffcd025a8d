#!/bin/sh
# N dashboard replicas on the shared store (ARMSDASH_STORE) behind nginx, in the foreground; Ctrl-C stops them all.
#   deploy/replicas.sh --replicas 2 --listen 8080      (the options: deploy/replicas.sh --help)
# The work is done by armsdash/cli/replicas.py; this only finds the project's virtualenv.
cd "$(dirname "$0")/.." || exit 1
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
exec "$PY" -m armsdash.cli.replicas "$@"
