"""Quotes with speaker attribution: the words an article puts in someone's mouth, and whose they are.

Only lead and body lines are read (captions and related links repeat or advertise). Quotation marks pair
within one line, left to right, by context (an opening mark follows a space, a closing one precedes a
space or punctuation), so inch marks (`14"`), stray closers and a quote left open at the end of a
paragraph never pair across lines. Nested quotes stay inside their outer quote. `text` is the span inside
the marks, trimmed of spaces and a trailing `,;:`.

Speaker rules per quote, first match wins (speakers.py turns the subject phrase into a name span):
1. A quote opening its sentence: `"Q", X nói/cho hay/...` or `"Q" ..., X cho hay` (first cue after it).
2. The nearest cue before it in the sentence: `X nói: "Q"`, `X cho rằng ... "Q"`, `X dẫn lời Y nói ... "Q"`
   (Y), `Theo X, "Q"`; a bare name right before a lowercase full quote (`Bộ trưởng Lloyd Austin "đã ..."`);
   a cue without a subject (`..., đồng thời cho rằng`) inherits the sentence's previous speaker or subject;
   a quote after a colon with no cue (`Ông Vương trình bày: "Q"`) belongs to the sentence's subject.
3. `..."Q", X cue` right after a quote inside the sentence (`Việc ... "Q", quan chức này cho biết`).
4. A full quote opening a sentence with no cue continues the previous speaker of this or the previous
   paragraph (a quote or a reported-speech sentence), or a paragraph ending `X nói:`.
Pronouns (`ông`, `bà`, `quan chức này`) take the nearest earlier subject: a named person, then an
`ông X` mention, then a role (with the same head noun for `quan chức này`); if none, the pronoun stays.
Scare quotes in a sentence without a cue get no speaker.
"""

from __future__ import annotations

import re

import polars as pl

from baochi.facts.doc import Doc
from baochi.facts.speakers import (
    HONORIFICS, NAMING, TITLES, Speaker, analyze_np, find_cues, match, name_run, phrase_end, pure_name, tokenize)

TABLE = "quotes"
SCHEMA = {
    "article_id": pl.String, "quote_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32,
    "text": pl.String, "speaker_entity_id": pl.String, "speaker_surface": pl.String, "speaker_start": pl.Int32,
    "speaker_end": pl.Int32, "cue": pl.String, "kind": pl.String, "segment_kind": pl.String,
}
SORT_KEY = ["article_id", "char_start"]
KINDS = ("full", "fragment")
SEGMENT_KINDS = ("lead", "body")
FULL_MIN_TOKENS = 6  # six syllables read as a clause
_OPEN_AFTER, _CLOSE_BEFORE = set("([{–—-/:‘“'«"), set(".,;:!?)]}…–—-”’'»")
_BOUNDARY_WORDS = {"rằng", "mà", "nhưng", "song"}
_ABBR = {"tp", "tt", "gs", "pgs", "ts", "ths", "bs", "mr", "mrs", "ms", "dr", "st", "q", "p", "tx", "ks"}
_SENT_END = re.compile(r"[.!?…]+[)\]”’\"]*\s+")
_PAREN = re.compile(r"\([^()“”\"]*\)")
_QUOTE_MARK = re.compile('[“”"]')
_LAST_WORD = re.compile(r"(\w+)\W*$")
_ADVERBIAL = set("trong theo cùng khi sau trước hôm ngày tại ở với về từ nếu dù mặc để vì do bên đầu cuối giữa hồi"
                 " vào năm tháng tuy ngoài thay qua riêng đối nhằm dưới trên hiện lúc chiều sáng tối đến như".split())
_LOOKBACK = 8  # sentences searched for a pronoun's antecedent
_UNSET = object()


def pair_marks(line: str) -> list[tuple[int, int]]:
    """(open, close) indices of the outermost quotation-mark pairs in one line."""
    stack, pairs = [], []
    for mark in _QUOTE_MARK.finditer(line):
        i, ch = mark.start(), mark.group()
        prev, nxt = (line[i - 1] if i else " "), (line[i + 1] if i + 1 < len(line) else " ")
        opens = ch == "“"
        if ch == '"':
            can_open = (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace()
            can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE)
            if can_open == can_close and not (stack and line[stack[-1]] == '"' and not prev.isspace()):
                continue  # `a"b`, `" "`: no role unless it can close a pending straight quote
            opens = can_open and not can_close
        if opens:
            stack.append(i)
        elif stack:  # a closer with nothing open (an inch mark, a stray mark) is ignored
            pairs.append((stack.pop(), i))
    outer, last = [], -1
    for o, c in sorted(pairs):  # pairs inside an unclosed opener still count; nested pairs do not
        if o > last:
            outer.append((o, c))
            last = c
    return outer


