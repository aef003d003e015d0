-- facts_by_outlet: the figures each outlet reports per story, flagged where outlets disagree.
-- Which figures: amounts in title/lead/body/heading segments (not captions, footers or `related` links, which
-- belong to other stories) of the categories analysts compare: troops, personnel, duration, money, percent, count.
-- unit = what is counted, normalised so that figures about one thing compare: duration -> 'minutes' (values are
-- minutes), troops -> 'soldiers' (quân, binh sỹ, binh lính... all count soldiers), percent -> '%', otherwise the
-- lower-cased amounts.unit (`nước`, `bên`, `USD`); counted_noun keeps amounts.unit as written.
-- Outlets: each distinct outlet_id is one outlet, '(unknown)' included; figures of one outlet never disagree
-- with each other (an outlet may report a figure twice, or two quantities).
-- disagrees rule. Within one story, category and unit:
--   * two figures describe the same quantity when their ranges [value, coalesce(value_high, value)] overlap or
--     lie within 25% of each other (greatest(low) <= 1.25 * least(high)): 50 and ~60 minutes do; a 50-minute
--     call and `hơn 30 năm`, or `hai tuần` and `ba tuần`, do not;
--   * a figure disagrees when another outlet reports the same quantity but never reports this exact figure
--     (same value and value_high; the qualifier `khoảng`/`hơn`/`có tới` is ignored).
--   So 100,000 troops (congan.com.vn, (unknown)) vs 70,000-100,000 (vnexpress.net) are all flagged, while a
--   50-minute call that every reporting outlet gives is not flagged, and an outlet's extra `gần một giờ` is.
-- disagrees_with lists the other outlets' figures for that quantity which differ ('outlet figure; ...').
-- Outlet and story as in articles_by_outlet. Rows come ordered by story, category, unit, value, outlet.
-- Computed once per warehouse load into cache.facts_by_outlet (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.facts_by_outlet AS
WITH f AS (
    SELECT
        coalesce(s.story_id, 'article:' || am.article_id) AS story_id,
        am.category,
        coalesce(a.outlet_id, '(unknown)') AS outlet_id,
        am.value,
        am.value_high,
        CASE am.category
            WHEN 'duration' THEN 'minutes'
            WHEN 'troops' THEN 'soldiers'
            WHEN 'percent' THEN '%'
            ELSE coalesce(lower(am.unit), '')
        END AS unit,
        am.unit AS counted_noun,
        am.qualifier,
        am.article_id,
        am.char_start,
        am.char_end,
        am.surface,
        am.segment_kind,
        am.value AS lo,
        coalesce(am.value_high, am.value) AS hi
    FROM amounts am
    JOIN articles a ON a.article_id = am.article_id
    LEFT JOIN stories s ON s.article_id = am.article_id
    WHERE am.category IN ('troops', 'personnel', 'duration', 'money', 'percent', 'count')
      AND am.segment_kind IN ('title', 'lead', 'body', 'heading')
      AND am.value IS NOT NULL
),
reported AS (  -- each outlet's distinct figures per story, category and unit, with a readable label
    SELECT story_id, category, unit, outlet_id, lo, hi,
        CASE WHEN lo = round(lo) AND abs(lo) < 9e15 THEN format('{:,}', CAST(lo AS BIGINT)) ELSE CAST(lo AS VARCHAR) END
        || CASE WHEN hi = lo THEN ''
                WHEN hi = round(hi) AND abs(hi) < 9e15 THEN '–' || format('{:,}', CAST(hi AS BIGINT))
                ELSE '–' || CAST(hi AS VARCHAR) END AS figure
    FROM (SELECT DISTINCT story_id, category, unit, outlet_id, lo, hi FROM f)
),
conflicts AS (  -- figure x: the same quantity reported by another outlet o, which never reports x
    SELECT x.story_id, x.category, x.unit, x.outlet_id, x.lo, x.hi,
           string_agg(o.outlet_id || ' ' || o.figure, '; ' ORDER BY o.outlet_id, o.lo, o.hi) AS disagrees_with
    FROM reported x
    JOIN reported o
      ON o.story_id = x.story_id AND o.category = x.category AND o.unit = x.unit AND o.outlet_id <> x.outlet_id
     AND greatest(x.lo, o.lo) <= 1.25 * least(x.hi, o.hi)
    ANTI JOIN reported same
      ON same.story_id = x.story_id AND same.category = x.category AND same.unit = x.unit
     AND same.outlet_id = o.outlet_id AND same.lo = x.lo AND same.hi = x.hi
    GROUP BY ALL
)
SELECT
    f.story_id, f.category, f.outlet_id, f.value, f.value_high, f.article_id, f.surface,
    c.disagrees_with IS NOT NULL AS disagrees,
    f.unit, r.figure, f.counted_noun, f.qualifier, f.segment_kind, f.char_start, f.char_end, c.disagrees_with
FROM f
JOIN reported r USING (story_id, category, unit, outlet_id, lo, hi)
LEFT JOIN conflicts c USING (story_id, category, unit, outlet_id, lo, hi)
ORDER BY f.story_id, f.category, f.unit, f.value, f.value_high NULLS FIRST, f.outlet_id, f.article_id, f.char_start;

CREATE OR REPLACE VIEW facts_by_outlet AS
SELECT * FROM cache.facts_by_outlet;
