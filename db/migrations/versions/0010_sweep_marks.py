"""sweep marks: triggers tell the alert sweep what changed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# What a change to each table means to the sweep. Items: the rows carry item_id (reports keep
# it too); a teacher's share reaches its item through the assignment. People: who is who and
# how they want alerts. All: what every due date's stages depend on.
ITEM_TABLES = ("assignments", "occurrences", "reports")
PEOPLE_TABLES = ("memberships",)
USER_COLUMNS = (
    "timezone",
    "is_reachable",
    "alert_time",
    "quiet_from",
    "quiet_to",
    "daily_digest",
    "muted_plans",
    "monthly_report",
)
MARK = "INSERT INTO sweep_marks (scope, ref) {values} ON CONFLICT DO NOTHING"


def _sqlite() -> list[str]:
    def item(row: str) -> str:
        return MARK.format(values=f"VALUES ('item', {row}.item_id)")

    def share(row: str) -> str:
        # After an assignment's own delete its shares go by cascade: nothing left to look up,
        # and the assignment's trigger has marked the item already.
        return MARK.format(values=f"SELECT 'item', item_id FROM assignments WHERE id = {row}.assignment_id")

    people = MARK.format(values="VALUES ('people', 0)")
    everything = MARK.format(values="VALUES ('all', 0)")
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in USER_COLUMNS)
    triggers = []
    for table in ITEM_TABLES:
        triggers += [
            f"CREATE TRIGGER sweep_{table}_insert AFTER INSERT ON {table} BEGIN {item('NEW')}; END",
            f"CREATE TRIGGER sweep_{table}_delete AFTER DELETE ON {table} BEGIN {item('OLD')}; END",
            f"CREATE TRIGGER sweep_{table}_update AFTER UPDATE ON {table} "
            f"BEGIN {item('OLD')}; {item('NEW')}; END",
        ]
    triggers += [
        f"CREATE TRIGGER sweep_teacher_assignments_insert AFTER INSERT ON teacher_assignments "
        f"BEGIN {share('NEW')}; END",
        f"CREATE TRIGGER sweep_teacher_assignments_delete AFTER DELETE ON teacher_assignments "
        f"BEGIN {share('OLD')}; END",
    ]
    for table in PEOPLE_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            triggers.append(
                f"CREATE TRIGGER sweep_{table}_{event.lower()} AFTER {event} ON {table} BEGIN {people}; END"
            )
    triggers += [
        f"CREATE TRIGGER sweep_users_update AFTER UPDATE ON users WHEN {changed} BEGIN {people}; END",
        f"CREATE TRIGGER sweep_organisations_insert AFTER INSERT ON organisations BEGIN {people}; END",
        "CREATE TRIGGER sweep_organisations_update AFTER UPDATE OF parent_id, timezone, archived_at "
        f"ON organisations BEGIN {everything}; END",
        f"CREATE TRIGGER sweep_organisations_delete AFTER DELETE ON organisations BEGIN {everything}; END",
        f"CREATE TRIGGER sweep_plans_update AFTER UPDATE OF alert_rules ON plans BEGIN {everything}; END",
        f"CREATE TRIGGER sweep_plans_delete AFTER DELETE ON plans BEGIN {everything}; END",
    ]
    return triggers


def _postgresql() -> list[str]:
    # Statement-level triggers with transition tables: a bulk assignment of 300,000 rows runs
    # one INSERT … SELECT DISTINCT, not 300,000 function calls.
    def function(name: str, body: str) -> str:
        return (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$"
        )

    statements = [
        function("sweep_mark_new_items", MARK.format(values="SELECT DISTINCT 'item', item_id FROM new_rows")),
        function("sweep_mark_old_items", MARK.format(values="SELECT DISTINCT 'item', item_id FROM old_rows")),
        function(
            "sweep_mark_both_items",
            MARK.format(
                values="SELECT 'item', item_id FROM old_rows UNION SELECT 'item', item_id FROM new_rows"
            ),
        ),
        function(
            "sweep_mark_new_shares",
            MARK.format(
                values="SELECT DISTINCT 'item', a.item_id FROM new_rows n JOIN assignments a ON a.id = n.assignment_id"
            ),
        ),
        function(
            "sweep_mark_old_shares",
            MARK.format(
                values="SELECT DISTINCT 'item', a.item_id FROM old_rows o JOIN assignments a ON a.id = o.assignment_id"
            ),
        ),
        function("sweep_mark_people", MARK.format(values="VALUES ('people', 0)")),
        function("sweep_mark_all", MARK.format(values="VALUES ('all', 0)")),
    ]

    def statement_trigger(table: str, event: str, tables: str, fn: str) -> str:
        return (
            f"CREATE TRIGGER sweep_{table}_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {fn}()"
        )

    for table in ITEM_TABLES:
        statements += [
            statement_trigger(table, "INSERT", "NEW TABLE AS new_rows", "sweep_mark_new_items"),
            statement_trigger(table, "DELETE", "OLD TABLE AS old_rows", "sweep_mark_old_items"),
            statement_trigger(
                table, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "sweep_mark_both_items"
            ),
        ]
    statements += [
        statement_trigger("teacher_assignments", "INSERT", "NEW TABLE AS new_rows", "sweep_mark_new_shares"),
        statement_trigger("teacher_assignments", "DELETE", "OLD TABLE AS old_rows", "sweep_mark_old_shares"),
    ]
    for table in PEOPLE_TABLES:
        statements.append(
            f"CREATE TRIGGER sweep_{table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sweep_mark_people()"
        )
    # json has no equality operator: compared as text.
    changed = " OR ".join(
        f"OLD.{column}::text IS DISTINCT FROM NEW.{column}::text" for column in USER_COLUMNS
    )
    statements += [
        f"CREATE TRIGGER sweep_users_update AFTER UPDATE ON users FOR EACH ROW WHEN ({changed}) "
        "EXECUTE FUNCTION sweep_mark_people()",
        "CREATE TRIGGER sweep_organisations_insert AFTER INSERT ON organisations "
        "FOR EACH STATEMENT EXECUTE FUNCTION sweep_mark_people()",
        "CREATE TRIGGER sweep_organisations_update AFTER UPDATE OF parent_id, timezone, archived_at "
        "OR DELETE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION sweep_mark_all()",
        "CREATE TRIGGER sweep_plans_update AFTER UPDATE OF alert_rules OR DELETE ON plans "
        "FOR EACH STATEMENT EXECUTE FUNCTION sweep_mark_all()",
    ]
    return statements


FUNCTIONS = (
    "sweep_mark_new_items",
    "sweep_mark_old_items",
    "sweep_mark_both_items",
    "sweep_mark_new_shares",
    "sweep_mark_old_shares",
    "sweep_mark_people",
    "sweep_mark_all",
)


def upgrade() -> None:
    op.create_table(
        "sweep_marks",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("ref", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("scope", "ref"),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _postgresql() if postgresql else _sqlite():
        op.execute(statement)
    # Whatever the data is now, the first sweep reads it all.
    op.execute("INSERT INTO sweep_marks (scope, ref) VALUES ('all', 0)")


def downgrade() -> None:
    bind = op.get_bind()
    names = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sweep\\_%' AND NOT tgisinternal"
            if bind.dialect.name == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sweep\\_%' ESCAPE '\\'"
        )
    ]
    for name in names:
        if bind.dialect.name == "postgresql":
            table = bind.exec_driver_sql(
                f"SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = '{name}'"
            ).scalar()
            op.execute(f"DROP TRIGGER {name} ON {table}")
        else:
            op.execute(f"DROP TRIGGER {name}")
    if bind.dialect.name == "postgresql":
        for function in FUNCTIONS:
            op.execute(f"DROP FUNCTION {function}()")
    op.drop_table("sweep_marks")
