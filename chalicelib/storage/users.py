"""Users, their unique emails, and invites."""
from chalicelib.storage import keys
from chalicelib.storage.conditions import conflict_on_condition
from chalicelib.storage.models import EmailClaim, InviteItem, UserItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.records import get_item, stamp, transaction


def get(user_id):
    """:raise NotFound: no such user."""
    return get_item(UserItem, keys.user(user_id), "USER", what="User")


def find_by_email(email):
    """The user owning normalized `email`, or None (one Query on gsi2)."""
    for item in UserItem.gsi2.query(keys.email_claim(email), UserItem.gsi2sk == "USER", limit=1):
        return item
    return None


def new_user(user_id, email, name, role, status, language, timezone, password_hash, actor):
    """An unsaved UserItem with its keys set."""
    item = UserItem(keys.user(user_id), "USER", entity="user", id=user_id, email=email,
                    name=name, role=role, status=status, language=language,
                    timezone=timezone, password_hash=password_hash)
    item.gsi1pk, item.gsi1sk = keys.USERS_LIST, f"{user_id}"
    item.gsi2pk, item.gsi2sk = keys.email_claim(email), "USER"
    return stamp(item, actor, created=True)


def new_invite(digest, user_id, email, expires_at, ttl, actor):
    """An unsaved InviteItem."""
    item = InviteItem(keys.invite(digest), "INVITE", entity="invite", user_id=user_id,
                      email=email, expires_at=expires_at, ttl=ttl)
    return stamp(item, actor, created=True)


def create(user, invite=None):
    """Save a new user, claiming its email in the same transaction.

    :raise Conflict: the email belongs to another user already.
    """
    claim = stamp(EmailClaim(keys.email_claim(user.email), "CLAIM", entity="email_claim",
                             user_id=user.id), user.updated_by, created=True)
    with conflict_on_condition("A user with this email already exists.",
                               details={"email": "Already used by another user."},
                               code="duplicate"):
        with transaction() as tx:
            tx.save(claim, condition=EmailClaim.pk.does_not_exist())
            tx.save(user)  # version None: PynamoDB conditions on absence and writes 1
            if invite is not None:
                tx.save(invite, condition=InviteItem.pk.does_not_exist())
    return user


def list_page(cursor=None, limit=50):
    """Users of the workspace in creation order: (items, next_cursor)."""
    return query_page(UserItem, keys.USERS_LIST, index="gsi1", cursor=cursor, limit=limit)


def get_invite(digest):
    """:raise NotFound: no such invite."""
    return get_item(InviteItem, keys.invite(digest), "INVITE", what="Invitation", consistent=True)


def accept_invite(invite, user, actor, moment):
    """Activate `user` and use up `invite`, both or neither.

    :raise Conflict: the invite was used, or the user changed, meanwhile.
    """
    invite.used_at = moment
    stamp(invite, actor)
    stamp(user, actor)
    with conflict_on_condition("This invitation has already been used.", code="invite_used"):
        with transaction() as tx:
            tx.save(invite, condition=InviteItem.used_at.does_not_exist())
            tx.save(user)  # the version condition guards against a concurrent change
    return user


def has_any():
    """True once at least one user exists (bootstrap only, one Query)."""
    items, _ = query_page(UserItem, keys.USERS_LIST, index="gsi1", limit=1)
    return bool(items)
