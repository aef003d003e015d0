"""Shared reading of Vietnamese numbers, shared so amounts and time_refs agree on what a number is.

Vietnamese writes `.` between thousands and `,` before decimals (`100.000`, `1,5`); `1,000,000`
(repeated comma groups) is read as English thousands. Number words are parsed only as far as a
well-formed numeral goes; callers decide whether the word sequence is really a quantity.
"""

from __future__ import annotations

import re
import unicodedata

SP = r"[ \u00a0]"  # a space inside an expression: plain or no-break

# A digit numeral that is not glued to a word or to another numeral (Covid-19, 10/1, G7, 3:35).
_BODY = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}|\d+(?:[.,]\d+)?)"
DIGITS_RE = re.compile(r"(?<![\w])(?<![\w][-/.,:–])" + _BODY)
DIGITS_BODY_RE = re.compile(_BODY)  # the second half of a range (`70.000-100.000`) has no free left side

UNITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
         "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
# Words that only mean a digit after `mươi`/`mười` (tư nhân, mốt = the day after tomorrow).
_AFTER_TENS_ONLY = {"mốt", "tư", "lăm", "nhăm"}
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
MULTIPLIERS = {"mươi", "mười", "chục", "trăm", *SCALES}

# Phone numbers and hotlines: their digits are neither amounts nor dates.
PHONE_RE = re.compile(
    r"(?=[+01])(?<![\w.,])(?:(?:\+84|0084|0)\d{2,3}(?:[ .-]?\d{3}){2}\d?|(?:1900|1800)[ .]?\d{3,4}"
    r"(?:[ .]?\d{2,4})?|0\d{8,10})(?![\w])"
)

