"""PynamoDB models: several item types sharing one table (single-table design).

Every model shares `pk`/`sk` and the two overloaded GSIs; `entity` names the
item type so the stream handler can route a change without parsing keys.
Connection settings are read from `config` when this module is imported:
import moto (tests) or set CRM_DYNAMODB_ENDPOINT (local run) before it.
"""
from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute,
                                 UnicodeAttribute, UnicodeSetAttribute, VersionAttribute)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import config
from chalicelib.storage import metering

metering.install()  # before any connection exists, so every client is counted


class Gsi1(GlobalSecondaryIndex):
    """Overloaded index 1: lists (users of the workspace, sessions of a user, …)."""

    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex):
    """Overloaded index 2: lookups by a second key (a user by email, …)."""

    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi3(GlobalSecondaryIndex):
    """Index 3: records by creation time."""

    class Meta:
        index_name = "gsi3"
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class Item(Model):
    """Attributes every item has."""

    class Meta:
        table_name = config.TABLE_NAME
        region = config.AWS_REGION
        host = config.DYNAMODB_ENDPOINT
        # Fail fast rather than hang a Lambda on a sick endpoint.
        connect_timeout_seconds = 3
        read_timeout_seconds = 10
        max_retry_attempts = 2

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    entity = UnicodeAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    ttl = NumberAttribute(null=True)
    # PynamoDB copies indexes per subclass, so each model queries its own type.
    gsi1 = Gsi1()
    gsi2 = Gsi2()
    gsi3 = Gsi3()


class VersionedItem(Item):
    """A mutable record: optimistic locking and soft delete."""

    version = VersionAttribute()
    deleted_at = UnicodeAttribute(null=True)


class UserItem(VersionedItem):
    """pk USER#id, sk USER; gsi1 USERS/created; gsi2 EMAIL#email/USER."""

    id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    language = UnicodeAttribute()
    timezone = UnicodeAttribute()
    password_hash = UnicodeAttribute(null=True)
    # Raised by "sign out everywhere", a password change or reset, a deactivation: every
    # session (and reset link) minted under an older generation stops working at once.
    session_generation = NumberAttribute(default=0)
    language_chosen = BooleanAttribute(null=True)  # set once the user signed in or picked one
    invite_digest = UnicodeAttribute(null=True)  # the one invitation link that still works
    invite_expires_at = UnicodeAttribute(null=True)
    invite_mail = UnicodeAttribute(null=True)  # "failed" when the invitation mail did not go out
    feed_digest = UnicodeAttribute(null=True)  # SHA-256 of the token of the user's calendar feed


class EmailClaim(Item):
    """pk EMAIL#email, sk CLAIM: exists while a user owns that email."""

    user_id = UnicodeAttribute()


class SessionItem(Item):
    """pk SESSION#sha256(token), sk SESSION.

    The token names its user (`<user id>.<secret>`), so a request reads the
    session and the user in one BatchGetItem: role and status come from the
    user at every request, and the user's `session_generation` revokes them all.
    """

    id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    generation = NumberAttribute(default=0)
    expires_at = UnicodeAttribute()
    revoked_at = UnicodeAttribute(null=True)
    user_agent = UnicodeAttribute(null=True)


class InviteItem(Item):
    """pk INVITE#sha256(token), sk INVITE."""

    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    used_at = UnicodeAttribute(null=True)


class ResetItem(Item):
    """pk RESET#sha256(token), sk RESET: a one-hour, one-use password reset link."""

    user_id = UnicodeAttribute()
    generation = NumberAttribute()  # the user's session generation when asked: any sign-out kills it
    expires_at = UnicodeAttribute()
    used_at = UnicodeAttribute(null=True)


class AdminsItem(Item):
    """pk WORKSPACE, sk ADMINS: the ids of the active administrators.

    Demoting or disabling an admin removes its id under the condition that
    another one stays, inside the same transaction as the user's change, so
    concurrent demotions can never leave the workspace without an admin.
    """

    ids = UnicodeSetAttribute(null=True)


class WorkspaceItem(VersionedItem):
    """pk WORKSPACE, sk WORKSPACE: the workspace settings."""

    name = UnicodeAttribute()
    default_currency = UnicodeAttribute()
    language = UnicodeAttribute()


class RecordItem(VersionedItem):
    """pk <PREFIX>#id, sk RECORD: a person, organization, deal, activity, note or pipeline.

    One model for every record type: the fields a type has are declared in
    `chalicelib.domain.records` and kept in `data`, so the write path
    (derived copies, claims, soft delete) is written once for all of them.
    """

    id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)  # the display title, for the trash and logs
    owner_id = UnicodeAttribute(null=True)
    data = MapAttribute(default=dict)
    deleted_with = UnicodeAttribute(null=True)  # the record whose deletion took this one along
    cascade = ListAttribute(null=True)  # what this record's deletion took along: ["DEAL#id", …]
    # While a deletion is still taking its linked records along: "delete" or "detach".
    cascade_pending = UnicodeAttribute(null=True)
    # The derived items this state wrote, "pk|sk" → digest of their content: the next
    # write deletes exactly the stale ones and rewrites only the changed ones.
    derived = MapAttribute(null=True)


class DerivedItem(Item):
    """A copy another record's state implies: a timeline entry, a member, a claim, a search term, a card."""

    source = UnicodeAttribute()  # the partition key of the record it derives from
    data = MapAttribute(default=dict)
    # What the stream adds to a board card (its next activity, its last touch); the deal's
    # writes merge `data` and leave this alone.
    extra = MapAttribute(null=True)


class PartitionItem(Item):
    """Read-only view of any item in a record partition (record, copies, change log).

    A record page is one Query over its partition, which mixes item types;
    this model declares the union of their attributes so none is dropped.
    """

    id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    owner_id = UnicodeAttribute(null=True)
    source = UnicodeAttribute(null=True)
    data = MapAttribute(null=True)
    version = NumberAttribute(null=True)
    deleted_at = UnicodeAttribute(null=True)
    deleted_with = UnicodeAttribute(null=True)
    cascade = ListAttribute(null=True)
    cascade_pending = UnicodeAttribute(null=True)
    derived = MapAttribute(null=True)
    extra = MapAttribute(null=True)


class SettingsItem(VersionedItem):
    """pk SETTINGS, sk <name>: workspace-wide lists edited in Settings (custom fields, activity types)."""

    data = MapAttribute(default=dict)


class PortalItem(VersionedItem):
    """pk DEAL#<id>, sk PORTAL: a won deal's client portal (what it shows, its checklist, its token)."""

    data = MapAttribute(default=dict)


class CounterItem(Model):
    """pk RATE#scope#key, sk window start: a fixed-window rate counter (TTL-purged).

    Not an `Item`: counters carry no audit fields and never reach the stream
    consumers (they are filtered by `entity` being absent).
    """

    class Meta(Item.Meta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    count = NumberAttribute(default=0)
    ttl = NumberAttribute(null=True)


class SystemItem(Item):
    """pk SYSTEM, sk <name>: operational state such as the scheduler heartbeat."""

    last_run_at = UnicodeAttribute(null=True)


def use_endpoint(host):
    """Point every model (and the transaction connection) at `host`; connections rebuild lazily.

    PynamoDB reads `Meta.host` once and caches the connection on each model
    class (FIELD-NOTES), so switching engines in one process needs this.
    """
    from chalicelib.storage import records

    classes = [Item, CounterItem]
    while classes:
        model = classes.pop()
        classes.extend(model.__subclasses__())
        model.Meta.host = host
        model._connection = None
    records._CONNECTION = None
