"""A real mail server for the digests' tests: aiosmtpd on a free local port, with the
site's mail settings pointed at it; `mail_server` is a fixture of every test (conftest.py)."""

import logging
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler that refuses some recipients (RCPT TO: 550) and keeps the rest."""

    def __init__(self, refused: set[str]) -> None:
        self.refused, self.delivered = refused, []
        self.messages: list[EmailMessage] = []  # as received, headers and body

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.delivered.extend(envelope.rcpt_tos)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    """A port nothing listens on (the kernel's pick, closed again at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_to(port: int) -> dict:
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": {"host": "127.0.0.1", "port": port}}}


@pytest.fixture
def mail_server(settings):
    # aiosmtpd logs each connection at INFO from its own thread, which can outlive the
    # test: written to the stream pytest captured and has closed, each line printed a
    # "Logging error" traceback at the end of the run.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    mailbox = Mailbox(refused={"gone@example.org"})
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = smtp_to(controller.port)
    yield mailbox
    controller.stop()