def _sentences(line: str, pairs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], str]:
    """Sentence spans of a line and the line with quote interiors blanked (their punctuation never splits)."""
    chars = list(line)
    for o, c in pairs:
        chars[o + 1:c] = " " * (c - o - 1)
    masked, cuts = "".join(chars), set()
    for m in _SENT_END.finditer(masked):
        nxt = line[m.end()] if m.end() < len(line) else ""
        lo = max(0, m.start() - 80)  # the last word before the end, looked for close to it first
        word = _LAST_WORD.search(masked, lo, m.start())
        if lo and (word is None or word.start() == lo):  # none there, or maybe cut: the whole prefix
            word = _LAST_WORD.search(masked, 0, m.start())
        abbr = word and (word.group(1).lower() in _ABBR or len(word.group(1)) == 1 and word.group(1).isupper())
        if nxt and (nxt.isupper() or nxt.isdigit() or nxt in "“\"‘([-") and not abbr:
            cuts.add(m.end())
    for o, c in pairs:  # `“... Ukraine.” Một quan chức ...`
        rest = line[c + 1:]
        nxt = rest.lstrip()[:1]
        ends = (line[o + 1:c].rstrip() or "x")[-1] in ".!?…"
        if ends and rest[:1].isspace() and nxt and (nxt.isupper() or nxt in "“\""):
            cuts.add(len(line) - len(rest.lstrip()))
    bounds = [0, *sorted(cuts), len(line)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if line[a:b].strip()], masked


