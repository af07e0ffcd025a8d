"""The checks of single cells, as SQL over an upload's cells: one rule per thing a cell can get wrong.

Each contract column becomes a typed SQL expression (its value as stored) and a list
of rules: a SQL condition that is true where the cell is wrong, and what was expected
instead. The SQL is built only from the contracts and this module's constants; the
file's cells are columns ``c0, c1 ...`` of a table and its column names never reach SQL.
Values that need a lookup (allowed words, country names) are mapped once per distinct
value in Python and joined as a small table ``map_<n>(value, mapped)``.

A rule's ``expected`` is either fixed text or a function of the cell's value (for the
"did you mean ...?" hints), called only for cells that fail.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from armsdash import countries
from armsdash.config import FIRST_YEAR as MIN_YEAR
from armsdash.ingest import plaintext

MAX_CELL = 10_000

COUNTRY_COLUMNS = ("recipient_code", "supplier_code", "origin_code", "country_code")
YEAR_COLUMNS = ("period_start", "period_end", "year", "contract_year", "as_of_year", "count_year")
PERCENT_COLUMNS = ("share_pct",)
NON_NEGATIVE_COLUMNS = ("units", "units_ordered", "units_delivered", "contract_value_usd_mn", "tiv_mn",
                        "in_service_count", "value")
# Plausibility: the largest value a cell may hold, and why (shown in the column guide and in the refusal).
# The largest arms deal on record is the US-Saudi package of May 2017, about USD 110 billion.
UPPER_BOUNDS = {
    "contract_value_usd_mn": (250_000, "at most 250,000 (USD 250 billion: the largest arms deal on record, the "
                                       "US-Saudi package of 2017, was about USD 110 billion)"),
    "units_ordered": (1_000_000, "at most 1,000,000 units in one programme"),
    "units_delivered": (1_000_000, "at most 1,000,000 units in one programme"),
    "units": (10_000_000, "at most 10,000,000 items"),
    "tiv_mn": (100_000, "at most 100,000 TIV million (more than SIPRI's total of all the world's transfers in "
                        "any year)"),
}
STRICT_DATE_COLUMNS = ("published_date", "listed_on", "delisted_on", "event_date")
LOOSE_DATE_COLUMNS = ("promised_delivery", "actual_or_expected_delivery")
URL_COLUMNS = ("url",)

_INT = r"[+-]?[0-9]+(\.0*)?"
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_URL = r"https?://[^ \t\r\n]+"
_DATE_FORMS = {
    "year": r"[0-9]{4}",
    "month": r"[0-9]{4}-[0-9]{2}",
    "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "range": r"[0-9]{4}[ \t]*-[ \t]*[0-9]{4}",
}
_YEAR_IN_WORDS = r"(?:^|[^0-9])(?:19|20)[0-9]{2}(?:[^0-9]|$)"
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0")
_MONTHS = ", ".join(f"'{m:02d}'" for m in range(1, 13))


def _literal(pattern: str) -> str:
    """A SQL string literal of one of this module's constant patterns."""
    return "'" + pattern.replace("'", "''") + "'"


def _words(values: tuple[str, ...]) -> str:
    return ", ".join(_literal(v) for v in values)


@dataclass(frozen=True)
class Rule:
    """A way one cell can be wrong: ``condition`` is SQL that is true for a wrong cell."""

    column: str  # contract column
    condition: str
    expected: str | Callable[[str], str]


@dataclass(frozen=True)
class ColumnSql:
    """One contract column of an upload as SQL: its cell, its typed value, its lookup and its rules."""

    name: str
    cell: str  # the column of cells holding it, e.g. c3
    typed: str  # SQL of the stored value
    rules: tuple[Rule, ...]
    lookup: Callable[[str], str | None] | None = None  # value -> mapped value (None: unknown)
    lookup_table: str = ""  # the table of (value, mapped) that ``typed`` and the rules join
    by_value: bool = False  # rules costly enough to run once per distinct value rather than per cell


