"""`python -m runner`: the whole CRM on one port, on AWS's own DynamoDB engine (DESIGN §6).

PORT (default 8000) and CRM_DATA_DIR (default .data) choose where; every
other setting is an application variable of `chalicelib.config`.
"""
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # `import app` from any working directory

from runner import dynamodb_local  # noqa: E402
from runner.schedules import Scheduler, find_schedules  # noqa: E402
from runner.server import CrmServer  # noqa: E402
from runner.streams import StreamPoller, find_stream_handler  # noqa: E402

log = logging.getLogger("runner")


class _StopRequested(BaseException):
    """Raised by the SIGINT / SIGTERM handler, wherever the main thread is.

    A BaseException, like KeyboardInterrupt, so `except Exception` does not swallow it.
    """


def _request_stop(signum, frame):
    raise _StopRequested(signum)


def configure_environment(port, data_dir, endpoint):
    """Point the application at DynamoDB Local; must run before chalicelib is imported."""
    env = os.environ
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "eu-west-3"
    env.setdefault("AWS_REGION", region)
    env.setdefault("AWS_DEFAULT_REGION", region)
    # DynamoDB Local accepts any key; dummy ones also keep a developer's real
    # credentials out of a local run.
    env.setdefault("AWS_ACCESS_KEY_ID", "local")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    env["CRM_DYNAMODB_ENDPOINT"] = endpoint
    env.setdefault("CRM_PUBLIC_URL", f"http://127.0.0.1:{port}")
    env.setdefault("CRM_MAIL_OUTBOX", str(data_dir / "outbox"))
    env.setdefault("CRM_FILES_DIR", str(data_dir / "files"))
    env.setdefault("CRM_FILES_SECRET", _files_secret(data_dir))
    env["PORT"] = str(port)


def _files_secret(data_dir):
    """The key signing the local file store's URLs: made once per data directory, kept with it."""
    import secrets

    path = data_dir / "files-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _login_hint(admin):
    if admin.get("created") and admin.get("generated_password"):
        return (f"Log in as {admin['admin_email']} with the password {admin['generated_password']}"
                " (shown only this once).")
    return f"Log in as {admin['admin_email']}."


def main():
    """Start everything, wait for Ctrl-C or SIGTERM, stop everything; return the exit code."""
    port = int(os.environ.get("PORT") or 8000)
    data_dir = Path(os.environ.get("CRM_DATA_DIR") or ".data").resolve()
    logging.basicConfig(level=os.environ.get("CRM_LOG_LEVEL", "INFO").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("botocore", "pynamodb"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)

    # Bind first: a taken port fails in a second, not after java has started.
    try:
        server = CrmServer(port, REPO_ROOT / "site")
    except OSError as exc:
        print(f"Cannot listen on 127.0.0.1:{port} ({exc.strerror}). "
              "Stop what uses it or choose another port: PORT=8001 make run", file=sys.stderr)
        return 1

    stops = []  # run in reverse on the way out: server, schedules, poller, then java
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        engine = dynamodb_local.start(db_path=data_dir / "ddb", log_path=data_dir / "dynamodb-local.log")
        stops.append(engine.stop)
        configure_environment(port, data_dir, engine.endpoint)

        from chalicelib import config
        from chalicelib.storage import tables

        stream_arn = tables.create_table(engine.client())
        # config was read before the table (and so its stream ARN) existed.
        os.environ["CRM_STREAM_ARN"] = config.STREAM_ARN = stream_arn

        import app as app_module
        from chalicelib.services.bootstrap import bootstrap

        admin = bootstrap(os.environ.get("CRM_ADMIN_EMAIL") or None,
                          os.environ.get("CRM_ADMIN_PASSWORD") or None)
        if admin["created"] and os.environ.get("CRM_DEMO", "1") != "0":
            from chalicelib.services.demo import load_demo

            log.info("demo records: %s", load_demo(admin["admin_id"], admin["language"]))

        handler, source = find_stream_handler(app_module.app)
        poller = StreamPoller(engine.client("dynamodbstreams"), stream_arn, handler,
                              function_name=source.name, batch_size=source.batch_size,
                              starting_position=source.starting_position, region=config.AWS_REGION,
                              checkpoint_path=data_dir / "stream-checkpoints.json",
                              dlq_path=data_dir / "dlq.jsonl")
        stops.append(poller.start().stop)
        stops.append(Scheduler(find_schedules(app_module.app), region=config.AWS_REGION).start().stop)

        server.mount(app_module.app)
        threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
        stops.append(server.shutdown)

        print(f"CRM ready at http://127.0.0.1:{port}", flush=True)
        print(_login_hint(admin), flush=True)
        while True:
            time.sleep(3600)
    except _StopRequested:
        log.info("stopping")
        return 0
    except Exception as exc:
        from chalicelib.errors import DomainError

        if isinstance(exc, (dynamodb_local.EngineError, DomainError)):
            print(f"Cannot start: {exc}", file=sys.stderr)  # the user's to fix, no traceback
        else:
            log.exception("the local run failed")
        return 1
    finally:
        # A second Ctrl-C must not cut the shutdown short and leave java running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for stop in reversed(stops):
            try:
                stop()
            except Exception:  # noqa: BLE001 - keep stopping the rest
                log.exception("while stopping")
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
