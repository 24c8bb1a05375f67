"""A mail backend for tests: Django's in-memory outbox, except that it refuses one address as a server would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    REFUSED = "refused@gaoxin.example"

    def send_messages(self, messages):
        for message in messages:
            if self.REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({self.REFUSED: (550, b"No such user")})
        return super().send_messages(messages)