class _Sentence:
    """One sentence's tokens and cues; the speaker behind each cue is worked out on demand."""

    def __init__(self, masked: str, start: int, marks: set[int], memory: list[_Sentence], para: int):
        masked = _PAREN.sub(lambda m: " " * len(m.group()), masked)  # `anh Quang (Hà Nội), cho biết`
        self.toks = tokenize(masked, start)
        self.marks = {k for k, t in enumerate(self.toks) if t.start in marks}
        self.cues = find_cues(self.toks)
        self.memory, self.para, self._said = memory, para, {}
        self._seen = len(memory)  # the sentences before this one, which its leading subject may refer to
        self._leading, self._mentions, self._reported_known = _UNSET, None, False
        strong = [c for c, cue in enumerate(self.cues) if not cue.weak]
        self.reported = self.speaker_of(strong[0]) if strong else None  # `X cho biết ...`
        self._reported_known = True

    @property
    def subject(self) -> Speaker | None:
        """The reported speaker, else the leading subject (which alone is the subject while the
        reported speaker is being worked out). Worked out when first asked: most sentences never are."""
        if self._reported_known and self.reported is not None:
            return self.reported
        if self._leading is _UNSET:
            self._leading = self.leading_subject()
        return self._leading

    def is_boundary(self, k: int) -> bool:
        t = self.toks[k]
        return (not t.word and t.text in ",;:()[]{}–—-") or k in self.marks or t.low in _BOUNDARY_WORDS

    def left(self, k: int) -> int:
        """Start of the phrase ending before token k (after punctuation, a quote, a cue, `rằng`)."""
        ends = {cue.e for cue in self.cues}
        while k > 0 and not self.is_boundary(k - 1) and k not in ends:
            k -= 1
        return k

    def right(self, k: int) -> int:
        starts = {cue.i for cue in self.cues}
        while k < len(self.toks) and not self.is_boundary(k) and k not in starts:
            k += 1
        return k

    def leading_subject(self) -> Speaker | None:
        """The subject opening the sentence, after up to two adverbial clauses (`Cùng ngày, ...`)."""
        k, toks = 0, self.toks
        for _ in range(3):
            while k < len(toks) and not toks[k].word:
                k += 1
            # the subject ends where its verb's aspect word starts (`X đã chỉ trích ...`)
            sp = analyze_np(toks, k, phrase_end(toks, k, self.right(k))) if k < len(toks) and toks[k].low not in _ADVERBIAL else None
            if sp and sp.kind == "person" and (sp.start, sp.end) == (toks[k].start, toks[k].end):
                sp = None  # one untitled word opening a sentence (`Combo ...`) is rarely a person
            if sp is not None:
                return self.resolve(sp, self._seen)
            while k < len(toks) and toks[k].text not in ",;:":
                k += 1
            k += 1
        return None

    def speaker_of(self, c: int) -> Speaker | None:
        if c not in self._said:
            self._said[c] = None  # guards the recursion below
            cue = self.cues[c]
            sp = analyze_np(self.toks, cue.e, self.right(cue.e)) if cue.rightward else self.subject_before(cue.i)
            if sp is None:  # no subject of its own: the sentence's previous speaker, or its subject
                sp = self.speaker_of(c - 1) if c else self.subject
            self._said[c] = self.resolve(sp)
        return self._said[c]

    def subject_before(self, i: int) -> Speaker | None:
        """The phrase in front of token i; a name in apposition beats a role, an organisation or a titled
        phrase: `Yury Ushakov, cố vấn ... của ông Putin, hôm nay cho biết` -> Yury Ushakov."""
        b = self.left(i)
        sp = analyze_np(self.toks, b, i)
        weak, titled = self._appositive(b, i, sp), None
        for _ in range(5):
            if not weak or b < 2 or self.toks[b - 1].text not in ",-–":
                break
            b2 = self.left(b - 1)
            if b2 and not self.is_boundary(b2 - 1):
                break  # the phrase starts right after a cue: no apposition
            named = pure_name(self.toks, b2, b - 1)
            if named is not None and not self._office(b2, b - 1):
                return named
            titled = titled or named  # `Chủ tịch HĐQT Eximbank`: a name only if no `ông X` stands before
            prev = analyze_np(self.toks, b2, b - 1)
            weak = self._appositive(b2, b - 1, prev)
            sp = sp or (prev if prev is not None and prev.kind in ("role", "org") else None)
            b = b2
        return titled or sp

    def _office(self, b: int, e: int) -> bool:  # the phrase opens with a title (not `ông`)
        k = next((k for k in range(b, e) if self.toks[k].word), e)
        return k < e and bool(match(self.toks, k, TITLES, e)) and self.toks[k].low not in HONORIFICS

    def _appositive(self, b: int, e: int, sp: Speaker | None) -> bool:
        return sp is None or sp.kind in ("role", "org") or self._office(b, e)

    def resolve(self, sp: Speaker | None, seen: int | None = None) -> Speaker | None:
        """A pronoun's antecedent among the last sentences' subjects and `ông X` mentions (of the
        first `seen` remembered sentences: the leading subject, worked out late, sees what it saw then)."""
        if sp is None or sp.kind != "pronoun":
            return sp
        head = sp.head.split()[0] if sp.head else ""
        memory = self.memory if seen is None else self.memory[:seen]
        for rec in reversed(memory[-_LOOKBACK:]):
            if self.para - rec.para > 2:
                break
            subj = rec.subject
            if head not in HONORIFICS | {"người"}:  # `quan chức này` wants a `quan chức` before it
                if subj is not None and subj.kind == "role" and subj.head.startswith(sp.head):
                    return subj
                continue
            if subj is not None and subj.kind == "person":
                return subj
            mentions = [m for m in rec.mentions() if m.head == head]
            if mentions:
                return mentions[-1]
            if subj is not None and subj.kind == "role":
                return subj
        return sp  # unresolved: the pronoun itself still says the quote is attributed

    def mentions(self) -> list[Speaker]:
        """`ông Putin`, `bà Psaki`: honorific + name, remembered for later pronouns."""
        if self._mentions is None:
            self._mentions = self._find_mentions()
        return self._mentions

    def _find_mentions(self) -> list[Speaker]:
        found = []
        for k, t in enumerate(self.toks[:-1]):
            if t.low in HONORIFICS and self.toks[k + 1].cap:
                sp = pure_name(self.toks, k, name_run(self.toks, k + 1, len(self.toks)))
                if sp is not None:
                    found.append(Speaker(sp.start, sp.end, sp.kind, t.low))
        return found


