"""Hand annotations for the 5 seed articles (seeds/articles/*.txt).

Tuples (ctx = None: the only occurrence; int: n-th occurrence, 0-based; str: a short unique context):
  quotes    (anchor = start of the quoted text, kind, speaker surface, speaker entity)
  amounts   (surface, ctx, value, value_high, category, qualifier, unit)   durations in minutes
  time_refs (surface, ctx, year, month, day, "HH:MM", tz)
  citations (surface, ctx, canonical source, role)
Mentions: every whole-word hit of spec_common.ENT, plus `add`, minus `skip`.
"""
from spec_common import DAY, HOUR, L, M, O, P, WEEK, YEAR  # noqa: F401

NY, HCM = "America/New_York", "Asia/Ho_Chi_Minh"
CALL1, CALL2 = "biden-putin-call-2021-12-30", "biden-putin-call-2022-02-12"

ARTICLES = {
    # (CAO) = Công an TP.HCM; no year anywhere in the text, so dd-mm dates keep year null.
    "000_7b36386dc73919a8.txt": dict(
        outlet=("congan.com.vn", "publisher"), story=CALL1,
        quotes=[
            ("nghiêm túc và thực chất", "fragment", "một quan chức Mỹ", None),
            ("sẽ phụ thuộc vào", "full", "một quan chức Mỹ", None),        # "quan chức này cho biết"
            ("chi phí và hậu quả", "full", "một quan chức Mỹ", None),      # 7 syllables
            ("sai lầm lớn", "fragment", "Putin", "Vladimir Putin"),        # "Ông nói với Biden rằng"
            ("Rất nhiều sai lầm", "full", "Yury Ushakov", "Yury Ushakov"),
        ],
        amounts=[
            ("50 phút", None, 50, None, "duration", "exact", "phút"),
            ("hai con đường", None, 2, None, "count", "exact", "con đường"),
            ("30 năm", None, 30 * YEAR, None, "duration", "over", "năm"),
            ("100.000 quân", None, 100000, None, "troops", "up_to", "quân"),
            ("hai tuần", None, 2 * WEEK, None, "duration", "about", "tuần"),
        ],
        time_refs=[
            ("31-12", None, None, 12, 31, None, None),
            ("7-12", None, None, 12, 7, None, None),
        ],
        citations=[
            ("CNN", "CNN đưa tin", "CNN", "news_source"),
            ("CNN", "Ảnh: CNN", "CNN", "photo_credit"),
        ],
    ),
    # VnExpress footer; 10/1/2022 (upcoming talks) anchors the December dates in 2021.
    "001_c4f41b60f67e4c32.txt": dict(
        outlet=("vnexpress.net", "republished_from"), story=CALL1,
        quotes=[
            ("kết quả", "fragment", "Putin", "Vladimir Putin"),
            ("Bất kỳ lệnh trừng phạt", "full", "Ushakov", "Yury Ushakov"),
            ("Chúng tôi cần một kết quả", "full", "Ushakov", "Yury Ushakov"),
            ("trò chuyện vu vơ", "fragment", "Ushakov", "Yury Ushakov"),
            ("Sau đó, chúng tôi", "full", "Ushakov", "Yury Ushakov"),
            ("Tổng thống nói rõ", "full", "Psaki", "Jen Psaki"),
            ("Thỏa hiệp là gì", "full", "Ushakov", "Yury Ushakov"),
            ("nghiêm túc và thực chất", "fragment", "Một quan chức cấp cao giấu tên của Mỹ", None),
            ("Tổng thống Biden nhắc lại", "full", "Psaki", "Jen Psaki"),
            ("vô căn cứ", "fragment", "Nga", "Russia"),
        ],
        amounts=[
            ("ba tuần", None, 3 * WEEK, None, "duration", "exact", "tuần"),
            ("50 phút", None, 50, None, "duration", "exact", "phút"),
            ("70.000 - 100.000 quân", None, 70000, 100000, "troops", "about", "quân"),
            ("hai dự thảo", None, 2, None, "count", "exact", "dự thảo"),
            ("8 đề xuất", None, 8, None, "count", "exact", "đề xuất"),
        ],
        time_refs=[
            ("15h35", None, 2021, 12, 30, "15:35", None),
            ("30/12", None, 2021, 12, 30, None, None),
            ("3h35", None, 2021, 12, 31, "03:35", HCM),
            ("31/12", None, 2021, 12, 31, None, HCM),
            ("tháng một", None, 2022, 1, None, None, None),
            ("26/12", None, 2021, 12, 26, None, None),
            ("1997", None, 1997, None, None, None, None),
            ("2018", None, 2018, None, None, None, None),
            ("27/12", None, 2021, 12, 27, None, None),
            ("10/1/2022", None, 2022, 1, 10, None, None),
            ("tháng 6", None, 2021, 6, None, None, None),
        ],
        citations=[
            ("AFP", None, "AFP", "photo_credit"),
            ("VNEXPRESS", None, "VnExpress", "republished_from"),
        ],
    ),
    # No outlet evidence in the text. No year anywhere: dates keep year null.
    "002_9eaef6b8533aebac.txt": dict(
        outlet=(None, None), story=CALL1,
        quotes=[
            ("hài lòng", "fragment", "Vladimir Putin", "Vladimir Putin"),   # Putin "bày tỏ"
            ("thực chất", "fragment", "Vladimir Putin", "Vladimir Putin"),
            ("bầu không khí tốt đẹp", "fragment", "Putin", "Vladimir Putin"),
            ("3 kênh", "fragment", "Putin", "Vladimir Putin"),
            ("sai lầm lớn", "fragment", "Putin", "Vladimir Putin"),        # "nhà lãnh đạo Nga đã nói"
            ("hình hài", "fragment", "Điện Kremlin", "Kremlin"),
            ("kết quả", "fragment", "Điện Kremlin", "Kremlin"),
            ("không thể chấp nhận", "fragment", "Biden", "Joe Biden"),     # "Điện Kremlin dẫn lời ... Biden"
            ("phản ứng cương quyết", "fragment", "Biden", "Joe Biden"),
            ("Tổng thống Biden hối thúc", "full", "Jen Psaki", "Jen Psaki"),
            ("định hướng giọng điệu", "fragment", "Một quan chức khác trong Chính phủ Mỹ", None),
            ("nghiêm túc và thực chất", "fragment", "Một quan chức khác trong Chính phủ Mỹ", None),
            ("không thể", "fragment", None, None),                           # new paragraph, no cue
            ("xâm lược", "fragment", "Washington và các đồng minh châu Âu", None),
        ],
        amounts=[
            ("3 kênh", None, 3, None, "count", "exact", "kênh"),
            ("một giờ đồng hồ", None, 1 * HOUR, None, "duration", "nearly", "giờ"),
            ("3 tuần", 0, 3 * WEEK, None, "duration", "over", "tuần"),
            ("3 tuần", 1, 3 * WEEK, None, "duration", "over", "tuần"),
            ("100.000 binh sỹ", None, 100000, None, "troops", "about", "binh sỹ"),
        ],
        time_refs=[
            ("30/12", None, None, 12, 30, None, None),
            ("tháng 1", 0, None, 1, None, None, None),
            ("tháng 1", 1, None, 1, None, None, None),
            ("tháng 1", 2, None, 1, None, None, None),
        ],
        citations=[
            ("Điện Kremlin", "Điện Kremlin dẫn lời", "Kremlin", "news_source"),
        ],
    ),
    # Footer "Theo VietNamNet". No explicit year in the text.
    "003_b448f73a5b21b0ed.txt": dict(
        outlet=("vietnamnet.vn", "republished_from"), story=CALL2,
        quotes=[
            ("một cách dứt khoát, áp", "full", "Biden", "Joe Biden"),       # "Tổng thống Mỹ cảnh báo"
            ("Tổng thống Biden đã nói rõ", "full", "Nhà Trắng", "White House"),
            ("đã nói rõ với", "full", "Nhà Trắng", "White House"),
            ("chuyên nghiệp và thực chất", "fragment", "một quan chức cấp cao khác", None),
            ("không có thay đổi", "full", "một quan chức cấp cao khác", None),
            ("đã ra lệnh", "full", "Lầu Năm Góc", "Pentagon"),
            ("cố vấn và hướng dẫn", "full", "Lầu Năm Góc", "Pentagon"),
        ],
        amounts=[
            ("100 phút", None, 100, None, "duration", "exact", "phút"),        # related link
            ("1 tuần", None, 1 * WEEK, None, "duration", "exact", "tuần"),     # related link
            ("1 giờ đồng hồ", 0, 1 * HOUR, None, "duration", "over", "giờ"),   # caption
            ("1 tiếng 2 phút", None, 62, None, "duration", "exact", "tiếng"),
            ("1 giờ đồng hồ", 1, 1 * HOUR, None, "duration", "over", "giờ"),
            ("vài tuần", None, 3 * WEEK, None, "duration", "about", "tuần"),
            ("160 thành viên", None, 160, None, "personnel", "exact", "thành viên"),
            ("4 bên", None, 4, None, "count", "exact", "bên"),
        ],
        time_refs=[
            ("tháng 12", 0, None, 12, None, None, None),
            ("11h04' sáng", None, None, 2, 12, "11:04", None),
            ("12/2", "sáng 12/2", None, 2, 12, None, None),
            ("23h04'", None, None, 2, 12, "23:04", HCM),
            ("tháng 11", None, None, 11, None, None, None),
            ("12/2", "Cùng ngày 12/2", None, 2, 12, None, None),
            ("tháng 12", 1, None, 12, None, None, None),
            ("10/2", None, None, 2, 10, None, None),
        ],
        citations=[
            ("Nhà Trắng", "Ảnh: Nhà Trắng", "White House", "photo_credit"),
            ("CNN", "CNN dẫn thông tin", "CNN", "news_source"),
            ("Nhà Trắng", "dẫn thông tin từ Nhà Trắng", "White House", "news_source"),
            ("CNN", "Theo CNN", "CNN", "news_source"),
            ("Sputnik", None, "Sputnik", "photo_credit"),
            ("RT", "Hãng RT", "RT", "news_source"),
            ("CNN", "CNN dẫn lời", "CNN", "news_source"),
            ("VietNamNet", None, "VietNamNet", "republished_from"),
        ],
    ),
    # No outlet evidence ("Xuân Thành" is a byline). 10/1/2022 etc. anchor 30/12 in 2021.
    "004_de8ac57140f49c18.txt": dict(
        outlet=(None, None), story=CALL1,
        quotes=[
            ("cần có một cuộc", "full", "Dmitry Peskov", "Dmitry Peskov"),
            ("xâm lược", "fragment", "Mỹ và các đồng minh phương Tây", None),
            ("không có triển vọng", "full", "Mỹ", "United States"),
        ],
        amounts=[
            ("một giờ", None, 1 * HOUR, None, "duration", "nearly", "giờ"),   # "khoảng gần một giờ"
            ("50 phút", None, 50, None, "duration", "exact", "phút"),
            ("hàng chục nghìn binh lính", None, 10000, None, "troops", "over", "binh lính"),
        ],
        time_refs=[
            ("30/12", "(30/12, giờ Mỹ)", 2021, 12, 30, None, None),
            ("tháng Mười Hai", None, 2021, 12, None, None, None),
            ("3:35 chiều", None, 2021, 12, 30, "15:35", NY),
            ("30/12", "(30/12, giờ miền Đông", 2021, 12, 30, None, NY),
            ("10/1/2022", None, 2022, 1, 10, None, None),
            ("12/1/2022", None, 2022, 1, 12, None, None),
            ("13/1/2022", None, 2022, 1, 13, None, None),
            ("2015", None, 2015, None, None, None, None),
            ("1962", None, 1962, None, None, None, None),
        ],
        citations=[
            ("Reuters", None, "Reuters", "news_source"),
            ("RT", "theo RT", "RT", "news_source"),
            ("RT", "Theo RT", "RT", "news_source"),
        ],
    ),
}
