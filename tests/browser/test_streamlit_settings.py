"""Streamlit, started from the repository's root as `make run` does, reads the project's .streamlit/config.toml.

Streamlit's forced garbage collection after every script run cost ~100 ms of every filter change
(docs/benchmarks.md, "Interaction"); the project's config file turns it off. Streamlit ignores a
misspelt key or a file in the wrong place without a word, so this checks what Streamlit itself reads.
"""

import os
import subprocess
import sys

from tests.support.live_server import ROOT

READ_SETTING = (
    "from streamlit import config\n"
    "config.get_config_options(force_reparse=True)\n"
    "print(config.get_option('runner.postScriptGC'))\n"
)


def post_script_gc(cwd, home) -> str:
    """runner.postScriptGC as Streamlit's config reads it in ``cwd``, with ``home`` as the user's home.

    No global config.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")} | {"HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", READ_SETTING], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_the_config_read_from_the_repository_skips_the_forced_collection(tmp_path):
    assert post_script_gc(ROOT, tmp_path) == "False"


def test_streamlits_own_default_forces_it(tmp_path):
    """The setting comes from the project's file: elsewhere Streamlit's default (a collection per run) applies."""
    (tmp_path / "elsewhere").mkdir()
    assert post_script_gc(tmp_path / "elsewhere", tmp_path) == "True"
