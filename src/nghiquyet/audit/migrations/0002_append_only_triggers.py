"""The database refuses to rewrite the audit log (docs/decisions/0011, audit/append_only.py).

UPDATE and DELETE on audit_auditentry are refused by triggers on SQLite and PostgreSQL, and
TRUNCATE on PostgreSQL. Only Django's flush (emptying every table) gets through, through a
flag on its own connection. The refusal is an integrity error (SQLSTATE 23000 on PostgreSQL,
a constraint failure on SQLite), so Django raises IntegrityError on both.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER audit_auditentry_no_update
    BEFORE UPDATE ON audit_auditentry
    BEGIN
        SELECT RAISE(ABORT, 'audit_auditentry is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER audit_auditentry_no_delete
    BEFORE DELETE ON audit_auditentry
    WHEN nghiquyet_audit_erasable() = 0
    BEGIN
        SELECT RAISE(ABORT, 'audit_auditentry is append-only: DELETE refused');
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION audit_auditentry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE'
           AND coalesce(current_setting('nghiquyet.audit_erasable', true), '') = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_auditentry_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change()
    """,
    """
    CREATE TRIGGER audit_auditentry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse_change()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update_delete ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_auditentry_refuse_change()",
]


class RunSQLForVendor(migrations.RunSQL):
    """RunSQL applied only on one database vendor ("sqlite", "postgresql")."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        RunSQLForVendor("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        RunSQLForVendor("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
