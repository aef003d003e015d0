-- story_coverage: outlets x stories. One row per story x outlet ('(unknown)' included).
-- Rules: story_label/story_date from `stories`; n_articles = the outlet's articles in the story;
-- first_date/last_date span their article_date (published_date, else story_date, else earliest full date in
-- the text); n_outlets = how many outlets covered the story (same on every row of the story).
-- Computed once per warehouse load into cache.story_coverage (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.story_coverage AS
SELECT
    story_id,
    any_value(story_label) AS story_label,
    any_value(story_date) AS story_date,
    outlet_id,
    count(DISTINCT article_id) AS n_articles,
    min(article_date) AS first_date,
    max(article_date) AS last_date,
    CAST(sum(n_words) AS BIGINT) AS n_words,
    count(*) OVER (PARTITION BY story_id) AS n_outlets
FROM articles_by_outlet
GROUP BY story_id, outlet_id
ORDER BY story_date NULLS LAST, story_id, n_articles DESC, outlet_id;

CREATE OR REPLACE VIEW story_coverage AS
SELECT * FROM cache.story_coverage;
