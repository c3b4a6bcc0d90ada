"""Health tells an operator the database answers and the schedules run."""

def test_health_reports_when_the_schedules_last_ran(client, app):
    from chalicelib.events.schedules import heartbeat

    assert client.get("/health").json["schedules"] == {}
    ran_at = heartbeat()
    body = client.get("/health").json
    assert body["database"] == "ok" and body["schedules"] == {"heartbeat": ran_at}
