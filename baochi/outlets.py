"""Which outlet published an article, from evidence in the input only (never from style).

Evidence, strongest first: the JSONL `outlet` field, the JSONL `url` host, a leading byline marker
such as `(CAO)`, then syndication footers (`Article sourced from VNEXPRESS`, a URL after
`Original source`, a trailing `Theo VietNamNet`), which mean the text was republished from there.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PUBLISHER = "publisher"
REPUBLISHED_FROM = "republished_from"

_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_LEADING_MARKER = re.compile(r"\A\s*\(([^()\n]{2,40})\)")
# A syndication footer: `Theo VietNamNet`, `Nguồn: Tuổi Trẻ`, `Article sourced from VNEXPRESS.`
SYNDICATION = re.compile(
    r"^\s*(?P<cue>Theo|Nguồn tin|Nguồn|Source|(?:Article )?sourced from)\s*:?\s+(?P<name>.+?)\s*\.?\s*$",
    re.IGNORECASE,
)
_ORIGINAL_URL = re.compile(r"^\s*(?:Original source|Nguồn gốc|Link gốc|Nguồn bài viết)\b", re.IGNORECASE)


def host_of(url: str) -> str | None:
    """The lower-case host of a URL without `www.`, or None when it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


@dataclass(frozen=True)
class OutletMatch:
    outlet_id: str
    evidence: str
    role: str
    url: str | None = None


class OutletIndex:
    """Looks outlets up by domain, name or in-text marker (case-insensitive)."""

    def __init__(self, rows: list[dict[str, str]]):
        self.rows = rows
        self.names: dict[str, str] = {}
        self.domains = {r["outlet_id"].lower(): r["outlet_id"] for r in rows}
        for row in rows:
            keys = [row["outlet_id"], row["name"], *filter(None, row.get("markers", "").split("|"))]
            for key in keys:
                folded = key.strip().casefold()
                owner = self.names.setdefault(folded, row["outlet_id"])
                if owner != row["outlet_id"]:
                    raise ValueError(f"marker {key!r} names both {owner} and {row['outlet_id']}")

    @classmethod
    def from_csv(cls, path: str | Path) -> OutletIndex:
        with open(path, encoding="utf-8", newline="") as handle:
            return cls(list(csv.DictReader(handle)))

    def by_name(self, name: str) -> str | None:
        folded = name.strip().strip(".:").strip().casefold()
        found = self.names.get(folded)
        if found is None and folded.startswith(("báo ", "hãng tin ", "trang ")):
            found = self.names.get(folded.split(" ", 1)[1])
        return found

    def by_host(self, host: str | None) -> str | None:
        """The outlet whose domain is this host or a parent of it (`ttvn.toquoc.vn` -> toquoc.vn)."""
        parts = (host or "").lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            found = self.domains.get(".".join(parts[i:]))
            if found:
                return found
        return None


def _from_metadata(meta: dict, index: OutletIndex) -> OutletMatch | None:
    outlet = str(meta.get("outlet") or "").strip()
    url = str(meta.get("url") or "").strip() or None
    if outlet:
        found = index.by_name(outlet) or index.by_host(outlet)
        if found:
            return OutletMatch(found, f"jsonl outlet: {outlet}", PUBLISHER, url)
        # Not in outlets.csv: a domain is still the outlet's id; a bare name is kept as given.
        as_host = host_of(outlet if "://" in outlet else f"http://{outlet}")
        given = as_host if as_host and "." in as_host and " " not in outlet else outlet
        return OutletMatch(given, f"jsonl outlet: {outlet} (not in outlets.csv)", PUBLISHER, url)
    host = host_of(url) if url else None
    if host:
        return OutletMatch(index.by_host(host) or host, f"jsonl url host: {host}", PUBLISHER, url)
    return None


def infer_outlet(text: str, footer_lines: list[str], meta: dict, index: OutletIndex) -> OutletMatch | None:
    """The outlet of one article: metadata first, then a leading marker, then footers."""
    found = _from_metadata(meta, index)
    if found:
        return found
    lead = _LEADING_MARKER.match(text)
    if lead:
        outlet_id = index.by_name(lead.group(1))
        if outlet_id:
            return OutletMatch(outlet_id, f"leading marker: ({lead.group(1)})", PUBLISHER)
    republished: OutletMatch | None = None
    original_url = None
    for line in footer_lines:
        if _ORIGINAL_URL.match(line) and _URL.search(line):
            original_url = _URL.search(line).group(0).rstrip(".,;")
            host = host_of(original_url)
            outlet_id = index.by_host(host)
            if outlet_id:
                republished = OutletMatch(outlet_id, f"original source url: {host}", REPUBLISHED_FROM)
            continue
        match = SYNDICATION.match(line)
        if republished is None and match and len(match.group("name").split()) <= 6:
            name = match.group("name")
            outlet_id = index.by_name(name) or index.by_host(host_of(name) if "://" in name else name)
            if outlet_id:
                republished = OutletMatch(outlet_id, f"footer: {line.strip()}", REPUBLISHED_FROM)
        elif republished is None and len(line.split()) <= 4 and index.by_name(line):
            republished = OutletMatch(index.by_name(line), f"footer: {line.strip()}", REPUBLISHED_FROM)
    if republished and original_url:
        return OutletMatch(republished.outlet_id, republished.evidence, REPUBLISHED_FROM, original_url)
    return republished
