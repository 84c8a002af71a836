"""The security audit log (安全审计): who did what, when, from where, with what outcome.

Append-only: the application refuses updates and deletes, the admin shows it read-only,
and on PostgreSQL a trigger refuses them too; only rows past the retention period may be
purged (``manage.py purge_audit``).
"""
