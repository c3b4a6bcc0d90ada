"""Settings shared by every tier: a test region and credentials that can never reach AWS."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

for name, value in {
    "AWS_DEFAULT_REGION": "eu-west-3",
    "AWS_REGION": "eu-west-3",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}.items():
    os.environ[name] = value
os.environ.pop("AWS_PROFILE", None)

# The local file store (chalicelib/storage/file_store.py): a directory and a signing key per test run.
import tempfile  # noqa: E402

os.environ.setdefault("CRM_FILES_DIR", tempfile.mkdtemp(prefix="crm-files-"))
os.environ.setdefault("CRM_FILES_SECRET", "test-files-secret-" + os.urandom(8).hex())
