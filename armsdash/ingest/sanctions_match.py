"""Matching a sanctions list's organisations to the entities table, the preview, and the commit of the matches.

Names and aliases on both sides are normalised (lower case, punctuation and legal forms such as JSC, OAO, PJSC, LLC
dropped, 'corp' read as 'corporation', 'defence' as 'defense'). A normalised name equal to an entity's name or alias
is an **exact** match: its listings are added on commit. Otherwise an entity that shares a distinctive word with the
name (not 'concern', 'plant', 'russian' ...) and scores at least ``CLOSE_SCORE`` (the better of difflib's ratio and
the share of words in common) is a **close** match: shown with its score, added only when an editor confirms it by
its key. Nothing is ever attached on a close match alone. Everything else on the list is not relevant here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

import duckdb
import pandas as pd

from armsdash.ingest.sanctions_lists import ListEntry, ListFile
from armsdash.store import versions

CLOSE_SCORE = 0.8
LEGAL_FORMS = frozenset({
    "jsc", "ojsc", "pjsc", "cjsc", "oao", "ao", "pao", "zao", "ooo", "fgup", "gup", "llc", "ltd", "limited", "inc",
    "plc", "gmbh", "sa", "ag", "joint", "stock", "company", "open", "public", "closed", "the", "of", "and",
    "aktsionernoe", "obshchestvo", "publichnoe", "otkrytoe", "zakrytoe",
})
SYNONYMS = {"corp": "corporation", "defence": "defense", "kontsern": "concern", "co": "company"}
GENERIC = frozenset({
    "concern", "corporation", "state", "russian", "russia", "federal", "plant", "factory", "design", "bureau",
    "aircraft", "aviation", "helicopter", "helicopters", "shipyard", "shipyards", "shipbuilding", "united", "group",
    "holding", "defense", "systems", "system", "research", "production", "association", "scientific", "enterprise",
    "national", "institute", "private", "industrial", "industries", "engineering", "instrument", "machine",
    "building", "air", "space", "sea", "international", "trading", "technologies", "technology", "precision", "high",
    "tactical", "missiles", "missile", "armoured", "armored", "vehicles", "heavy", "development", "organisation",
    "organization", "military", "center", "centre", "named", "after", "npo", "nii", "kb", "vko", "pvo", "india",
    "indian", "china", "chinese", "rifles", "equipment", "department", "presidency", "industry",
})
_TEXT_JUNK = re.compile(r"<[^>]*>")
PREVIEW_COLUMNS = ["key", "entity_id", "entity", "listed_name", "matched_on", "score", "authority", "programme",
                   "listed_on", "delisted_on", "kind", "list_id", "line"]
Progress = Callable[[float, str], None]


class ListCommitError(RuntimeError):
    """The list cannot be committed; the message is for the user."""


class NothingToAdd(ListCommitError):
    """Every match of the list is already in the data (the same list sent again)."""


class ListConflict(ListCommitError):
    """Another editor committed a data version while this list was being committed; nothing was written."""


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    """A name as compared: lower case, words only, legal forms dropped, a few spellings made one."""
    words = _NOT_WORD.sub(" ", name.lower()).split()
    return " ".join([w for w in [SYNONYMS.get(w, w) for w in words] if w not in LEGAL_FORMS])


def score(a: str, b: str, floor: float = 0.0) -> float:
    """How alike two normalised names are, 0-1: the better of difflib's ratio and the share of words in common.

    Below ``floor`` the exact value does not matter: difflib's cheap upper bounds then spare the full ratio.
    """
    words_a, words_b = set(a.split()), set(b.split())
    common = 2 * len(words_a & words_b) / (len(words_a) + len(words_b)) if words_a and words_b else 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    if common < floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return common
    return max(matcher.ratio(), common)


@dataclass
class EntityIndex:
    """The entities' normalised names (and aliases), by name and by distinctive word."""

    names: dict[str, dict[str, str]]  # entity_id -> {normalised name: name as written}
    exact: dict[str, set[str]]  # normalised name -> entity ids
    words: dict[str, set[str]]  # distinctive word -> entity ids
    labels: dict[str, str]  # entity_id -> name

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EntityIndex:
        """From rows with entity_id, name and aliases (';'-separated)."""
        names, exact, words, labels = {}, {}, {}, {}
        for row in frame.itertuples(index=False):
            labels[row.entity_id] = row.name
            written = [row.name, *[a.strip() for a in str(row.aliases or "").split(";") if a.strip()]]
            names[row.entity_id] = {normalise(n): n for n in written if normalise(n)}
            for norm in names[row.entity_id]:
                exact.setdefault(norm, set()).add(row.entity_id)
                for word in set(norm.split()) - GENERIC:
                    if len(word) >= 3:
                        words.setdefault(word, set()).add(row.entity_id)
        return cls(names, exact, words, labels)

    def match(self, listed_names: list[str]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str, float]]]:
        """Exact matches {entity: (listed name, entity name)} and, without any, close ones {entity: (.., .., score)}."""
        exact, close = {}, {}
        normalised = {}
        for written in listed_names:
            norm = normalise(written) if written else ""
            if norm:
                normalised.setdefault(norm, written)
        for norm, written in normalised.items():
            for entity in self.exact.get(norm, ()):
                exact.setdefault(entity, (written, self.names[entity][norm]))
        if exact:
            return exact, {}
        for norm, written in normalised.items():
            candidates = set().union(*(self.words.get(w, set()) for w in set(norm.split())))
            for entity in candidates:
                best = max((score(norm, theirs, CLOSE_SCORE), shown) for theirs, shown in self.names[entity].items())
                if best[0] >= CLOSE_SCORE and best[0] > close.get(entity, ("", "", 0.0))[2]:
                    close[entity] = (written, best[1], round(best[0], 3))
        return {}, close


