import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

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
    dependencies = [
        ("guidance", "0001_published_questions"),
        ("policy", "0011_merge_compliance_counts_xlsx_export"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="publishedquestion", name="question_search_idx"
        ),
        migrations.RemoveField(model_name="publishedquestion", name="search_vector"),
        migrations.CreateModel(
            name="Synonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(help_text="Wat mensen intypen, bijvoorbeeld “appen” of “baas”.", max_length=100, unique=True, verbose_name="woord")),
                ("means", models.CharField(help_text="De woorden in de richtlijnen, bijvoorbeeld “WhatsApp” of “leidinggevende”.", max_length=200, verbose_name="betekent")),
                ("term", models.CharField(editable=False, max_length=100, verbose_name="zoekterm")),
            ],
            options={
                "verbose_name": "synoniem",
                "verbose_name_plural": "synoniemen",
                "ordering": ["word"],
                "indexes": [models.Index(fields=["term"], name="synonym_term_idx")],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="woord")),
                ("length", models.PositiveSmallIntegerField(verbose_name="lengte")),
            ],
            options={
                "verbose_name": "zoekwoord",
                "verbose_name_plural": "zoekwoorden",
                "ordering": ["word"],
                "indexes": [models.Index(fields=["length", "word"], name="search_word_len_idx")],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.TextField(verbose_name="termen van de kop")),
                ("body", models.TextField(verbose_name="termen van de tekst")),
                ("parts", models.TextField(verbose_name="termen van samenstellingen")),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name="zoekindex")),
                ("question", models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="search_entry", to="guidance.publishedquestion", verbose_name="vraag")),
                ("section", models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="search_entry", to="policy.section", verbose_name="sectie")),
            ],
            options={
                "verbose_name": "zoekitem",
                "verbose_name_plural": "zoekitems",
                "ordering": ["pk"],
                "indexes": [django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_entry_vector_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("question__isnull", True), ("section__isnull", False)),
                            models.Q(("question__isnull", False), ("section__isnull", True)),
                            _connector="OR",
                        ),
                        name="search_entry_one_source",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchText",
            fields=[
                ("entry", models.OneToOneField(db_column="rowid", on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name="+", serialize=False, to="guidance.searchentry")),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("parts", models.TextField()),
            ],
            options={"db_table": "guidance_searchentry_fts", "managed": False},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