# Part of the day after a clock time, and how it moves a 12-hour reading.
PERIODS = ("rạng sáng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "am", "pm", "a.m.", "p.m.")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(text: str) -> str:
    """Lower-case with the same length as `text`, so offsets found in it are offsets in text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] if len(c.lower()) != 1 else c.lower() for c in text)


_VN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_PLAIN = re.compile(r"\d+(?:[.,]\d+)?")


def parse_digits(s: str) -> float | None:
    """`100.000` -> 100000, `1,5` -> 1.5, `3.5` -> 3.5, `1,000,000` -> 1e6."""
    if _VN_THOUSANDS.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if _EN_THOUSANDS.fullmatch(s):
        return float(s.replace(",", ""))
    if _PLAIN.fullmatch(s):
        return float(s.replace(",", "."))
    return None


_WORDS_RE = re.compile(r"\w+(?: \w+){0,7}")


def words_at(folded: str, pos: int) -> list[tuple[str, int, int]]:
    """Up to 8 (word, start, end) from pos, joined by single spaces."""
    m = _WORDS_RE.match(folded, pos)
    if not m:
        return []
    out, i = [], pos
    for w in m.group().split(" "):
        out.append((w, i, i + len(w)))
        i += len(w) + 1
    return out


def parse_number_words(words: list[str]) -> tuple[float, int] | None:
    """Longest well-formed numeral at the start of `words`: (value, number of words used).

    `năm` is a digit only before a multiplier (`năm trăm`), so `hai năm`, `mười năm` stop before it.
    """
    total, group, units, used = 0.0, 0.0, None, 0
    prev = None
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in UNITS:
            if units is not None or (w in _AFTER_TENS_ONLY and prev not in ("mươi", "mười")):
                break
            if w == "năm" and nxt not in MULTIPLIERS and prev not in ("linh", "lẻ", "trăm"):
                break
            if w == "không" and nxt != "trăm":
                break
            units = UNITS[w]
        elif w == "mười":
            if units is not None or prev in ("mươi", "mười"):
                break
            group += 10
        elif w in ("mươi", "chục"):
            if units is None:
                break
            group += units * 10
            units = None
        elif w == "trăm":
            group = (group + (units if units is not None else 1)) * 100
            units = None
        elif w in ("linh", "lẻ"):
            if prev != "trăm":
                break
        elif w in SCALES:
            g = group + (units or 0)
            if g == 0 and total == 0:
                g = 1 if prev is None else 0
            if g == 0:
                total *= SCALES[w]
            else:
                total += g * SCALES[w]
            group, units = 0.0, None
        else:
            break
        prev, used = w, i + 1
    if used == 0 or prev in ("linh", "lẻ"):
        return None
    return total + group + (units or 0), used


def to_24h(hour: int, period: str | None) -> int | None:
    """Apply `sáng/trưa/chiều/tối/đêm` to an hour; None when the pair is impossible."""
    if not 0 <= hour <= 23:
        return None
    if period in ("chiều", "tối", "pm", "p.m.") and 1 <= hour < 12:
        return hour + 12
    if period in ("đêm", "khuya") and 6 <= hour < 12:
        return hour + 12
    if period == "trưa" and 1 <= hour <= 2:
        return hour + 12
    if period in ("sáng", "rạng sáng", "am", "a.m.") and hour == 12:
        return 0
    return hour


# What numbers count: shared so that time_refs can tell `2000 người` (an amount) from a year.
MINUTES = {"giây": 1 / 60, "phút": 1, "giờ": 60, "tiếng": 60, "giờ đồng hồ": 60, "tiếng đồng hồ": 60,
           "ngày": 1440, "ngày đêm": 1440, "đêm": 1440, "tuần": 10080, "tuần lễ": 10080,
           "tháng": 43200, "quý": 129600, "năm": 525600, "thập kỷ": 5256000, "thập niên": 5256000,
           "thế kỷ": 52560000}
# Counted nouns by category, comma separated; the longest term after the number wins.
_TERMS = {
    "troops": "quân, quân lính, quân nhân, binh sĩ, binh sỹ, binh lính, binh lực, lính, lính đánh thuê, lính dù,"
              "lính thủy đánh bộ, lính thuỷ đánh bộ, chiến binh, tay súng, bộ đội, chiến sĩ, chiến sỹ, quân dự bị,"
              "phiến quân, quân nổi dậy, lính gác, vệ binh, binh sĩ dự bị",
    "personnel": "thành viên, nhân viên, cán bộ, cố vấn, nhà ngoại giao, chuyên gia, quan chức, công chức, viên chức,"
                 "nhân sự, nhà báo, phóng viên, bác sĩ, bác sỹ, y bác sĩ, y tá, điều dưỡng, giáo viên, giảng viên,"
                 "công nhân, lao động, người lao động, kỹ sư, nhà khoa học, nhà nghiên cứu, đại biểu, nghị sĩ,"
                 "thượng nghị sĩ, hạ nghị sĩ, đại sứ, thanh tra viên, điều tra viên, cảnh sát, công an,"
                 "nhân viên y tế, tình nguyện viên, thẩm phán, luật sư, lãnh đạo, nhà lãnh đạo, bộ trưởng, phi công,"
                 "thủy thủ, thuỷ thủ, thuyền viên, tiếp viên, vận động viên, cầu thủ, huấn luyện viên,"
                 "nhân viên ngoại giao, giám sát viên, quan sát viên, nhà đầu tư, cổ đông, thanh niên",
    "count": "người, người dân, ca, ca mắc, ca nhiễm, ca bệnh, ca tử vong, ca tái nhiễm, vụ, vụ việc, vụ án, cuộc,"
             "lần, quốc gia, nước, tỉnh, thành phố, tỉnh thành, địa phương, đề xuất, dự án, doanh nghiệp, công ty,"
             "ngân hàng, trường, trường học, học sinh, sinh viên, bệnh nhân, nạn nhân, hộ, hộ dân, gia đình, trẻ,"
             "trẻ em, em, đối tượng, ô tô, xe, xe máy, tàu, máy bay, căn hộ, ngôi nhà, tòa nhà, toà nhà, sản phẩm,"
             "mã, cổ phiếu, tác phẩm, bài, bài báo, ý kiến, đơn, hồ sơ, tài khoản, thuê bao, lượt, lượt khách,"
             "khách, du khách, hành khách, cửa hàng, chi nhánh, nhà máy, bệnh viện, giường, liều, liều vắc xin,"
             "mũi, mũi tiêm, dự thảo, văn bản, thỏa thuận, thoả thuận, hợp đồng, phiên, trận, bàn thắng, bàn,"
             "huy chương, giải, kênh, bên, tổ chức, đơn vị, sư đoàn, lữ đoàn, tiểu đoàn, trung đoàn, quân đoàn,"
             "quân đội, quân khu, tên lửa, xe tăng, tàu chiến, chiến đấu cơ, máy bay chiến đấu, vũ khí, hệ thống,"
             "thương hiệu, vị trí, đồng minh, đồng nghiệp, đồng bào, đồng chí, đồng hồ, thi thể, điểm nóng, ổ dịch,"
             "mẫu, mẫu xét nghiệm, xã, phường, huyện, quận, làng, thôn, dân tộc, ngôn ngữ, cuốn sách,"
             "lớp học, phòng học, môn, câu hỏi, vòng, vòng đàm phán, lệnh trừng phạt, biện pháp, yêu cầu,"
             "điều kiện, nội dung, vấn đề, lĩnh vực, mục tiêu, nhiệm vụ, chủ đề, cuộc gọi, hiệp ước, nghị quyết,"
             "chiếc, con, cái, căn, ngôi, tòa, toà, bức, cuốn, quyển, tấm, bộ, vị, bản, khẩu, quả, cây, đôi, cặp,"
             "nhóm, đội, gói, loại, điểm bán, trụ sở, căn cứ, sân bay, cảng, hãng, thị trường, ngành, khu vực,"
             "khách hàng, vé, đơn hàng, căn nhà, hạng mục, chuyến bay, chuyến, dòng, ý, bước, giai đoạn, câu, địa điểm,"
             "trường hợp",
    "money": "đồng, vnđ, vnd, usd, đô la mỹ, đô la, đô-la, đôla, đô, euro, eur, bảng anh, yên nhật, yên,"
             "nhân dân tệ, ndt, rúp, ruble, won, bạt, baht, rupee, franc, peso, ringgit",
    "percent": "%, phần trăm, điểm phần trăm, điểm %",
    "other": "tấn, kg, ki-lô-gam, kilogram, gam, gram, km, ki-lô-mét, kilomet, cây số, m, mét, m2, m², m3, km2, km²,"
             "ha, héc-ta, hecta, lít, thùng, mw, kw, kwh, gw, độ, tuổi, điểm, feet, inch, dặm, hải lý,"
             "ounce, lượng, cm, mm, thùng dầu",
}
# Currencies: Vietnamese `đồng` as the text says it, foreign ones by ISO code.
_CURRENCY = {"vnđ": "đồng", "vnd": "đồng", "usd": "USD", "đô la mỹ": "USD", "đô la": "USD", "đô-la": "USD",
             "đôla": "USD", "đô": "USD", "euro": "EUR", "eur": "EUR", "bảng anh": "GBP", "yên nhật": "JPY",
             "yên": "JPY", "nhân dân tệ": "CNY", "ndt": "CNY", "rúp": "RUB", "ruble": "RUB", "won": "KRW",
             "bạt": "THB", "baht": "THB", "đô la úc": "AUD", "đô la singapore": "SGD", "đô la canada": "CAD",
             "đô la hồng kông": "HKD", "đô la hong kong": "HKD", "đô la đài loan": "TWD", "đô la new zealand": "NZD"}
LEXICON: dict[str, tuple[str, str]] = {}
for _cat, _terms in _TERMS.items():
    for _t in nfc(_terms).split(","):
        LEXICON[_t.strip()] = (_cat, _t.strip())
LEXICON.update({nfc(w): ("money", code) for w, code in _CURRENCY.items()})
LEXICON.update({"phần trăm": ("percent", "%"), "điểm %": ("percent", "điểm phần trăm"), "độ c": ("other", "°C"),
                "°c": ("other", "°C"), "mẫu anh": ("other", "acre"), "năm ánh sáng": ("other", "năm ánh sáng")})
LEXICON.update({w: ("duration", "minutes") for w in MINUTES})
# Blockers: longest match wins, so these stop `đồng`, `quân`, `năm`... from being read as units.
LEXICON.update({nfc(w): ("", "") for w in (
    "đồng thời", "đồng ý", "đồng hành", "đồng tình", "đồng loạt", "đồng đều", "quân sự", "ngày mai",
    "người ta", "lần này", "lần đầu", "triệu phú", "tỷ phú", "tiếng nổ", "tiếng súng", "tiếng anh",
    "tiếng việt", "tiếng nói", "tiếng động", "tiếng kêu", "tiếng còi", "tiếng chuông")})

TERMS_ALT = "|".join(re.escape(w) for w in sorted(LEXICON, key=len, reverse=True))
UNIT_RE = re.compile(SP + r"*(" + TERMS_ALT + r")(?![\w%])")


def unit_at(f: str, e: int):
    """(lexicon term, end) of the counted noun right after position e in folded text, or None."""
    m = UNIT_RE.match(f, e)
    if m and LEXICON[m.group(1)][0]:
        return m.group(1), m.end()
    return None
