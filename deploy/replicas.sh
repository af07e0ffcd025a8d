#!/bin/sh
# N dashboard replicas on the shared store (ARMSDASH_STORE) behind nginx, in the foreground; Ctrl-C stops them all.
#   deploy/replicas.sh --replicas 2 --listen 8080      (the options: deploy/replicas.sh --help)
# The work is done by armsdash/cli/replicas.py (`make team` runs it too); this only finds the project's virtualenv.
cd "$(dirname "$0")/.." || exit 1
if [ ! -x .venv/bin/python ]; then
    echo "error: .venv is missing: run \`make team\` (or \`make run\`) once to set it up" >&2
    exit 1
fi
exec .venv/bin/python -m armsdash.cli.replicas "$@"
