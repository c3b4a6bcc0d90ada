"""Every key of the table, written once (the access patterns are in README.md beside this file).

Functions build keys from domain values; nothing else in the code writes a
key prefix. Sort keys that hold user text are bounded (DynamoDB: 1,024 bytes).
"""

USERS_LIST = "USERS"
WORKSPACE = "WORKSPACE"
ADMINS = "ADMINS"  # sort key, under WORKSPACE
SETTINGS = "SETTINGS"
SYSTEM = "SYSTEM"
RECORD = "RECORD"  # the sort key of a record's own item in its partition
CLAIM = "CLAIM"
TIMELINE = "TL#"  # prefix of the timeline entries of a record partition
MEMBER = "MEMBER#"
RELATED = "RELATED#"
TRASH = "TRASH"
CASCADES = "CASCADES"  # deleted records whose cascade has not finished (gsi2, sparse)
ACTIVITIES = "ACTIVITIES"
PIPELINES = "PIPELINES"
PIPELINE_PREFIX = "PIPELINE"


# -- platform -----------------------------------------------------------------------

def user(user_id):
    return f"USER#{user_id}"


def email_claim(email):
    """The item that makes a user's email unique (claimed with attribute_not_exists)."""
    return f"EMAIL#{email}"


def session(digest):
    return f"SESSION#{digest}"


def invite(digest):
    return f"INVITE#{digest}"


def reset(digest):
    return f"RESET#{digest}"


def rate(scope, key):
    return f"RATE#{scope}#{key}"


def schedule(name):
    return f"SCHEDULE#{name}"


# -- records ----------------------------------------------------------------------------

def record(prefix, record_id):
    """The partition of a record: its item at RECORD, its timeline and copies beside it."""
    return f"{prefix}#{record_id}"


def timeline(at, kind, record_id):
    """A timeline entry's sort key: newest first when read backwards."""
    return f"{TIMELINE}{at}#{kind}#{record_id}"


def member(person_id):
    return f"{MEMBER}{person_id}"


def related(org_id):
    return f"{RELATED}{org_id}"


def person_email(email):
    """The claim that makes a person's email unique among persons."""
    return f"PERSONEMAIL#{email}"


def search_partition(term):
    """Search terms are spread over partitions by their first two characters."""
    return f"SEARCH#{term[:2]}"


def search_entry(term, entity, record_id):
    return f"{term}#{entity}#{record_id}"


def record_list(plural):
    """The list partition of a record type on gsi1 (by name) and gsi3 (by creation)."""
    return plural.upper()


def by_name(name_key, record_id):
    return f"{name_key}#{record_id}"


def owner_activities(owner_id):
    return f"{ACTIVITIES}#{owner_id or '-'}"


def due(due_at, record_id):
    return f"{due_at}#{record_id}"


CARD = "CARD"  # sort key of a deal's board card, in the deal's partition


def board(pipeline_id):
    """The board of a pipeline (gsi2): the cards of its open deals."""
    return f"BOARD#{pipeline_id}"


def board_column(stage_id):
    """The prefix of one column of a board."""
    return f"{stage_id}#"


def board_entry(stage_id, entered_at, record_id):
    """A card's place in its column: longest in the stage first."""
    return f"{stage_id}#{entered_at}#{record_id}"


def stage_history(pipeline_id):
    """The stage history of a pipeline (gsi1), by time."""
    return f"HISTORY#{pipeline_id}"


def history_entry(at, deal_id):
    return f"{at}#{deal_id}"


def slot_claim(owner_id, step):
    """The claim of one 5-minute step of an owner's time by a booking."""
    return f"SLOT#{owner_id}#{step}"


def link_booked(link_id):
    """The claim a specific link's first booking takes."""
    return f"LINKBOOKED#{link_id}"


def link_token(token):
    """A booking link by its public token (gsi2)."""
    return f"LINKTOKEN#{token}"


LINK = "LINK"
ACTIVE_WORKFLOWS = "WORKFLOWS_ACTIVE"  # gsi2: every active workflow, by trigger


def workflow_run(workflow_id, event_id):
    """A workflow's run for one stream event: the run, and the ledger that keeps it acting once."""
    return f"RUN#{workflow_id}#{event_id}"


RUN = "RUN"
RUNS = "RUNS"  # gsi2: every run of the account, by time
RUNS_WAITING = "RUNS_WAITING"  # gsi3: runs paused on a wait, by when they resume


def workflow_runs(workflow_id):
    """The runs of one workflow (gsi1), by time."""
    return f"RUNS#{workflow_id}"


def once(name):
    """A marker that something happened once (a workflow's email step sent): `sk = CLAIM`."""
    return f"ONCE#{name}"


def consumer_retry(consumer):
    """A change one stream consumer failed on, kept for it to retry (`sk` = the event id)."""
    return f"RETRY#{consumer}"


RETRIES_DUE = "RETRIES_DUE"  # gsi1: parked changes by when their retry is due


def package_seat(deal_id, seat):
    """Seat `seat` of a client's package of sessions, held by the activity booked on it (`sk = CLAIM`)."""
    return f"PACKAGE#{deal_id}#{seat}"


def portal_token(digest):
    """A client portal, by the SHA-256 of its token (`sk = PORTAL`): names the deal."""
    return f"PORTAL#{digest}"


PORTAL = "PORTAL"  # sk of a deal's portal (pk = DEAL#<id>) and of its token's item


def booking(digest):
    """A booking by the SHA-256 of its customer's token."""
    return f"BOOKING#{digest}"


BOOKING = "BOOKING"


def calendar_feed(digest):
    """A user's calendar feed by the SHA-256 of its token."""
    return f"FEED#{digest}"


FEED = "FEED"


def trash_entry(deleted_at, entity, record_id):
    return f"{deleted_at}#{entity}#{record_id}"


def pipeline_position(position, pipeline_id):
    return f"{position:04d}#{pipeline_id}"
