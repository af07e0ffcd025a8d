"""The editor role: who may upload and undo. No Streamlit here: pages pass ``st.secrets`` in.

The password comes from the environment variable ``ARMSDASH_EDITOR_PASSWORD`` or from
``[editor] password = "..."`` in ``.streamlit/secrets.toml`` (the environment wins).
There is no default: with neither set, uploads are disabled. Organisations with an
identity provider may configure ``[auth]`` in secrets for Streamlit's ``st.login``
(OIDC, through the Authlib package) and list editors' e-mail addresses in
``[editor] emails = [...]``; the password keeps working offline beside it.
"""

from __future__ import annotations

import hmac
import importlib.util
import os
import threading
from collections.abc import Mapping

ENV_VAR = "ARMSDASH_EDITOR_PASSWORD"
HOW_TO_ENABLE = (
    "Uploads are disabled because no editor password is configured. To enable them, set the "
    f"environment variable {ENV_VAR} before starting the dashboard, or add\n\n"
    "    [editor]\n    password = \"a long passphrase\"\n\n"
    "to .streamlit/secrets.toml (keep that file out of version control)."
)


def editor_password(secrets: Mapping | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The configured editor password, or None when uploads are disabled."""
    env = os.environ if env is None else env
    from_env = env.get(ENV_VAR, "")
    if from_env:
        return from_env
    try:
        section = (secrets or {}).get("editor") or {}
        value = section.get("password") if hasattr(section, "get") else None
    except Exception:  # noqa: BLE001 - st.secrets raises when there is no secrets file
        value = None
    return str(value) if value else None


def uploads_enabled(secrets: Mapping | None = None, env: Mapping[str, str] | None = None) -> bool:
    """True when an editor password is configured."""
    return editor_password(secrets, env) is not None


def check_password(given: str, secrets: Mapping | None = None, env: Mapping[str, str] | None = None) -> bool:
    """True when ``given`` is the editor password (compared in constant time); always False when none is set."""
    expected = editor_password(secrets, env)
    if not expected or not given:
        return False
    return hmac.compare_digest(str(given).encode("utf-8"), expected.encode("utf-8"))


def oidc_editor(email: str | None, secrets: Mapping | None = None) -> bool:
    """True when ``email`` (of a user logged in through ``st.login``) is listed in ``[editor] emails``.

    No list, no OIDC editors: logging in with the organisation's provider proves who someone
    is, not that they may change the data.
    """
    try:
        section = (secrets or {}).get("editor") or {}
        allowed = section.get("emails") if hasattr(section, "get") else None
    except Exception:  # noqa: BLE001 - no secrets file
        allowed = None
    if not email or not allowed:
        return False
    return str(email).strip().lower() in {str(a).strip().lower() for a in allowed}


def oidc_available(secrets: Mapping | None = None) -> bool:
    """True when ``[auth]`` is configured in secrets and Authlib (needed by ``st.login``) is installed."""
    try:
        configured = bool((secrets or {}).get("auth"))
    except Exception:  # noqa: BLE001 - no secrets file
        configured = False
    return configured and importlib.util.find_spec("authlib") is not None


class Throttle:
    """Failed editor logins per key (a session, a network address), and how long further attempts are refused.

    The first ``free`` failures cost nothing; each later one refuses every attempt for a window that
    doubles (``first_lockout`` seconds, then twice that, ...) up to ``longest``. Nothing sleeps: a refused
    attempt is answered at once, without checking the password. A success clears the key. Kept in the
    process (not in a Streamlit cache, which any viewer can clear).
    """

    def __init__(self, free: int = 5, first_lockout: float = 30.0, longest: float = 3600.0, keep: int = 10_000):
        self.free, self.first_lockout, self.longest, self.keep = free, first_lockout, longest, keep
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, refused until)
        self._lock = threading.Lock()

    def wait(self, keys: list[str], now: float) -> float:
        """Seconds until any of ``keys`` may try again (0: now)."""
        with self._lock:
            return max([self._failures.get(k, (0, 0.0))[1] - now for k in keys] + [0.0])

    def failed(self, keys: list[str], now: float) -> tuple[int, float]:
        """Record a failed attempt for each of ``keys``; return (the most failures of any key, seconds refused)."""
        worst, refused = 0, 0.0
        with self._lock:
            if len(self._failures) > self.keep:  # forget keys whose window ended long ago
                self._failures = {k: v for k, v in self._failures.items() if v[1] > now - self.longest}
            for key in keys:
                count = self._failures.get(key, (0, 0.0))[0] + 1
                window = 0.0 if count <= self.free else min(self.first_lockout * 2 ** (count - self.free - 1),
                                                             self.longest)
                self._failures[key] = (count, now + window)
                worst, refused = max(worst, count), max(refused, window)
        return worst, refused

    def succeeded(self, keys: list[str]) -> None:
        """Forget the failures of ``keys`` (a correct password)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


LOGINS = Throttle()
