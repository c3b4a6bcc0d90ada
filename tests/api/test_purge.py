"""Thirty days after deletion the TTL purges a record; nothing of it lingers."""
import boto3

from tests.api.records_helpers import make_org


def ttl_purge(pk):
    """What DynamoDB's TTL does when a trashed record expires: delete the item (a REMOVE on the stream)."""
    from chalicelib import config

    boto3.client("dynamodb").delete_item(TableName=config.TABLE_NAME,
                                         Key={"pk": {"S": pk}, "sk": {"S": "RECORD"}})


def partition(pk):
    from chalicelib.storage.record_store import query_partition

    return query_partition(pk, limit=200)[0]


def test_a_purged_record_leaves_nothing_in_its_partition(admin, stream):
    gone = make_org(admin, "Gone Ltd")
    admin.patch(f"/organizations/{gone['id']}", {"industry": "retail", "version": gone["version"]})
    assert admin.delete(f"/organizations/{gone['id']}").status == 204
    stream.drain()
    assert partition(f"ORG#{gone['id']}")  # the record and its change log, while in the trash
    ttl_purge(f"ORG#{gone['id']}")
    stream.drain()
    assert partition(f"ORG#{gone['id']}") == []


def test_organizations_stop_naming_a_purged_relation(admin, stream):
    gone = make_org(admin, "Gone Ltd")
    holder = make_org(admin, "Holder", related=[{"org_id": gone["id"], "kind": "subsidiary"}])
    admin.delete(f"/organizations/{gone['id']}")
    stream.drain()
    assert admin.get(f"/organizations/{holder['id']}").json["related"] == [
        {"org_id": gone["id"], "kind": "subsidiary"}]  # kept while restorable
    ttl_purge(f"ORG#{gone['id']}")
    stream.drain()
    page = admin.get(f"/organizations/{holder['id']}").json
    assert page["related"] == []
    assert page["updated_by"] == "system:purge"


def test_deleting_a_live_record_directly_is_not_treated_as_a_purge(admin, stream):
    live = make_org(admin, "Live")
    holder = make_org(admin, "Holder", related=[{"org_id": live["id"], "kind": "related"}])
    stream.drain()
    ttl_purge(f"ORG#{live['id']}")  # not trashed: an operator's mistake, not our purge
    stream.drain()
    assert admin.get(f"/organizations/{holder['id']}").json["related"] == [{"org_id": live["id"], "kind": "related"}]
