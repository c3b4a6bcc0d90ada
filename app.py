"""The Chalice app: routes from the blueprints, the stream and the schedules. Nothing else."""
from chalice import Chalice, Rate

from chalicelib import config
from chalicelib.api import (activities, auth, deals, files, health, leads, me, middleware, notes, organizations,
                            persons, pipelines, portal, scheduler, search, settings, users, workflows, workspace)

app = Chalice(app_name="crm")
app.api.binary_types = []  # JSON only: never base64-encode a response body
middleware.install(app)
for blueprint in (auth.bp, health.bp, me.bp, users.bp, workspace.bp, settings.bp, persons.bp,
                  organizations.bp, leads.bp, deals.bp, activities.bp, notes.bp, files.bp, pipelines.bp, portal.bp, scheduler.bp,
                  workflows.bp, search.bp):
    app.register_blueprint(blueprint)


@app.on_dynamodb_record(stream_arn=config.STREAM_ARN, batch_size=100,
                        starting_position="TRIM_HORIZON")
def on_table_change(event):
    """Every table change goes to the consumers; failures are reported per record."""
    from chalicelib.events.stream import handle_records

    return handle_records(event.to_dict()["Records"])


@app.schedule(Rate(10, unit=Rate.MINUTES))
def finish_deletions(event):
    """Deletions a crash stopped midway take the rest of their linked records along."""
    from chalicelib.events.schedules import finish_deletions as run

    return run()


@app.schedule(Rate(1, unit=Rate.HOURS))
def remind_stale_deals(event):
    """Stale deals get a reminder for their owner, and owners a daily digest by email."""
    from chalicelib.events.schedules import remind_stale_deals as run

    return run()


@app.schedule(Rate(5, unit=Rate.MINUTES))
def resume_workflows(event):
    """Workflow runs whose wait is over go on from the step after it."""
    from chalicelib.events.schedules import resume_workflows as run

    return run()


@app.schedule(Rate(5, unit=Rate.MINUTES))
def retry_consumers(event):
    """Changes a stream consumer failed on are retried for that consumer alone."""
    from chalicelib.events.schedules import retry_consumers as run

    return run()


@app.schedule(Rate(1, unit=Rate.HOURS))
def heartbeat(event):
    """Proves the schedules fire (see chalicelib/events/schedules.py)."""
    from chalicelib.events.schedules import heartbeat as run

    return {"ran_at": run()}
