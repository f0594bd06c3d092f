"""The compliance figures and the export log move here from `policy`.

Their tables keep their names (`Meta.db_table`), so only Django's state
changes: the models are created in state alone, `policy`'s
`0017_move_compliance_to_its_app` deletes them from its state alone. The
content types (and with them the permissions, `view_exportlog` and the like)
move to this app's label.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ["exportlog", "compliancecount", "complianceday"]


def content_types_follow(apps, schema_editor):
    """A database migrated before the move has content types under `policy`:
    give them this app's label (a new database has none yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label="compliance", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(
        app_label="policy", model__in=set(MOVED) - taken
    ).update(app_label="compliance")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="compliance", model__in=MOVED
    ).update(app_label="policy")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0007_user_phone'),
        ('policy', '0016_resign_interval_and_job_titles'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('handtekeningen.csv', 'handtekeningen (CSV)'), ('handtekeningen.xlsx', 'handtekeningen (Excel)'), ('niet-getekend.csv', 'niet getekend (CSV)'), ('niet-getekend.xlsx', 'niet getekend (Excel)')], max_length=30, verbose_name='soort')),
                        ('scope', models.CharField(max_length=200, verbose_name='bereik')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='op')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='door')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.guidelineversion', verbose_name='versie')),
                    ],
                    options={
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'db_table': 'policy_exportlog',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ComplianceCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('population', models.CharField(choices=[('staff', 'medewerkers'), ('partner', 'partners in zorg')], max_length=20, verbose_name='groep')),
                        ('audience', models.PositiveIntegerField(verbose_name='moeten tekenen')),
                        ('signed', models.PositiveIntegerField(verbose_name='getekend')),
                        ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.department', verbose_name='afdeling')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='policy.guidelineversion', verbose_name='versie')),
                    ],
                    options={
                        'verbose_name': 'nalevingscijfer',
                        'verbose_name_plural': 'nalevingscijfers',
                        'db_table': 'policy_compliancecount',
                        'ordering': ['version', 'population', 'department'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('department__isnull', False)), fields=('version', 'population', 'department'), name='compliance_count_once'), models.UniqueConstraint(condition=models.Q(('department__isnull', True)), fields=('version', 'population'), name='compliance_count_once_without_department')],
                    },
                ),
                migrations.CreateModel(
                    name='ComplianceDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('population', models.CharField(choices=[('staff', 'medewerkers'), ('partner', 'partners in zorg')], max_length=20, verbose_name='groep')),
                        ('day', models.DateField(verbose_name='dag')),
                        ('audience', models.PositiveIntegerField(verbose_name='moeten tekenen')),
                        ('signed', models.PositiveIntegerField(verbose_name='getekend')),
                        ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.department', verbose_name='afdeling')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='policy.guidelineversion', verbose_name='versie')),
                    ],
                    options={
                        'verbose_name': 'nalevingscijfer per dag',
                        'verbose_name_plural': 'nalevingscijfers per dag',
                        'db_table': 'policy_complianceday',
                        'ordering': ['version', 'day', 'population', 'department'],
                        'indexes': [models.Index(fields=['version', 'day'], name='compliance_day_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('department__isnull', False)), fields=('version', 'population', 'department', 'day'), name='compliance_day_once'), models.UniqueConstraint(condition=models.Q(('department__isnull', True)), fields=('version', 'population', 'day'), name='compliance_day_once_without_department')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
