"""Registry search speed (bench/registry_search.py). The order index leaves merged records out;
and, PostgreSQL only, the town's name directory.

`registry_namepart` holds each distinct surname, given name and patronymic of a town's registry
(its lower-cased, ё→е form beside it), kept by a statement trigger on registry_person, so every
way a row gets in — the services, a list import, bench/load.py's COPY — fills it. A name fragment
that no given name or patronymic of the town contains can only be in a surname, so the search
lists the persons with those surnames straight off the registry's order index, instead of
reading every match from the table to sort them (selectors.persons_search). Entries are only
ever added: one left behind by a renamed person only makes the search take its general path;
an erased person's names are removed (maintenance.forget_name_parts). SQLite (the
embedded demo) has no such table and always takes the general path.
"""

from django.db import migrations, models

FORWARDS = """
CREATE TABLE IF NOT EXISTS registry_namepart (
    territory_id bigint NOT NULL,
    part smallint NOT NULL,
    value varchar(100) NOT NULL,
    norm varchar(100) NOT NULL,
    PRIMARY KEY (territory_id, part, value)
);
CREATE INDEX IF NOT EXISTS registry_namepart_norm_trgm
    ON registry_namepart USING gin (norm gin_trgm_ops);

CREATE OR REPLACE FUNCTION registry_namepart_collect() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO registry_namepart (territory_id, part, value, norm)
    SELECT DISTINCT n.territory_id, v.part, v.value, replace(lower(v.value), 'ё', 'е')
    FROM new_rows n
    CROSS JOIN LATERAL (VALUES (1, n.surname), (2, n.given_name), (3, n.patronymic))
        AS v (part, value)
    WHERE v.value <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS registry_person_nameparts_insert ON registry_person;
CREATE TRIGGER registry_person_nameparts_insert AFTER INSERT ON registry_person
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION registry_namepart_collect();
DROP TRIGGER IF EXISTS registry_person_nameparts_update ON registry_person;
CREATE TRIGGER registry_person_nameparts_update AFTER UPDATE ON registry_person
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION registry_namepart_collect();

INSERT INTO registry_namepart (territory_id, part, value, norm)
SELECT DISTINCT p.territory_id, v.part, v.value, replace(lower(v.value), 'ё', 'е')
FROM registry_person p
CROSS JOIN LATERAL (VALUES (1, p.surname), (2, p.given_name), (3, p.patronymic))
    AS v (part, value)
WHERE v.value <> ''
ON CONFLICT DO NOTHING;
ANALYZE registry_namepart;
"""

BACKWARDS = """
DROP TRIGGER IF EXISTS registry_person_nameparts_insert ON registry_person;
DROP TRIGGER IF EXISTS registry_person_nameparts_update ON registry_person;
DROP FUNCTION IF EXISTS registry_namepart_collect();
DROP TABLE IF EXISTS registry_namepart;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_listimport_header_row_listimport_headers_and_more")]
    operations = [
        # The registry's lists leave merged records out (0008): the order index leaves them out
        # too, or every entry a search walks would need its table row to tell.
        migrations.RemoveIndex(model_name="person", name="person_registry_order"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("is_erased", False), ("merged_into__isnull", True)),
                fields=["territory", "surname", "given_name", "patronymic", "id"],
                include=("search_name",), name="person_registry_order",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
