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
