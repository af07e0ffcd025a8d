"""The server launcher (armsdash.web.serve): Streamlit's settings given as environment variables still apply, as they
did under ``streamlit run``."""

from __future__ import annotations

import subprocess
import sys

from armsdash import config


def test_streamlit_settings_from_the_environment_override_the_config_file():
    code = ("from armsdash.web import serve; serve._apply_streamlit_environment(); "
            "from streamlit import config; print(config.get_option('server.maxUploadSize'), "
            "config.get_option('client.toolbarMode'), config.get_option('runner.postScriptGC'))")
    env = {"PATH": "/usr/bin:/bin", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "3", "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}
    done = subprocess.run([sys.executable, "-c", code], cwd=config.REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["3", "viewer", "True"], done.stderr  # toolbarMode from .streamlit/config.toml


def test_a_missing_script_is_one_line_and_exit_code_2():
    done = subprocess.run([sys.executable, "-m", "armsdash.web.serve", "no_such_app.py"], cwd=config.REPO_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.strip() == "No such script: no_such_app.py"
