"""PostgreSQL answers name searches from a GIN index of the folded name's words (prefix matching through
to_tsquery's `:*`), instead of the trigram index of 0003: a three-word query on a million names takes about
20 ms instead of 100 (docs/benchmarks.md). SQLite keeps its FTS5 index (0005)."""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS member_name_tsv ON members_member "
    "USING gin (to_tsvector('simple', name_folded))",
    "DROP INDEX IF EXISTS member_name_folded_trgm",
]
REVERSE = [
    "DROP INDEX IF EXISTS member_name_tsv",
    "CREATE INDEX IF NOT EXISTS member_name_folded_trgm ON members_member USING gin (name_folded gin_trgm_ops)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0005_member_name_fts")]

    operations = [migrations.RunPython(_run(CREATE), _run(REVERSE), elidable=False)]
