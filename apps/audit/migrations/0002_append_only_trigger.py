"""On PostgreSQL the database itself refuses to change or delete an audit record.

UPDATE is allowed for one thing only: Django setting ``user_id`` to NULL when an account
row is removed (the record keeps the ``username`` text). DELETE is allowed only for rows
older than 180 days, which is what ``manage.py purge_audit`` deletes. Other databases
(SQLite in development) rely on the application's refusal.
"""

from django.db import migrations

GUARD = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.at < now() - interval '180 days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_auditevent is append-only: records younger than 180 days cannot be deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.user_id IS NULL
       AND (NEW.id, NEW.at, NEW.username, NEW.ip, NEW.action, NEW.outcome, NEW.target, NEW.detail::text)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.username, OLD.ip, OLD.action, OLD.outcome, OLD.target, OLD.detail::text) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: records cannot be changed'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
