"""The database's own guards of the audit log on PostgreSQL.

The database itself refuses to change an audit entry, so even SQL that goes
around the ORM cannot rewrite history. The one change it allows is the one
Django makes when an account is deleted: setting `actor` or `on_behalf_of`
to NULL (the e-mail snapshot stays). `audit_chain_head` reads the newest
entry's hash under the chain's lock (see audit/chain.py)."""

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


TABLE = "audit_auditevent"

# The newest entry's hash, read after taking the chain's lock: one query. A
# VOLATILE function reads with a fresh snapshot per statement, so it sees
# the entry of whoever held the lock before.
HEAD = f"""
CREATE FUNCTION audit_chain_head(key bigint) RETURNS text AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(key);
    RETURN (SELECT entry_hash FROM {TABLE} ORDER BY id DESC LIMIT 1);
END
$$ LANGUAGE plpgsql VOLATILE;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(HEAD)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_chain_head(bigint)")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
