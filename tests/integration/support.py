"""Helpers of the integration tests: waiting, recording deliveries, driving `python -m runner`."""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def eventually(predicate, timeout=20.0, interval=0.05):
    """Wait until `predicate()` is truthy and return its value; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s")
        time.sleep(interval)


class Recorder:
    """A stream handler or consumer that remembers what it saw (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = []

    def add(self, item):
        with self.lock:
            self.seen.append(item)

    def snapshot(self):
        with self.lock:
            return list(self.seen)


class LocalRun:
    """One `python -m runner` process; stdout read line by line, stderr kept in a file."""

    def __init__(self, repo_root, data_dir, port, **env):
        self.port = port
        self.stderr_path = Path(data_dir).with_name(f"{Path(data_dir).name}-stderr-{port}.log")
        self.stderr_path.parent.mkdir(parents=True, exist_ok=True)
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
        clean.update(PORT=str(port), CRM_DATA_DIR=str(data_dir), CRM_DEMO="0", **env)
        with open(self.stderr_path, "ab") as stderr:
            self.process = subprocess.Popen([sys.executable, "-m", "runner"], cwd=repo_root, env=clean,
                                            stdout=subprocess.PIPE, stderr=stderr, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_ready(self, timeout=90):
        """The lines printed up to and including the one after `CRM ready at …`."""
        printed = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"not ready in {timeout}s:\n{self.stderr_path.read_text()[-3000:]}")
            if line is None:
                pytest.fail(f"runner exited:\n{self.stderr_path.read_text()[-3000:]}")
            printed.append(line)
            if line.startswith("CRM ready at"):
                printed.append(self.lines.get(timeout=5))
                return printed

    def java_pids(self):
        """DynamoDB Local processes started by this runner."""
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rpartition(")")[2].split()[1])
            if parent == self.process.pid and b"DynamoDBLocal.jar" in cmdline:
                pids.append(int(entry.name))
        return pids

    def stop(self):
        """Ctrl-C, then the exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self):
        """SIGKILL, for a test that failed halfway."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def call(self, method, path, body=None, token=None):
        """One JSON request: (status, decoded body)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def login(self, email, password):
        """Sign in over HTTP; the bearer token."""
        status, body = self.call("POST", "/api/auth/login", {"email": email, "password": password})
        assert status == 200, body
        return body["token"]