@dataclass
class ListPreview:
    """What loading a list would add: exact matches, close matches to confirm, and what is not relevant."""

    listed: ListFile
    exact: pd.DataFrame  # PREVIEW_COLUMNS: listings to add
    close: pd.DataFrame  # PREVIEW_COLUMNS: listings added only when their key is confirmed
    already: int  # listings matched exactly that the data already has
    matched_entries: int

    @property
    def not_relevant(self) -> int:
        """Rows of the list that match no entity (people, vessels and unmatched organisations)."""
        return self.listed.rows - self.matched_entries

    def summary(self) -> str:
        """One line for the page and the command line."""
        return (f"{self.listed.publisher} list of {self.listed.list_date}: {self.listed.rows:,} rows; "
                f"{len(self.exact):,} listing(s) of exactly matched entities to add, {len(self.close):,} close "
                f"match(es) to confirm, {self.already:,} already in the data, {self.not_relevant:,} rows not "
                "relevant (no entity of the data).")


def _rows(entry: ListEntry, entity: str, label: str, found: tuple, listed_date: str) -> list[dict]:
    written, matched_on = found[0], found[1]
    close = len(found) > 2
    return [{
        "key": f"{entity}|{entry.list_id}", "entity_id": entity, "entity": label, "listed_name": written,
        "matched_on": matched_on, "score": found[2] if close else 1.0, "authority": item.authority,
        "programme": item.programme, "listed_on": item.listed_on or listed_date,
        "delisted_on": item.delisted_on if item.delisted_on and item.delisted_on >= item.listed_on else None,
        "kind": item.kind, "list_id": entry.list_id, "line": entry.line,
    } for item in entry.listings]


