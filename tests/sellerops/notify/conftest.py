"""Fixtures of the delivery tests: a tenant with both channels pointed at local stand-ins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notify_servers import (
    SmtpServer,
    UvicornThread,
    WhatsAppStandIn,
    write_certificate,
)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_failures() -> int:
    """How many messages the SMTP server refuses with 451 before it accepts; override to test."""
    return 0


@pytest.fixture
def whatsapp_failures() -> int:
    """How many requests the WhatsApp stand-in fails with 503 before it accepts; override it."""
    return 0


@pytest.fixture
def smtp_server(certificate: tuple[Path, Path], smtp_failures: int) -> Iterator[SmtpServer]:
    with SmtpServer(*certificate, failures=smtp_failures) as server:
        yield server


@pytest.fixture
def whatsapp_api(whatsapp_failures: int) -> Iterator[tuple[WhatsAppStandIn, str]]:
    stand_in = WhatsAppStandIn(failures=whatsapp_failures)
    with UvicornThread(stand_in.app) as server:
        yield stand_in, server.base_url
