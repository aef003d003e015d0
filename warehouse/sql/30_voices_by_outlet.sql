-- voices_by_outlet: whose voice each outlet carries. One row per outlet x speaker.
-- Rules (speaker_kind):
--   * named: the quote's speaker is a PERSON entity, or the speaker words are the entity's name or one of its
--     aliases (`Nhà Trắng`, `Điện Kremlin`, `Nga`). speaker_entity_id = that entity, speaker_name = entities.name.
--   * role: a role without a name (`một quan chức Mỹ`, `Tổng thống Mỹ`, `một quan chức cấp cao khác`). Roles are
--     grouped under their words (case-insensitive, shown with a lower-case first letter); speaker_entity_id is
--     NULL and affiliation_entity_id keeps the entity the role belongs to (`Mỹ` for `một quan chức Mỹ`).
--   * unattributed: no speaker stated; speaker_name '(unattributed)'.
-- speaker_country = the country of the speaker's entity (or of the role's affiliation); NULL when unknown.
-- n_full / n_fragments split n_quotes by quotes.kind.
CREATE OR REPLACE VIEW voices_by_outlet AS
WITH q AS (
    SELECT
        b.outlet_id,
        qu.kind,
        e.entity_id,
        e.name,
        e.country,
        CASE
            WHEN qu.speaker_entity_id IS NULL AND qu.speaker_surface IS NULL THEN 'unattributed'
            WHEN e.entity_id IS NOT NULL AND (
                 e.entity_type = 'PERSON'
                 OR lower(qu.speaker_surface) = lower(e.name)
                 OR list_contains(string_split(lower(coalesce(e.aliases, '')), '|'), lower(qu.speaker_surface)))
                THEN 'named'
            ELSE 'role'
        END AS speaker_kind,
        lower(qu.speaker_surface) AS role_key,
        lower(left(qu.speaker_surface, 1)) || substr(qu.speaker_surface, 2) AS role_name
    FROM quotes qu
    JOIN articles_by_outlet b ON b.article_id = qu.article_id
    LEFT JOIN entities e ON e.entity_id = qu.speaker_entity_id
)
SELECT
    outlet_id,
    CASE WHEN speaker_kind = 'named' THEN entity_id END AS speaker_entity_id,
    CASE speaker_kind
        WHEN 'named' THEN coalesce(name, entity_id)
        WHEN 'role' THEN min(role_name)
        ELSE '(unattributed)'
    END AS speaker_name,
    any_value(country) AS speaker_country,
    speaker_kind,
    CASE WHEN speaker_kind = 'role' THEN entity_id END AS affiliation_entity_id,
    count(*) AS n_quotes,
    count(*) FILTER (WHERE kind = 'full') AS n_full,
    count(*) FILTER (WHERE kind = 'fragment') AS n_fragments
FROM q
GROUP BY outlet_id, speaker_kind, entity_id, name,
         CASE WHEN speaker_kind = 'role' THEN role_key END
ORDER BY outlet_id, n_quotes DESC, speaker_name;
