"""What the web server asks of its database connections, and which database
errors mean "try again" rather than a fault of the portal."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created

# A connection PostgreSQL dropped (a restart, an administrator's
# pg_terminate_backend) fails its next statement with OperationalError, and
# every later use in the same request with InterfaceError ("connection
# already closed"); a statement cancelled by the statement timeout is an
# OperationalError too (psycopg2's QueryCanceled). All mean "try again".
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def statement_timeout_set(sender, connection, **kwargs) -> None:
    """Caps every statement of a web request's connection at
    DB_STATEMENT_TIMEOUT_MS: a query stuck behind a lock or gone slow ends
    with the 503 page instead of holding a gunicorn thread (and a
    connection) until gunicorn kills the whole worker. Set on the session
    when the connection opens, so it lasts as long as the kept connection."""
    timeout = settings.DB_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql" or timeout <= 0:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout}ms"])


def statement_timeout_install() -> None:
    """Called from htxplan/wsgi.py and asgi.py only: migrate, backup and the
    task worker (a long render, a restore) keep PostgreSQL's own setting."""
    connection_created.connect(statement_timeout_set, dispatch_uid="htxplan-statement-timeout")
