"""The one table definition, shared by the local run, the tests and infra.

`TABLE_PROPERTIES` is written in CloudFormation's shape so infra/ can embed
it verbatim (the packaged template is generated from it, never retyped);
`create_table` turns it into a CreateTable call for DynamoDB Local and moto.
The key design behind it is argued in README.md beside this file.
"""
from chalicelib import config

GSI_NAMES = ("gsi1", "gsi2", "gsi3")

TABLE_PROPERTIES = {
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [
        {"AttributeName": name, "AttributeType": "S"}
        for name in ("pk", "sk") + tuple(f"{g}{k}" for g in GSI_NAMES for k in ("pk", "sk"))
    ],
    "KeySchema": [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": gsi,
            "KeySchema": [
                {"AttributeName": f"{gsi}pk", "KeyType": "HASH"},
                {"AttributeName": f"{gsi}sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
        for gsi in GSI_NAMES
    ],
    "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
    # Soft-deleted records, sessions, invites and rate counters expire here.
    "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True},
    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
}


def create_table_request(table_name=None):
    """CreateTable parameters for `TABLE_PROPERTIES` (local engines only)."""
    props = TABLE_PROPERTIES
    return {
        "TableName": table_name or config.TABLE_NAME,
        "BillingMode": props["BillingMode"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "GlobalSecondaryIndexes": props["GlobalSecondaryIndexes"],
        "StreamSpecification": {"StreamEnabled": True, **props["StreamSpecification"]},
    }


def create_table(client, table_name=None):
    """Create the table if it does not exist yet; return its stream ARN.

    :param client: a boto3 DynamoDB client (DynamoDB Local or moto).
    """
    name = table_name or config.TABLE_NAME
    try:
        client.create_table(**create_table_request(name))
    except client.exceptions.ResourceInUseException:
        pass
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2})
    _add_missing_indexes(client, name)
    try:
        client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification=TABLE_PROPERTIES["TimeToLiveSpecification"],
        )
    except client.exceptions.ClientError as exc:  # already enabled
        if "TimeToLive is already enabled" not in str(exc):
            raise
    return client.describe_table(TableName=name)["Table"].get("LatestStreamArn")


def _add_missing_indexes(client, name):
    """Create indexes added to TABLE_PROPERTIES since a local table was made (data is kept)."""
    table = client.describe_table(TableName=name)["Table"]
    present = {g["IndexName"] for g in table.get("GlobalSecondaryIndexes", [])}
    for index in TABLE_PROPERTIES["GlobalSecondaryIndexes"]:
        if index["IndexName"] in present:
            continue
        client.update_table(
            TableName=name,
            AttributeDefinitions=TABLE_PROPERTIES["AttributeDefinitions"],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2})
