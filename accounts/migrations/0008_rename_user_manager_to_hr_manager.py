from django.db import migrations


class Migration(migrations.Migration):
    """`User.manager` read as a synonym of `user.leidinggevende` (the
    department's manager); it is only what HR's file says."""

    dependencies = [
        ("accounts", "0007_user_phone"),
    ]

    operations = [
        migrations.RenameField(
            model_name="user",
            old_name="manager",
            new_name="hr_manager",
        ),
    ]
