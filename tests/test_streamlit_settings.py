"""The project's .streamlit/config.toml reaches the server that `make run` starts from the repository's root.

Streamlit's forced garbage collection after every script run cost ~100 ms of every filter change
(docs/benchmarks.md, "Interaction"). Streamlit ignores a misspelt key or a file in the wrong place
without a word, so this checks what Streamlit itself reads.
"""

import subprocess
import sys

from tests.live_server import ROOT

READ_SETTING = (
    "from streamlit import config\n"
    "config.get_config_options(force_reparse=True)\n"
    "print(config.get_option('runner.postScriptGC'))\n"
)


def post_script_gc(cwd) -> str:
    """runner.postScriptGC as a Streamlit started in ``cwd`` reads it."""
    done = subprocess.run([sys.executable, "-c", READ_SETTING], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_the_server_started_from_the_repository_skips_the_forced_collection():
    assert post_script_gc(ROOT) == "False"


def test_streamlits_own_default_forces_it(tmp_path):
    """The setting comes from the project's file: elsewhere Streamlit's default (a collection per run) applies."""
    assert post_script_gc(tmp_path) == "True"
