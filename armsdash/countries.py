"""Country names <-> stable codes: ISO 3166 through pycountry, plus a small table for the rest.

SIPRI writes some names no standard spells that way (``Turkiye``, ``Soviet Union``,
``unknown supplier(s)``, non-state actors marked ``*``); those live in ``EXTRA_NAMES``.
Lookups are exact (case- and accent-insensitive); fuzzy matching is only used for
suggestions, never to map a name silently.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

import pycountry

# Names that pycountry does not resolve exactly, or resolves to the wrong thing.
# Codes: ISO 3166-1 alpha-3; ISO 3166-3 for former states; X-prefixed user-assigned
# codes (ISO 3166 reserves XAA-XZZ for private use) for what no standard covers.
EXTRA_NAMES: dict[str, tuple[str, str, str]] = {
    # name: (code, display name, kind)
    "russia": ("RUS", "Russia", "state"),
    "turkiye": ("TUR", "Turkiye", "state"),
    "turkey": ("TUR", "Turkiye", "state"),
    "soviet union": ("SUN", "Soviet Union", "former_state"),
    "ussr": ("SUN", "Soviet Union", "former_state"),
    "czechoslovakia": ("CSK", "Czechoslovakia", "former_state"),
    "yugoslavia": ("YUG", "Yugoslavia", "former_state"),
    "east germany (gdr)": ("DDR", "East Germany (GDR)", "former_state"),
    "east germany": ("DDR", "East Germany (GDR)", "former_state"),
    "west germany (frg)": ("DEU", "Germany", "state"),
    "serbia and montenegro": ("SCG", "Serbia and Montenegro", "former_state"),
    "south yemen": ("YMD", "South Yemen", "former_state"),
    "north yemen": ("YEM", "Yemen", "state"),
    "south vietnam": ("XSV", "South Vietnam", "former_state"),
    "viet nam": ("VNM", "Viet Nam", "state"),
    "vietnam": ("VNM", "Viet Nam", "state"),
    "north korea": ("PRK", "North Korea", "state"),
    "south korea": ("KOR", "South Korea", "state"),
    "iran": ("IRN", "Iran", "state"),
    "syria": ("SYR", "Syria", "state"),
    "laos": ("LAO", "Laos", "state"),
    "brunei": ("BRN", "Brunei", "state"),
    "cape verde": ("CPV", "Cape Verde", "state"),
    "cabo verde": ("CPV", "Cape Verde", "state"),
    "dr congo": ("COD", "DR Congo", "state"),
    "congo": ("COG", "Congo", "state"),
    "cote d'ivoire": ("CIV", "Cote d'Ivoire", "state"),
    "bosnia-herzegovina": ("BIH", "Bosnia-Herzegovina", "state"),
    "macedonia": ("MKD", "North Macedonia", "state"),
    "north macedonia": ("MKD", "North Macedonia", "state"),
    "kosovo": ("XKX", "Kosovo", "state"),
    "palestine": ("PSE", "Palestine", "state"),
    "taiwan": ("TWN", "Taiwan", "state"),
    "micronesia": ("FSM", "Micronesia", "state"),
    "uae": ("ARE", "United Arab Emirates", "state"),
    "united states": ("USA", "United States", "state"),
    "united kingdom": ("GBR", "United Kingdom", "state"),
    "bolivia": ("BOL", "Bolivia", "state"),
    "venezuela": ("VEN", "Venezuela", "state"),
    "tanzania": ("TZA", "Tanzania", "state"),
    "moldova": ("MDA", "Moldova", "state"),
    "unknown supplier(s)": ("XUN", "unknown supplier(s)", "unknown"),
    "unknown recipient(s)": ("XUR", "unknown recipient(s)", "unknown"),
    "unknown country": ("XUN", "unknown supplier(s)", "unknown"),
    "russia/soviet union": ("RUS", "Russia", "state"),
    # Names in SIPRI's trade register (2026 release) that no standard spells this way.
    "saint vincent": ("VCT", "Saint Vincent and the Grenadines", "state"),
    "yemen arab republic (north yemen)": ("YEM", "Yemen", "state"),
    "northern cyprus": ("XNC", "Northern Cyprus", "state"),
    "biafra": ("XBI", "Biafra", "former_state"),
    "katanga": ("XKA", "Katanga", "former_state"),
    # A rival Libyan government (2014-16), listed by SIPRI without the non-state star.
    "libya gnc": ("NSA:Libya GNC", "Libya GNC", "non_state"),
}


# One non-state actor spelled differently in different SIPRI releases -> the name its code uses.
NON_STATE_ALIASES: dict[str, str] = {
    "libya hor": "House of Representatives (Libya)",
    "pij (israel/palestine)": "Palestinian Islamic Jihad (Israel/Palestine)",
}


def _fold(name: str) -> str:
    """Lower-case, strip accents and collapse white space, for exact-but-forgiving lookups."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


@functools.cache
def _index() -> dict[str, tuple[str, str, str]]:
    """Every known spelling (folded) -> (code, display name, kind)."""
    index: dict[str, tuple[str, str, str]] = {}
    preferred = {code: display for code, display, _kind in EXTRA_NAMES.values()}
    for country in pycountry.countries:
        display = preferred.get(country.alpha_3) or getattr(country, "common_name", None) or country.name
        entry = (country.alpha_3, display, "state")
        for attr in ("name", "common_name", "official_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(_fold(value), entry)
    for country in pycountry.historic_countries:
        entry = (country.alpha_3, preferred.get(country.alpha_3) or country.name.split(",")[0], "former_state")
        index.setdefault(_fold(country.alpha_3), entry)
    index.update(EXTRA_NAMES)
    for entry in EXTRA_NAMES.values():  # their codes too (XKX, XSV…), as the store and links hold them
        index.setdefault(_fold(entry[0]), entry)
    return index


def lookup(name: str) -> tuple[str, str, str] | None:
    """Return ``(code, display name, kind)`` for a country name or code, or None if unknown.

    Names ending in ``*`` are SIPRI's non-state actors: they get a stable code derived
    from the name (``NSA:`` + the name without stars) so that they are never dropped.
    """
    if name is None:
        return None
    raw = str(name).strip()
    if not raw:
        return None
    if raw.endswith("*"):
        label = raw.rstrip("*").strip()
    elif raw[:4].upper() == "NSA:" and raw[4:].strip():
        label = raw[4:].strip()  # the code itself, as the store, the sidebar and links hold it
    else:
        return _index().get(_fold(raw))
    label = NON_STATE_ALIASES.get(_fold(label), label)
    return ("NSA:" + label, label, "non_state")


def code_for(name: str) -> str | None:
    """Return the stable code for a country name or code, or None when unknown."""
    found = lookup(name)
    return found[0] if found else None


def suggest(name: str, limit: int = 3) -> list[str]:
    """Return up to ``limit`` known names close to ``name``, for error messages."""
    names = sorted({entry[1] for entry in _index().values()})
    folded = {_fold(n): n for n in names}
    close = difflib.get_close_matches(_fold(name), list(folded), n=limit, cutoff=0.6)
    return [folded[c] for c in close]
