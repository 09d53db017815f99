"""A real SMTP server on loopback (aiosmtpd) that the tests send mail to and read from.

`smtp_server` starts one per test; `mailer_settings(server)` is the MAILERS setting that sends
to it. `server.refusing = True` makes it answer every message with a temporary failure
(451), as a mail server that is down for maintenance does.
"""

import asyncio
import email
import email.policy
import logging
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from .servers import free_port

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    sender: str
    recipients: list
    message: email.message.EmailMessage

    @property
    def to(self) -> str:
        return self.recipients[0]

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def header(self, name) -> str:
        return str(self.message.get(name, "")).strip()


@dataclass
class RecordingHandler:
    received: list = field(default_factory=list)
    refusing: bool = False
    refused: int = 0
    # Seconds each message takes to accept, so senders running at once overlap.
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refusing:
                self.refused += 1
                return "451 4.3.0 Try again later"
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    @property
    def refusing(self) -> bool:
        return self.handler.refusing

    @refusing.setter
    def refusing(self, value: bool):
        self.handler.refusing = value

    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()

    def stop(self):
        """Nothing listens on the port until `start()` (a controller cannot start twice)."""
        self.controller.stop()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)


def mailer_settings(server: SmtpServer) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_mail(settings, smtp_server):
    """Every message the site sends goes to the real SMTP server on loopback."""
    settings.MAILERS = mailer_settings(smtp_server)
    return smtp_server
