"""OAuth routes: `/oauth-service/oauth/token` and `/oauth-service/oauth/authorize`.

The token endpoint takes HTTP Basic client credentials with GET query parameters, as Flipkart's
SDK sends them. A POST form (with Basic auth or `client_id`/`client_secret` fields) also works.
The authorize endpoint has no login page: it approves at once for the seller owning the client.
"""

import base64
import binascii
import logging
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .responses import json_response
from .state import sandbox_state
from .tokens import ACCEPTED_SCOPES, Client, OAuthError, TokenStore

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


async def token(request: Request) -> Response:
    store = sandbox_state(request).tokens
    params = dict(request.query_params)
    if request.method == "POST":
        # Parsed by hand: Starlette's form parser needs python-multipart, not a dependency here.
        body = (await request.body()).decode("utf-8", errors="replace")
        params.update(parse_qsl(body, keep_blank_values=True))

    try:
        client = _client_from_request(request, params, store)
        grant = _grant(store, client, params)
    except OAuthError as exc:
        logger.info("Token request rejected: %s (%s)", exc.error, exc.status)
        return json_response(exc.body(), status=exc.status, headers=NO_STORE)

    logger.info("Granted %s token to app %s", params.get("grant_type"), client.app_id)
    return json_response(grant, headers=NO_STORE)


async def authorize(request: Request) -> Response:
    store = sandbox_state(request).tokens
    params = request.query_params
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")

    try:
        client = store.client(client_id)
        if client is None:
            raise OAuthError(400, "invalid_client", f"No client with requested id: {client_id}")
        _check_redirect_uri(redirect_uri)
        if params.get("response_type") != "code":
            raise OAuthError(
                400,
                "unsupported_response_type",
                "Unsupported response type; use response_type=code.",
            )
        _check_scope(params.get("scope"))
    except OAuthError as exc:
        return json_response(exc.body(), status=exc.status)

    code = store.issue_code(client, redirect_uri)
    query = {"code": code}
    if params.get("state") is not None:
        query["state"] = params["state"]
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(query)}", status_code=302)


def _client_from_request(request: Request, params: dict[str, str], store: TokenStore) -> Client:
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() == "basic" and encoded:
        app_id, app_secret = _decode_basic(encoded.strip())
        return store.authenticate(app_id, app_secret)

    if request.method == "POST" and "client_id" in params:
        return store.authenticate(params["client_id"], params.get("client_secret", ""))

    raise OAuthError(401, "unauthorized", "Full authentication is required to access this resource")


def _decode_basic(encoded: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise OAuthError(401, "unauthorized", "Bad credentials") from exc

    app_id, separator, app_secret = decoded.partition(":")
    if not separator:
        raise OAuthError(401, "unauthorized", "Bad credentials")
    return app_id, app_secret


def _grant(store: TokenStore, client: Client, params: dict[str, str]) -> dict:
    grant_type = params.get("grant_type")
    _check_scope(params.get("scope"))

    if grant_type == "client_credentials":
        return store.client_credentials(client)

    if grant_type == "authorization_code":
        code = params.get("code")
        if not code:
            raise OAuthError(400, "invalid_request", "An authorization code must be supplied.")
        return store.authorization_code(client, code, params.get("redirect_uri"))

    if grant_type == "refresh_token":
        refresh_token = params.get("refresh_token")
        if not refresh_token:
            raise OAuthError(400, "invalid_request", "A refresh token must be supplied.")
        return store.refresh(client, refresh_token)

    if not grant_type:
        raise OAuthError(400, "invalid_request", "Missing grant type")
    raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")


def _check_scope(scope: str | None) -> None:
    if scope is None:
        return
    requested = {part for part in scope.replace(",", " ").split() if part}
    unknown = requested - ACCEPTED_SCOPES
    if unknown:
        raise OAuthError(400, "invalid_scope", f"Invalid scope: {' '.join(sorted(unknown))}")


def _check_redirect_uri(redirect_uri: str) -> None:
    # Flipkart requires https redirect URIs; the sandbox also allows http on loopback hosts.
    parts = urlsplit(redirect_uri)
    secure = parts.scheme == "https" and bool(parts.hostname)
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not (secure or loopback):
        raise OAuthError(
            400, "invalid_request", f"redirect_uri must be an https URL, got {redirect_uri!r}."
        )


ROUTES = [
    Route("/oauth-service/oauth/token", token, methods=["GET", "POST"]),
    Route("/oauth-service/oauth/authorize", authorize, methods=["GET"]),
]
