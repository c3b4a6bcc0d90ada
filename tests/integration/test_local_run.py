"""`python -m runner`: the whole product on one port, its data surviving a restart."""
import re
import socket
from pathlib import Path

import pytest

from runner import dynamodb_local
from tests.integration.support import LocalRun, eventually

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "owner@example.com"
ADMIN_PASSWORD = "local run password"

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds java through /proc")


@pytest.fixture
def local_run(tmp_path):
    """Start runners on one data dir (each on a free port); kill any left running."""
    dynamodb_local.ensure_jar()  # a first download is not part of any timeout below
    runs = []

    def start(port=None, **env):
        run = LocalRun(REPO_ROOT, tmp_path / "data", port or dynamodb_local.free_port(), **env)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.kill()


def test_a_change_survives_a_restart_and_java_stops_with_the_runner(local_run):
    first = local_run(CRM_ADMIN_EMAIL=ADMIN_EMAIL, CRM_ADMIN_PASSWORD=ADMIN_PASSWORD)
    printed = first.wait_ready()
    assert printed[0] == f"CRM ready at http://127.0.0.1:{first.port}" and len(printed) == 2
    token = first.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    status, me = first.call("GET", "/api/me", token=token)
    assert status == 200
    status, body = first.call("PATCH", "/api/me", {"name": "Renamed Owner", "version": me["version"]}, token)
    assert status == 200, body
    java = first.java_pids()
    assert len(java) == 1

    assert first.stop() == 0
    eventually(lambda: not Path(f"/proc/{java[0]}").exists(), timeout=10)

    second = local_run(CRM_ADMIN_EMAIL=ADMIN_EMAIL, CRM_ADMIN_PASSWORD=ADMIN_PASSWORD)
    second.wait_ready()
    status, me = second.call("GET", "/api/me", token=second.login(ADMIN_EMAIL, ADMIN_PASSWORD))
    assert (status, me["name"]) == (200, "Renamed Owner")
    assert second.stop() == 0


def test_a_generated_admin_password_is_printed_on_the_first_start_only(local_run):
    first = local_run(CRM_ADMIN_EMAIL=ADMIN_EMAIL)
    hint = first.wait_ready()[-1]
    password = re.search(r"with the password (\S+)", hint).group(1)
    first.login(ADMIN_EMAIL, password)
    assert first.stop() == 0

    second = local_run(CRM_ADMIN_EMAIL=ADMIN_EMAIL)
    hint = second.wait_ready()[-1]
    assert password not in hint and "password" not in hint
    second.login(ADMIN_EMAIL, password)
    assert second.stop() == 0


def test_a_taken_port_stops_the_runner_with_a_clear_error_before_java_starts(local_run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = local_run(port=port)
        assert run.process.wait(timeout=30) == 1
    error = run.stderr_path.read_text()
    assert f"Cannot listen on 127.0.0.1:{port}" in error
    assert "DynamoDBLocal" not in error
