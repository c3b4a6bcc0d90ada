"""The change log: written from the table stream onto the record's timeline, once per change."""
import pytest

from tests.api.records_helpers import make_person, me, page, set_custom_fields


def changes_of(client, plural, record_id):
    """The change entries on a record's page, oldest first."""
    entries = page(client, f"/{plural}/{record_id}/timeline")["items"]
    return list(reversed([e for e in entries if e["kind"] == "change"]))


def test_creating_a_record_logs_who_created_it(admin, stream):
    ada = make_person(admin, "Ada")
    stream.drain()
    [entry] = changes_of(admin, "persons", ada["id"])
    assert (entry["event"], entry["actor"], entry["changes"]) == ("created", me(admin)["id"], [])
    assert entry["at"] == ada["updated_at"]


def test_an_edit_logs_each_changed_field_from_and_to(admin, stream):
    ada = make_person(admin, "Ada", tags=["lead"])
    admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "tags": ["lead", "vip"], "version": ada["version"]})
    stream.drain()
    entry = changes_of(admin, "persons", ada["id"])[-1]
    assert entry["event"] == "updated"
    assert entry["changes"] == [{"field": "name", "from": "Ada", "to": "Ada King"},
                                {"field": "tags", "from": ["lead"], "to": ["lead", "vip"]}]


def test_a_custom_field_change_is_logged_under_its_key(admin, stream):
    set_custom_fields(admin, person=[{"key": "nickname", "label": "Nickname", "type": "text"}])
    ada = make_person(admin, "Ada", custom={"nickname": "Countess"})
    admin.patch(f"/persons/{ada['id']}", {"custom": {"nickname": "Enchantress"}, "version": ada["version"]})
    stream.drain()
    assert changes_of(admin, "persons", ada["id"])[-1]["changes"] == [
        {"field": "custom.nickname", "from": "Countess", "to": "Enchantress"}]


def test_an_edit_that_changes_nothing_logs_nothing(admin, stream):
    ada = make_person(admin, "Ada")
    assert admin.patch(f"/persons/{ada['id']}", {"name": "Ada", "version": ada["version"]}).status == 200
    stream.drain()
    assert [e["event"] for e in changes_of(admin, "persons", ada["id"])] == ["created"]


def test_each_change_names_the_user_who_made_it(admin, member, stream):
    ada = make_person(admin, "Ada")
    member.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]})
    stream.drain()
    assert [e["actor"] for e in changes_of(admin, "persons", ada["id"])] == [me(admin)["id"], member.user["id"]]


def test_deleting_and_restoring_are_logged(admin, member, stream):
    ada = make_person(admin, "Ada")
    assert admin.delete(f"/persons/{ada['id']}").status == 204
    assert member.post(f"/persons/{ada['id']}/restore").status == 200
    stream.drain()
    logged = [(e["event"], e["actor"]) for e in changes_of(admin, "persons", ada["id"])]
    assert logged == [("created", me(admin)["id"]), ("deleted", me(admin)["id"]), ("restored", member.user["id"])]


def test_a_long_value_is_shortened_in_the_log_but_kept_whole_on_the_record(admin, stream):
    ada = make_person(admin, "Ada")
    long_name = "A" * 500  # the longest name there is
    admin.patch(f"/persons/{ada['id']}", {"name": long_name, "version": ada["version"]})
    stream.drain()
    [change] = changes_of(admin, "persons", ada["id"])[-1]["changes"]
    assert change["to"] == "A" * 300 + "…"
    assert page(admin, f"/persons/{ada['id']}")["name"] == long_name


def test_changes_appear_on_the_record_page_newest_first(admin, stream):
    ada = make_person(admin, "Ada")
    admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]})
    stream.drain()
    entries = page(admin, f"/persons/{ada['id']}")["timeline"]["items"]
    assert [e["event"] for e in entries] == ["updated", "created"]


@pytest.fixture
def redeliver(aws, app):
    """Deliver the whole table stream to the app's handler again, as Lambda may after a failure."""
    import boto3

    from runner.streams import StreamPoller, find_stream_handler

    def again():
        """Redeliver every record; return how many of them were on a person record."""
        handler, source = find_stream_handler(app)
        delivered = []

        def counting(event, context):
            delivered.extend(event["Records"])
            return handler(event, context)

        StreamPoller(boto3.client("dynamodbstreams"), aws, counting, function_name=source.name,
                     starting_position="TRIM_HORIZON").drain()
        return sum(1 for r in delivered if r["dynamodb"]["Keys"]["pk"]["S"].startswith("PERSON#")
                   and r["dynamodb"]["Keys"]["sk"]["S"] == "RECORD")
    return again


def test_a_redelivered_stream_does_not_duplicate_the_log(admin, stream, redeliver):
    ada = make_person(admin, "Ada")
    admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]})
    stream.drain()
    logged = changes_of(admin, "persons", ada["id"])
    assert [e["event"] for e in logged] == ["created", "updated"]
    assert redeliver() == 2  # the person's INSERT and MODIFY, again
    assert changes_of(admin, "persons", ada["id"]) == logged
