"""Hand annotations for the 12 first Dân trí `world` articles (dantri_unc.jsonl, sorted doc_id).

Same tuple layout as spec_seeds.py. Publication dates (JSONL `date`) are 2020-10-01 for
news_world_001..010 and 2020-11-01 for 011..012: dd/mm dates get year 2020 (nearest to publication).
The texts are not copied here: contexts are a few words, enough to place each span once.
"""
from spec_common import DAY, DECADE, HOUR, L, M, MONTH, O, P, WEEK, YEAR  # noqa: F401

DT = ("dantri.com.vn", "publisher")
KARABAKH = "nagorno-karabakh-clashes-2020-09"
DEBATE = "trump-biden-first-debate-2020-09-29"


def d20(surface, ctx, month, day):
    return (surface, ctx, 2020, month, day, None, None)


ARTICLES = {
    "dantri:news_world_001": dict(
        outlet=DT, story=KARABAKH,
        quotes=[],
        amounts=[
            ("7 khu vực", None, 7, None, "count", "exact", "khu vực"),
            ("4 nghị quyết", None, 4, None, "count", "exact", "nghị quyết"),
            ("16 dân thường", None, 16, None, "count", "exact", "dân thường"),
            ("46 người", None, 46, None, "count", "exact", "người"),
            ("26 ngôi nhà", None, 26, None, "count", "exact", "ngôi nhà"),
            ("116 cơ sở dân sinh", None, 116, None, "count", "exact", "cơ sở dân sinh"),
        ],
        time_refs=[
            d20("1/10", None, 10, 1),
            d20("27/9", None, 9, 27),
            ("1993", None, 1993, None, None, None, None),
            d20("30/9", None, 9, 30),
            d20("29/9", None, 9, 29),
        ],
        citations=[],
    ),
    "dantri:news_world_002": dict(
        outlet=DT, story="us-house-intelligence-china-report-2020-09",
        add=[("Trung", "quan hệ Mỹ - Trung", L, "China")],
        quotes=[
            ("Nếu không có", "full", "Ủy ban Tình báo Hạ viện Mỹ", "House Intelligence Committee"),
            ("năng lực để", "full", "Adam Schiff", "Adam Schiff"),
            ("có nhiều việc", "full", "Schiff", "Adam Schiff"),
            ("các tác nhân", "full", "Ủy ban Tình báo Hạ viện Mỹ", "House Intelligence Committee"),
            ("Tổng thống Donald Trump đã", "full", "Pottinger", "Matt Pottinger"),
            ("các công nghệ", "full", "Pottinger", "Matt Pottinger"),    # "Quan chức Mỹ" = Pottinger
        ],
        amounts=[
            ("2 thập niên", 0, 2 * DECADE, None, "duration", "exact", "thập niên"),
            ("200 trang", None, 200, None, "count", "exact", "trang"),
            ("2 thập niên", 1, 2 * DECADE, None, "duration", "exact", "thập niên"),
            ("một thập niên", None, DECADE, None, "duration", "up_to", "thập niên"),
            ("1%", "vào 1% sinh viên", 1, None, "percent", "exact", "%"),
            ("1%", "vào 1% trong", 1, None, "percent", "exact", "%"),
            ("400.000 sinh viên", None, 400000, None, "count", "exact", "sinh viên"),
            ("1%", "khoảng 1%", 1, None, "percent", "about", "%"),
            ("1.000 sinh viên và nhà nghiên cứu", None, 1000, None, "count", "over",
             "sinh viên và nhà nghiên cứu"),
        ],
        time_refs=[
            d20("30/9", "công bố ngày 30/9", 9, 30),
            ("11/9", None, 2001, 9, 11, None, None),   # the 9/11 attacks, "2 thập niên" earlier
            d20("30/9", "ngày 30/9 nói", 9, 30),
        ],
        citations=[
            ("Ủy ban Tình báo Hạ viện Mỹ", "Theo báo cáo do Ủy ban Tình báo Hạ viện Mỹ",
             "House Intelligence Committee", "news_source"),
            ("Politico", None, "Politico", "news_source"),
            ("Reuters", None, "Reuters", "news_source"),
        ],
    ),
    "dantri:news_world_003": dict(
        outlet=DT, story="us-arms-control-envoy-asia-trip-2020-10",
        add=[("Việt", "quan hệ ngoại giao Việt - Mỹ", L, "Vietnam")],
        # lines 6-7 ("Đây cũng là lần đầu tiên ...") open a quote in one paragraph and close it in
        # the next: not a quote under the one-paragraph rule.
        quotes=[
            ("Chúng tôi có lý do", "full", "Billingslea", "Marshall Billingslea"),
            ("Chính phủ Việt Nam", "full", "Billingslea", "Marshall Billingslea"),
        ],
        amounts=[
            ("3 nước", None, 3, None, "count", "exact", "nước"),
            ("25 năm", 0, 25 * YEAR, None, "duration", "exact", "năm"),
            ("25 năm", 1, 25 * YEAR, None, "duration", "exact", "năm"),
        ],
        time_refs=[d20("1/10", None, 10, 1)],
        citations=[],
    ),
    "dantri:news_world_004": dict(
        outlet=DT, story="moderna-vaccine-timeline-2020-09",
        add=[("Anh", "tham gia tại Anh", L, "United Kingdom"),
             ("Anh", "Anh, Brazil", L, "United Kingdom")],
        quotes=[
            ("Ngày 25/11", "full", "Bancel", "Stéphane Bancel"),
            ("Có một khả năng", "full", "Trump", "Donald Trump"),
            ("Điều đó chỉ", "full", "một nguồn tin", None),
        ],
        amounts=[
            ("11 ứng viên vắc xin", None, 11, None, "count", "exact", "ứng viên vắc xin"),
            ("1 triệu người", None, 1_000_000, None, "count", "over", "người"),
        ],
        time_refs=[
            d20("3/11", 0, 11, 3),
            d20("25/11", 0, 11, 25),
            d20("30/9", None, 9, 30),
            d20("25/11", 1, 11, 25),
            d20("3/11", 1, 11, 3),
            d20("29/9", 0, 9, 29),
            d20("1/11", None, 11, 1),
            ("tháng 10", 0, 2020, 10, None, None, None),
            d20("29/9", 1, 9, 29),
            ("tháng 10", 1, 2020, 10, None, None, None),
            ("tháng 10", 2, 2020, 10, None, None, None),
            d20("6/9", None, 9, 6),
        ],
        citations=[
            ("Bưu điện Hoa nam Buổi sáng", None, "South China Morning Post", "news_source"),
            ("Financial Times", None, "Financial Times", "news_source"),
            ("Washington Post", None, "The Washington Post", "news_source"),
        ],
    ),
    "dantri:news_world_005": dict(
        outlet=DT, story="parscale-leaves-trump-campaign-2020-09",
        quotes=[
            ("Trước mắt tôi", "full", "Parscale", "Brad Parscale"),
            ("thất sủng", "fragment", None, None),
        ],
        amounts=[
            ("44 tuổi", None, 44, None, "other", "exact", "tuổi"),
            ("hàng nghìn người", None, 1000, None, "count", "over", "người"),
        ],
        time_refs=[
            d20("30/9", None, 9, 30),
            ("tháng 7", None, 2020, 7, None, None, None),
        ],
        citations=[],
    ),
    "dantri:news_world_006": dict(
        outlet=DT, story=KARABAKH,
        quotes=[
            ("Đoàn xe quân sự", "full", "Bộ Quốc phòng Azerbaijan", "Ministry of Defence of Azerbaijan"),
        ],
        amounts=[
            ("200 xe tăng và xe bọc thép", None, 200, None, "count", "about", "xe tăng và xe bọc thép"),
            ("230 hệ thống tên lửa và đạn pháo", None, 230, None, "count", "over",
             "hệ thống tên lửa và đạn pháo"),
            ("30 hệ thống phòng không", None, 30, None, "count", "about", "hệ thống phòng không"),
            ("6 trạm quan sát và chỉ huy", None, 6, None, "count", "exact", "trạm quan sát và chỉ huy"),
            ("5 kho đạn dược", None, 5, None, "count", "exact", "kho đạn dược"),
            ("50 súng máy chống tăng", None, 50, None, "count", "exact", "súng máy chống tăng"),
            ("110 xe ô tô", None, 110, None, "count", "exact", "xe ô tô"),
            ("một hệ thống tên lửa S-300", None, 1, None, "count", "exact", "hệ thống tên lửa S-300"),
            ("2.300 binh sĩ", None, 2300, None, "troops", "over", "binh sĩ"),
            ("104 binh sĩ", None, 104, None, "troops", "exact", "binh sĩ"),
            ("23 dân thường", None, 23, None, "count", "exact", "dân thường"),
        ],
        time_refs=[
            d20("1/10", None, 10, 1),
            d20("27/9", None, 9, 27),
        ],
        citations=[],
    ),
    "dantri:news_world_007": dict(
        outlet=DT, story=DEBATE,
        add=[("Hunter", "con trai Hunter", P, "Hunter Biden")],
        # lines 15-18: quotes opened in one paragraph and closed in the next -> not quotes.
        quotes=[
            ("nói dối", "fragment", "Biden", "Joe Biden"),
            ("chiếm sóng", "fragment", None, None),
        ],
        amounts=[
            ("1.000 người", None, 1000, None, "count", "about", "người"),
            ("vài chục người", None, 30, None, "count", "about", "người"),
            ("4 cuộc tranh luận", None, 4, None, "count", "exact", "cuộc tranh luận"),
            ("3 cuộc tranh luận", None, 3, None, "count", "exact", "cuộc tranh luận"),
        ],
        time_refs=[
            d20("29/9", None, 9, 29),
            ("1960", None, 1960, None, None, None, None),
            ("1976", None, 1976, None, None, None, None),
            ("2016", None, 2016, None, None, None, None),
        ],
        citations=[("Politico", None, "Politico", "news_source")],
    ),
    "dantri:news_world_008": dict(
        outlet=DT, story="vietnamese-mid-autumn-festival-south-africa-2020",
        quotes=[
            ("Vui Tết Trung thu", "fragment", None, None),        # event name in quotes
            ("Vui Tết Trung thu 2020", "fragment", None, None),
        ],
        amounts=[
            ("hai cháu", None, 2, None, "count", "exact", "cháu"),
            ("90%", None, 90, None, "percent", "up_to", "%"),
            ("674.000 tổng số ca", None, 674000, None, "count", "exact", "ca"),
            ("16.734 người", None, 16734, None, "count", "exact", "người"),
        ],
        time_refs=[
            d20("30/9", None, 9, 30),
            ("2020", "Trung thu 2020", 2020, None, None, None, None),
            ("tháng 3/2020", None, 2020, 3, None, None, None),
        ],
        citations=[],
    ),
    "dantri:news_world_009": dict(
        outlet=DT, story="germany-defence-budget-2021",
        quotes=[
            ("đóng vai trò", "fragment", "Kramp-Karrenbauer", "Annegret Kramp-Karrenbauer"),
            ("xây dựng một", "full", "Dietmar Bartsch", "Dietmar Bartsch"),   # "Theo ông"
            ("dưới trướng", "fragment", None, None),
            ("kiệt tác", "fragment", "một số nhà ngoại giao tại Brussels", None),
        ],
        amounts=[
            ("45,6 tỷ Euro", None, 45_600_000_000, None, "money", "exact", "Euro"),
            ("46,8 tỷ Euro", None, 46_800_000_000, None, "money", "exact", "Euro"),
            ("19,4 tỷ Euro", None, 19_400_000_000, None, "money", "exact", "Euro"),
            ("7,7 tỷ Euro", None, 7_700_000_000, None, "money", "exact", "Euro"),
            ("998,2 triệu Euro", None, 998_200_000, None, "money", "about", "Euro"),
            ("350 triệu Euro", None, 350_000_000, None, "money", "exact", "Euro"),
            ("442 triệu Euro", None, 442_000_000, None, "money", "exact", "Euro"),
            ("5,9 tỷ Euro", None, 5_900_000_000, None, "money", "exact", "Euro"),
            ("4,1 tỷ Euro", None, 4_100_000_000, None, "money", "exact", "Euro"),
            ("1,8 tỷ Euro", None, 1_800_000_000, None, "money", "about", "Euro"),
            ("1,5%", None, 1.5, None, "percent", "about", "%"),
            ("2%", None, 2, None, "percent", "exact", "%"),
            ("30 năm", None, 30 * YEAR, None, "duration", "exact", "năm"),
            ("61 tuổi", None, 61, None, "other", "exact", "tuổi"),
        ],
        time_refs=[
            d20("30/9", None, 9, 30),
            ("2021", None, 2021, None, None, None, None),
            d20("3/11", None, 11, 3),
        ],
        citations=[],
    ),
    "dantri:news_world_010": dict(
        outlet=DT, story=DEBATE,
        quotes=[],
        amounts=[
            ("58%", None, 58, None, "percent", "about", "%"),
            ("61%", None, 61, None, "percent", "exact", "%"),
            ("24 giờ", None, 24 * HOUR, None, "duration", "about", "giờ"),
            ("90%", None, 90, None, "percent", "exact", "%"),
            ("58,4%", None, 58.4, None, "percent", "exact", "%"),
            ("55,3%", None, 55.3, None, "percent", "exact", "%"),
            ("4,4%", None, 4.4, None, "percent", "exact", "%"),
            ("59,6%", None, 59.6, None, "percent", "exact", "%"),
            ("100 phút", None, 100, None, "duration", "exact", "phút"),
            ("49 lần", None, 49, None, "count", "exact", "lần"),
            ("18 lần", None, 18, None, "count", "exact", "lần"),
            ("67 lần", None, 67, None, "count", "exact", "lần"),
            ("71 lần", None, 71, None, "count", "over", "lần"),        # "ít nhất"
            ("74 lần", None, 74, None, "count", "exact", "lần"),
            ("145 lần", None, 145, None, "count", "exact", "lần"),
            ("1 tháng", None, 1 * MONTH, None, "duration", "exact", "tháng"),
            ("8 điểm", None, 8, None, "other", "about", "điểm"),
        ],
        time_refs=[],
        citations=[
            ("Cloudbet", "Theo Cloudbet", "Cloudbet", "news_source"),
            ("Fortune", None, "Fortune", "news_source"),
            ("Election Betting Odds", None, "Election Betting Odds", "news_source"),
            ("Fox News", None, "Fox News", "news_source"),
        ],
    ),
    "dantri:news_world_011": dict(
        outlet=DT, story="us-mail-ballot-delays-2020",
        quotes=[],
        amounts=[
            ("Hàng triệu phiếu", None, 1_000_000, None, "count", "over", "phiếu"),
            ("7 triệu lá phiếu", 0, 7_000_000, None, "count", "over", "lá phiếu"),
            ("13 bang", "ở 13 bang", 13, None, "count", "exact", "bang"),
            ("7 triệu lá phiếu", 1, 7_000_000, None, "count", "over", "lá phiếu"),
            ("28%", None, 28, None, "percent", "up_to", "%"),
            ("24 triệu phiếu bầu", None, 24_000_000, None, "count", "exact", "phiếu bầu"),
            ("13 bang", "tại 13 bang", 13, None, "count", "exact", "bang"),
            ("vài trăm tới vài nghìn phiếu", None, 300, 3000, "count", "about", "phiếu"),
            ("7 triệu phiếu bầu", None, 7_000_000, None, "count", "over", "phiếu bầu"),
            ("10.704 phiếu", None, 10704, None, "count", "exact", "phiếu"),
            ("700.000 phiếu", None, 700000, None, "count", "over", "phiếu"),
            ("6 ngày", None, 6 * DAY, None, "duration", "over", "ngày"),
            ("12 giờ", None, 12 * HOUR, None, "duration", "exact", "giờ"),
            ("7 ngày", None, 7 * DAY, None, "duration", "exact", "ngày"),
            ("12/13 bang", None, 12, None, "count", "exact", "bang"),   # 12 of 13 states, not a date
        ],
        time_refs=[
            ("2020", None, 2020, None, None, None, None),
            d20("30/10", None, 10, 30),
            d20("3/11", 0, 11, 3),
            ("2016", None, 2016, None, None, None, None),
            d20("19/10", None, 10, 19),
            d20("3/11", 1, 11, 3),
            d20("3/11", 2, 11, 3),
        ],
        citations=[
            ("Wall Street Journal", 0, "The Wall Street Journal", "news_source"),
            ("Wall Street Journal", 1, "The Wall Street Journal", "news_source"),
        ],
    ),
    "dantri:news_world_012": dict(
        outlet=DT, story="indonesia-rejects-foreign-military-bases-2020",
        add=[("Trung", "căng thẳng Mỹ-Trung", L, "China")],
        quotes=[
            ("Một lần nữa", "full", "Retno Marsudi", "Retno Marsudi"),
            ("Indonesia đang cố gắng", "full", "Retno Marsudi", "Retno Marsudi"),
            ("đầu tư vào Natuna", "full", "Teuku", "Teuku Faizasyah"),
            ("Trung Quốc đang xây dựng", "full", "một bài tường thuật", None),
        ],
        amounts=[],
        time_refs=[
            d20("1/11", None, 11, 1),
            d20("29/10", None, 10, 29),
            ("Tháng 9/2020", None, 2020, 9, None, None, None),
            ("5/9/2020", None, 2020, 9, 5, None, None),
        ],
        citations=[],
    ),
}
