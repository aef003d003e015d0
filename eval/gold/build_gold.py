"""Builds eval/gold/*.jsonl from the hand-made annotation spec in spec_seeds.py / spec_dantri.py.

Every annotation below was decided by a person reading the article; this script only turns
"surface + a short unique context" into code-point offsets and checks them, so the JSONL files
never hold the article texts.  Run:  .venv/bin/python eval/gold/build_gold.py
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from eval.gold_io import dantri_texts, seed_texts, sha256, check_gold  # noqa: E402
import spec_common as C  # noqa: E402
import spec_seeds  # noqa: E402
import spec_dantri  # noqa: E402

WORD = r"[\w]"


def locate(text: str, surface: str, ctx, what: str) -> int:
    """Start offset of `surface`: ctx None = the only occurrence; int = n-th (0-based);
    str = inside the unique occurrence of that context string."""
    if ctx is None or isinstance(ctx, int):
        starts = [m.start() for m in re.finditer(re.escape(surface), text)]
        if ctx is None:
            if len(starts) != 1:
                raise ValueError(f"{what}: {surface!r} occurs {len(starts)} times; give a context")
            return starts[0]
        return starts[ctx]
    n = text.count(ctx)
    if n != 1:
        raise ValueError(f"{what}: context {ctx!r} occurs {n} times")
    i = ctx.find(surface)
    if i < 0:
        raise ValueError(f"{what}: {surface!r} not in context {ctx!r}")
    return text.find(ctx) + i


def quote_candidates(text: str):
    """All (start, end) spans between paired quotation marks inside one line."""
    out, pos = [], 0
    for line in text.split("\n"):
        marks = [(i, c) for i, c in enumerate(line) if c in "\u201c\u201d\""]
        i = 0
        while i < len(marks):
            p, c = marks[i]
            if c == "\u201d":
                i += 1
                continue
            if i + 1 < len(marks) and marks[i + 1][1] != "\u201c":
                out.append((pos + p + 1, pos + marks[i + 1][0]))
                i += 2
            else:
                i += 1
        pos += len(line) + 1
    return out


def syllables(s: str) -> int:
    return len(re.findall(r"\w+", s))


def build_mentions(text, spec, src):
    table = dict(C.ENT)
    table.update(spec.get("ents", {}))
    found = []
    taken = [False] * len(text)
    for surf in sorted(table, key=len, reverse=True):
        typ, ent = table[surf]
        for m in re.finditer(r"(?<!\w)" + re.escape(surf) + r"(?!\w)", text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            found.append({"start": s, "end": e, "surface": surf, "type": typ, "entity": ent})
            for k in range(s, e):
                taken[k] = True
    # explicit extra mentions of ambiguous surfaces, placed by context
    for surf, ctx, typ, ent in spec.get("add", []):
        s = locate(text, surf, ctx, f"{src} add")
        if any(taken[s:s + len(surf)]):
            raise ValueError(f"{src}: added mention {surf!r} overlaps")
        found.append({"start": s, "end": s + len(surf), "surface": surf, "type": typ, "entity": ent})
        for k in range(s, s + len(surf)):
            taken[k] = True
    for surf, ctx in spec.get("skip", []):
        s = locate(text, surf, ctx, f"{src} skip")
        before = len(found)
        found = [m for m in found if not (m["start"] == s and m["end"] == s + len(surf))]
        if len(found) != before - 1:
            raise ValueError(f"{src}: skip {surf!r} @ {ctx!r} matched no mention")
    found.sort(key=lambda m: m["start"])
    return found


def build_record(src, text, spec):
    rec = {"source": src, "text_sha256": sha256(text),
           "outlet": {"outlet_id": spec["outlet"][0], "role": spec["outlet"][1]},
           "story": spec["story"]}
    rec["mentions"] = build_mentions(text, spec, src)

    cands = quote_candidates(text)
    used = set()
    quotes = []
    for anchor, kind, speaker, ent in spec.get("quotes", []):
        hits = [c for c in cands if text[c[0]:c[1]] == anchor] or \
            [c for c in cands if text[c[0]:c[1]].startswith(anchor)]
        if len(hits) != 1:
            raise ValueError(f"{src}: quote anchor {anchor!r} matches {len(hits)} candidates")
        s, e = hits[0]
        used.add(hits[0])
        n = syllables(text[s:e])
        if (kind == "full") != (n >= 6):
            print(f"  note {src}: quote {text[s:e][:30]!r} has {n} syllables but kind={kind}")
        quotes.append({"start": s, "end": e, "kind": kind, "speaker": speaker, "speaker_entity": ent})
    not_quotes = spec.get("not_quotes", [])
    for c in cands:
        if c not in used and not any(text[c[0]:c[1]].startswith(a) for a in not_quotes):
            raise ValueError(f"{src}: quote candidate {text[c[0]:c[1]][:40]!r} not annotated")
    rec["quotes"] = sorted(quotes, key=lambda q: q["start"])

    amounts = []
    for surf, ctx, value, high, cat, qual, unit in spec.get("amounts", []):
        s = locate(text, surf, ctx, f"{src} amount")
        amounts.append({"start": s, "end": s + len(surf), "surface": surf, "value": float(value),
                        "value_high": None if high is None else float(high),
                        "category": cat, "qualifier": qual, "unit": unit})
    rec["amounts"] = sorted(amounts, key=lambda a: a["start"])

    times = []
    for surf, ctx, y, mo, d, hm, tz in spec.get("time_refs", []):
        s = locate(text, surf, ctx, f"{src} time")
        times.append({"start": s, "end": s + len(surf), "surface": surf, "year": y, "month": mo,
                      "day": d, "time": hm, "tz": tz})
    rec["time_refs"] = sorted(times, key=lambda t: t["start"])

    cits = []
    for surf, ctx, source, role in spec.get("citations", []):
        s = locate(text, surf, ctx, f"{src} citation")
        cits.append({"start": s, "end": s + len(surf), "surface": surf, "source": source, "role": role})
    rec["citations"] = sorted(cits, key=lambda c: c["start"])
    for table in ("amounts", "time_refs", "citations"):
        keys = [(r["start"], r["end"]) for r in rec[table]]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{src}: duplicate span in {table}")
    return rec


def main():
    groups = [("seeds.jsonl", spec_seeds.ARTICLES, seed_texts()),
              ("dantri_world.jsonl", spec_dantri.ARTICLES, dantri_texts())]
    for fname, specs, texts in groups:
        recs = [build_record(src, texts[src], spec) for src, spec in specs.items()]
        errs = check_gold(recs, texts)
        if errs:
            print("\n".join(errs))
            raise SystemExit(1)
        with open(HERE / fname, "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {fname}: {len(recs)} articles")


if __name__ == "__main__":
    main()
