"""A background loop the runner can start and stop cleanly."""
import threading


class Worker:
    """Runs `self._run()` on a daemon thread; `_run` polls `self._stop` to end."""

    def __init__(self, name):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self):
        raise NotImplementedError

    def start(self):
        """Start the loop in the background; returns self."""
        self._thread.start()
        return self

    def stop(self, timeout=10):
        """Ask the loop to end and wait for the work in flight to finish."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
