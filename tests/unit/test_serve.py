"""The server launcher (armsdash.web.serve): a bad argument is one line, no traceback."""

from __future__ import annotations

import subprocess
import sys

from armsdash import config


def test_a_missing_script_is_one_line_and_exit_code_2():
    done = subprocess.run([sys.executable, "-m", "armsdash.web.serve", "no_such_app.py"], cwd=config.REPO_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.strip() == "No such script: no_such_app.py"
