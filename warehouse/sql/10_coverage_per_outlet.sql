-- coverage_per_outlet: who covered the news, and how much. One row per outlet ('(unknown)' included).
-- Rules: n_words sums articles.n_words; n_stories counts distinct stories; first_date/last_date span
-- articles_by_outlet.article_date (published_date, else story_date, else earliest full date in the text);
-- n_republished counts articles the outlet is credited for as the origin (`Theo X`, `Article sourced from X`).
-- Computed once per warehouse load into cache.coverage_per_outlet (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.coverage_per_outlet AS
SELECT
    outlet_id,
    any_value(outlet_name) AS outlet_name,
    count(DISTINCT article_id) AS n_articles,
    CAST(sum(n_words) AS BIGINT) AS n_words,
    count(DISTINCT story_id) AS n_stories,
    min(article_date) AS first_date,
    max(article_date) AS last_date,
    count(DISTINCT article_id) FILTER (WHERE outlet_role = 'republished_from') AS n_republished,
    count(DISTINCT article_id) FILTER (WHERE article_date IS NULL) AS n_undated
FROM articles_by_outlet
GROUP BY outlet_id
ORDER BY n_articles DESC, outlet_id;

CREATE OR REPLACE VIEW coverage_per_outlet AS
SELECT * FROM cache.coverage_per_outlet;
