"""Background tasks of the reports app, run by `manage.py db_worker`."""

from django_tasks import task

from reports import distribution


@task()
def delivery_email_task(delivery_id: int) -> str:
    """E-mail one delivery (the document's PDF attached); see distribution.delivery_email_send."""
    return distribution.delivery_email_send(delivery_id=delivery_id)
