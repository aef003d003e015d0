"""seeds/entities.csv is the gazetteer the fact extractor links mentions with: check its shape, that
no surface names two entities, that the spellings the seed articles use resolve, and that
scripts/build_entities.py rebuilds it deterministically."""

import csv
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
COLUMNS = ["entity_id", "name", "entity_type", "country", "wikidata_id", "aliases"]
TYPES = {"PERSON": "per", "ORGANIZATION": "org", "LOCATION": "loc", "MEDIA": "media"}
TYPES_BY_PREFIX = {v: k for k, v in TYPES.items()}
# Case-folded surfaces deliberately allowed under two entities (keep this near empty).
SHARED_ALIASES: set[str] = set()

with open(SEEDS / "entities.csv", encoding="utf-8", newline="") as _handle:
    _reader = csv.DictReader(_handle)
    HEADER = _reader.fieldnames
    ROWS = list(_reader)
BY_ID = {r["entity_id"]: r for r in ROWS}
INDEX: dict[str, str] = {}
for _row in ROWS:
    for _alias in _row["aliases"].split("|"):
        INDEX.setdefault(_alias.casefold(), _row["entity_id"])


def resolve(surface: str) -> str | None:
    return INDEX.get(surface.casefold())


def load_script():
    spec = importlib.util.spec_from_file_location("build_entities", ROOT / "scripts" / "build_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_columns_ids_and_types():
    assert HEADER == COLUMNS
    ids = [r["entity_id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert row["entity_type"] in TYPES, row
        assert row["entity_id"].startswith(TYPES[row["entity_type"]] + ":"), row["entity_id"]
        assert row["country"] == "" or row["country"] == "INT" or (len(row["country"]) == 2 and row["country"].isupper())
        assert row["wikidata_id"] == "" or row["wikidata_id"][1:].isdigit() and row["wikidata_id"][0] == "Q"


def test_every_alias_list_contains_the_name():
    for row in ROWS:
        aliases = row["aliases"].split("|")
        assert row["name"] in aliases, row["entity_id"]
        assert all(a.strip() == a and a for a in aliases), row["entity_id"]


def test_no_alias_names_two_entities():
    owners: dict[str, set[str]] = {}
    for row in ROWS:
        for alias in row["aliases"].split("|"):
            owners.setdefault(alias.casefold(), set()).add(row["entity_id"])
    shared = {a: ids for a, ids in owners.items() if len(ids) > 1 and a not in SHARED_ALIASES}
    assert not shared


@pytest.mark.parametrize(
    "surface,entity_id",
    [
        ("Ukraina", "loc:ukraine"), ("U-crai-na", "loc:ukraine"), ("Ukraine", "loc:ukraine"),
        ("Nga", "loc:russia"), ("Liên bang Nga", "loc:russia"), ("Russia", "loc:russia"), ("nước Nga", "loc:russia"),
        ("Mỹ", "loc:united-states"), ("Hoa Kỳ", "loc:united-states"), ("USA", "loc:united-states"),
        ("Washington", "loc:washington-dc"), ("Washington D.C.", "loc:washington-dc"),
        ("Moscow", "loc:moscow"), ("Moskva", "loc:moscow"), ("Mát-xcơ-va", "loc:moscow"), ("Mạc Tư Khoa", "loc:moscow"),
        ("Kyiv", "loc:kyiv"), ("Kiev", "loc:kyiv"),
        ("Yuri Ushakov", "per:yury-ushakov"), ("Yury Ushakov", "per:yury-ushakov"), ("Ushakov", "per:yury-ushakov"),
        ("Putin", "per:vladimir-putin"), ("V. Putin", "per:vladimir-putin"), ("Biden", "per:joe-biden"),
        ("Zelenskyy", "per:volodymyr-zelensky"), ("Tập Cận Bình", "per:xi-jinping"),
        ("Nhà Trắng", "org:white-house"), ("White House", "org:white-house"),
        ("Điện Kremlin", "org:kremlin"), ("Kremlin", "org:kremlin"),
        ("Lầu Năm Góc", "org:pentagon"), ("Pentagon", "org:pentagon"),
        ("Reuters", "media:reuters"), ("CNN", "media:cnn"), ("TTXVN", "media:ttxvn"), ("Xinhua", "media:tan-hoa-xa"),
        ("Anh", "loc:united-kingdom"), ("Triều Tiên", "loc:north-korea"), ("Úc", "loc:australia"),
        ("Ô-xtrây-li-a", "loc:australia"), ("Ả-rập Xê-út", "loc:saudi-arabia"), ("Thụy Sĩ", "loc:switzerland"),
        ("Thuỵ Sĩ", "loc:switzerland"), ("TP.HCM", "loc:ho-chi-minh-city"), ("Sài Gòn", "loc:ho-chi-minh-city"),
        ("Hanoi", "loc:hanoi"), ("Geneva", "loc:geneva"), ("Giơ-ne-vơ", "loc:geneva"), ("Viên", "loc:vienna"),
        ("Liên hợp quốc", "org:united-nations"), ("LHQ", "org:united-nations"), ("EU", "org:european-union"),
        ("Bộ Ngoại giao Nga", "org:russia-foreign-ministry"), ("Bộ Ngoại giao Mỹ", "org:us-state-department"),
    ],
)
def test_required_aliases_resolve(surface, entity_id):
    assert resolve(surface) == entity_id


def test_vietnamese_given_names_are_not_aliases():
    for bare in ("Chính", "Phúc", "Trọng", "Huệ", "Thưởng", "Lâm", "Sơn", "Ngân"):
        assert resolve(bare) is None, bare


def test_at_least_240_countries():
    codes = {r["country"] for r in ROWS if r["entity_type"] == "LOCATION" and len(r["country"]) == 2}
    assert len(codes) >= 240
    pycountry = pytest.importorskip("pycountry")
    for country in pycountry.countries:
        entity = resolve(country.name)
        assert entity and BY_ID[entity]["country"] == country.alpha_2, country.name


PROVINCES_63 = """Hà Nội|TP.HCM|Hải Phòng|Đà Nẵng|Cần Thơ|Hà Giang|Cao Bằng|Bắc Kạn|Tuyên Quang|Lào Cai|Điện Biên|
Lai Châu|Sơn La|Yên Bái|Hòa Bình|Thái Nguyên|Lạng Sơn|Quảng Ninh|Bắc Giang|Phú Thọ|Vĩnh Phúc|Bắc Ninh|Hải Dương|
Hưng Yên|Thái Bình|Hà Nam|Nam Định|Ninh Bình|Thanh Hóa|Nghệ An|Hà Tĩnh|Quảng Bình|Quảng Trị|Thừa Thiên Huế|Quảng Nam|
Quảng Ngãi|Bình Định|Phú Yên|Khánh Hòa|Ninh Thuận|Bình Thuận|Kon Tum|Gia Lai|Đắk Lắk|Đắk Nông|Lâm Đồng|Bình Phước|
Tây Ninh|Bình Dương|Đồng Nai|Bà Rịa - Vũng Tàu|Long An|Tiền Giang|Bến Tre|Trà Vinh|Vĩnh Long|Đồng Tháp|An Giang|
Kiên Giang|Hậu Giang|Sóc Trăng|Bạc Liêu|Cà Mau"""
# The 34 units after the July 2025 merger; every one kept a pre-2025 name.
PROVINCES_2025 = """Hà Nội|Thành phố Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế|Cao Bằng|Tuyên Quang|Điện Biên|Lai Châu|
Sơn La|Lào Cai|Thái Nguyên|Lạng Sơn|Quảng Ninh|Bắc Ninh|Phú Thọ|Hưng Yên|Ninh Bình|Thanh Hoá|Nghệ An|Hà Tĩnh|
Quảng Trị|Quảng Ngãi|Gia Lai|Khánh Hoà|Đắk Lắk|Lâm Đồng|Đồng Nai|Tây Ninh|Vĩnh Long|Đồng Tháp|An Giang|Cà Mau"""


@pytest.mark.parametrize("names,count", [(PROVINCES_63, 63), (PROVINCES_2025, 34)])
def test_vietnamese_provinces(names, count):
    found = [resolve(n.strip()) for n in names.split("|")]
    assert len(found) == count and None not in found, dict(zip(names.split("|"), found))
    assert len(set(found)) == count
    for entity_id in found:
        assert BY_ID[entity_id]["entity_type"] == "LOCATION" and BY_ID[entity_id]["country"] == "VN"


def test_ambiguous_aliases_file():
    script = load_script()
    with open(SEEDS / "ambiguous_aliases.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["alias", "entity_id", "rule"]
        rows = list(reader)
    listed = {(r["alias"], r["entity_id"]) for r in rows}
    assert len(listed) == len(rows)
    for row in rows:
        assert row["rule"] in {"capitalized_only", "needs_context", "not_sentence_initial"}, row
        aliases = BY_ID[row["entity_id"]]["aliases"].split("|")
        assert row["alias"] in aliases, row
        for variant in script.tone_variants(row["alias"]):
            assert variant not in aliases or (variant, row["entity_id"]) in listed, variant
    for risky in [("Anh", "loc:united-kingdom"), ("Đức", "loc:germany"), ("Pháp", "loc:france"), ("Mỹ", "loc:united-states")]:
        assert risky in listed


def test_tone_variants():
    script = load_script()
    assert script.tone_variants("Khánh Hòa") == ["Khánh Hòa", "Khánh Hoà"]
    assert set(script.tone_variants("Thuỵ Sĩ")) == {"Thuỵ Sĩ", "Thụy Sĩ"}
    assert script.tone_variants("Quý") == ["Quý"] and script.tone_variants("Hoàng") == ["Hoàng"]
    assert script.slugify("Đà Nẵng") == "da-nang"


# Spelling in the seed articles -> entity it must resolve to.
SEED_MENTIONS = {
    "Joe Biden": "per:joe-biden", "Vladimir Putin": "per:vladimir-putin", "Yury Ushakov": "per:yury-ushakov",
    "Yuri Ushakov": "per:yury-ushakov", "Jen Psaki": "per:jen-psaki", "Sergei Ryabkov": "per:sergei-ryabkov",
    "Lloyd Austin": "per:lloyd-austin", "Sergei Shoigu": "per:sergei-shoigu", "Dmitry Peskov": "per:dmitry-peskov",
    "Macron": "per:emmanuel-macron", "Olaf Scholz": "per:olaf-scholz",
    "Nga": "loc:russia", "Mỹ": "loc:united-states", "Ukraine": "loc:ukraine", "Ukraina": "loc:ukraine",
    "Moskva": "loc:moscow", "Moscow": "loc:moscow", "Washington": "loc:washington-dc", "Geneva": "loc:geneva",
    "Thụy Sĩ": "loc:switzerland", "Brussels": "loc:brussels", "Vienna": "loc:vienna", "Liên Xô": "loc:soviet-union",
    "Ba Lan": "loc:poland", "Estonia": "loc:estonia", "Litva": "loc:lithuania", "Latvia": "loc:latvia",
    "Balkan": "loc:balkans", "Kavkaz": "loc:caucasus", "Đông Âu": "loc:eastern-europe", "Trung Á": "loc:central-asia",
    "Crưm": "loc:crimea", "Berlin": "loc:berlin", "Đức": "loc:germany", "Pháp": "loc:france", "Florida": "loc:florida",
    "Iran": "loc:iran", "Cuba": "loc:cuba", "Kiev": "loc:kyiv", "Hà Nội": "loc:hanoi", "châu Âu": "loc:europe",
    "NATO": "org:nato", "Tổ chức Hiệp ước Bắc Đại Tây Dương": "org:nato", "Nhà Trắng": "org:white-house",
    "Điện Kremlin": "org:kremlin", "Lầu Năm Góc": "org:pentagon", "Chính phủ Mỹ": "org:us-government",
    "Tổ chức An ninh và Hợp tác ở châu Âu": "org:osce", "Vệ binh Quốc gia Florida": "org:florida-national-guard",
    "CNN": "media:cnn", "Reuters": "media:reuters", "AFP": "media:afp", "RT": "media:rt", "Sputnik": "media:sputnik",
    "VietNamNet": "media:vietnamnet", "CAO": "media:cong-an-tp-hcm", "Việt Nam": "loc:vietnam",
}


def test_seed_article_entities_exist(seeds):
    text = "\n".join(seeds.values())
    for surface, entity_id in SEED_MENTIONS.items():
        assert surface in text, f"{surface!r} no longer in the seed articles"
        assert resolve(surface) == entity_id, surface
        assert BY_ID[entity_id]["entity_type"] == TYPES_BY_PREFIX[entity_id.split(":")[0]]
    assert BY_ID["loc:soviet-union"]["country"] in {"", "SU"}
    assert resolve("Liên hợp quốc") == "org:united-nations"  # named in the brief, not in the seeds
    # Treaties are not entities: the seeds' INF treaty must not resolve.
    assert resolve("Hiệp ước Các lực lượng hạt nhân tầm xa") is None and resolve("INF") is None


def test_build_is_deterministic(tmp_path):
    pytest.importorskip("pycountry")
    script = load_script()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert script.build(first) == script.build(second) == len(ROWS)
    assert first.read_bytes() == second.read_bytes()
