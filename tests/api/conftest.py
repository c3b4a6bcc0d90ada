"""The API tier: the real app behind the local API Gateway adapter, DynamoDB mocked by moto.

moto is imported before anything builds a botocore client (FIELD-NOTES), and
the app is configured through the process environment before it is imported.
"""
import json
import os
import tempfile

OUTBOX = tempfile.mkdtemp(prefix="crm-outbox-")
os.environ.update({
    "CRM_TABLE": "crm-api-tests",
    "CRM_MAIL_BACKEND": "file",
    "CRM_MAIL_OUTBOX": OUTBOX,
    "CRM_PUBLIC_URL": "http://127.0.0.1:8000",
    "CRM_LOGIN_MAX_ATTEMPTS": "5",
    # A cheap argon2 profile: these tests hash a password in almost every fixture.
    "CRM_ARGON2_TIME_COST": "1",
    "CRM_ARGON2_MEMORY_KIB": "1024",
    "CRM_ARGON2_PARALLELISM": "1",
})

import boto3  # noqa: E402
import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.storage import tables  # noqa: E402

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture
def aws():
    """A fresh, empty mocked DynamoDB with the CRM table; yields its stream ARN."""
    with mock_aws():
        yield tables.create_table(boto3.client("dynamodb"))


@pytest.fixture
def stream(aws, app):
    """The table stream, delivered on demand (`stream.drain()`) to the app's real handler."""
    from runner.streams import StreamPoller, find_stream_handler

    handler, source = find_stream_handler(app)
    return StreamPoller(boto3.client("dynamodbstreams"), aws, handler, function_name=source.name,
                        starting_position="TRIM_HORIZON")


class Client:
    """Talks to the app the way a browser does, through the API Gateway adapter."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.token = None

    def request(self, method, path, body=None, headers=None, raw=None, token=None):
        sent = {"Content-Type": "application/json", **(headers or {})}
        bearer = token if token is not None else self.token
        if bearer:
            sent.setdefault("Authorization", f"Bearer {bearer}")
        payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        return self.gateway.handle(method, path, sent, payload)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, email, password):
        response = self.post("/auth/login", {"email": email, "password": password})
        assert response.status == 200, response.text
        self.token = response.json["token"]
        return response


@pytest.fixture
def app(aws):
    """The Chalice app over a bootstrapped workspace with its first admin."""
    from app import app as chalice_app
    from chalicelib.services.bootstrap import bootstrap

    bootstrap(ADMIN_EMAIL, ADMIN_PASSWORD)
    return chalice_app


@pytest.fixture
def client(app):
    """An anonymous client."""
    from runner.gateway import ApiGateway

    return Client(ApiGateway(app))


@pytest.fixture
def admin(client):
    """A client signed in as the first admin."""
    client.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    return client


def outbox():
    """Messages the file mail backend wrote, oldest first."""
    from email import policy
    from email.parser import BytesParser

    paths = sorted((os.path.join(OUTBOX, n) for n in os.listdir(OUTBOX) if n.endswith(".eml")),
                   key=os.path.getmtime)
    messages = []
    for path in paths:
        with open(path, "rb") as fh:
            messages.append(BytesParser(policy=policy.default).parse(fh))
    return messages


@pytest.fixture
def clear_outbox():
    for name in os.listdir(OUTBOX):
        os.remove(os.path.join(OUTBOX, name))


def invite_link_token(message):
    """The token in an invitation email's link."""
    import re

    text = message.get_body(("plain",)).get_content()
    return re.search(r"/#/invite/([A-Za-z0-9_-]+)", text).group(1)


@pytest.fixture
def member(app, admin, clear_outbox):
    """A second client signed in as an invited member who accepted."""
    from runner.gateway import ApiGateway

    response = admin.post("/users", {"email": "member@example.com", "name": "Mia Member"})
    assert response.status == 201, response.text
    token = invite_link_token(outbox()[-1])
    other = Client(ApiGateway(app))
    accepted = other.post(f"/public/invites/{token}/accept", {"password": "member password 1"})
    assert accepted.status == 200, accepted.text
    other.token = accepted.json["token"]
    other.user = accepted.json["user"]
    return other
