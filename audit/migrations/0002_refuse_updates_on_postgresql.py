"""On PostgreSQL the database itself refuses to change an audit entry, so
even SQL that goes around the ORM cannot rewrite history. The one change it
allows is the one Django makes when an account is deleted: setting `actor`
or `on_behalf_of` to NULL (the e-mail snapshot stays)."""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_auditevent_refuse_update() RETURNS trigger AS $$
BEGIN
    IF (to_jsonb(NEW) - 'actor_id' - 'on_behalf_of_id')
           IS DISTINCT FROM (to_jsonb(OLD) - 'actor_id' - 'on_behalf_of_id')
       OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
       OR (NEW.on_behalf_of_id IS NOT NULL
           AND NEW.on_behalf_of_id IS DISTINCT FROM OLD.on_behalf_of_id) THEN
        RAISE EXCEPTION 'audit entries cannot be changed';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_refuse_update BEFORE UPDATE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_update();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_refuse_update ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_refuse_update();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
