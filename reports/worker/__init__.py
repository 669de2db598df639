"""The task worker's own care of the queue: work claimed by a worker that
stopped without finishing it is taken up again (lease.py), by a sweep every
running worker does (reports/management/commands/db_worker.py)."""
