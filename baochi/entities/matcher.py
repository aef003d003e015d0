"""Find entity mentions: reference aliases by Aho-Corasick, names the reference lacks by NER.

One entity id per real-world thing: aliases map spellings to ids, a one-edit fuzzy match catches
misspellings (`Puttin`), a surname alone points to the full name said earlier in the same article,
and names not in the reference get an id derived from their folded surface (same name, same id, in
every article).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Protocol

import ahocorasick

from baochi.entities.reference import Reference, fold
from baochi.ner.features import is_vietnamese_syllable

Spans = list[tuple[int, int, str]]  # (start, end, PERSON|ORGANIZATION|LOCATION)


class Recognizer(Protocol):
    """A named-entity recogniser (baochi.ner.recognizer.Recognizer)."""

    def find(self, text: str) -> Spans: ...

    def find_many(self, texts: list[str]) -> list[Spans]: ...

HONORIFICS = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "bé", "cụ", "thầy", "nữ", "nam"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”…]\s*|\n\s*|[-–•]\s+)$")
_CAPITALISED = re.compile(r"[A-ZÀ-ỸĐ][\wÀ-ỹ'’.-]*")
# A capitalised word of 6+ letters (Vietnamese capitals included): the only misspelling candidates.
_CAPITALISED_WORD = re.compile(r"(?<![^\W\d_])[A-ZĐÀ-ÝĂƠƯẠ-Ỹ][^\W\d_]{5,}")
_TYPE_PREFIX = {"PERSON": "per", "ORGANIZATION": "org", "LOCATION": "loc", "MEDIA": "media"}
# two names across one dash: spaced (`Trump - Kim Jong-un`: hyphens inside a side are fine), else any
# (`Biden-Putin`: then neither side has another dash)
_SPACED_PAIR = re.compile(r"(\S.*?)\s+[-–]\s+(\S.*)")
_PAIR = re.compile(r"(\S.*?)\s*[-–]\s*(\S.*)")
_SPACED_DASH, _ANY_DASH = re.compile(r"\s[-–]\s"), re.compile(r"[-–]")
_DASH = re.compile(r"\s*([-–])\s*")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity_id: str
    entity_type: str
    method: str  # alias | fuzzy | ner | surname | discovered


def discovered_id(surface: str, entity_type: str) -> str:
    return f"new:{_TYPE_PREFIX.get(entity_type, 'x')}:{fold(surface).replace(' ', '-')}"


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    return bool(_deletes(max(a, b, key=len)) & {min(a, b, key=len)})


class EntityMatcher:
    def __init__(self, reference: Reference, recognizer: Recognizer | None = None):
        self.ref = reference
        self.recognizer = recognizer
        self.automaton = ahocorasick.Automaton()
        for alias, entity_id in reference.aliases.items():
            self.automaton.add_word(alias, (len(alias), entity_id))
        if reference.aliases:
            self.automaton.make_automaton()
        self.fuzzy: dict[str, set[str]] = {}
        for folded, entity_id in reference.folded.items():
            if len(folded) >= 5 and " " not in folded:
                for key in _deletes(folded) | {folded}:
                    self.fuzzy.setdefault(key, set()).add(folded)

    # -- reference aliases -------------------------------------------------------------------
    def _alias_matches(self, text: str) -> list[Mention]:
        if not self.ref.aliases:
            return []
        found = []
        for end, (length, entity_id) in self.automaton.iter(text):
            start, stop = end - length + 1, end + 1
            if (start > 0 and text[start - 1].isalnum()) or (stop < len(text) and text[stop].isalnum()):
                continue
            entity = self.ref.entities[entity_id]
            found.append(Mention(start, stop, text[start:stop], entity_id, entity.entity_type, "alias"))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen, last_end, starts = [], -1, {m.start for m in found}
        for m in found:
            if m.start >= last_end and self._plausible(text, m, starts):
                chosen.append(m)
                last_end = m.end
        return chosen

    def _plausible(self, text: str, m: Mention, starts: set[int]) -> bool:
        """Drop aliases that are here a person's name or an ordinary word (`chị Nga`, `Anh ấy`);
        ``starts``: where every alias match of the text starts (chosen or not)."""
        before = text[max(0, m.start - 12) : m.start]
        prev_word = before.split()[-1].casefold() if before.split() else ""
        if m.entity_type in ("LOCATION", "ORGANIZATION", "MEDIA") and prev_word in HONORIFICS:
            return False
        rule = self.ref.rules.get(m.surface)
        if rule is None or rule == "capitalized_only":  # the case-sensitive match already did it
            return True
        if rule == "not_sentence_initial" and _SENTENCE_START.search(before):
            return False  # "Anh ấy", "Ý kiến", "Viên chức": the capital says nothing here
        if rule in ("needs_context", "not_sentence_initial"):
            after = _CAPITALISED.match(text, m.end + 1) if text[m.end : m.end + 1] == " " else None
            glued_after = after is not None and (m.end + 1) not in starts
            prev = before.split()[-1] if before.split() else ""
            glued_before = prev.isalpha() and prev[:1].isupper() and before.endswith(" ")
            return not (glued_after or glued_before)
        return True

    # -- names the reference does not hold --------------------------------------------------
    def _resolve(
        self, surface: str, entity_type: str, persons: dict[str, str], present: set[str]
    ) -> tuple[str, str, str]:
        """Reference alias, else a surname said in full earlier, else a one-edit misspelling of an
        entity the same article names correctly, else a discovered id."""
        folded = fold(surface)
        entity_id = self.ref.folded.get(folded)
        if entity_id:
            return entity_id, self.ref.entities[entity_id].entity_type, "alias"
        if entity_type == "PERSON" and folded in persons:
            entity_id = persons[folded]
            return entity_id, "PERSON", "surname"
        if " " not in folded and len(folded) >= 5:
            close = {c for k in _deletes(folded) | {folded} for c in self.fuzzy.get(k, ())}
            close = sorted(c for c in close if c[0] == folded[0] and _within_one_edit(c, folded))
            ids = {self.ref.folded[c] for c in close} & present
            if len(ids) == 1:
                entity_id = ids.pop()
                return entity_id, self.ref.entities[entity_id].entity_type, "fuzzy"
        return discovered_id(surface, entity_type), entity_type, "discovered"

    # -- NER spans that join two names ----------------------------------------------------------
    def _split(self, text: str, start: int, end: int, entity_type: str) -> list[tuple[int, int, str]]:
        """A person span that is two names: a pair across a dash where both sides are known names,
        or one a known person and the other capitalised (`Trump - Kim`, `Biden-Putin`; not
        `Kramp-Karrenbauer`, `Kim Jong-il`); or a country before a foreign full name (`Cuba Fidel
        Castro`, `Anh Theresa May`; not the Vietnamese given names `Mỹ Tâm`, `Nhật Kim Anh`)."""
        if entity_type != "PERSON":
            return [(start, end, entity_type)]
        surface = text[start:end]
        pair = _SPACED_PAIR.fullmatch(surface)
        if pair is None or _SPACED_DASH.search(pair.group(2)):
            pair = _PAIR.fullmatch(surface)
            pair = None if pair is None or _ANY_DASH.search(pair.group(2)) else pair
        if pair and not self._known(_DASH.sub(r"\1", surface)):
            kinds = [self._known(pair.group(i)) for i in (1, 2)]
            capitalised = all(w[0].isupper() for i in (1, 2) for w in pair.group(i).split())
            if all(kinds) or ("PERSON" in kinds and capitalised):  # not `Bashar al - Assad`
                return [(start + pair.start(i), start + pair.end(i), kinds[i - 1] or "PERSON") for i in (1, 2)]
        parts = surface.split(" ")
        for cut in [len(" ".join(parts[:k])) for k in (2, 1) if len(parts) > k]:  # a country of two words, then one
            rest = surface[cut:].strip()
            names = rest.split()
            if (self._known(surface[:cut]) == "LOCATION" and len(names) >= 2 and rest[0].isupper()
                    and not all(is_vietnamese_syllable(w) for w in names)
                    and not (self.ref.rules.get(surface[:cut]) and _SENTENCE_START.search(text[max(0, start - 12) : start]))):
                return [(start, start + cut, "LOCATION"), (end - len(rest), end, "PERSON")]
        return [(start, end, entity_type)]

    def _known(self, surface: str) -> str | None:
        """The reference type of a surface that is exactly one of its names."""
        entity_id = self.ref.folded.get(fold(surface))
        return self.ref.entities[entity_id].entity_type if entity_id else None

    def recognize_many(self, texts: list[str]) -> list[Spans] | None:
        """The recogniser's spans of many texts at once (faster than one by one), for ``find``."""
        return self.recognizer.find_many(texts) if self.recognizer else None

    def find(self, text: str, spans: Spans | None = None) -> list[Mention]:
        """Mentions in ``text``; ``spans``: the recogniser's for it, when already found."""
        mentions = self._alias_matches(text)
        if spans is None:
            spans = self.recognizer.find(text) if self.recognizer else []
        spans = [piece for span in spans for piece in self._split(text, *span)]
        # spans claimed so far, in text order and never overlapping (so their ends are in order too)
        starts, ends = [m.start for m in mentions], [m.end for m in mentions]
        persons: dict[str, str] = {}  # a surname or short form -> the person named in full earlier
        for m in mentions:
            if m.entity_type == "PERSON":
                tokens = fold(m.surface).split()
                for i in range(1, len(tokens)):
                    persons.setdefault(" ".join(tokens[i:]), m.entity_id)
        present = {m.entity_id for m in mentions}
        extra: list[Mention] = []
        for start, end, entity_type in sorted(spans):
            lo, hi = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)  # claimed spans it meets
            if lo < hi:
                if starts[lo] < start or ends[hi - 1] > end:
                    continue  # overlaps a reference match partly: the reference wins
                if self._covered(text, start, end, list(zip(starts[lo:hi], ends[lo:hi]))):
                    continue  # e.g. "Nga Putin" = two reference names side by side
                # A longer proper name containing a reference name ("Vệ binh Quốc gia Florida") wins.
                mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
            surface = text[start:end]
            entity_id, resolved_type, method = self._resolve(surface, entity_type, persons, present)
            extra.append(Mention(start, end, surface, entity_id, resolved_type, "ner" if method == "alias" else method))
            if resolved_type == "PERSON":
                tokens = fold(surface).split()
                for i in range(1, len(tokens)):
                    persons.setdefault(" ".join(tokens[i:]), entity_id)
            starts[lo:hi], ends[lo:hi] = [start], [end]
        extra += self._misspellings(text, list(zip(starts, ends)), present)
        return sorted(mentions + extra, key=lambda m: m.start)

    def _misspellings(self, text: str, taken: list[tuple[int, int]], present: set[str]) -> list[Mention]:
        """Capitalised words no one claimed that are one edit from a known name (`Puttin`)."""
        found = []
        spans = sorted(taken)
        starts = [s for s, _ in spans]
        for match in _CAPITALISED_WORD.finditer(text):
            start, end = match.span()
            word = match.group(0)
            if not word[0].isupper():  # the Ạ-Ỹ block interleaves lower case
                continue
            i = bisect.bisect_right(starts, start) - 1  # the claimed span starting at or before this word
            if (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end):
                continue
            entity_id, entity_type, method = self._resolve(word, "PERSON", {}, present)
            names = {fold(a) for a in self.ref.entities[entity_id].aliases} if method == "fuzzy" else set()
            if method == "fuzzy" and not {fold(word)[:-1]} & names:  # "Indian", "Francs": not typos
                found.append(Mention(start, end, word, entity_id, entity_type, "fuzzy"))
        return found

    @staticmethod
    def _covered(text: str, start: int, end: int, inside: list[tuple[int, int]]) -> bool:
        """True when the reference matches inside [start, end) (in order, not overlapping) cover all
        its words: only white space between them."""
        pos = start
        for s, e in inside:
            if text[pos:s].strip():
                return False
            pos = e
        return not text[pos:end].strip()
