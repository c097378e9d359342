"""A full-text index of the folded names on SQLite (FTS5, word prefixes), kept in step by triggers so that
every write path (ORM, bulk executemany, restore) fills it. PostgreSQL uses the trigram index of 0003."""

from django.db import migrations

TABLE = "members_member"
FTS = "members_member_fts"

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(name_folded, content='{TABLE}', "
    "content_rowid='id', tokenize='unicode61', prefix='1 2 3')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF name_folded ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); "
    f"INSERT INTO {FTS}(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [f"DROP TRIGGER IF EXISTS {FTS}_{suffix}" for suffix in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS}"
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0004_span_covering_index")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
