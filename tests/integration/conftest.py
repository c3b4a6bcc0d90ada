"""Integration tier: the app and the local runner against DynamoDB Local, AWS's own engine.

`make test` runs every tier in one pytest process, and the API tier points
the same modules at moto, so this tier does not configure the app through
the environment at import time (that would leak into the other tiers and
into the runners they start). While its tests run (package-scoped
fixtures, torn down before the next tier starts) it points the app's config,
the PynamoDB models and their cached connections at an in-memory DynamoDB
Local, and puts them back afterwards (FIELD-NOTES: `Model._connection = None`
when switching endpoints).
"""
import tempfile

import pytest

from runner import dynamodb_local


def _point_models_at(host):
    from chalicelib.storage.models import use_endpoint

    use_endpoint(host)


@pytest.fixture(scope="package")
def engine():
    """DynamoDB Local in memory with the app pointed at it; java stopped after this tier."""
    from chalicelib import config

    running = dynamodb_local.start(in_memory=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "DYNAMODB_ENDPOINT", running.endpoint)
        patch.setattr(config, "MAIL_BACKEND", "file")
        patch.setattr(config, "MAIL_OUTBOX", tempfile.mkdtemp(prefix="crm-integration-outbox-"))
        _point_models_at(running.endpoint)
        try:
            yield running
        finally:
            running.stop()
    _point_models_at(config.DYNAMODB_ENDPOINT)  # back to what the other tiers configured


@pytest.fixture(scope="package")
def stream_arn(engine):
    """The CRM table, created from the shared definition; its stream ARN."""
    from chalicelib import config
    from chalicelib.storage import tables

    arn = tables.create_table(engine.client())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "STREAM_ARN", arn)
        yield arn


@pytest.fixture(scope="package")
def app_module(stream_arn):
    """The top-level `app` module over a bootstrapped workspace."""
    import app
    from chalicelib.services.bootstrap import bootstrap

    bootstrap("admin@example.com", "integration password")
    return app


@pytest.fixture
def admin(app_module):
    """The bootstrapped admin as a Principal, for calling the services directly."""
    from chalicelib.domain.access import Principal
    from chalicelib.storage import users

    user = users.find_by_email("admin@example.com")
    return Principal(user_id=user.id, role="admin", session_id="s", token_digest="d", user=user)


@pytest.fixture
def table(engine, stream_arn):
    """A low-level boto3 client on the CRM table, and its name."""
    from chalicelib import config

    return engine.client(), config.TABLE_NAME


@pytest.fixture
def start_poller(engine, stream_arn, tmp_path):
    """Start a stream poller on the table (stopped after the test); fast polling, 2 retries."""
    from runner.streams import StreamPoller

    started = []

    def start(handler, **options):
        settings = {"checkpoint_path": tmp_path / "checkpoints.json", "dlq_path": tmp_path / "dlq.jsonl",
                    "poll_interval": 0.05, "max_retries": 2, **options}
        poller = StreamPoller(engine.client("dynamodbstreams"), stream_arn, handler, **settings)
        started.append(poller.start())
        return poller

    yield start
    for poller in started:
        poller.stop()


class Http:
    """JSON over HTTP to the local server, signed in with a bearer token when it has one."""

    def __init__(self, port, token=None):
        self.port, self.token = port, token

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, headers, decoded JSON or None); `raw` sends bytes as they are."""
        import http.client
        import json

        sent = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        payload = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        try:
            decoded = json.loads(data) if data else None
        except ValueError:
            decoded = None
        return response.status, response.headers, decoded


@pytest.fixture(scope="package")
def local_server(app_module):
    """The app and the real site on one port (the local run's server), on DynamoDB Local.

    Public rate limits are lifted and passwords hash cheaply: the tests that
    use it send thousands of requests from one address.
    """
    import threading
    from pathlib import Path

    from chalicelib import config
    from chalicelib.services import passwords
    from runner.server import CrmServer

    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"PUBLIC_MAX_REQUESTS": 10 ** 9, "LOGIN_MAX_ATTEMPTS": 10 ** 9,
                            "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}.items():
            patch.setattr(config, name, value)
        patch.setattr(passwords, "_HASHER", None)
        server = CrmServer(0, Path(__file__).resolve().parents[2] / "site")
        server.mount(app_module.app)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture
def http(local_server):
    """A client of the local server signed in as the bootstrapped admin (a fresh session)."""
    client = Http(local_server)
    status, _, body = client.request("POST", "/api/auth/login",
                                     {"email": "admin@example.com", "password": "integration password"})
    assert status == 200, body
    client.token = body["token"]
    return client
