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
CREATE OR REPLACE VIEW facts_by_outlet AS
WITH f AS (
    SELECT
        b.story_id,
        am.category,
        b.outlet_id,
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
    JOIN articles_by_outlet b ON b.article_id = am.article_id
    WHERE am.category IN ('troops', 'personnel', 'duration', 'money', 'percent', 'count')
      AND am.segment_kind IN ('title', 'lead', 'body', 'heading')
      AND am.value IS NOT NULL
),
labelled AS (
    SELECT *,
        CASE WHEN lo = round(lo) THEN format('{:,}', CAST(lo AS BIGINT)) ELSE CAST(lo AS VARCHAR) END
        || CASE WHEN hi = lo THEN ''
                WHEN hi = round(hi) THEN '–' || format('{:,}', CAST(hi AS BIGINT))
                ELSE '–' || CAST(hi AS VARCHAR) END AS figure
    FROM f
),
reported AS (  -- the distinct figures each outlet reports per story, category and unit
    SELECT DISTINCT story_id, category, unit, outlet_id, lo, hi, figure FROM labelled
),
conflicts AS (
    SELECT a.article_id, a.char_start, a.char_end, a.category,
           string_agg(DISTINCT o.outlet_id || ' ' || o.figure, '; ' ORDER BY o.outlet_id || ' ' || o.figure)
               AS disagrees_with
    FROM labelled a
    JOIN reported o
      ON o.story_id = a.story_id AND o.category = a.category AND o.unit = a.unit
     AND o.outlet_id <> a.outlet_id
     AND greatest(a.lo, o.lo) <= 1.25 * least(a.hi, o.hi)
    WHERE NOT EXISTS (
        SELECT 1 FROM reported r
        WHERE r.story_id = a.story_id AND r.category = a.category AND r.unit = a.unit
          AND r.outlet_id = o.outlet_id AND r.lo = a.lo AND r.hi = a.hi)
    GROUP BY a.article_id, a.char_start, a.char_end, a.category
)
SELECT
    l.story_id,
    l.category,
    l.outlet_id,
    l.value,
    l.value_high,
    l.article_id,
    l.surface,
    c.disagrees_with IS NOT NULL AS disagrees,
    l.unit,
    l.figure,
    l.counted_noun,
    l.qualifier,
    l.segment_kind,
    l.char_start,
    l.char_end,
    c.disagrees_with
FROM labelled l
LEFT JOIN conflicts c
  ON c.article_id = l.article_id AND c.char_start = l.char_start AND c.char_end = l.char_end
 AND c.category = l.category
ORDER BY l.story_id, l.category, l.unit, l.value, l.value_high NULLS FIRST, l.outlet_id, l.article_id, l.char_start;
