"""Turn VietNews `.txt.seg` files (word-segmented: `_` joins syllables, punctuation spaced) back into
plain news text, one JSONL row per article, for scale benchmarks. The data stays outside the repo.

    python scripts/vietnews_to_jsonl.py /work/data/vietnews/data/test_tokenized out.jsonl [--limit N]
"""

import argparse
import json
import re
from pathlib import Path

_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…%)\]”’])")
_SPACE_AFTER = re.compile(r"([(\[“‘])\s+")


def detokenize(line: str) -> str:
    line = line.replace("_", " ")
    line = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", line))
    return re.sub(r" {2,}", " ", line).strip()


def convert(folder: Path, out: Path, limit: int | None = None) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as dst:
        for path in sorted(folder.glob("*.txt.seg"))[:limit]:
            parts = path.read_text(encoding="utf-8", errors="replace").split("\n\n")
            title = detokenize(parts[0]) if parts else ""
            body = "\n".join(detokenize(x) for p in parts[1:] for x in p.splitlines() if x.strip())
            if body:
                dst.write(json.dumps({"id": path.name.split(".")[0], "title": title, "text": body},
                                     ensure_ascii=False) + "\n")
                n += 1
    return n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    print(f"{convert(args.folder, args.out, args.limit):,} articles -> {args.out}")
