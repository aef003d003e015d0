-- articles_by_outlet: one row per article with its outlet, story and date; the base of every coverage view.
-- Why a shared view: the outlet and date rules below are stated once, so every view counts the same way.
-- Rules:
--   * outlet_id: articles.outlet_id, or '(unknown)' when the input gave no evidence of an outlet (NULL).
--     '(unknown)' is treated as one outlet everywhere (e.g. two unattributed articles = 2 articles of '(unknown)').
--   * article_date: articles.published_date; else the story's story_date; else the earliest full date
--     (time_refs.date, year known) written in the article's title/lead/body/heading. date_source says which.
--   * story_id: the article's story; an article missing from `stories` stands alone as 'article:<article_id>'.
-- The six coverage views (10_ to 60_) are answered from tables in schema `cache`, computed by their file at every
-- warehouse load: DuckDB has no materialised views, and aggregating ~80 mentions per article or comparing every
-- figure with the other outlets' on each query is too slow for ad-hoc use (budget: 100 ms at 20,000 articles,
-- scripts/bench_views.py). They cannot go stale: only baochi.warehouse.load_warehouse writes the base tables,
-- and it re-runs every file in the same transaction. This view stays a plain view (one row per article).
CREATE OR REPLACE VIEW articles_by_outlet AS
WITH text_dates AS (
    SELECT article_id, min(date) AS text_date
    FROM time_refs
    WHERE date IS NOT NULL AND segment_kind IN ('title', 'lead', 'body', 'heading')
    GROUP BY article_id
)
SELECT
    a.article_id,
    coalesce(a.outlet_id, '(unknown)') AS outlet_id,
    coalesce(o.name, CASE WHEN a.outlet_id IS NULL THEN '(unknown)' ELSE a.outlet_id END) AS outlet_name,
    a.outlet_role,
    coalesce(s.story_id, 'article:' || a.article_id) AS story_id,
    coalesce(s.story_label, a.title) AS story_label,
    s.story_date,
    coalesce(a.published_date, s.story_date, t.text_date) AS article_date,
    CASE
        WHEN a.published_date IS NOT NULL THEN 'published'
        WHEN s.story_date IS NOT NULL THEN 'story'
        WHEN t.text_date IS NOT NULL THEN 'text'
    END AS date_source,
    a.title,
    a.n_words,
    a.source_file
FROM articles a
LEFT JOIN outlets o ON o.outlet_id = a.outlet_id
LEFT JOIN stories s ON s.article_id = a.article_id
LEFT JOIN text_dates t ON t.article_id = a.article_id;
