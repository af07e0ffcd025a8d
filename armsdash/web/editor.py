"""The Update page's editor blocks: the login gate, template downloads, and the end of a write."""

from __future__ import annotations

import logging
import math
import time
import uuid

import streamlit as st

from armsdash.contracts import CONTRACTS
from armsdash.ingest import templates
from armsdash.web import auth, cache

_LOG = logging.getLogger("armsdash.editor_login")
if not _LOG.handlers:  # the server's log (stderr), with the time, as Streamlit writes its own lines
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _LOG.addHandler(_handler)
    _LOG.setLevel(logging.INFO)


def editor_gate() -> bool:
    """Show the editor login and return True when this session may write.

    The password (``ARMSDASH_EDITOR_PASSWORD`` or ``[editor] password``) always works, offline too;
    where ``[auth]`` is configured, editors listed in ``[editor] emails`` may log in with the
    organisation's identity provider instead (``st.login``).
    """
    if st.session_state.get("editor"):
        return True
    oidc = auth.oidc_available(st.secrets)
    if oidc:
        if st.user.is_logged_in:
            if auth.oidc_editor(st.user.get("email"), st.secrets):
                return True
            st.warning("You are logged in, but your account is not listed as an editor ([editor] emails).")
        else:
            st.button("Log in with your organisation's account", on_click=st.login, key="oidc_login")
    if not auth.uploads_enabled(st.secrets):
        if not oidc:
            st.info(auth.HOW_TO_ENABLE)
        return False
    with st.form("login"):
        password = st.text_input("Editor password", type="password", key="password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        _try_password(password)
    return False


def _login_keys() -> list[str]:
    """Who is trying: this session, and the network address it comes from (None on localhost)."""
    session = st.session_state.setdefault("_editor_login_session", uuid.uuid4().hex)
    return [f"session {session}", f"address {st.context.ip_address or 'local'}"]


def _try_password(password: str) -> None:
    """Check a submitted password unless this session or address is locked out; log every failure (never the text)."""
    keys, now = _login_keys(), time.monotonic()
    wait = auth.LOGINS.wait(keys, now)
    if wait > 0:
        _LOG.warning("editor login refused during a lockout (%s); %.0f s left", ", ".join(keys), wait)
        st.error(f"Too many wrong passwords: try again in {math.ceil(wait)} seconds.")
    elif auth.check_password(password, st.secrets):
        auth.LOGINS.succeeded(keys)
        st.session_state["editor"] = True
        st.rerun()
    else:
        failures, refused = auth.LOGINS.failed(keys, now)
        _LOG.warning("editor login failed (%s): failure %d%s", ", ".join(keys), failures,
                     f", further attempts refused for {refused:.0f} s" if refused else "")
        st.error("Wrong password." + (f" Further attempts are refused for {refused:.0f} seconds." if refused else ""))


def template_downloads() -> None:
    """An expander with, for each table users may upload, its template and its column guide."""
    with st.expander("Templates: download, fill in Excel, save as CSV UTF-8", key="templates_open",
                     on_change="rerun") as box:
        if not box.open:  # 21 elements and 14 files a run otherwise, for something opened rarely
            return
        for table, spec in CONTRACTS.items():
            label, template, guide = st.columns([3, 1, 1])
            label.markdown(f"**{spec.label}** (`{table}`): {spec.description}")
            template.download_button("Template", lambda t=table: templates.template_csv(t), f"{table}_template.csv",
                                     "text/csv", key=f"template_{table}", on_click="ignore")
            guide.download_button("Column guide", lambda t=table: templates.columns_csv(t), f"{table}_columns.csv",
                                  "text/csv", key=f"guide_{table}", on_click="ignore")


def finish_write(message: str) -> None:
    """After an upload or undo: drop cached figures, reset the uploader, show ``message`` on the rerun."""
    cache.invalidate()
    st.session_state["round"] = st.session_state.get("round", 0) + 1
    st.session_state["upload_done"] = message
    st.rerun()
