"""The compliance figures and the export log belong to the `compliance` app
now (its `0001_initial`): deleted here from Django's state only, their
tables stay as they are and are `compliance`'s."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0016_resign_interval_and_job_titles"),
        ("compliance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportLog"),
                migrations.DeleteModel(name="ComplianceCount"),
                migrations.DeleteModel(name="ComplianceDay"),
            ],
            database_operations=[],
        ),
    ]
