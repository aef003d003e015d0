-- voices_by_outlet: whose voice each outlet carries. One row per outlet x speaker.
-- Rules (speaker_kind):
--   * named: the quote's speaker is a PERSON entity, or the speaker words are the entity's name, one of its
--     aliases or a part of its name (`Nhà Trắng`, `Điện Kremlin`, `Nga`). speaker_entity_id = that entity,
--     speaker_name = entities.name.
--   * role: a role without a name (`một quan chức Mỹ`, `Tổng thống Mỹ`, `một quan chức cấp cao khác`). Roles are
--     grouped under their words (case-insensitive; shown in their most frequent spelling); speaker_entity_id is
--     NULL and affiliation_entity_id keeps the entity the role belongs to (`Mỹ` for `một quan chức Mỹ`).
--   * unattributed: no speaker stated; speaker_name '(unattributed)'.
-- Outlet as in articles_by_outlet (NULL -> '(unknown)'). speaker_country = the country of the speaker's entity
-- (or of the role's affiliation); NULL when unknown. n_full / n_fragments split n_quotes by quotes.kind.
-- Computed once per warehouse load into cache.voices_by_outlet (why: see 00_articles_by_outlet.sql).
CREATE SCHEMA IF NOT EXISTS cache;

CREATE OR REPLACE TABLE cache.voices_by_outlet AS
WITH per_outlet AS (  -- count first, so that only distinct speakers are classified
    SELECT coalesce(a.outlet_id, '(unknown)') AS outlet_id, q.speaker_entity_id, q.speaker_surface,
           count(*) AS n_quotes,
           count(*) FILTER (WHERE q.kind = 'full') AS n_full,
           count(*) FILTER (WHERE q.kind = 'fragment') AS n_fragments
    FROM quotes q
    JOIN articles a ON a.article_id = q.article_id
    GROUP BY 1, 2, 3
),
classified AS (
    SELECT p.*, e.name, e.country,
        CASE
            WHEN p.speaker_entity_id IS NULL AND p.speaker_surface IS NULL THEN 'unattributed'
            WHEN e.entity_id IS NOT NULL AND (
                 e.entity_type = 'PERSON'
                 OR contains(lower(e.name), lower(p.speaker_surface))
                 OR list_contains(string_split(lower(coalesce(e.aliases, '')), '|'), lower(p.speaker_surface)))
                THEN 'named'
            ELSE 'role'
        END AS speaker_kind
    FROM per_outlet p
    LEFT JOIN entities e ON e.entity_id = p.speaker_entity_id
)
SELECT
    outlet_id,
    CASE WHEN speaker_kind = 'named' THEN speaker_entity_id END AS speaker_entity_id,
    CASE speaker_kind
        WHEN 'named' THEN coalesce(any_value(name), speaker_entity_id)
        WHEN 'role' THEN arg_max(speaker_surface, n_quotes)
        ELSE '(unattributed)'
    END AS speaker_name,
    any_value(country) AS speaker_country,
    speaker_kind,
    CASE WHEN speaker_kind = 'role' THEN speaker_entity_id END AS affiliation_entity_id,
    sum(n_quotes)::BIGINT AS n_quotes,
    sum(n_full)::BIGINT AS n_full,
    sum(n_fragments)::BIGINT AS n_fragments
FROM classified
GROUP BY outlet_id, speaker_kind, speaker_entity_id,
         CASE WHEN speaker_kind = 'role' THEN lower(speaker_surface) END
ORDER BY outlet_id, n_quotes DESC, speaker_name;

CREATE OR REPLACE VIEW voices_by_outlet AS
SELECT * FROM cache.voices_by_outlet;
