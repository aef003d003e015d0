"""Score the extraction against the hand-made gold in eval/gold/ (`make eval`).

The gold articles go through the real path (ingest -> extract -> stories), from a temporary corpus
folder: the seed files as they are, the Dân trí rows as JSONL (so their publication dates count).
Gold names canonical entities in its own words; each gold entity is mapped to the id our extraction
gives most of its exact-span mentions, and an id may serve one gold entity only.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from eval.gold_io import DANTRI_JSONL, GOLD_DIR, load_gold, seed_texts

FOREIGN_TYPES = {"MEDIA": "ORGANIZATION"}  # VLSP-style PER/LOC/ORG scoring folds MEDIA into ORG


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": n_pred, "gold": n_gold}


def run_extraction(gold: list[dict]) -> dict:
    """Extract facts from the gold articles; return {source: {table: [rows]}} plus articles/stories."""
    from baochi.corpus import ingest_corpus
    from baochi.facts.registry import corpus_builders
    from baochi.facts.run import extract_facts

    sources = {g["source"] for g in gold}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in seed_texts().items():
            if name in sources:
                (root / name).write_text(text, encoding="utf-8")
        wanted = {s.split(":", 1)[1] for s in sources if s.startswith("dantri:")}
        if wanted:
            with open(DANTRI_JSONL, encoding="utf-8") as src, open(root / "dantri.jsonl", "w", encoding="utf-8") as dst:
                dst.writelines(line for line in src if json.loads(line)["doc_id"] in wanted)
        tables = ingest_corpus(root)
    tables.update(extract_facts(tables["articles"], tables["segments"]))
    for module in corpus_builders():
        tables[module.TABLE] = module.build(tables)
    arts = tables["articles"]
    source_of = {}
    for aid, src, ext in arts.select("article_id", "source_file", "external_id").iter_rows():
        source_of[aid] = f"dantri:{ext}" if src.startswith("dantri.jsonl") else src
    out: dict = defaultdict(lambda: defaultdict(list))
    for table in ("mentions", "quotes", "amounts", "time_refs", "citations", "stories", "articles"):
        for row in tables[table].iter_rows(named=True):
            out[source_of[row["article_id"]]][table].append(row)
    return out


def _overlaps(a: dict, b: dict) -> bool:
    return a["char_start"] < b["end"] and b["start"] < a["char_end"]


def score_mentions(gold: list[dict], pred: dict) -> dict:
    span_tp = typed_tp = n_pred = n_gold = 0
    votes = defaultdict(Counter)
    pairs = []
    for g in gold:
        ours = {(m["char_start"], m["char_end"]): m for m in pred[g["source"]]["mentions"]}
        n_pred += len(ours)
        n_gold += len(g["mentions"])
        for gm in g["mentions"]:
            m = ours.get((gm["start"], gm["end"]))
            if m:
                span_tp += 1
                typed_tp += FOREIGN_TYPES.get(m["entity_type"], m["entity_type"]) == FOREIGN_TYPES.get(gm["type"], gm["type"])
                votes[gm["entity"]][m["entity_id"]] += 1
                pairs.append((gm["entity"], m["entity_id"]))
    mapped, owner = {}, {}
    for entity, counter in sorted(votes.items(), key=lambda kv: -sum(kv[1].values())):
        best = counter.most_common(1)[0][0]
        if best not in owner:
            owner[best] = entity
            mapped[entity] = best
    right = sum(mapped.get(entity) == eid for entity, eid in pairs)
    one_id = sum(len(c) == 1 and entity in mapped for entity, c in votes.items())
    return mapped, {
        "span": _prf(span_tp, n_pred, n_gold),
        "span_and_type": _prf(typed_tp, n_pred, n_gold),
        "entity": _prf(right, n_pred, n_gold),
        "entities_with_one_id": round(one_id / len(votes), 3) if votes else 0.0,
    }


def score_quotes(gold: list[dict], pred: dict, mapped: dict[str, str]) -> dict:
    """Full-quote recall by exact span; a speaker is right when its surface matches the gold's
    (or one ends the other: `Ushakov` / `Yury Ushakov`), or its entity is the gold speaker's."""
    found = n_full = speaker_ok = 0
    for g in gold:
        ours = {(q["char_start"], q["char_end"]): q for q in pred[g["source"]]["quotes"]}
        for gq in g["quotes"]:
            if gq["kind"] != "full":
                continue
            n_full += 1
            q = ours.get((gq["start"], gq["end"]))
            if q is None:
                continue
            found += 1
            want = (gq["speaker"] or "").casefold()
            got = (q["speaker_surface"] or "").casefold()
            same_entity = q["speaker_entity_id"] is not None and mapped.get(gq["speaker_entity"]) == q["speaker_entity_id"]
            speaker_ok += want == got or same_entity or (
                bool(want) and bool(got) and (want.endswith(got) or got.endswith(want)))
    return {"full_recall": round(found / n_full, 3) if n_full else 0.0, "full_gold": n_full,
            "speaker_accuracy": round(speaker_ok / found, 3) if found else 0.0}


