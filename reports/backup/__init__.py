"""Backup and restore of the whole portal: `manage.py backup`, `manage.py restore`.

One `.tar.gz` holds everything a commune would lose with the machine:

    database/db.sqlite3         the SQLite database, a consistent copy (online backup API)
    database/postgresql.dump    or the PostgreSQL database (`pg_dump --format=custom`)
    media/...                   every file under MEDIA_ROOT: evidence files, rendered documents
    manifest.json               what the archive holds and the SHA-256 of every file in it

manifest.py describes the archive, database.py copies the database out and
back in, archive.py writes and reads the archive, and run.py puts the steps
together for the two commands. Every refusal is a `BackupError` with a
message in Vietnamese, which the commands turn into a `CommandError`.
"""


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, in Vietnamese."""
