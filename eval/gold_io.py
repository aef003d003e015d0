"""Load and check the hand-made gold annotations in eval/gold/*.jsonl.

    python -m eval.gold_io            # check both gold files against the real texts

The gold files hold offsets, short surfaces and a SHA-256 of each text, never the texts
themselves: the seed texts come from seeds/articles/, the Dân trí texts from
/work/shared/corpora/dantri_unc.jsonl (override with BAOCHI_DANTRI_JSONL).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "eval" / "gold"
SEEDS_DIR = ROOT / "seeds" / "articles"
DANTRI_JSONL = Path(os.environ.get("BAOCHI_DANTRI_JSONL", ROOT.parent / "shared" / "corpora" / "dantri_unc.jsonl"))

TABLES = ("mentions", "quotes", "amounts", "time_refs", "citations")
MENTION_TYPES = {"PERSON", "ORGANIZATION", "LOCATION", "MEDIA"}
QUOTE_KINDS = {"full", "fragment"}
AMOUNT_CATEGORIES = {"troops", "personnel", "duration", "count", "money", "percent", "other"}
QUALIFIERS = {"exact", "about", "nearly", "over", "up_to"}
CITATION_ROLES = {"news_source", "photo_credit", "republished_from"}
OUTLET_ROLES = {"publisher", "republished_from"}
QUOTE_OPEN = "\u201c\""
QUOTE_CLOSE = "\u201d\""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_gold(path) -> list[dict]:
    """One dict per article, in file order."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc}") from exc
    return records


# ---------------------------------------------------------------- texts
def seed_texts(folder: Path = SEEDS_DIR) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in sorted(folder.glob("*.txt"))}


def dantri_texts(path: Path = DANTRI_JSONL) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[f"dantri:{row['doc_id']}"] = row["text"]
    return out