def score_amounts(gold: list[dict], pred: dict, categories=("troops", "personnel", "duration")) -> dict:
    n = right = 0
    for g in gold:
        for ga in g["amounts"]:
            if ga["category"] not in categories:
                continue
            n += 1
            right += any(_overlaps(a, ga) and a["value"] == ga["value"] and a["value_high"] == ga["value_high"]
                         for a in pred[g["source"]]["amounts"])
    return {"recall_with_value": round(right / n, 3) if n else 0.0, "gold": n}


def score_dates(gold: list[dict], pred: dict) -> dict:
    n = right = 0
    for g in gold:
        for gt in g["time_refs"]:
            if gt["day"] is None or gt["month"] is None:
                continue
            n += 1
            right += any(_overlaps(t, gt) and (t["day"], t["month"], t["year"]) == (gt["day"], gt["month"], gt["year"])
                         for t in pred[g["source"]]["time_refs"])
    return {"day_month_recall_with_year": round(right / n, 3) if n else 0.0, "gold": n}


def score_citations(gold: list[dict], pred: dict) -> dict:
    tp = n_pred = n_gold = 0
    for g in gold:
        ours = pred[g["source"]]["citations"]
        n_pred += len(ours)
        n_gold += len(g["citations"])
        tp += sum(any(_overlaps(c, gc) and c["role"] == gc["role"] for c in ours) for gc in g["citations"])
    return _prf(tp, n_pred, n_gold)


def score_outlets_and_stories(gold: list[dict], pred: dict) -> dict:
    outlets = sum(
        (pred[g["source"]]["articles"][0]["outlet_id"], pred[g["source"]]["articles"][0]["outlet_role"])
        == (g["outlet"]["outlet_id"], g["outlet"]["role"]) for g in gold
    )
    story = {g["source"]: pred[g["source"]]["stories"][0]["story_id"] for g in gold if pred[g["source"]]["stories"]}
    pairs = [(a, b) for i, a in enumerate(gold) for b in gold[i + 1 :]]
    agree = sum((a["story"] == b["story"]) == (story.get(a["source"]) == story.get(b["source"])) for a, b in pairs)
    return {"outlets_exact": f"{outlets}/{len(gold)}", "story_pair_agreement": round(agree / len(pairs), 3) if pairs else 1.0}


def score(path: Path) -> dict:
    gold = load_gold(path)
    pred = run_extraction(gold)
    mapped, mentions = score_mentions(gold, pred)
    return {
        "articles": len(gold),
        "mentions": mentions,
        "quotes": score_quotes(gold, pred, mapped),
        "amounts": score_amounts(gold, pred),
        "time_refs": score_dates(gold, pred),
        "citations": score_citations(gold, pred),
        **score_outlets_and_stories(gold, pred),
    }


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or sorted(GOLD_DIR.glob("*.jsonl"))
    for path in paths:
        if "dantri" in path.name and not DANTRI_JSONL.exists():
            print(f"{path.name}: skipped ({DANTRI_JSONL} not present)")
            continue
        print(f"== {path.name}")
        print(json.dumps(score(path), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
