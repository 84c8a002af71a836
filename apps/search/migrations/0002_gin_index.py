"""The GIN index for PostgreSQL full-text search; SQLite has no GIN and uses the fallback.

The indexed expression is exactly the one Django generates for
SearchVector("tokens", config="simple"), so the planner uses the index.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_tokens_gin ON search_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(tokens, '')))"
)
DROP = "DROP INDEX IF EXISTS search_entry_tokens_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [migrations.RunPython(create, drop)]
