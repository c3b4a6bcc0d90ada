"""Schemathesis, a client nobody here wrote, against the local server on DynamoDB Local.

It reads /api/openapi.json and sends what the document allows and what it
does not: the coverage phase walks every documented boundary, fuzzing
generates bodies, parameters and headers, and the stateful phase follows the
document's links (create → read → update → delete → restore). The bar is
zero server errors. Runs are seeded so a failure reproduces; the command
that failed is printed with Schemathesis's own report of the request.
"""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ST = Path(sys.executable).with_name("st")
SEED = "20261201"
# Each collection with its creation: the stateful phase starts there and follows the links.
CHAINS = {"persons": "create_person", "organizations": "create_organization", "deals": "create_deal",
          "activities": "create_activity", "notes": "create_note", "users": "invite_user",
          "workflows": "create_workflow"}


def schemathesis(port, token, *options):
    command = [str(ST), "run", f"http://127.0.0.1:{port}/api/openapi.json", "--url", f"http://127.0.0.1:{port}/api",
               "--checks", "not_a_server_error", "--header", f"Authorization: Bearer {token}", "--workers", "1",
               "--generation-database", "none", "--seed", SEED, "--no-color", *options]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    where = " ".join(c if "Bearer" not in c else "Authorization: Bearer …" for c in command)
    assert run.returncode == 0, f"{where}\n{run.stdout[-8000:]}\n{run.stderr[-2000:]}"
    return run.stdout


@pytest.fixture(autouse=True, scope="module")
def workspace_lists_restored(app_module):
    """Fuzzing rewrites the workspace's lists (activity types ["a"]…); the tier's later tests need the real ones."""
    from chalicelib.domain.settings import ACTIVITY_TYPES_KEY, CUSTOM_FIELDS_KEY, LOST_REASONS_KEY
    from chalicelib.storage import settings

    keys = (ACTIVITY_TYPES_KEY, CUSTOM_FIELDS_KEY, LOST_REASONS_KEY)
    saved = {key: settings.get(key)["data"] for key in keys}
    yield
    for key, data in saved.items():
        settings.replace(key, data, settings.get(key)["version"], "integration")


def test_coverage_and_fuzzing_find_no_server_error(http, local_server):
    # Signing out would end the token the run uses: those two routes have their own tests.
    out = schemathesis(local_server, http.token, "--phases", "coverage,fuzzing", "--max-examples", "8",
                       "--exclude-path-regex", "^/auth/logout")
    assert re.search(r"(\d+) generated, \1 passed", out), out[-3000:]


@pytest.mark.parametrize("collection", CHAINS)
def test_stateful_chains_from_a_creation_find_no_server_error(http, local_server, collection):
    out = schemathesis(local_server, http.token, "--phases", "stateful", "--max-examples", "25",
                       "--include-path-regex", f"^/{collection}/{{", "--include-operation-id", CHAINS[collection])
    covered = re.search(r"API Links:\s+(\d+) covered", out)
    assert covered, out[-3000:]
    if collection in ("persons", "organizations", "users"):  # their creations need nothing else to exist
        assert int(covered.group(1)) >= 3, out[-3000:]
