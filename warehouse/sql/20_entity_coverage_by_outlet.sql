-- entity_coverage_by_outlet: whom each outlet talks about. One row per outlet x entity.
-- Rules: counts resolved mentions (entity_id not NULL) in title/lead/body/heading/caption segments only;
-- `related` links (other stories) and footers (`Theo X`, `Xem thêm`) are not the outlet's coverage.
-- Outlet as in articles_by_outlet (NULL -> '(unknown)'). share = n_mentions / all counted mentions of that
-- outlet (an outlet's shares sum to 1); n_articles = how many of its articles mention the entity;
-- entity_name = entities.name. Rows come ordered by outlet_id, n_mentions descending.
-- Computed once per warehouse load into cache.entity_coverage_by_outlet (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.entity_coverage_by_outlet AS
WITH per_article AS (
    SELECT article_id, entity_id, count(*) AS n
    FROM mentions
    WHERE entity_id IS NOT NULL AND segment_kind IN ('title', 'lead', 'body', 'heading', 'caption')
    GROUP BY article_id, entity_id
),
counted AS (
    SELECT coalesce(a.outlet_id, '(unknown)') AS outlet_id, p.entity_id,
           sum(p.n)::BIGINT AS n_mentions, count(*) AS n_articles
    FROM per_article p
    JOIN articles a ON a.article_id = p.article_id
    GROUP BY 1, 2
)
SELECT
    c.outlet_id,
    c.entity_id,
    coalesce(e.name, c.entity_id) AS entity_name,
    e.entity_type,
    e.country AS entity_country,
    c.n_mentions,
    c.n_mentions / sum(c.n_mentions) OVER (PARTITION BY c.outlet_id) AS share,
    c.n_articles
FROM counted c
LEFT JOIN entities e ON e.entity_id = c.entity_id
ORDER BY c.outlet_id, c.n_mentions DESC, c.entity_id;

CREATE OR REPLACE VIEW entity_coverage_by_outlet AS
SELECT * FROM cache.entity_coverage_by_outlet;
