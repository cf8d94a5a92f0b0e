"""Sending the digests: each message on its own, one refused never stopping the others."""

import smtplib
from collections.abc import Callable

from django.core.mail import EmailMessage, mailers
from django.core.management.base import CommandError


class MailServerUnreachable(CommandError):
    """Nothing was sent: the mail server did not answer. Trying again later is safe."""


def refusal(error: Exception) -> str:
    """What the mail server said about one message, in a line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return str(error) or type(error).__name__


def mail_each(messages: list[EmailMessage], report: Callable[[str], object]) -> list[EmailMessage]:
    """Send each message on one connection and return those sent; `report` is told of
    each one refused. A server that cannot be reached at all is MailServerUnreachable."""
    connection = mailers.default
    try:
        connection.open()
    except OSError as error:  # smtplib's errors are OSErrors too
        where = getattr(connection, "host", None)
        server = f" at {where}:{connection.port}" if where else ""
        raise MailServerUnreachable(
            f"Nothing sent: cannot reach the mail server{server} ({error}). "
            "Check DJANGO_EMAIL_HOST and DJANGO_EMAIL_PORT."
        ) from None
    sent = []
    try:
        for message in messages:
            (recipient,) = message.to
            try:
                connection.send_messages([message])
            # A refused recipient, a dropped connection, an address the backend cannot
            # encode: reported against this recipient, and the next one is tried.
            except (OSError, ValueError) as error:
                report(f"Not sent to {recipient}: {refusal(error)}")
            else:
                sent.append(message)
    finally:
        connection.close()
    return sent