def fold(value: str) -> str:
    """An allowed word as compared: lower case, runs of spaces, ``_`` and ``-`` as one space."""
    return " ".join(re.split(r"[\s_-]+", value.strip().lower()))


def _allowed_lookup(allowed: tuple[str, ...]) -> Callable[[str], str | None]:
    canonical = {fold(a): a for a in allowed}
    return lambda value: canonical.get(fold(value))


def allowed_message(value: str, allowed: tuple[str, ...]) -> str:
    """``one of: a, b, c (did you mean b?)``."""
    close = difflib.get_close_matches(fold(value), [fold(a) for a in allowed], n=1, cutoff=0.6)
    hint = ""
    if close:
        hint = f" (did you mean {next(a for a in allowed if fold(a) == close[0])}?)"
    return f"one of: {', '.join(allowed)}{hint}"


def country_message(value: str) -> str:
    """What an unknown country cell should have been, with suggestions."""
    hint = countries.suggest(value)
    extra = f" (did you mean {', '.join(hint)}?)" if hint else ""
    return f"a known country name or ISO3 code: unknown country {value!r}{extra}"


def column_sql(column, cell: str, lookup_table: str, *, delimiter: str, year_max: int,
               known_countries: set[str]) -> ColumnSql:
    """The typed value and the rules of one contract column read from cells column ``cell``."""
    x = cell
    filled = f"{x} <> ''"
    rules = [Rule(column.name, f"length({x}) > {MAX_CELL}", f"at most {MAX_CELL:,} characters")]
    if column.required:
        rules.append(Rule(column.name, f"{x} = ''", "a value (this column is required)"))
    if column.type in ("integer", "double"):
        text = f"replace({x}, ',', '.')" if delimiter == ";" else x
        if column.type == "integer":
            # more than 18 digits does not fit an integer column
            ok = f"(regexp_full_match({text}, {_literal(_INT)}) and length({text}) <= 18)"
            typed = f"(case when {filled} and {ok} then try_cast(split_part({text}, '.', 1) as bigint) end)"
            expected = "a whole number"
        else:
            # 1e400 reads as infinity: not a number anyone means
            ok = f"(regexp_full_match({text}, {_literal(_NUMBER)}) and not isinf(try_cast({text} as double)))"
            typed = f"(case when {filled} and {ok} then try_cast({text} as double) end)"
            expected = "a number" + (" (without a % sign)" if column.name in PERCENT_COLUMNS else "")
        rules.append(Rule(column.name, f"{filled} and not {ok}", expected))
        rules += _range_rules(column.name, typed, year_max)
        return ColumnSql(column.name, x, typed, tuple(rules), by_value=True)
    if column.type == "boolean":
        lowered = f"lower({x})"
        rules.append(Rule(column.name, f"{filled} and {lowered} not in ({_words(_TRUE + _FALSE)})", "true or false"))
        typed = (f"(case when {lowered} in ({_words(_TRUE)}) then true "
                 f"when {lowered} in ({_words(_FALSE)}) then false end)")
        return ColumnSql(column.name, x, typed, tuple(rules), by_value=True)
    return _text_sql(column, x, lookup_table, known_countries, rules)


def _range_rules(name: str, typed: str, year_max: int) -> list[Rule]:
    rules = []
    if name in YEAR_COLUMNS:
        rules.append(Rule(name, f"{typed} < {MIN_YEAR} or {typed} > {int(year_max)}",
                          f"a year from {MIN_YEAR} to {year_max}"))
    if name in PERCENT_COLUMNS:
        rules.append(Rule(name, f"{typed} < 0 or {typed} > 100", "a share from 0 to 100"))
    if name in NON_NEGATIVE_COLUMNS:
        rules.append(Rule(name, f"{typed} < 0", "a number that is not negative"))
    if name in UPPER_BOUNDS:
        largest, why = UPPER_BOUNDS[name]
        rules.append(Rule(name, f"{typed} > {largest}", f"a plausible value: {why}"))
    return rules


