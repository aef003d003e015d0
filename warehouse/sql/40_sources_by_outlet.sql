-- sources_by_outlet: which wires, agencies and institutions each outlet relies on. One row per outlet x source x role.
-- Rules: every citation outside `related` segments (those links belong to other stories); role as extracted:
-- news_source (`CNN đưa tin`, `theo Reuters`), photo_credit (`Ảnh: AFP`), republished_from (`Theo VietNamNet`).
-- source_name = entities.name of citations.source_id, else the citation's words; an unresolved source is
-- grouped by its words (case-insensitive) with source_id NULL. n_articles = articles citing it in that role.
-- Outlet as in articles_by_outlet (NULL -> '(unknown)').
-- Computed once per warehouse load into cache.sources_by_outlet (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.sources_by_outlet AS
SELECT
    coalesce(a.outlet_id, '(unknown)') AS outlet_id,
    c.source_id,
    coalesce(any_value(e.name), min(c.surface)) AS source_name,
    any_value(e.entity_type) AS source_type,
    c.role,
    count(*) AS n_citations,
    count(DISTINCT c.article_id) AS n_articles
FROM citations c
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN entities e ON e.entity_id = c.source_id
WHERE coalesce(c.segment_kind, 'body') <> 'related'
GROUP BY 1, c.source_id, CASE WHEN c.source_id IS NULL THEN lower(c.surface) END, c.role
ORDER BY 1, n_citations DESC, source_name, c.role;

CREATE OR REPLACE VIEW sources_by_outlet AS
SELECT * FROM cache.sources_by_outlet;
