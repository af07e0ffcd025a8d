"""CSV downloads that a spreadsheet opens safely: formula-looking cells are neutralised."""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells starting with = + - @ (or a tab) get a leading apostrophe.

    That is the OWASP advice against CSV injection: the spreadsheet then shows the
    text instead of running it. Numbers are left as they are.
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
            text = out[column]
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
            out[column] = text.astype(object).where(~risky, "'" + text.astype(str))
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV (with a BOM, so Excel reads accents right), formulas neutralised."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")
