"""The board's performance bar (issue 7, DESIGN §11), measured in Chromium:
a board of 2,000 open deals over 5 stages paints its first screen in under
1 s from navigation, and a move shows in under 100 ms.

The deals are made through the API with the admin's token (a few requests
at a time, on kept-alive connections) in a pipeline of their own, so no
other test's board sees them. The numbers are printed (`-s`) and written to
test-results/perf.json.
"""
import http.client
import json
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, REPO_ROOT

DEALS = 2000
STAGES = 5
SEED_WORKERS = 4
FIRST_PAINT_BUDGET_MS = 1000
MOVE_BUDGET_MS = 100
NAVIGATIONS = 3
KEY_MOVES = 5
STREAM_SETTLE_S = 180
RESULTS = REPO_ROOT / "test-results" / "perf.json"


class Client:
    """JSON calls with a bearer token, one kept-alive connection per thread.

    A connection left idle a while is not reused: the server may have closed
    it meanwhile, and a request sent on it would fail without being read.
    """

    IDLE_S = 2

    def __init__(self, base_url, token=None):
        url = urlparse(base_url)
        self.host, self.port = url.hostname, url.port
        self.token = token
        self.local = threading.local()

    def call(self, method, path, body=None):
        if time.monotonic() - getattr(self.local, "used", 0) > self.IDLE_S:
            if hasattr(self.local, "connection"):
                self.local.connection.close()
            self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.local.used = time.monotonic()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.local.connection.request(method, f"/api{path}", body=json.dumps(body) if body is not None else None,
                                      headers=headers)
        response = self.local.connection.getresponse()
        data = response.read()
        self.local.used = time.monotonic()
        assert response.status < 300, f"{method} {path}: {response.status} {data[:300]!r}"
        return json.loads(data) if data else None


