"""Give versions published before sections existed their sections and their
richtlijn its principles, from the HTML frozen at their publication."""

from django.db import migrations

from policy.rendering import split_sections


def forwards(apps, schema_editor):
    GuidelineVersion = apps.get_model("policy", "GuidelineVersion")
    Principle = apps.get_model("policy", "Principle")
    Section = apps.get_model("policy", "Section")
    versions = GuidelineVersion.objects.exclude(status="concept").order_by(
        "guideline_id", "number"
    )
    for version in versions:
        if Section.objects.filter(version=version).exists():
            continue
        for position, part in enumerate(split_sections(version.body_html)):
            principle, _ = Principle.objects.update_or_create(
                guideline_id=version.guideline_id,
                anchor=part.anchor,
                defaults={"title": part.title[:300], "position": position},
            )
            Section.objects.create(
                version=version,
                principle=principle,
                position=position,
                level=part.level,
                anchor=part.anchor,
                title=part.title[:300],
                text=part.text,
            )
    if schema_editor.connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        Section.objects.update(
            search_vector=SearchVector("title", weight="A", config="dutch")
            + SearchVector("text", weight="B", config="dutch")
        )


class Migration(migrations.Migration):
    dependencies = [("policy", "0007_principles_sections_questions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