def dantri_rows(path: Path = DANTRI_JSONL) -> dict[str, dict]:
    """Metadata (no text) per source id: date, outlet, url, category, title."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            row.pop("text", None)
            out[f"dantri:{row['doc_id']}"] = row
    return out


def default_text_for_source() -> Callable[[str], Optional[str]]:
    cache: dict[str, str] = {}

    def get(source: str) -> Optional[str]:
        if not cache:
            cache.update(seed_texts())
            if DANTRI_JSONL.exists():
                cache.update(dantri_texts())
        return cache.get(source)

    return get


# ---------------------------------------------------------------- checks
def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_span(err, where, row, text, need_surface=True):
    s, e = row.get("start"), row.get("end")
    if not (_is_int(s) and _is_int(e)) or not (0 <= s < e <= len(text)):
        err(f"{where}: bad offsets {s!r}..{e!r} (text has {len(text)} chars)")
        return False
    if need_surface:
        surf = row.get("surface")
        if not isinstance(surf, str) or text[s:e] != surf:
            err(f"{where}: text[{s}:{e}] = {text[s:e]!r} != surface {surf!r}")
            return False
        if surf != surf.strip():
            err(f"{where}: surface has surrounding white space: {surf!r}")
    return True


def _check_enum(err, where, row, key, allowed, nullable=False):
    v = row.get(key)
    if v is None and nullable:
        return
    if v not in allowed:
        err(f"{where}: {key}={v!r} not in {sorted(allowed)}")


def check_gold(records: Iterable[dict], text_for_source) -> list[str]:
    """Return a list of human-readable errors (empty = all good).

    `text_for_source` is a callable source -> text (or None) or a mapping.
    """
    if not callable(text_for_source):
        mapping = text_for_source
        text_for_source = mapping.get
    errors: list[str] = []
    seen = set()
    for rec in records:
        src = rec.get("source")
        err = errors.append
        if not isinstance(src, str):
            err(f"record without source: {str(rec)[:80]}")
            continue
        if src in seen:
            err(f"{src}: duplicate record")
        seen.add(src)
        text = text_for_source(src)
        if text is None:
            err(f"{src}: no text found for this source")
            continue
        if rec.get("text_sha256") != sha256(text):
            err(f"{src}: text_sha256 mismatch (gold {rec.get('text_sha256')!r}, text {sha256(text)})")
            continue
        outlet = rec.get("outlet")
        if not isinstance(outlet, dict) or set(outlet) != {"outlet_id", "role"}:
            err(f"{src}: outlet must be {{outlet_id, role}}: {outlet!r}")
        else:
            _check_enum(err, f"{src} outlet", outlet, "role", OUTLET_ROLES, nullable=True)
            if (outlet["outlet_id"] is None) != (outlet["role"] is None):
                err(f"{src}: outlet_id and role must both be null or both set")
        if not isinstance(rec.get("story"), str) or not rec["story"]:
            err(f"{src}: story label missing")
        for table in TABLES:
            if not isinstance(rec.get(table), list):
                err(f"{src}: {table} must be a list")
                rec[table] = []

        # mentions
        spans = []
        for i, m in enumerate(rec["mentions"]):
            w = f"{src} mentions[{i}]"
            if _check_span(err, w, m, text):
                spans.append((m["start"], m["end"], i))
            _check_enum(err, w, m, "type", MENTION_TYPES)
            if not isinstance(m.get("entity"), str) or not m["entity"].strip():
                err(f"{w}: entity missing")
        spans.sort()
        for (s1, e1, i1), (s2, e2, i2) in zip(spans, spans[1:]):
            if s2 < e1:
                err(f"{src}: mentions[{i1}] {text[s1:e1]!r} and mentions[{i2}] {text[s2:e2]!r} overlap")

        # quotes
        for i, q in enumerate(rec["quotes"]):
            w = f"{src} quotes[{i}]"
            if _check_span(err, w, q, text, need_surface=False):
                s, e = q["start"], q["end"]
                inner = text[s:e]
                if "\n" in inner:
                    err(f"{w}: quote crosses a paragraph")
                if s == 0 or text[s - 1] not in QUOTE_OPEN:
                    err(f"{w}: no opening quotation mark before offset {s}")
                if e >= len(text) or text[e] not in QUOTE_CLOSE:
                    err(f"{w}: no closing quotation mark at offset {e}")
                if "surface" in q and q["surface"] != inner:
                    err(f"{w}: surface differs from text")
            _check_enum(err, w, q, "kind", QUOTE_KINDS)
            if q.get("speaker") is None and q.get("speaker_entity") is not None:
                err(f"{w}: speaker_entity without speaker")
            for k in ("speaker", "speaker_entity"):
                if q.get(k) is not None and not isinstance(q[k], str):
                    err(f"{w}: {k} must be a string or null")

        # amounts
        for i, a in enumerate(rec["amounts"]):
            w = f"{src} amounts[{i}]"
            _check_span(err, w, a, text)
            if not _is_num(a.get("value")):
                err(f"{w}: value must be a number")
            vh = a.get("value_high")
            if vh is not None and (not _is_num(vh) or (_is_num(a.get("value")) and vh < a["value"])):
                err(f"{w}: bad value_high {vh!r}")
            _check_enum(err, w, a, "category", AMOUNT_CATEGORIES)
            _check_enum(err, w, a, "qualifier", QUALIFIERS)
            if not isinstance(a.get("unit"), str) or not a["unit"]:
                err(f"{w}: unit missing")

        # time refs
        for i, t in enumerate(rec["time_refs"]):
            w = f"{src} time_refs[{i}]"
            _check_span(err, w, t, text)
            y, mo, d, hm = t.get("year"), t.get("month"), t.get("day"), t.get("time")
            if y is not None and not (_is_int(y) and 1000 <= y <= 2100):
                err(f"{w}: bad year {y!r}")
            if mo is not None and not (_is_int(mo) and 1 <= mo <= 12):
                err(f"{w}: bad month {mo!r}")
            if d is not None and not (_is_int(d) and 1 <= d <= 31):
                err(f"{w}: bad day {d!r}")
            if d is not None and mo is None:
                err(f"{w}: day without month")
            if hm is not None and not (isinstance(hm, str) and len(hm) == 5 and hm[2] == ":"
                                       and hm[:2].isdigit() and hm[3:].isdigit()
                                       and int(hm[:2]) < 24 and int(hm[3:]) < 60):
                err(f"{w}: bad time {hm!r}")
            if all(v is None for v in (y, mo, d, hm)):
                err(f"{w}: no field set")
            tz = t.get("tz")
            if tz is not None and tz not in {"Asia/Ho_Chi_Minh", "America/New_York"}:
                err(f"{w}: unexpected tz {tz!r}")

        # citations
        for i, c in enumerate(rec["citations"]):
            w = f"{src} citations[{i}]"
            _check_span(err, w, c, text)
            _check_enum(err, w, c, "role", CITATION_ROLES)
            if not isinstance(c.get("source"), str) or not c["source"]:
                err(f"{w}: source missing")
    return errors


def counts(records: Iterable[dict]) -> dict[str, int]:
    out = {"articles": 0, **{t: 0 for t in TABLES}}
    for rec in records:
        out["articles"] += 1
        for t in TABLES:
            out[t] += len(rec.get(t) or [])
    return out


def main(argv=None) -> int:
    paths = [Path(p) for p in (argv or [])] or [GOLD_DIR / "seeds.jsonl", GOLD_DIR / "dantri_world.jsonl"]
    get = default_text_for_source()
    n_err = 0
    for path in paths:
        recs = load_gold(path)
        errs = check_gold(recs, get)
        c = counts(recs)
        print(f"{path.relative_to(ROOT) if path.is_absolute() and ROOT in path.parents else path}: "
              + ", ".join(f"{k}={v}" for k, v in c.items()) + f", errors={len(errs)}")
        for e in errs:
            print("  ERROR", e)
        n_err += len(errs)
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