@pytest.fixture(scope="module")
def big_board(live_server):
    """A pipeline of 5 stages holding 2,000 open deals (400 a stage): {"pipeline", "stages", "seconds"}."""
    token = Client(live_server).call("POST", "/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})["token"]
    api = Client(live_server, token)
    tag = uuid.uuid4().hex[:6]
    pipeline = api.call("POST", "/pipelines", {"name": f"Perf {tag}", "stages": [
        {"name": f"Étape {i + 1}", "probability": 20 * i, "rotting_days": 30} for i in range(STAGES)]})
    stages = [s for s in sorted(pipeline["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    org = api.call("POST", "/organizations", {"name": f"Perf Org {tag}"})
    started = time.monotonic()

    def make(i):
        return api.call("POST", "/deals", {"title": f"Perf {tag} {i:04d}", "value": 100 + i, "org_id": org["id"],
                                    "pipeline_id": pipeline["id"], "stage_id": stages[i % STAGES]["id"],
                                    "tags": ["perf"] if i % 10 == 0 else []})

    with ThreadPoolExecutor(SEED_WORKERS) as pool:
        deals = list(pool.map(make, range(DEALS)))
    seconds = time.monotonic() - started
    board = api.call("GET", f"/pipelines/{pipeline['id']}/board")
    assert sum(c["count"] for c in board["columns"]) == DEALS, [c["count"] for c in board["columns"]]
    # The table stream has 2,000 changes to go through (change log, cards' next activity): the board
    # is measured once it has, as a board that has been there a while. An activity written last shows
    # on the oldest card when the stream reaches it.
    first = min(deals, key=lambda d: d["created_at"])
    api.call("POST", "/activities", {"type": "call", "subject": f"Perf {tag}", "deal_id": first["id"],
                                      "due_at": "2030-01-07T09:00:00Z"})
    waited = time.monotonic()
    while True:
        column = api.call("GET", f"/pipelines/{pipeline['id']}/board?stage_id={first['stage_id']}")["columns"][0]
        card = next((c for c in column["items"] if c["id"] == first["id"]), None)
        if card and card["next_activity"]:
            break
        assert time.monotonic() - waited < STREAM_SETTLE_S, "the stream never caught up with the seeded deals"
        time.sleep(0.5)
    print(f"\nseeded {DEALS} deals in {seconds:.1f}s; the stream caught up {time.monotonic() - waited:.1f}s later")
    return {"pipeline": pipeline, "stages": stages, "seconds": seconds}


# Installed before the gesture: the keydown's time, then the first frame painted after the card reached its column.
WATCH_MOVE = """(target) => {
  window.__move = null;
  const list = document.querySelector(`.board-cards[data-stage-id="${target.stage}"]`);
  let pressed = null;
  window.addEventListener('keydown', (e) => { pressed = e.timeStamp; }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!list.querySelector(`.deal-card[data-id="${target.card}"]`)) return;
    observer.disconnect();
    const arrived = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__move = { pressed, arrived, painted: performance.now() }; }, 0));
  });
  observer.observe(list, { childList: true });
}"""


def test_a_board_of_2000_deals_paints_in_under_a_second_and_a_move_shows_in_under_100_ms(
        page, signed_in, admin_api, big_board, console_errors):
    pipeline, stages = big_board["pipeline"], big_board["stages"]
    url = f"/#/pipeline?pipeline={pipeline['id']}"

    # One visit first: the browser has the site's files, as someone who uses the CRM every day.
    page.goto(url)
    expect(page.locator(".board-column")).to_have_count(STAGES)
    paints, seen = [], []
    for _ in range(NAVIGATIONS):
        page.goto("about:blank")
        started = time.monotonic()
        page.goto(url)
        page.wait_for_function("() => performance.getEntriesByName('board:painted').length > 0")
        seen.append((time.monotonic() - started) * 1000)
        paints.append(page.evaluate("() => performance.getEntriesByName('board:painted')[0].startTime"))
    columns = page.locator(".board-column")
    expect(columns).to_have_count(STAGES)
    for i in range(STAGES):
        expect(columns.nth(i).locator(".board-column-sum")).to_contain_text("400")
    # Only the first page of each column is drawn: 50 cards, not 400; scrolling a column down brings the next.
    expect(page.locator(".deal-card")).to_have_count(50 * STAGES)
    last = stages[-1]["id"]
    page.locator(f".board-column[data-stage-id='{last}'] .board-column-body").evaluate("(body) => body.scrollTo(0, body.scrollHeight)")
    expect(page.locator(f".board-cards[data-stage-id='{last}'] .deal-card")).to_have_count(100)

    moves = []
    first, second = stages[0]["id"], stages[1]["id"]
    for _ in range(KEY_MOVES):
        card = page.locator(f".board-cards[data-stage-id='{first}'] .deal-card").first
        card_id = card.get_attribute("data-id")
        card.focus()
        page.evaluate(WATCH_MOVE, {"stage": second, "card": card_id})
        page.keyboard.press("Alt+ArrowRight")
        page.wait_for_function("() => window.__move")
        timing = page.evaluate("() => window.__move")
        moves.append(timing["painted"] - timing["pressed"])
    app_moves = page.evaluate("() => performance.getEntriesByName('board:move').map((e) => e.duration)")

    results = {
        "deals": DEALS, "stages": STAGES, "seeded_in_s": round(big_board["seconds"], 1),
        "first_paint_ms": [round(ms) for ms in paints], "first_paint_median_ms": round(statistics.median(paints)),
        "first_paint_seen_by_test_ms": [round(ms) for ms in seen],
        "keyboard_move_ms": [round(ms, 1) for ms in moves], "keyboard_move_median_ms": round(statistics.median(moves), 1),
        "move_measured_by_app_ms": [round(ms, 1) for ms in app_moves],
        "budgets_ms": {"first_paint": FIRST_PAINT_BUDGET_MS, "move": MOVE_BUDGET_MS},
        "ratios": {"first_paint": round(statistics.median(paints) / FIRST_PAINT_BUDGET_MS, 2),
                   "move": round(statistics.median(moves) / MOVE_BUDGET_MS, 2)},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nboard of {DEALS} deals: first paint {results['first_paint_ms']} ms "
          f"(median {results['first_paint_median_ms']} ms, ratio {results['ratios']['first_paint']}), "
          f"move {results['keyboard_move_ms']} ms (median {results['keyboard_move_median_ms']} ms, "
          f"ratio {results['ratios']['move']}); written to {RESULTS.relative_to(REPO_ROOT)}")

    assert statistics.median(paints) < FIRST_PAINT_BUDGET_MS, results
    assert statistics.median(moves) < MOVE_BUDGET_MS, results
    # The moves reached the server too.
    deadline = time.monotonic() + 15
    while True:
        board = admin_api.get(f"/api/pipelines/{pipeline['id']}/board").json()
        if board["columns"][1]["count"] == 400 + KEY_MOVES or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [c["count"] for c in board["columns"]][:2] == [400 - KEY_MOVES, 400 + KEY_MOVES]
    page.reload()
    expect(page.locator(f".board-column[data-stage-id='{second}'] .board-column-sum")).to_contain_text(str(400 + KEY_MOVES))
    assert console_errors == []
