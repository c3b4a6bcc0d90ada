"""API Gateway in process: what the deployed stage does, for the local run and tests.

Chalice's LocalGateway turns an HTTP request into the Lambda proxy event and
calls the app. Two things API Gateway does before the Lambda runs are copied
here the way infra/ configures them, so a test against this adapter sees what
a browser sees in AWS:

- a path no route matches answers 404 in the DESIGN §8 error shape (infra
  sets the MISSING_AUTHENTICATION_TOKEN gateway response to the same body);
- bodies over the configured limit answer 413 without reaching the app.
"""
import base64
import json
from dataclasses import dataclass, field

from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException

from chalicelib import config


@dataclass
class HttpResponse:
    """A response as the browser receives it."""

    status: int
    headers: dict
    body: bytes
    cookies: list = field(default_factory=list)

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    @property
    def text(self):
        return self.body.decode("utf-8")


def _error(status, code, message):
    body = json.dumps({"error": {"code": code, "message": message, "details": {}}}).encode()
    return HttpResponse(status, {"Content-Type": "application/json"}, body)


class ApiGateway:
    """Routes `/…` requests (the part after `/api`) to a Chalice app."""

    def __init__(self, app):
        self._gateway = LocalGateway(app, Config(chalice_stage="api", config_from_disk={}))

    def handle(self, method, path, headers=None, body=b""):
        """Answer one request; never raises for anything a client can send."""
        headers = dict(headers or {})
        body = body or b""
        if len(body) > config.MAX_BODY_BYTES:
            return _error(413, "payload_too_large",
                          f"Request body exceeds {config.MAX_BODY_BYTES} bytes.")
        try:
            raw = self._gateway.handle_request(method=method.upper(), path=path,
                                               headers=headers, body=body)
        except LocalGatewayException:
            return _error(404, "not_found", "No such endpoint.")
        except ValueError:
            # LocalGateway cannot build an event from e.g. a malformed query string.
            return _error(400, "bad_request", "Malformed request.")
        payload = raw.get("body") or b""
        if raw.get("isBase64Encoded"):
            payload = base64.b64decode(payload)
        elif isinstance(payload, str):
            payload = payload.encode("utf-8")
        # Chalice puts one Set-Cookie in `headers` and several in `multiValueHeaders`.
        headers = dict(raw.get("headers") or {})
        cookies = [v for k, v in headers.items() if k.lower() == "set-cookie"]
        cookies += [c for name, values in (raw.get("multiValueHeaders") or {}).items()
                    if name.lower() == "set-cookie" for c in values]
        return HttpResponse(raw["statusCode"], headers, payload, cookies)