def _post(s: _Sentence, qc: int, immediate: bool) -> tuple[Speaker | None, str | None]:
    """`"Q", X cue`: the first cue after the closing mark (token qc) with a subject of its own."""
    if immediate and not (qc + 1 < len(s.toks) and s.toks[qc + 1].text in ",-–—"):
        return None, None
    for cue in (cue for cue in s.cues if cue.i > qc):
        if any(qc < m < cue.i for m in s.marks):
            break
        words_between = any(t.word for t in s.toks[qc + 1:s.left(cue.i)])
        if cue.rightward:  # `"Q", theo X.`
            sp = s.resolve(analyze_np(s.toks, cue.e, s.right(cue.e)))
            if sp is not None and all(not t.word for t in s.toks[qc + 1:cue.i]):
                return sp, cue.phrase
            continue
        if immediate and words_between:
            break
        if cue.weak and words_between:
            continue
        sp = s.resolve(s.subject_before(cue.i)) if max(s.left(cue.i), qc + 1) < cue.i else None
        if sp is None or sp.kind == "role":  # `"Q", Tiến sĩ X, Giám đốc ..., bệnh viện ..., cho biết`
            k = next((k for k in range(qc + 1, cue.i) if s.toks[k].word), cue.i)
            head = analyze_np(s.toks, k, min(s.right(k), cue.i)) if k < cue.i else None
            if head is not None and (sp is None or head.kind in ("person", "org")):
                sp = s.resolve(head)
        return (sp, cue.phrase) if sp is not None else (None, None)
    return None, None


def _names_something(s: _Sentence, qo: int) -> bool:
    """Is the quote the name of a programme, prize, slogan, word... (`hạng mục "Nền tảng ..."`)?"""
    k = qo - 1 - (qo > 0 and s.toks[qo - 1].text == ":")
    return any(k - n + 1 >= 0 and match(s.toks, k - n + 1, NAMING, k + 1) == n for n in (1, 2, 3))


def _pre(s: _Sentence, qo: int, clause: bool) -> tuple[Speaker | None, str | None]:
    """The nearest cue before the opening mark (token qo); weak cues only right before it (`kể: "Q"`)."""
    cue = next((cue for cue in reversed(s.cues) if cue.e <= qo and not (
        cue.weak and not ({t.text for t in s.toks[cue.e:qo]} <= {":", "rằng", ","} and cue.e < qo))), None)
    named = pure_name(s.toks, s.left(qo), qo) if clause and cue is None else None
    if named is not None:  # `Bộ trưởng Lloyd Austin "đã ..."` with no reporting verb before it
        return named, None
    if cue is None:  # `Ông Vương trình bày: "Q"` (a verb before the colon, not `Arena: "Q"`)
        after_colon = qo > 1 and s.toks[qo - 1].text == ":" and s.toks[qo - 2].word and not s.toks[qo - 2].cap
        return (s.subject, None) if after_colon else (None, None)
    return s.speaker_of(s.cues.index(cue)), cue.phrase


_MARKS = ("\u201c", "\u201d", '"')


_TITLE_CHANGERS = {"phó", "cựu", "nguyên", "tân"}  # `Phó Tổng thống Mỹ X` does not hold `Tổng thống Mỹ`


def _role_holder(doc: Doc, role: str, at: int) -> str | None:
    """The person the article names with this role (`Tổng thống Mỹ` -> `Tổng thống Mỹ Joe Biden`), else,
    when the role is a title alone or a title `của` someone (`Đặc phái viên của Tổng thống Mỹ`), the
    person named with that title (`Đặc phái viên Billingslea`): the last such person before `at`, else
    the first after it. `Tổng thống Pháp` is not `Tổng thống Donald Trump`."""
    words = role.casefold().split()
    if words and words[0] in ("nữ", "nam"):
        words = words[1:]
    toks = tokenize(" ".join(words), 0)
    n = match(toks, 0, TITLES) if toks else 0
    title = words[:n] if n and len(words[:n]) >= 2 and (n == len(words) or words[n] == "của") else []
    for wanted in ([words] if len(words) >= 2 else []) + ([title] if title and title != words else []):
        holders = [m for m in doc.mentions() if m.entity_type == "PERSON" and _titled(doc, m.start, wanted)]
        if holders:
            before = [m for m in holders if m.start < at]
            return (before[-1] if before else holders[0]).entity_id
    return None


def _titled(doc: Doc, start: int, title: list[str]) -> bool:
    """Whether the words right before `start` are exactly `title` (whole words, not after `Phó`)."""
    window = doc.text[max(0, start - 12 * len(title) - 20) : start].casefold().split()
    return window[-len(title):] == title and not (len(window) > len(title) and window[-len(title) - 1] in _TITLE_CHANGERS)


_PRECEDENCE = {"PERSON": 0, "ORGANIZATION": 1, "MEDIA": 1}  # then places


