"""The search index's database side: on SQLite the FTS5 table over the
analysed terms, kept by triggers; on PostgreSQL the weighted `tsvector`,
kept by a trigger. See guidance/indexing.py."""

from django.db import migrations

FTS = "guidance_searchentry_fts"
ENTRY = "guidance_searchentry"

SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, parts, "
    f"content='{ENTRY}', content_rowid='id')",
    f"CREATE TRIGGER {ENTRY}_ai AFTER INSERT ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}(rowid, title, body, parts) "
    "VALUES (new.id, new.title, new.body, new.parts); END",
    f"CREATE TRIGGER {ENTRY}_ad AFTER DELETE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body, parts) "
    "VALUES ('delete', old.id, old.title, old.body, old.parts); END",
    f"CREATE TRIGGER {ENTRY}_au AFTER UPDATE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body, parts) "
    "VALUES ('delete', old.id, old.title, old.body, old.parts); "
    f"INSERT INTO {FTS}(rowid, title, body, parts) "
    "VALUES (new.id, new.title, new.body, new.parts); END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_au",
    f"DROP TRIGGER IF EXISTS {ENTRY}_ad",
    f"DROP TRIGGER IF EXISTS {ENTRY}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]
# The terms are the analyser's (guidance.analysis); 'simple' only splits
# them, so PostgreSQL finds exactly what SQLite finds.
POSTGRES = [
    f"CREATE FUNCTION {ENTRY}_vector() RETURNS trigger AS $$ BEGIN "
    "NEW.vector := setweight(to_tsvector('simple', NEW.title), 'A') || "
    "setweight(to_tsvector('simple', NEW.body), 'B') || "
    "setweight(to_tsvector('simple', NEW.parts), 'C'); "
    "RETURN NEW; END $$ LANGUAGE plpgsql",
    f"CREATE TRIGGER {ENTRY}_vector BEFORE INSERT OR UPDATE ON {ENTRY} "
    f"FOR EACH ROW EXECUTE FUNCTION {ENTRY}_vector()",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_vector ON {ENTRY}",
    f"DROP FUNCTION IF EXISTS {ENTRY}_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("guidance", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
