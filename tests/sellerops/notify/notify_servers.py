"""Local stand-ins on 127.0.0.1: an SMTP server with STARTTLS and login, and the WhatsApp API.

Both record what arrives and can fail the first N messages, so tests can watch retries.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.network import free_port

SMTP_USER = "alerts@acme.example"
SMTP_PASSWORD = "smtp-password-0123"
WHATSAPP_TOKEN = "EAAG-test-token-0123456789"


def write_certificate(folder: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1 and its key; return both paths.

    The certificate is its own CA, so a client trusts it by loading it as the CA file.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_path, key_path


@dataclass
class ReceivedEmail:
    """One message the SMTP server accepted."""

    sender: str
    recipients: list[str]
    content: str


@dataclass
class SmtpHandler:
    """Accepts messages after login, replying 451 to the first `failures` of them."""

    failures: int = 0
    received: list[ReceivedEmail] = field(default_factory=list)
    failed: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.failures > 0:
            self.failures -= 1
            self.failed += 1
            return "451 4.3.0 Temporary failure, try again later"
        content = envelope.content.decode("utf-8", "replace")
        self.received.append(ReceivedEmail(envelope.mail_from, list(envelope.rcpt_tos), content))
        return "250 2.0.0 OK"


def _check_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    valid = (
        isinstance(data, LoginPassword)
        and data.login == SMTP_USER.encode()
        and data.password == SMTP_PASSWORD.encode()
    )
    # Unhandled, so that aiosmtpd itself replies 535 to a failed login.
    return AuthResult(success=valid, handled=False)


class SmtpServer:
    """aiosmtpd on 127.0.0.1 that requires STARTTLS before any mail and login over TLS."""

    def __init__(self, certificate: Path, key: Path, *, failures: int = 0) -> None:
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, key)
        self.handler = SmtpHandler(failures=failures)
        self.port = free_port()
        self._controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            tls_context=context,
            require_starttls=True,
            authenticator=_check_login,
            auth_require_tls=True,
        )

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()

    @property
    def received(self) -> list[ReceivedEmail]:
        return self.handler.received


class WhatsAppStandIn:
    """The Cloud API's send-message endpoint, checking the token and the template body shape."""

    def __init__(self, *, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[dict[str, Any]] = []
        self.failed = 0
        self.app = Starlette(
            routes=[Route("/{version}/{phone_number_id}/messages", self.messages, methods=["POST"])]
        )

    async def messages(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {WHATSAPP_TOKEN}":
            return _error(401, 190, "Invalid OAuth access token.")
        body = await request.json()
        problem = _shape_problem(body)
        if problem:
            return _error(400, 100, problem)
        if self.failures > 0:
            self.failures -= 1
            self.failed += 1
            return _error(503, 2, "Service temporarily unavailable")
        self.requests.append({**request.path_params, "body": body})
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": f"wamid.test{len(self.requests)}"}],
            }
        )


def _error(status: int, code: int, message: str) -> JSONResponse:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "test"}
    return JSONResponse({"error": error}, status_code=status)


def _shape_problem(body: dict[str, Any]) -> str | None:
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if body.get("type") != "template" or not str(body.get("to", "")).isdigit():
        return "type must be template and to must be a phone number"
    template = body.get("template") or {}
    if not template.get("name") or not (template.get("language") or {}).get("code"):
        return "template name and language code are required"
    for component in template.get("components", []):
        for parameter in component.get("parameters", []):
            text = parameter.get("text", "")
            if parameter.get("type") != "text" or "\n" in text or "\t" in text or "     " in text:
                return "template text parameters may not contain newlines, tabs or 5 spaces"
    return None


class UvicornThread:
    """Serve an ASGI app with uvicorn in a thread on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> UvicornThread:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start within 10 s")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
