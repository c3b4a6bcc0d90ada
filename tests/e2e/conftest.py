"""The browser tier: Playwright drives Debian's Chromium against the real local run.

`live_server` starts `python -m runner` (DynamoDB Local, the app and the
site on one port) once per session on a free port with its own data
directory; set CRM_E2E_BASE_URL to test a server that is already running.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Tr4il-Map-Kite-9"  # 16 characters
READY = re.compile(r"CRM ready at (http://127\.0\.0\.1:\d+)")
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of a Playwright download (which cannot be fetched here)."""
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CRM_E2E_OPTIONAL") == "1":
            pytest.skip(reason)
        pytest.fail(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A French-speaking desktop browser: French is the product's default language."""
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 800}}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Output:
    """Collects a child's output on a thread, so its pipe never fills, and spots the ready line."""

    def __init__(self, stream):
        self.lines = []
        self.url = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line)
            match = READY.search(line)
            if match and not self.ready.is_set():
                self.url = match.group(1)
                self.ready.set()
        self.ready.set()  # the process ended: stop waiting

    def text(self):
        return "".join(self.lines[-200:])


def _stop(proc):
    """Ctrl-C first, as a person would; then the whole process group if anything is left."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # children (DynamoDB Local) that outlived the runner
    except ProcessLookupError:
        pass
    proc.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def live_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("crm-data")


@pytest.fixture(scope="session")
def live_server(live_data_dir):
    """The base URL of the real local run, started for this test session."""
    external = os.environ.get("CRM_E2E_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    port = _free_port()
    # Other tiers set CRM_* for their own in-process app; the local run must not inherit them.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CRM_")},
        "PORT": str(port),
        "CRM_DATA_DIR": str(live_data_dir),
        "CRM_ADMIN_EMAIL": ADMIN_EMAIL,
        "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "CRM_DEMO": "0",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "runner"], cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = _Output(proc.stdout)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not output.ready.wait(0.2):
        if time.monotonic() > deadline:
            break
    if not output.url:
        _stop(proc)
        pytest.fail(f"`python -m runner` did not print 'CRM ready at http://127.0.0.1:{port}' within "
                    f"{START_TIMEOUT_S}s (exit code {proc.returncode}). Its output:\n{output.text()}",
                    pytrace=False)
    try:
        yield output.url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright resolves page.goto('/…') against this."""
    return live_server


@pytest.fixture(scope="session")
def admin_api(playwright, live_server):
    """An HTTP client signed in as the first admin, for setting up and checking state."""
    # The session cookie authenticates it, so its changes say they come from the site, as the browser's do.
    context = playwright.request.new_context(base_url=live_server, extra_http_headers={"Origin": live_server})
    response = context.post("/api/auth/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status == 200, f"admin login failed: {response.status} {response.text()}"
    yield context
    context.dispose()


@pytest.fixture
def signed_in(context, admin_api):
    """The browser context shares the admin's session (no extra login, so no throttling)."""
    context.add_cookies(admin_api.storage_state()["cookies"])
    return context


@pytest.fixture
def restore_profile(admin_api):
    """Puts the admin's name and language back after a test that changes them."""
    before = admin_api.get("/api/me").json()
    yield before
    now = admin_api.get("/api/me").json()
    response = admin_api.patch("/api/me", data={
        "name": before["name"], "language": before["language"], "version": now["version"]})
    assert response.status == 200, response.text()


@pytest.fixture
def console_errors(page):
    """Console errors, uncaught exceptions and CSP violations seen by the page."""
    seen = []
    page.on("console", lambda message: seen.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    # Init scripts are injected by the browser, outside the page's CSP.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    return seen


@pytest.fixture
def dialogs(page):
    """Every alert/confirm/prompt the page opens (dismissed); a test asserts there were none."""
    opened = []

    def on_dialog(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def mailed_token(data_dir, email, route, timeout=10, other_than=None):
    """The token of the latest `#/<route>/<token>` link mailed to `email` by the local run (file mail backend).

    `other_than` skips a token already seen, to wait for the next mail (a resent invitation).
    """
    roots = [Path(data_dir), REPO_ROOT / ".data"]
    if os.environ.get("CRM_E2E_OUTBOX"):  # with CRM_E2E_BASE_URL: where that server writes its mail
        roots.append(Path(os.environ["CRM_E2E_OUTBOX"]))
    link = re.compile(rf"#/{re.escape(route)}/([A-Za-z0-9_\-.~%]+)")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for root in roots:
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
                message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
                if email not in str(message["To"] or ""):
                    continue
                body = message.get_body(("plain", "html"))
                match = link.search(body.get_content() if body else "")
                if match:
                    if match.group(1) == other_than:
                        break  # the newest such mail is the one already seen: wait for the next
                    return match.group(1)
        time.sleep(0.2)
    return None


def invite_token(data_dir, email, timeout=10, other_than=None):
    """The token of the latest invitation mailed to `email` by the local run."""
    return mailed_token(data_dir, email, "invite", timeout, other_than)


def reset_token(data_dir, email, timeout=10, other_than=None):
    """The token of the latest password-reset link mailed to `email` by the local run."""
    return mailed_token(data_dir, email, "reset", timeout, other_than)
