"""The coverage report: a Dagster asset writing one self-contained HTML file, charts visible, article text inert."""

import json
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.report import coverage_report
from baochi.report.coverage import TITLE, render, write_report
from baochi.warehouse import SQL_DIR
from pipelines.definitions import ALL_ASSETS
from pipelines.resources import BaochiPaths
from tests.conftest import SEEDS
from tests.coverage_build import build_warehouse

PAYLOAD = '<script>document.title="pwned";alert(1)</script>'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SECTIONS = ["Articles per outlet", "Stories on a timeline", "Figures by story", "Whom each outlet talks about",
            "Whose voice each outlet carries", "Sources per outlet and role"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds plus two hostile articles: a text file and a JSONL row with markup in title and outlet."""
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "900_script.txt").write_text(
        f"{PAYLOAD} Tin nóng\nHà Nội hôm nay {PAYLOAD} có khoảng 500 người tham dự.\n", encoding="utf-8")
    row = {"text": f"{PAYLOAD}\nBộ trưởng cho biết 200 quân đã đến.", "title": PAYLOAD, "outlet": "<b>x</b>",
           "id": "evil-1"}
    (corpus / "901_script.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    paths, instance = build_warehouse(corpus, root / "wh")
    return paths, instance


@pytest.fixture(scope="module")
def page(built) -> str:
    paths, _ = built
    return (paths.warehouse / "reports" / "coverage.html").read_text(encoding="utf-8")


def test_the_asset_is_defined_for_the_reports_group():
    spec = next(iter(coverage_report.specs))
    assert spec.group_name == "reports" and {"html", "duckdb"} <= set(spec.kinds)
    assert dg.AssetKey("baochi_duckdb") in {d.asset_key for d in spec.deps}
    assets = ALL_ASSETS if any(a is coverage_report for a in ALL_ASSETS) else [*ALL_ASSETS, coverage_report]
    paths = BaochiPaths(corpus_dir=str(SEEDS), warehouse_dir="/tmp/unused", max_bytes=1)
    dg.Definitions.validate_loadable(dg.Definitions(assets=assets, resources={"paths": paths}))


def test_materialisation_writes_the_file_with_a_markdown_summary(built):
    paths, instance = built
    event = instance.get_latest_materialization_event(dg.AssetKey("coverage_report"))
    metadata = event.asset_materialization.metadata
    assert metadata["path"].value == str(paths.warehouse / "reports" / "coverage.html")
    assert "articles" in metadata["summary"].value and "| congan.com.vn |" in metadata["summary"].value
    assert not list((paths.warehouse / "reports").glob(".*.tmp"))  # written atomically, nothing left behind


def test_the_page_is_self_contained_with_every_section(page):
    assert page.startswith("<!doctype html>") and f"<title>{TITLE}</title>" in page
    for heading in SECTIONS:
        assert heading in page
    assert page.count("<svg") >= 6
    for external in ("src=", "href=", "@import", "url("):
        assert external not in page


def test_article_text_is_escaped(page):
    assert "<script" not in page.lower()
    assert "&lt;script&gt;document.title=&quot;pwned&quot;" in page  # the JSONL title, shown as text


def test_every_text_the_views_return_is_escaped(built, tmp_path):
    """Poison every text column the report reads; nothing may come out as markup."""
    paths, _ = built
    copy = tmp_path / "baochi.duckdb"
    shutil.copy(paths.warehouse / "baochi.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        for table, column in [("entities", "name"), ("quotes", "speaker_surface"), ("citations", "surface"),
                              ("amounts", "surface"), ("stories", "story_label"), ("articles", "title"),
                              ("articles", "outlet_id"), ("entities", "country"), ("outlets", "name")]:
            con.execute(f"UPDATE {table} SET {column} = coalesce({column}, '') || ?", [PAYLOAD])
        for view in sorted(SQL_DIR.glob("*.sql")):  # recompute the views' cache, as a warehouse load does
            con.execute(view.read_text(encoding="utf-8"))
    with duckdb.connect(str(copy), read_only=True) as con:
        html = render(con, source=PAYLOAD).html
    assert "<script" not in html.lower() and html.count("&lt;script&gt;") > 20


def test_an_empty_warehouse_still_renders(built, tmp_path):
    paths, _ = built
    copy = tmp_path / "baochi.duckdb"
    shutil.copy(paths.warehouse / "baochi.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        for table in ("articles", "mentions", "quotes", "amounts", "citations", "stories", "time_refs"):
            con.execute(f"DELETE FROM {table}")
        for view in sorted(SQL_DIR.glob("*.sql")):
            con.execute(view.read_text(encoding="utf-8"))
        report = render(con)
    assert report.stats["n_articles"] == 0 and "No data." in report.html


def test_write_report_without_a_warehouse_says_run_make_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="make run"):
        write_report(tmp_path)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_chromium_renders_the_charts(built, tmp_path):
    paths, _ = built
    shot = tmp_path / "coverage.png"
    url = (paths.warehouse / "reports" / "coverage.html").as_uri()
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", url)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1280
    assert len(data) > 60_000  # charts and tables, not a blank page (a blank 1280x2400 PNG is a few KB)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_a_script_in_an_article_does_not_run(built, tmp_path):
    paths, _ = built
    dom = _chromium(tmp_path, "--dump-dom", (paths.warehouse / "reports" / "coverage.html").as_uri()).stdout
    assert f"<title>{TITLE}</title>" in dom and "pwned</title>" not in dom
    assert "<script" not in dom.lower() and dom.count("<svg") >= 6
    control = tmp_path / "control.html"  # the same check catches a script that does run
    live = '<script>document.title="pwned"</script>'  # no alert(): it would block headless Chromium
    control.write_text(f"<html><head><title>{TITLE}</title></head><body>{live}</body></html>", encoding="utf-8")
    assert "<title>pwned</title>" in _chromium(tmp_path, "--dump-dom", control.as_uri()).stdout
