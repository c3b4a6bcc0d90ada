"""Demo records for a first local start (`CRM_DEMO=0` skips them).

Written through the same use cases a user goes through, so the demo is also
a smoke test of the write path: links, timelines and search all hold.
"""
from datetime import timedelta

from chalicelib.domain.access import Principal
from chalicelib.domain.clock import now, to_iso
from chalicelib.services import records

_TEXT = {
    "fr": {
        "orgs": [("Cabinet Moreau", "conseil", "cabinet-moreau.fr"), ("Atelier Lumen", "design", "atelier-lumen.fr")],
        "persons": [("Claire Moreau", 0, "claire@cabinet-moreau.fr", "+33 6 12 34 56 78"),
                    ("Hugo Bernard", 0, "hugo@cabinet-moreau.fr", "+33 6 98 76 54 32"),
                    ("Inès Lefèvre", 1, "ines@atelier-lumen.fr", "+33 7 11 22 33 44")],
        "deals": [("Coaching d'équipe — 6 séances", 0, 4800), ("Atelier stratégie", 2, 1500)],
        "activities": [("call", "Appel de découverte", 1), ("meeting", "Présentation de la proposition", 3),
                       ("task", "Envoyer le devis", -1)],
        "note": "Rencontrée au salon **RH Connect**.\n\n- Équipe de 12 personnes\n- Budget validé en janvier",
    },
    "en": {
        "orgs": [("Moreau Partners", "consulting", "moreau-partners.com"), ("Lumen Studio", "design", "lumen.studio")],
        "persons": [("Claire Moreau", 0, "claire@moreau-partners.com", "+1 415 555 0101"),
                    ("Hugo Bernard", 0, "hugo@moreau-partners.com", "+1 415 555 0102"),
                    ("Ines Lefevre", 1, "ines@lumen.studio", "+1 415 555 0103")],
        "deals": [("Team coaching — 6 sessions", 0, 4800), ("Strategy workshop", 2, 1500)],
        "activities": [("call", "Discovery call", 1), ("meeting", "Proposal walkthrough", 3),
                       ("task", "Send the quote", -1)],
        "note": "Met at **HR Connect**.\n\n- Team of 12\n- Budget approved in January",
    },
}


def load_demo(admin_id, language="fr"):
    """Create a small, linked set of records owned by `admin_id`."""
    text = _TEXT.get(language, _TEXT["fr"])
    actor = Principal(user_id=admin_id, role="admin", session_id="demo", token_digest="demo")
    orgs = [records.create(actor, "organization", {"name": n, "industry": i, "domain": d})
            for n, i, d in text["orgs"]]
    persons = [records.create(actor, "person", {"name": n, "org_id": orgs[o]["id"],
                                                "emails": [{"value": e, "label": "work"}],
                                                "phones": [{"value": p, "label": "mobile"}]})
               for n, o, e, p in text["persons"]]
    deals = [records.create(actor, "deal", {"title": t, "person_id": persons[p]["id"], "value": v})
             for t, p, v in text["deals"]]
    today = now().replace(hour=9, minute=0, second=0, microsecond=0)
    for kind, subject, days in text["activities"]:
        records.create(actor, "activity", {"type": kind, "subject": subject, "deal_id": deals[0]["id"],
                                           "due_at": to_iso(today + timedelta(days=days))})
    records.create(actor, "note", {"content": text["note"], "person_id": persons[0]["id"], "pinned": True})
    return {"organizations": len(orgs), "persons": len(persons), "deals": len(deals)}