def _role_entity(doc: Doc, role: str, start: int, end: int) -> str | None:
    """Whom a role phrase names: a person in it (`Bộ trưởng Nội vụ Estonia Andres Anvelt`), else the
    person holding the role here, else an organisation in it (`hãng tin CNN`), else a place (`Đại sứ
    Nga` speaks for Russia)."""
    named = doc.mentions_at(start, end)
    best = min(named, key=lambda m: (_PRECEDENCE.get(m.entity_type, 2), m.start)) if named else None
    if best is not None and best.entity_type == "PERSON":
        return best.entity_id
    return _role_holder(doc, role, start) or (best.entity_id if best else None)


def extract(doc: Doc, resolve=None) -> list[dict]:
    """Quote rows for one article; `resolve(surface, start, end)` maps a speaker span to an entity_id
    (by default the article's own entity mentions, then the person a role names)."""
    if resolve is None and doc.matcher is not None:
        resolve = lambda surface, a, b: doc.resolve(surface, a, b) or _role_holder(doc, surface, a)  # noqa: E731
        # a role is first the person holding it here (`Tổng thống Mỹ` -> Trump), else whom it names
        holder = lambda surface, a, b: _role_entity(doc, surface, a, b)  # noqa: E731
    else:
        holder = resolve
    rows, memory = [], []
    last = colon = None  # (para, speaker, cue): the latest speaker; the speaker of a paragraph ending `:`
    lines = list(doc.lines(SEGMENT_KINDS))
    marked = [any(q in line for q in _MARKS) for *_, line in lines] + [False]
    for para, (start, _end, kind, line) in enumerate(lines):
        if not (marked[para] or marked[para + 1]):
            continue  # no quote here or next: nothing to attribute, no antecedent needed
        pairs = pair_marks(line)
        spans, masked = _sentences(line, pairs)
        marks = {start + p for pair in pairs for p in pair}
        prev_colon, colon = colon, None
        for n_sent, (a, b) in enumerate(spans):
            s = _Sentence(masked[a:b], start + a, marks, memory, para)
            quoted = False
            for o, c in (p for p in pairs if a <= p[0] < b):
                inner = line[o + 1:c]
                text = inner.strip()  # the whole span inside the marks, punctuation included
                if not text:
                    continue
                qo = next(k for k in s.marks if s.toks[k].start == start + o)
                qc = next(k for k in s.marks if s.toks[k].start == start + c)
                full = len(text.split()) >= FULL_MIN_TOKENS
                opening = all(not t.word for t in s.toks[:qo])
                naming = _names_something(s, qo)  # `chương trình "Chia sẻ cùng thầy cô"`: nobody's words
                sp, cue = _post(s, qc, immediate=False) if opening else (None, None)
                if sp is None and not naming:
                    sp, cue = _pre(s, qo, full and text[0].islower())
                    if sp is None and not opening:
                        sp, cue = _post(s, qc, immediate=True)
                    if sp is None and cue is None and opening and full:
                        if prev_colon is not None and n_sent == 0:
                            _, sp, cue = prev_colon
                        elif last is not None and para - last[0] <= 1:
                            _, sp, cue = last
                if sp is not None:
                    last, quoted = (para, sp, cue), True
                qs = start + o + 1 + len(inner) - len(inner.lstrip())
                surface = doc.text[sp.start:sp.end] if sp is not None else None
                rows.append({
                    "article_id": doc.article_id, "quote_id": f"{doc.article_id}:{qs}", "char_start": qs,
                    "char_end": qs + len(text), "text": text,
                    "speaker_entity_id": (holder if sp.kind == "role" else resolve)(surface, sp.start, sp.end)
                    if resolve and sp else None,
                    "speaker_surface": surface, "speaker_start": sp and sp.start, "speaker_end": sp and sp.end,
                    "cue": cue, "kind": "full" if full else "fragment", "segment_kind": kind})
            memory.append(s)  # its subject and mentions are worked out if a later pronoun asks
            if s.reported is not None and not quoted:  # reported speech, then maybe a bare quote
                last = (para, s.reported, next(cue.phrase for cue in s.cues if not cue.weak))
            ends_colon = s.cues and s.toks[-1].text == ":" and s.speaker_of(len(s.cues) - 1)
            colon = (para, s.speaker_of(len(s.cues) - 1), s.cues[-1].phrase) if ends_colon else None
    return rows
