"""The layering of STYLE.md holds: thin pages, no Streamlit below the page layer, no SQL in pages."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]
WEB = ROOT / "armsdash" / "web"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_hold_no_sql_and_open_no_connections(path):
    text = path.read_text(encoding="utf-8")
    assert "duckdb" not in _imports(path)
    assert not re.search(r"\b(select|insert|update|delete)\s.+\b(from|into|set)\b", text, re.IGNORECASE)
    assert len(text.splitlines()) <= 80, "pages stay thin: move logic into armsdash/"


LOGIC_FILES = [p for p in sorted((ROOT / "armsdash").rglob("*.py")) if WEB not in p.parents]


@pytest.mark.parametrize("path", LOGIC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_logic_modules_do_not_import_streamlit(path):
    assert "streamlit" not in _imports(path), f"{path.name} imports streamlit; only armsdash/web/ may"


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_every_page_first_hands_over_to_the_entry(path):
    """A fresh server's first deep link would otherwise run the page without dashboard.py (web.app.require_entry)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    statements = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
                  or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call))]
    first = statements[0]
    assert isinstance(first, ast.Expr) and ast.unparse(first.value) == "app.require_entry()"


def test_each_page_file_is_named_as_its_url_path():
    """Until a server's first session calls st.navigation, Streamlit serves pages/ by file name: a deep link whose
    path differs from its page file's name opened the page under Streamlit's "Page not found" dialog."""
    from armsdash.web.app import PAGES

    for file, _title, url_path in PAGES:
        assert url_path is None or Path(file).stem == url_path, (file, url_path)
