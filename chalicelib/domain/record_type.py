"""What a record type is: everything the CRM knows about one kind of record, declared in one place.

A type (persons.py, organizations.py, deals.py, activities.py, notes.py)
subclasses `RecordType` and says, in domain terms, what its records are:
fields and rules, what they link to, how they show on timelines, in lists
and in search, what else their state implies (`copies`), what a write needs
to read first (`needs`) and who sees them. The write path, the derived items
and the list pages are written once against these declarations, so a new
type touches its declaration and its routes only.
"""
from collections import namedtuple

from chalicelib.domain.record_fields import normalize_common
from chalicelib.domain.settings import CUSTOM_FIELDS_KEY
from chalicelib.domain.text import digits, fold, sort_key, words
from chalicelib.domain.validation import VERSION, Schema

# Which field links to which record type (a record type declares the ones it has).
LINK_TARGETS = {"org_id": "organization", "person_id": "person", "deal_id": "deal", "activity_id": "activity",
                "lead_id": "lead"}
LINK_FIELD = {entity: field for field, entity in LINK_TARGETS.items()}
MAX_TERMS = 20

# A fact a record's state implies outside its own item, stated in domain terms:
# `kind` names it (member, related, email_claim), `holder` is where it lives
# ((entity, id), or the claimed value), `data` what it says. Storage gives it its keys.
Copy = namedtuple("Copy", "kind holder data")


class RecordType:
    """One kind of record. Subclasses set the class attributes and override the hooks they need."""

    entity = prefix = plural = title_field = None
    path = None  # its routes' collection, when not its plural (scheduler/links)
    fields = {}
    defaults = {}
    owned = True  # has an owner, its creator unless told
    custom_fields = False  # takes the custom fields defined in Settings
    searched = False  # the header search finds it
    on_timelines = False  # it shows on the timelines of the records it links to
    page_timeline = False  # its page shows one timeline of what links to it
    link_choice = False  # deleting it asks what becomes of its linked records (else they go along)
    attached = False  # it belongs to the record it links to: deleting that one always takes it along
    inherits = ()  # link fields through which it also shows on the linked record's own records
    follows = {}  # {link field: fields it takes over from the linked record when that one changes hands}
    orders = ()  # how its lists sort: name, created, due
    filters = ()  # data fields a list filters on (?field=value)
    visible_to = "workspace"  # who sees it: every user of the workspace (no private records yet)

    def __init__(self):
        name = self.entity.capitalize()
        self.create_schema = Schema(name, self.fields)
        patch = {k: f.copy(required=False) if f.required else f for k, f in self.fields.items()}
        self.patch_schema = Schema(f"{name}Update", {**patch, "version": VERSION})
        self.links = [f for f in self.fields if f in LINK_TARGETS]

    # -- values ----------------------------------------------------------------------

    def normalize(self, data):
        """`data` cleaned the same way whoever wrote it."""
        return normalize_common(data)

    def check(self, data):
        """Rules across fields, on the state after a write. :raise InvalidInput: one is broken."""

    def title(self, data):
        """What a record is called in lists, search results and the trash."""
        return data.get(self.title_field) or ""

    # -- where it shows ------------------------------------------------------------

    def summary(self, data):
        """What a timeline entry of this record shows."""
        return {}

    def timeline_time(self, record):
        """When it sits on a timeline: by default, when it was created."""
        return record["created_at"]

    def shown_on(self, record, context):
        """Records whose timelines show this one, [(entity, id)]: what it links to, and through
        `inherits` what those link to (an activity on a deal shows on the deal's person too).

        `context`: {id: state} of the records it links to.
        """
        data, parents = record["data"], []
        if not self.on_timelines:
            return []
        for field in self.links:
            if data.get(field):
                parents.append((LINK_TARGETS[field], data[field]))
        for field in self.inherits:
            linked = context.get(data.get(field) or "")
            if linked:
                for sub in ("person_id", "org_id", "deal_id"):
                    if linked["data"].get(sub):
                        parents.append((LINK_TARGETS[sub], linked["data"][sub]))
        return list(dict.fromkeys(parents))

    def copies(self, record, context):
        """What else this state implies: [Copy] (members, relations, unique claims, board cards).

        `context`: {id: state} of the records it links to.
        """
        return []

    def events(self, old, new):
        """Facts a write appends for good, [(kind, data)]: kept when the record changes again
        (a deal's stage history). `old` is None when created."""
        return []

    def subtitle(self, data):
        """The second line of a search result."""
        return ""

    def search_terms(self, data):
        """The folded prefixes the search box matches: name, words, emails, domains, phone digits."""
        title = self.title(data)
        terms = [sort_key(title, 60)] + [w[:60] for w in words(title)[:8]]
        for email in data.get("emails", []):
            terms += [email["value"][:60], email["value"].split("@")[-1][:60]]
        for phone in data.get("phones", []):
            number = digits(phone["value"])
            # As stored, and its last 9 digits: `+33 6 12…` is found by `06 12…` and `6 12…`.
            terms += [number[:30], number[-9:]]
        if data.get("domain"):
            terms.append(fold(data["domain"])[:60])
        return [t for t in dict.fromkeys(terms) if len(t) >= 2][:MAX_TERMS]

    def list_values(self, record):
        """{order: sort value} for the lists it appears in (see `orders`)."""
        values = {}
        if "name" in self.orders:
            values["name"] = sort_key(self.title(record["data"]))
        if "created" in self.orders:
            values["created"] = record["id"]
        return values

    # -- writing ---------------------------------------------------------------------

    def needs(self, data):
        """What a write must read first, as needs: ("record", entity, id), ("user", id),
        ("pipeline", id), ("workspace",), ("settings", name)."""
        wanted = [("record", LINK_TARGETS[f], data[f]) for f in self.links if data.get(f)]
        if data.get("owner_id"):
            wanted.append(("user", data["owner_id"]))
        if self.custom_fields and data.get("custom"):
            wanted.append(("settings", CUSTOM_FIELDS_KEY))
        return wanted

    def complete(self, write):
        """Fill what depends on other records and check against them (a `Write`'s errors by field).

        Types override this for defaults such as a deal's stage.
        """

    def new_links(self, data, old_data):
        """[(entity, id)] this write links to for the first time, beyond its link fields."""
        return []



class Write:
    """One record write being checked against what it links to.

    `data` is the state to write (filled in place), `old_data` the state before
    (None when created), `changed` the fields an edit sets (None when created):
    rules that depend on Settings (activity types, custom fields, an active
    owner) apply to those only, so an admin removing a type never freezes old
    records. `found(need)` is what was read for a need, None when absent;
    `load(needs)` reads more.
    """

    def __init__(self, record_id, data, old_data, changed, found, load, moment):
        self.record_id, self.data, self.old_data, self.changed = record_id, data, old_data, changed
        self.found, self.load = found, load
        self.moment = moment  # when the write happens (ISO), for times it sets
        self.errors = {}

    @property
    def creating(self):
        return self.old_data is None

    def touched(self, field):
        """True when this write sets `field` (always, on creation)."""
        return self.changed is None or field in self.changed

    def refuse(self, field, message):
        self.errors[field] = message

    def linked_live(self, entity, record_id):
        """The state of a linked record, or None when it is absent or in the trash."""
        linked = self.found(("record", entity, record_id))
        return None if linked is None or linked.get("deleted_at") else linked
