"""The notifications' own background task: sending the e-mail of new notifications."""

from django_tasks import task

from gaoxin.notifications.actions import emails_send_pending


@task()
def send_emails() -> int:
    """Enqueued when notifications with an address are made, and swept on a schedule in case a send failed."""
    total = 0
    while sent := emails_send_pending():
        total += sent
    return total