def _visible(cur: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    version = int(cur.execute("select coalesce(max(version), 0) from data_versions").fetchone()[0])
    return cur.execute(sql, {"v": version}).df()


def preview(con: duckdb.DuckDBPyConnection, listed: ListFile, progress: Progress | None = None) -> ListPreview:
    """Match ``listed`` to the entities of the latest data version; nothing is written."""
    cur = con.cursor()
    try:
        index = EntityIndex.from_frame(_visible(cur, "select entity_id, name, aliases from entities_at($v)"))
        present = _visible(cur, "select entity_id, authority, programme, listed_on from designations_at($v)")
    finally:
        cur.close()
    exact_rows, close_rows, matched = [], [], 0
    for i, entry in enumerate(listed.entries):
        if progress and i % 20_000 == 0 and i:
            progress(0.95, f"Matched {i:,} of {len(listed.entries):,} organisations")
        exact, close = index.match([entry.name, *entry.aliases])
        matched += bool(exact or close)
        for entity, found in exact.items():
            exact_rows += _rows(entry, entity, index.labels[entity], found, listed.list_date)
        for entity, found in close.items():
            close_rows += _rows(entry, entity, index.labels[entity], found, listed.list_date)
    exact_frame = pd.DataFrame(exact_rows, columns=PREVIEW_COLUMNS)
    keys = ["entity_id", "authority", "programme", "listed_on"]
    known = exact_frame[keys].merge(present, on=keys, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    exact_frame = exact_frame[~known].drop_duplicates(keys).reset_index(drop=True)
    close_frame = pd.DataFrame(close_rows, columns=PREVIEW_COLUMNS)
    close_known = close_frame[keys].merge(present, on=keys, how="left", indicator=True)["_merge"].eq("both")
    close_frame = close_frame[~close_known.to_numpy()].sort_values(["score", "key"], ascending=[False, True])
    return ListPreview(listed, exact_frame, close_frame.reset_index(drop=True), int(known.sum()), matched)


def _plain(text: object) -> object:
    """List text as stored: no HTML tags, no leading formula characters."""
    if not isinstance(text, str):
        return text
    return _TEXT_JUNK.sub("", text).lstrip("=+-@ ").strip() or None


def commit(con: duckdb.DuckDBPyConnection, found: ListPreview, *, confirmed: Collection[str] = (), author: str,
           file_name: str, checksum: str | None = None) -> tuple[int, int]:
    """Add the exact matches and the confirmed close matches as designations, in ONE transaction.

    The list is recorded as a source (``release_id``: layout and the list's own date); returns (version, rows added).
    ``confirmed`` holds keys of close matches (``entity_id|list id``); an unknown key is refused.
    """
    unknown = set(confirmed) - set(found.close["key"])
    if unknown:
        raise ListCommitError(f"not a close match of this list: {', '.join(sorted(unknown))}")
    chosen = found.close[found.close["key"].isin(set(confirmed))]
    rows = pd.concat([found.exact.assign(how="exact match"), chosen.assign(how="close match confirmed by " + author)])
    rows = rows.drop_duplicates(["entity_id", "authority", "programme", "listed_on"])
    if rows.empty:
        raise NothingToAdd("Nothing to commit: no exact or confirmed match that the data does not already have.")
    listed = found.listed
    frame = pd.DataFrame({
        "entity_id": rows["entity_id"], "authority": rows["authority"].map(_plain),
        "programme": rows["programme"].map(_plain), "listed_on": rows["listed_on"],
        "delisted_on": rows["delisted_on"], "kind": rows["kind"], "listed_name": rows["listed_name"].map(_plain),
        "source_id": listed.release_id,
        "note": (rows["how"] + " (score " + rows["score"].round(3).astype(str) + ") on '" + rows["matched_on"]
                 + "'; list id " + rows["list_id"].astype(str)).map(_plain),
    })
    source = pd.DataFrame([{
        "source_id": listed.release_id, "title": f"{listed.publisher} sanctions list ({listed.layout}, "
                                                 f"{listed.list_date})",
        "publisher": listed.publisher, "url": None, "published_date": listed.list_date,
        "accessed_note": _plain(f"Loaded from {file_name}"),
    }])
    cur, version = con.cursor(), 0
    try:
        cur.execute("begin transaction")
        version = versions.next_version(cur)
        versions.close_rows(cur, "sources", version, "source_id = $id", {"id": listed.release_id})
        versions.insert_frame(cur, "sources", source, version)
        added = versions.insert_frame(cur, "designations", frame, version)
        versions.record_version(cur, version, action="upload", author=author, table_name="designations",
                                file_name=file_name, checksum=checksum, rows_added=added,
                                note=f"[{listed.layout}] list of {listed.list_date}: {len(found.exact)} exact, "
                                     f"{len(chosen)} confirmed close match(es)")
        versions.commit(cur, version)
    except (duckdb.Error, versions.WriteConflict) as exc:
        versions.rollback(cur)
        if message := versions.refusal(cur, exc, version):
            raise ListConflict(message) from exc
        raise
    except BaseException:
        versions.rollback(cur)
        raise
    finally:
        cur.close()
    return version, added
