-- entity_coverage_by_outlet: whom each outlet talks about. One row per outlet x entity.
-- Rules: counts resolved mentions (entity_id not NULL) in title/lead/body/heading/caption segments only;
-- `related` links (other stories) and footers (`Theo X`, `Xem thêm`) are not the outlet's coverage.
-- share = n_mentions / all counted mentions of that outlet (the shares of an outlet sum to 1);
-- n_articles = how many of the outlet's articles mention the entity. entity_name = entities.name.
CREATE OR REPLACE VIEW entity_coverage_by_outlet AS
WITH counted AS (
    SELECT b.outlet_id, m.entity_id, count(*) AS n_mentions, count(DISTINCT m.article_id) AS n_articles
    FROM mentions m
    JOIN articles_by_outlet b ON b.article_id = m.article_id
    WHERE m.entity_id IS NOT NULL
      AND m.segment_kind IN ('title', 'lead', 'body', 'heading', 'caption')
    GROUP BY b.outlet_id, m.entity_id
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
