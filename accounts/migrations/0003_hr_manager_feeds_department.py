from collections import Counter

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def department_manager_from_reports(apps, schema_editor):
    """A person's leidinggevende is now their department's manager only. A
    department without one gets the person most of its members report to
    (as the HR import does), so nobody who had a leidinggevende loses one."""
    User = apps.get_model("accounts", "User")
    Department = apps.get_model("accounts", "Department")
    reports: dict[int, Counter] = {}
    rows = User.objects.filter(
        manager__isnull=False,
        department__isnull=False,
        department__manager__isnull=True,
    ).values_list("department_id", "manager_id")
    for department_id, manager_id in rows.iterator():
        reports.setdefault(department_id, Counter())[manager_id] += 1
    for department_id, counts in reports.items():
        Department.objects.filter(pk=department_id).update(
            manager_id=counts.most_common(1)[0][0]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_cache_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="manager",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Uit het HR-bestand; daaruit volgt de leidinggevende van een "
                    "afdeling zonder. Het portaal rekent met de leidinggevende van "
                    "de afdeling."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="reports",
                to=settings.AUTH_USER_MODEL,
                verbose_name="leidinggevende volgens HR",
            ),
        ),
        migrations.RunPython(
            department_manager_from_reports, migrations.RunPython.noop
        ),
    ]
