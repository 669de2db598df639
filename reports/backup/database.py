"""The database out of and back into the configured connection.

SQLite: the web server and the task worker write the file at once (WAL
mode), so it is never copied as a file; sqlite3's online backup API reads a
consistent snapshot while they go on, and writes one back the same way.
PostgreSQL: `pg_dump --format=custom --no-owner` and `pg_restore`, with the
connection settings of DATABASES; the password goes through PGPASSWORD,
never on a command line that `ps` shows to every user of the machine.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction

from reports.backup import BackupError

VENDORS = {"sqlite": "db.sqlite3", "postgresql": "postgresql.dump"}
SQLITE_TIMEOUT = 20
# A dump or a restore of a commune's database takes seconds; an hour means it hangs.
PG_TIMEOUT = 3600


def vendor_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        return "postgresql"
    raise BackupError(f"Chỉ sao lưu được CSDL SQLite hoặc PostgreSQL, không phải {engine}.")


def dump_file_name(vendor: str) -> str:
    """The database's file inside the archive."""
    return f"database/{VENDORS[vendor]}"


def database_dump(settings_dict: dict[str, Any], into: Path) -> None:
    """The configured database written to the file `into`."""
    if vendor_of(settings_dict) == "sqlite":
        _sqlite_copy(_sqlite_file(settings_dict, must_exist=True), into)
    else:
        _pg_run("pg_dump", ["--format=custom", "--no-owner", "--file", str(into)], settings_dict)


def database_load(settings_dict: dict[str, Any], dump: Path) -> None:
    """The database of `dump` in place of the configured one, entirely:
    tables the backup does not have are gone afterwards, as on SQLite."""
    if vendor_of(settings_dict) == "sqlite":
        target = _sqlite_file(settings_dict, must_exist=False)
        # Django's own connection must not hold the file while it is rewritten.
        connections.close_all()
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(dump, target)
        return
    _pg_tool("pg_restore")
    _pg_drop_tables()
    _pg_run(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(dump)],
        settings_dict,
    )


def _sqlite_file(settings_dict: dict[str, Any], *, must_exist: bool) -> Path:
    name = str(settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"CSDL SQLite {name!r} không phải một tệp trên đĩa: không sao lưu, khôi phục được.")
    path = Path(name)
    if must_exist and not path.is_file():
        raise BackupError(f"Không thấy tệp CSDL SQLite {path}: kiểm tra DATABASE_URL.")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page by page through the online backup API, in one step: a reader's
    snapshot of the source, and one write transaction on the target, which
    other connections see whole or not at all."""
    try:
        with closing(sqlite3.connect(source, timeout=SQLITE_TIMEOUT)) as src:
            with closing(sqlite3.connect(target, timeout=SQLITE_TIMEOUT)) as dst:
                src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"Không sao chép được CSDL SQLite {source} sang {target}: {error}") from error


def _pg_tool(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"Không tìm thấy lệnh {program}, cần để sao lưu và khôi phục CSDL PostgreSQL: "
            "cài gói postgresql-client (apt-get install postgresql-client), cùng phiên bản với máy chủ, rồi chạy lại."
        )
    return found


def pg_connection_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The options and the environment that point pg_dump and pg_restore at
    the configured database; the password is only in the environment."""
    args: list[str] = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    args += ["--dbname", str(settings_dict["NAME"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    # Never wait for a password typed at a terminal that cron does not have.
    return [*args, "--no-password"], env


def _pg_run(program: str, args: list[str], settings_dict: dict[str, Any]) -> None:
    path = _pg_tool(program)
    connection_args, env = pg_connection_args(settings_dict)
    try:
        done = subprocess.run(
            [path, *connection_args, *args], env=env, capture_output=True, text=True, timeout=PG_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{program} chạy quá {PG_TIMEOUT // 60} phút và đã bị dừng.") from error
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or "không có thông báo"
        raise BackupError(f"{program} thất bại (mã {done.returncode}): {said}")


def _pg_drop_tables() -> None:
    """Every table of the configured database, in one transaction: a newer
    schema's tables would otherwise outlive the restore of an older backup
    and stop `migrate` from creating them again."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")
    connection.close()
