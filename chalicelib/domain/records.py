"""The CRM's record types, each declared once in its own module, gathered here.

persons.py, organizations.py, deals.py, activities.py and notes.py each
declare one `RecordType` (record_type.py); this registry is what the write
path, the derived items, the lists and the routes look types up in.
"""
from chalicelib.domain.activities import ACTIVITY
from chalicelib.domain.deals import DEAL
from chalicelib.domain.files import FILE
from chalicelib.domain.leads import LEAD
from chalicelib.domain.notes import NOTE
from chalicelib.domain.organizations import ORGANIZATION
from chalicelib.domain.persons import PERSON
from chalicelib.domain.scheduler_links import SCHEDULER_LINK
from chalicelib.domain.workflow_type import WORKFLOW
from chalicelib.domain.record_type import LINK_FIELD, LINK_TARGETS
from chalicelib.domain.settings import custom_fields_schema

# Parents first: a restore brings back what the deletion took along in this order.
TYPES = {t.entity: t for t in (ORGANIZATION, PERSON, LEAD, DEAL, ACTIVITY, NOTE, FILE, SCHEDULER_LINK, WORKFLOW)}
BY_PREFIX = {t.prefix: t for t in TYPES.values()}
LINKS = LINK_TARGETS
CUSTOM_FIELD_ENTITIES = tuple(e for e, t in TYPES.items() if t.custom_fields)
CUSTOM_FIELDS = custom_fields_schema(CUSTOM_FIELD_ENTITIES)
__all__ = ["TYPES", "BY_PREFIX", "LINKS", "LINK_FIELD", "CUSTOM_FIELD_ENTITIES", "CUSTOM_FIELDS", "title_of"]


def title_of(entity, data):
    """What a record is called in lists, search results and the trash."""
    return TYPES[entity].title(data)
