"""The editor role: password from the environment or secrets, no default, constant-time comparison."""

from __future__ import annotations

import pytest

from armsdash.web import auth


class RaisingSecrets(dict):
    """Like st.secrets without a secrets file: every access raises."""

    def get(self, key, default=None):
        raise FileNotFoundError("No secrets found")


@pytest.mark.parametrize("secrets, env, expected", [
    ({}, {}, None),
    ({"editor": {"password": "from-secrets"}}, {}, "from-secrets"),
    ({}, {auth.ENV_VAR: "from-env"}, "from-env"),
    ({"editor": {"password": "from-secrets"}}, {auth.ENV_VAR: "from-env"}, "from-env"),
    ({"editor": {"password": ""}}, {auth.ENV_VAR: ""}, None),
    (RaisingSecrets(), {}, None),
], ids=["none", "secrets", "env", "env-wins", "empty-means-none", "no-secrets-file"])
def test_editor_password_sources(secrets, env, expected):
    assert auth.editor_password(secrets, env) == expected
    assert auth.uploads_enabled(secrets, env) is (expected is not None)


def test_check_password():
    env = {auth.ENV_VAR: "correct horse"}
    assert auth.check_password("correct horse", {}, env)
    assert not auth.check_password("correct hors", {}, env)
    assert not auth.check_password("", {}, env)


def test_no_password_configured_means_nobody_gets_in():
    assert not auth.check_password("", {}, {})
    assert not auth.check_password("anything", {}, {})
    assert "ARMSDASH_EDITOR_PASSWORD" in auth.HOW_TO_ENABLE and "[editor]" in auth.HOW_TO_ENABLE


def test_comparison_is_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    auth.check_password("guess", {}, {auth.ENV_VAR: "secret"})
    assert calls == [(b"guess", b"secret")]


def test_oidc_needs_auth_section_and_authlib():
    assert not auth.oidc_available({})
    assert not auth.oidc_available(RaisingSecrets())
