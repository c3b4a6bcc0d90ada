"""The runner fires the app's `@app.schedule` handlers like EventBridge."""
from runner.schedules import Scheduler, find_schedules
from tests.integration.support import Recorder, eventually


def test_every_schedule_of_the_app_is_found_with_its_expression(app_module):
    found = {name: expression for name, expression, _ in find_schedules(app_module.app)}
    assert found["heartbeat"] == "rate(1 hour)"
    assert found["finish_deletions"] == "rate(10 minutes)"
    assert found["remind_stale_deals"] == "rate(1 hour)"


def test_the_app_schedules_run_against_dynamodb_local(app_module):
    results = Recorder()
    schedules = [(name, expression, lambda event, context, h=handler: results.add(h(event, context)))
                 for name, expression, handler in find_schedules(app_module.app)]
    scheduler = Scheduler(schedules, first_delay=0, tick=0.05).start()
    try:
        ran = eventually(lambda: len(results.snapshot()) >= 3 and results.snapshot())
    finally:
        scheduler.stop()
    assert any("ran_at" in result for result in ran)  # the heartbeat
    assert any("finished" in result for result in ran)  # deletions a crash left midway
    assert any("reminders" in result for result in ran)  # stale deals


def test_a_failing_schedule_does_not_stop_the_others():
    events = Recorder()

    def broken(event, context):
        raise RuntimeError("boom")

    scheduler = Scheduler([("broken", "rate(1 minute)", broken),
                           ("fine", "rate(1 minute)", lambda event, context: events.add(event))],
                          first_delay=0, tick=0.05).start()
    try:
        event = eventually(events.snapshot)[0]
    finally:
        scheduler.stop()
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["resources"][0].endswith(":rule/fine")
