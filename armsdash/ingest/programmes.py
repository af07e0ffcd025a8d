"""Programme ids: one id for the rows in which several sources describe one programme."""

from __future__ import annotations

import re

# Several sources name one programme differently; a needle found in the system name
# folds those names into one id.
ALIASES = (
    ("s-400", "s400"), ("tushil", "talwar-followon-1"), ("tamal", "talwar-followon-2"),
    ("talwar batch-4", "talwar-gsl"), ("talwar (first batch", "talwar-batch-1"),
    ("vikramaditya", "vikramaditya"), ("chakra iii", "chakra-3"), ("ka-226t", "ka226t"),
    ("scorpene", "scorpene"), ("rafale-m", "rafale-m"), ("rafale (36)", "rafale-36"),
    ("f404", "f404-tejas"),
)


def programme_id(recipient_code: str, supplier_code: str, system: str) -> str:
    """A stable id for the programme a delivery record describes (at most 80 characters).

    Taken from the system name with known aliases folded, prefixed by the two codes.
    """
    prefix = f"{str(recipient_code).lower()}-{str(supplier_code).lower()}-"
    lowered = str(system).lower()
    for needle, pid in ALIASES:
        if needle in lowered:
            return prefix + pid
    slug = re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")
    return (prefix + slug)[:80]