def _text_sql(column, x: str, lookup_table: str, known_countries: set[str], rules: list[Rule]) -> ColumnSql:
    """Text columns: formulas, HTML, allowed words, countries, dates and web addresses."""
    name = column.name
    text = f"{x} <> '' and length({x}) <= {MAX_CELL}"
    rules.append(Rule(name, f"{text} and left({x}, 1) in ('=', '+', '-', '@')", plaintext.FORMULA_EXPECTED))
    if name not in URL_COLUMNS:
        # the cheap contains() first (plaintext.may_hold_markup): the regular expression then runs on few cells
        markup = _literal(plaintext.UNSAFE_PATTERN)
        rules.append(Rule(name, f"{text} and (contains({x}, '<') or contains({x}, ':') or contains({x}, '](') "
                                f"or contains({x}, '] (')) and regexp_matches({x}, {markup})",
                          plaintext.UNSAFE_EXPECTED))
    typed, lookup = f"nullif({x}, '')", None
    mapped = f"{lookup_table}.mapped"
    if column.allowed:
        allowed = column.allowed
        lookup = _allowed_lookup(allowed)
        rules.append(Rule(name, f"{text} and {mapped} is null",
                          lambda value, allowed=allowed: allowed_message(value, allowed)))
        typed = f"coalesce({mapped}, nullif({x}, ''))"
    if name in COUNTRY_COLUMNS:
        known = set(known_countries)
        lookup = lambda value: value if value in known else countries.code_for(value)  # noqa: E731
        rules.append(Rule(name, f"{text} and {mapped} is null", country_message))
        typed = f"coalesce({mapped}, nullif({x}, ''))"
    if name in STRICT_DATE_COLUMNS + LOOSE_DATE_COLUMNS:
        rules += _date_rules(name, x, text, loose=name in LOOSE_DATE_COLUMNS)
    if name in URL_COLUMNS:
        rules.append(Rule(name, f"{text} and not regexp_full_match({x}, {_literal(_URL)})",
                          "a web address starting with http:// or https://"))
    dates = name in STRICT_DATE_COLUMNS + LOOSE_DATE_COLUMNS
    return ColumnSql(name, x, typed, tuple(rules), lookup, lookup_table if lookup else "",
                     by_value=lookup is not None or dates)


def _date_rules(name: str, x: str, text: str, *, loose: bool) -> list[Rule]:
    forms = {form: f"regexp_full_match({x}, {_literal(p)})" for form, p in _DATE_FORMS.items()
             if loose or form != "range"}
    any_form = "(" + " or ".join(forms.values()) + ")"
    listed = "YYYY, YYYY-MM, YYYY-MM-DD" + (", YYYY-YYYY" if loose else "")
    if loose:
        free_text = (f"(regexp_matches({x}, {_literal(_YEAR_IN_WORDS)}) "
                     f"and not regexp_full_match({x}, {_literal('[0-9 ./-]+')}))")
        rules = [Rule(name, f"{text} and not {any_form} and not {free_text}",
                      f"a date: {listed}, or words with a year such as 'late 2022-early 2023'")]
    else:
        rules = [Rule(name, f"{text} and not {any_form}", f"a date: {listed}")]
    bad_month = f"(({forms['month']} or {forms['day']}) and substr({x}, 6, 2) not in ({_MONTHS}))"
    rules.append(Rule(name, bad_month, "a month from 01 to 12"))
    rules.append(Rule(name, f"{forms['day']} and not {bad_month} and try_strptime({x}, '%Y-%m-%d') is null",
                      "a day that exists in that month"))
    if loose:
        rules.append(Rule(name, f"{forms['range']} and left({x}, 4) > right({x}, 4)",
                          "a range whose first year is not after its last (YYYY-YYYY)"))
    return rules
