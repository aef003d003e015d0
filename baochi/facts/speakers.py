"""Who says it: tokens, reporting cues and the speaker noun phrase of a Vietnamese news sentence.

Vietnamese news attributes speech with a few conventions (`X cho biết: "Q"`, `"Q", X nói`, `theo X, "Q"`,
`X dẫn lời Y ...`). The phrase in front of a cue may carry titles (`Trợ lý tổng thống Nga Yury Ushakov`),
name an institution (`Nhà Trắng`) or only a role (`một quan chức giấu tên`). This module reduces such a
phrase to the span that names the speaker; quotes.py decides which phrase belongs to which quote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple


def _phrases(spec: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for p in spec.split("|") if p.strip())


# Reporting cues. WEAK ones are often not speech verbs, so they count only right next to the quote
# (`X kể: "Q"`, `"Q", X kể`). RIGHTWARD ones name the speaker after them (`theo X`, `dẫn lời Y`).
WEAK_CUES = _phrases(
    "kể|kể lại|viết|hỏi|gọi|trao đổi|thông tin|phân tích|bổ sung|dự báo|đề nghị|yêu cầu|ví von|chia sẻ|bày tỏ"
    "|tâm sự|nhớ lại|trả lời|giải thích|lý giải|kêu gọi|cam kết|thốt lên|than thở|trình bày|trăn trở|bộc bạch"
    "|nhắn nhủ|khuyên|đề xuất|kiến nghị|phản ánh|kết luận|thổ lộ|giãi bày|băn khoăn|bức xúc|tự hào|cười nói"
    "|cười|chia sẻ thêm|hào hứng|kể tiếp|dặn|dặn dò|hướng dẫn|giới thiệu|nhấn giọng|nêu|nêu ý kiến")
CUES = WEAK_CUES | _phrases(
    "nói|nói với phóng viên|nói với các phóng viên|nói với báo chí|nói với|nói rằng|nói rõ|nói thêm|cho biết"
    "|cho biết thêm|cho biết rằng|cho hay|cho hay thêm|cho rằng|nhấn mạnh|cảnh báo|xác nhận|tuyên bố|khẳng định"
    "|mô tả|miêu tả|dẫn lời|trích lời|theo|nêu rõ|nhận định|đánh giá|phát biểu|thông báo|tiết lộ|bình luận"
    "|thừa nhận|lưu ý|nhận xét|chỉ rõ|chỉ ra|nhắc lại|khuyến cáo|bác bỏ|cáo buộc|phủ nhận|quả quyết")
RIGHTWARD = _phrases("theo|dẫn lời|trích lời")
_NOUN_BEFORE = set("một các những lời câu tiếng bản cuộc sự bài được bị theo của nhiều mọi cách".split())  # `một tuyên bố`
_NOT_CUE_AFTER = {
    ("nói",): set("chuyện chung riêng dối cách xấu".split()), ("gọi",): {"là", "điện", "vốn"}, ("hỏi",): {"han"},
    ("theo",): set("dõi đó đấy kế quy quyết thông nghị luật báo số thống kết lịch phương hướng chương như sau tôi"
                   " đuổi đà kịp chân lời yêu cầu đánh dự đề tiêu tin".split())}

# Titles and honorifics: not part of a name. Ministry domains make `Bộ trưởng Quốc phòng` one title.
_DOMAINS = ("quốc phòng|ngoại giao|tài chính|tư pháp|nội vụ|y tế|giáo dục|công an|công thương|thương mại|năng lượng"
            "|kinh tế|giao thông|xây dựng|nông nghiệp|lao động|tài nguyên|thông tin|văn hóa|an ninh|giáo dục và đào tạo"
            "|kế hoạch và đầu tư")
HONORIFICS = set("ông bà anh chị cô em chú bác cụ ngài thầy bạn".split())
TITLES = _phrases(
    "|".join(HONORIFICS) + "|tổng thống|phó tổng thống|thủ tướng|phó thủ tướng|chủ tịch|phó chủ tịch|bộ trưởng"
    "|thứ trưởng|ngoại trưởng|trợ lý|phụ tá|cố vấn|thư ký báo chí|thư ký|tổng thư ký|người phát ngôn|phát ngôn viên"
    "|giám đốc|phó giám đốc|tổng giám đốc|phó tổng giám đốc|giám đốc điều hành|đại sứ|tướng|đại tướng|thượng tướng"
    "|trung tướng|thiếu tướng|đại tá|thượng tá|trung tá|thiếu tá|đô đốc|nghị sĩ|thượng nghị sĩ|hạ nghị sĩ|chủ nhiệm"
    "|trưởng ban|phó trưởng ban|trưởng phòng|phó trưởng phòng|hiệu trưởng|phó hiệu trưởng|trưởng khoa|giáo sư"
    "|phó giáo sư|tiến sĩ|thạc sĩ|bác sĩ|luật sư|kỹ sư|kiến trúc sư|nhà báo|ca sĩ|diễn viên|nghệ sĩ|nhà văn"
    "|chuyên gia|tổng biên tập|nhà sáng lập|người sáng lập|đồng sáng lập|người đứng đầu|thống đốc|thị trưởng"
    "|tư lệnh|chỉ huy|bí thư|phó bí thư|đại biểu|vua|nữ hoàng|hoàng tử|công chúa|giáo hoàng|quốc vương|thái tử"
    "|hãng|hãng tin|tờ|báo|kênh|đài|trang|tạp chí|thời báo|ceo|chủ tịch hđqt|cầu thủ|huấn luyện viên|hlv"
    "|tiền vệ|tiền đạo|thủ môn|hậu vệ|nữ ca sĩ|nam ca sĩ|nữ diễn viên|nam diễn viên|người mẫu|doanh nhân|tỷ phú"
    "|nhà đầu tư|sinh viên|học sinh|em học sinh|phụ huynh|thí sinh|cựu|tân|nguyên|phó|trưởng|trưởng đoàn|lãnh đạo"
    "|đại diện|chánh văn phòng|chánh án|viện trưởng|người dẫn chương trình|đặc phái viên|phái viên|đặc sứ|"
    + "|".join(f"{t} {d}" for t in ("bộ trưởng", "thứ trưởng", "ngoại trưởng") for d in _DOMAINS.split("|")))
_TITLE_ABBR = re.compile(r"^(?:GS|PGS|TS|ThS|Ths|BS|TSKH|NSƯT|NSND|NGƯT|NGND|KTS|LS|CKI|CKII|BSCKI|BSCKII)"
                         r"(?:\.(?:GS|PGS|TS|ThS|BS|BSCKI|BSCKII|KTS|NSƯT))*$")
PRONOUNS = _phrases("ông|bà|anh|chị|cô|em|chú|bác|cụ|ngài|ông ấy|bà ấy|anh ấy|chị ấy|cô ấy|em ấy|ông ta|bà ta"
                    "|anh ta|cô ta|chị ta|họ|người này|ông này|bà này|vị này|người đó")
_DEMONSTRATIVES = set("này ấy đó nọ trên".split())
_GENDER = {"nữ", "nam"}
QUANT = set("một các những hai ba bốn năm nhiều mọi cả giới phía vị nhóm số hầu phần đa đông nữ nam".split())
ROLES = _phrases(
    "quan chức|phụ tá|nguồn tin|giới chức|nhân chứng|người dân|người|nhà chức trách|nhà ngoại giao|nhà phân tích"
    "|nhà nghiên cứu|nhà khoa học|nhà lãnh đạo|giới quan sát|giới phân tích|nhà quan sát|giáo viên|cán bộ|nhân viên"
    "|phóng viên|khách hàng|ban tổ chức|cơ quan|công an|cảnh sát|chính quyền|giới|chủ|người đại diện|lực lượng"
    "|bệnh nhân|người bệnh|nạn nhân|người nhà|gia đình|chuyên viên|nhà sản xuất|nhà điều hành|quân đội|binh sĩ"
    "|khách|du khách|người chơi|cổ đông|nông dân|doanh nghiệp|nhà trường|ông bố|bà mẹ|người mẹ|người cha"
) | frozenset(t for t in TITLES if not (len(t) == 1 and t[0] in HONORIFICS))
# Organisations, countries and places that prefix a person's name in a capitalised run.
ORGS = _phrases("nhà trắng|điện kremlin|kremlin|lầu năm góc|quốc hội|chính phủ|liên hợp quốc|lhq|liên hiệp quốc|nato"
                "|eu|liên minh châu âu|ủy ban châu âu|who|imf|fed|opec|asean|bộ ngoại giao|bộ quốc phòng|cia|fbi")
COUNTRIES = _phrases(
    "mỹ|nga|trung quốc|việt nam|anh|pháp|đức|nhật bản|nhật|hàn quốc|triều tiên|ukraine|ukraina|ấn độ|úc|australia"
    "|canada|israel|iran|iraq|syria|thổ nhĩ kỳ|ý|italy|tây ban nha|philippines|thái lan|singapore|indonesia|malaysia"
    "|lào|campuchia|đài loan|hong kong|hồng kông|belarus|ba lan|palestine|afghanistan|pakistan|brazil|mexico"
    "|venezuela|cuba|saudi arabia|ả rập xê út|qatar|ai cập|hà nội|tp.hcm|tphcm|tp hcm|đà nẵng|hải phòng|cần thơ"
    "|washington|moscow|moskva|bắc kinh|london|paris|tokyo|seoul|kiev|kyiv")
_KNOWN = COUNTRIES | ORGS
ORG_HEADS = _phrases(
    "bộ|sở|cục|tổng cục|ủy ban|uỷ ban|ubnd|công ty|tập đoàn|ngân hàng|trường|đại học|đh|bệnh viện|viện|hội|quỹ|ban"
    "|văn phòng|tòa án|toà án|viện kiểm sát|công an|chính phủ|quốc hội|tổ chức|liên đoàn|hiệp hội|trung tâm|phòng"
    "|học viện|thông tấn xã|vụ|tổng công ty|ctcp|đảng|quân đội|hải quân|không quân")
# Nouns that introduce a name in quotes (a programme, prize, slogan, word), not someone's words.
NAMING = _phrases(
    "hạng mục|chương trình|cuộc thi|chủ đề|dự án|đề án|tác phẩm|khẩu hiệu|thông điệp|giải|giải thưởng|danh hiệu"
    "|cụm từ|từ|chữ|bài|bài hát|ca khúc|sách|cuốn sách|phim|bộ phim|tên|biệt danh|mô hình|phong trào|chiến dịch"
    "|slogan|tiêu đề|nhãn hiệu|thương hiệu|sản phẩm|gói|tọa đàm|hội thảo|chuyên mục|cuộc vận động|nghị quyết"
    "|quyết định|văn bản|báo cáo|tuyên ngôn|tâm thế|tinh thần|câu hỏi|hashtag|biểu tượng|nguyên tắc|triết lý")
_ORGLIKE = re.compile(r"^(?:[A-ZĐ0-9&.]{2,}|\w+(?:bank|Bank|Group|Land|Corp|Holdings|Air|Airlines|Motors?))$")
SURNAMES = set("nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn vương trịnh trương lâm"
               " mai đinh lương tô tạ cao chu quách thái lưu kiều tăng phùng triệu doãn hứa nghiêm tôn thân mạc lục"
               " đàm khúc diệp bạch lã âu quan".split())
_NAME_PARTICLES = set("de van von der den bin al la le da di du el ibn dos del".split())
# Aspect/time adverbs end a speaker phrase (`Các quan chức Mỹ cũng ...`); prepositions end a name's.
CUT = set("cũng đã đều vừa mới từng vẫn lại liên tiếp sẽ hôm ngày sáng chiều tối trưa đêm hiện đang thì nay gần"
          " trước sau thêm luôn còn hồi chính tuần tháng đầu cuối".split())
_PREP = set("trong tại ở qua với khi ra vào bằng theo về trên từ cho lúc".split())
_CONNECTORS = _phrases("nhưng|song|còn|và|đồng thời|tuy nhiên|trong khi đó|trong khi|khi|thì|mặc dù|dù|bởi vì|vì"
                       "|do|nên|rồi|cả|cũng|sau đó|trước đó|ngoài ra|bên cạnh đó")
_TOKEN = re.compile(r"(?P<w>\d+(?:[.,]\d+)+|\w(?:[\w.&'/-]*\w)?)|(?P<p>[^\w\s])")
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}"
                       r"(?:ch|ng|nh|[cmnpt])?$")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str
    word: bool

    @property
    def cap(self) -> bool:
        return self.word and (self.text[0].isupper() or self.text[0].isdigit() and any(c.isupper() for c in self.text))


@dataclass
class Speaker:
    start: int
    end: int
    kind: str  # person | org | role | pronoun
    head: str = ""  # a pronoun's or role's head words, for anaphora


class Cue(NamedTuple):
    i: int  # first token
    e: int  # end token
    phrase: str
    weak: bool
    rightward: bool


def tokenize(text: str, offset: int) -> list[Tok]:
    """Words and single punctuation marks with absolute offsets (`offset` is where `text` starts)."""
    toks = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start() + offset
        toks.append(Tok(start, start + len(word), word, word.lower(), m.lastgroup == "w"))
    return toks


_INDEX: dict[frozenset, dict[str, tuple[int, ...]]] = {}  # lexicon -> first word -> lengths, longest first


def _index(lexicon: frozenset) -> dict[str, tuple[int, ...]]:
    index = _INDEX.get(lexicon)
    if index is None:
        lengths: dict[str, set[int]] = {}
        for phrase in lexicon:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        index = _INDEX[lexicon] = {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}
    return index


def match(toks: list[Tok], i: int, lexicon: frozenset, limit: int | None = None) -> int:
    """Length in tokens of the longest lexicon phrase starting at token i (0 if none)."""
    index = _index(lexicon)
    stop = len(toks) if limit is None else limit
    if i >= stop:
        return 0
    for n in index.get(toks[i].low, ()):
        if i + n <= stop and all(t.word for t in toks[i:i + n]) and tuple(t.low for t in toks[i:i + n]) in lexicon:
            return n
    return 0


def find_cues(toks: list[Tok]) -> list[Cue]:
    """Reporting cues used as verbs: lowercase (`Đỗ Viết Tuấn` is a name), not after a determiner
    (`một tuyên bố`), not `nói chuyện`; `Theo X` only at a clause start."""
    cues, i, first = [], 0, _index(CUES)
    while i < len(toks):
        n = match(toks, i, CUES) if toks[i].word and toks[i].low in first else 0  # most words start no cue
        if n:
            phrase = tuple(t.low for t in toks[i:i + n])
            prev, nxt = (toks[i - 1] if i else None), (toks[i + n] if i + n < len(toks) else None)
            ok = not any(t.cap for t in toks[i:i + n]) or all(not t.word for t in toks[:i])
            ok = ok and not (prev and prev.word and prev.low in _NOUN_BEFORE and phrase != ("theo",))
            ok = ok and not (nxt and nxt.word and nxt.low in _NOT_CUE_AFTER.get(phrase, ()))
            if phrase == ("theo",):
                ok = ok and (prev is None or not prev.word) and nxt is not None and nxt.word
            if ok:
                cues.append(Cue(i, i + n, " ".join(phrase), phrase in WEAK_CUES, phrase in RIGHTWARD))
                i += n
                continue
        i += 1
    return cues


def is_vietnamese_syllable(word: str) -> bool:
    bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).translate(_TONES))
    return bool(_SYLLABLE.match(bare))


def strip_titles(toks: list[Tok], i: int, j: int) -> tuple[int, bool]:
    """Skip leading titles and honorifics in toks[i:j]: (new i, whether an office title was skipped)."""
    office = False
    while i < j:
        if toks[i].low in _GENDER and i + 1 < j and match(toks, i + 1, TITLES, j):
            i += 1  # `Nữ Ngoại trưởng Indonesia`: the title is `Ngoại trưởng`
            continue
        n = match(toks, i, TITLES, j)
        if n and i + n < j and toks[i + n].low in _DEMONSTRATIVES:
            break  # `ông này`, `quan chức này` are anaphors, not titles
        if not n and not (toks[i].word and _TITLE_ABBR.match(toks[i].text)):
            break
        office |= not (n == 1 and toks[i].low in HONORIFICS)
        i += n or 1
    return i, office


def name_run(toks: list[Tok], i: int, j: int) -> int:
    """End of the capitalised run (a name) starting at i, within j: `Michael A. Schwartz`, `Chính phủ`."""
    k = i
    while k < j:
        t, nxt_cap = toks[k], k + 1 < j and toks[k + 1].cap
        if t.word and (t.cap or t.low in _NAME_PARTICLES and nxt_cap):
            k += match(toks, k, _KNOWN, j) or 1
        elif t.text == "." and nxt_cap and k > i and len(toks[k - 1].text) == 1 and toks[k - 1].end == t.start:
            k += 1
        else:
            break
    return k


def _trim_run(toks: list[Tok], i: int, k: int) -> int:
    """Drop leading organisation/country words (`Nhà Trắng Jen Psaki`), or cut at a later surname
    (`Hòa Phát Trần Đình Long`)."""
    while (n := match(toks, i, _KNOWN, k)) and i + n < k:
        i += n
    if k - i > 3:
        return next((m for m in range(i + 1, k - 1) if toks[m].low in SURNAMES), i)
    return i


def is_org(toks: list[Tok], i: int, k: int) -> bool:
    lone = k - i == 1 and bool(_ORGLIKE.match(toks[i].text))  # `Eximbank`, `BIDV`
    return match(toks, i, _KNOWN, k) == k - i or lone or bool(match(toks, i, ORG_HEADS, k))


def _lone_initial(toks: list[Tok], k: int, j: int) -> bool:
    """A lone capitalised Vietnamese syllable opening the sentence (`Không`, `Tin`) is no name; a foreign
    word (`Ushakov`) or a known country or organisation (`Nga`) may be."""
    lone = name_run(toks, k, j) == k + 1 and all(t.text in "-–—•*+>(" for t in toks[:k])
    return lone and is_vietnamese_syllable(toks[k].low) and not match(toks, k, _KNOWN, k + 1)


def phrase_end(toks: list[Tok], i: int, j: int) -> int:
    """Where a phrase starting at i ends: before its first aspect/time word (`X đã ...`), or at j."""
    while i < j and not (toks[i].low in CUT and not toks[i].cap):
        i += 1
    return i


def _trailing_name(toks: list[Tok], i: int, j: int) -> Speaker | None:
    """A person's name closing a role phrase (`Chủ tịch HĐQT tập đoàn Hòa Phát Trần Đình Long`), but not
    one inside `của ...` (`Phát ngôn viên của ông Putin` stays a role)."""
    k = j
    while k > i and toks[k - 1].cap:
        k -= 1
    if k in (i, j):
        return None
    s = _trim_run(toks, k, j)
    before = toks[k - 1].low if toks[k - 1].low not in HONORIFICS else (toks[k - 2].low if k - 2 >= i else "")
    if before in _PREP | {"của", "và"} or j - s < 2 or is_org(toks, s, j) or s == k and toks[s].low not in SURNAMES:
        return None
    return Speaker(toks[s].start, toks[j - 1].end, "person")


def analyze_np(toks: list[Tok], i: int, j: int) -> Speaker | None:
    """The speaker named by the phrase toks[i:j]: a person, an organisation, a role or a pronoun."""
    while i < j and (not toks[i].word or match(toks, i, _CONNECTORS, j)):
        i += match(toks, i, _CONNECTORS, j) or 1
    while j > i and not toks[j - 1].word:
        j -= 1
    if i >= j or j - i > 14:
        return None
    n = match(toks, i, PRONOUNS, j)
    if n and n >= match(toks, i, TITLES, j) and (i + n == j or not toks[i + n].cap):
        return Speaker(toks[i].start, toks[i + n - 1].end, "pronoun", " ".join(t.low for t in toks[i:i + n]))
    k0, office = strip_titles(toks, i, j)
    h = match(toks, k0, ORG_HEADS, j) if k0 < j and toks[k0].cap else 0
    if h and k0 + h < j and toks[k0 + h].cap and not match(toks, k0, ORGS, j):
        end = k0 + h  # `Bộ Y tế`, `Ngân hàng Nhà nước` (not `Vụ dưa hấu này`)
        while end < j and toks[end].word and toks[end].low not in CUT | _PREP:
            end += 1  # `Giám đốc Sở Y tế Hà Nội Nguyễn Văn A` names a person; `Chủ tịch Hội X` is a role
        named = _trailing_name(toks, k0 + h, end)
        return named or Speaker(toks[i if office else k0].start, toks[end - 1].end, "role" if office else "org")
    if k0 < j and toks[k0].cap and toks[k0].low not in QUANT and not _lone_initial(toks, k0, j):
        k = name_run(toks, k0, j)
        s = _trim_run(toks, k0, k)
        if office and s == k0 and is_org(toks, k0, k):  # `Tổng thống Mỹ`: a role, not a name
            return Speaker(toks[i].start, toks[k - 1].end, "role", toks[i].low)
        return Speaker(toks[s].start, toks[k - 1].end, "org" if is_org(toks, s, k) else "person")
    q = i  # a bare role: `một quan chức cấp cao giấu tên của Mỹ`, `Bộ trưởng`, `quan chức này`
    while q < j and toks[q].low in QUANT and not match(toks, q, ROLES, j):
        q += 1
    n = match(toks, q, ROLES, j) if q < j else 0
    if not n and not office:  # `Lão nông Nguyễn Văn Hài`: an unknown role word, then a name
        return _trailing_name(toks, i + 1, phrase_end(toks, i, j))
    end = phrase_end(toks, q + max(n, 1), j)
    named = _trailing_name(toks, q + max(n, 1), end)
    if named is not None or end - i > 10:
        return named
    head = " ".join(t.low for t in toks[q:q + n])
    kind = "pronoun" if toks[end - 1].low in _DEMONSTRATIVES and end - 1 > i else "role"
    return Speaker(toks[i].start, toks[end - 1].end, kind, head)


def pure_name(toks: list[Tok], i: int, j: int) -> Speaker | None:
    """A phrase that is only (titles +) a person's name, e.g. `Bộ trưởng Quốc phòng Lloyd Austin`."""
    while j > i and not toks[j - 1].word:
        j -= 1
    if i >= j or j - i > 8:
        return None
    k0, _ = strip_titles(toks, i, j)
    if k0 >= j or not toks[k0].cap or toks[k0].low in QUANT or name_run(toks, k0, j) != j:
        return None
    s = _trim_run(toks, k0, j)
    return None if is_org(toks, s, j) else Speaker(toks[s].start, toks[j - 1].end, "person")
