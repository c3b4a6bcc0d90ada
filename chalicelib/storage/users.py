"""Users, their unique emails, invites, password resets and the set of active admins."""
from chalicelib.storage import keys
from chalicelib.storage.conditions import BUSY, conflict_on_condition, is_condition_failure, is_transaction_conflict
from chalicelib.storage.models import AdminsItem, EmailClaim, InviteItem, ResetItem, SessionItem, UserItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.records import get_item, get_many, save_if_absent, stamp, transaction

LAST_ADMIN = "The workspace must keep at least one active administrator."


def get(user_id, consistent=False):
    """:raise NotFound: no such user."""
    return get_item(UserItem, keys.user(user_id), "USER", what="User", consistent=consistent)


def find_by_email(email):
    """The user owning normalized `email`, or None.

    Through the email claim, a strongly consistent read of the table, not the
    email index: a sign-in must see a user exactly as the last write left it.
    """
    try:
        claim = EmailClaim.get(keys.email_claim(email), "CLAIM", consistent_read=True)
    except EmailClaim.DoesNotExist:
        return None
    try:
        return UserItem.get(keys.user(claim.user_id), "USER", consistent_read=True)
    except UserItem.DoesNotExist:
        return None


def new_user(user_id, email, name, role, status, language, timezone, password_hash, actor):
    """An unsaved UserItem with its keys set."""
    item = UserItem(keys.user(user_id), "USER", entity="user", id=user_id, email=email,
                    name=name, role=role, status=status, language=language,
                    timezone=timezone, password_hash=password_hash, session_generation=0)
    item.gsi1pk, item.gsi1sk = keys.USERS_LIST, f"{user_id}"
    item.gsi2pk, item.gsi2sk = keys.email_claim(email), "USER"
    return stamp(item, actor, created=True)


def new_invite(digest, user_id, email, expires_at, ttl, actor):
    """An unsaved InviteItem."""
    item = InviteItem(keys.invite(digest), "INVITE", entity="invite", user_id=user_id,
                      email=email, expires_at=expires_at, ttl=ttl)
    return stamp(item, actor, created=True)


def _admins_key():
    return AdminsItem(keys.WORKSPACE, keys.ADMINS)


def _join_admins(tx, user_id, actor):
    from chalicelib.domain.clock import now_iso

    tx.update(_admins_key(), actions=[AdminsItem.ids.add({user_id}), AdminsItem.entity.set("admins"),
                                      AdminsItem.created_at.set(AdminsItem.created_at | now_iso()),
                                      AdminsItem.updated_at.set(now_iso()), AdminsItem.updated_by.set(actor)])


def _update_user(tx, user, actions, actor, condition=None, expected_version=None):
    """Update `user` inside `tx`, its version raised by one.

    With `expected_version`, the write is conditioned on it (a stale edit fails);
    without, it applies whatever the version (sign-outs, first sign-in language).
    """
    from chalicelib.domain.clock import now_iso

    target = UserItem(user.pk, user.sk)
    target.version = expected_version if expected_version is not None else (user.version or 0)
    tx.update(target, actions=actions + [UserItem.updated_at.set(now_iso()), UserItem.updated_by.set(actor)],
              condition=condition, add_version_condition=expected_version is not None)


def create(user, invite=None):
    """Save a new user, claiming its email in the same transaction (an active admin joins the admins).

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
                user.invite_digest = invite.pk.split("#", 1)[1]
                tx.save(invite, condition=InviteItem.pk.does_not_exist())
            if user.role == "admin" and user.status == "active":
                _join_admins(tx, user.id, user.updated_by)
    return user


def list_page(cursor=None, limit=50):
    """Users of the workspace in creation order: (items, next_cursor)."""
    return query_page(UserItem, keys.USERS_LIST, index="gsi1", cursor=cursor, limit=limit)


def has_any():
    """True once at least one user exists (bootstrap only, one Query)."""
    items, _ = query_page(UserItem, keys.USERS_LIST, index="gsi1", limit=1)
    return bool(items)


# -- sessions ----------------------------------------------------------------

def open_session(session, user, release=None, language=None):
    """Save `session` if `user` is still active under the same session generation.

    In one transaction with the reserved sign-in attempts given back (`release`,
    a function of the transaction) and, on a first sign-in, the browser's language.
    :raise Conflict: the user was disabled or signed out everywhere meanwhile.
    """
    condition = ((UserItem.status == "active")
                 & (UserItem.session_generation == (user.session_generation or 0)))
    with conflict_on_condition("This account changed while signing in. Try again.", code="account_changed"):
        with transaction() as tx:
            tx.save(session, condition=SessionItem.pk.does_not_exist())
            if language:
                _update_user(tx, user, [UserItem.language.set(language), UserItem.language_chosen.set(True)],
                             user.id, condition=condition)
            else:
                tx.condition_check(UserItem, user.pk, user.sk, condition=condition)
            if release:
                release(tx)
    if language:
        user.language, user.language_chosen, user.version = language, True, (user.version or 0) + 1
    return session


def end_all_sessions(user, actor):
    """Raise the user's session generation: every session minted before stops at once."""
    with transaction() as tx:
        _update_user(tx, user, [UserItem.session_generation.add(1)], actor, condition=UserItem.pk.exists())


# -- password changes ------------------------------------------------------------

def set_password(user, password_hash, actor, keep=None, extra=None):
    """Store a new password hash and end the user's other sessions, in one transaction.

    `keep` (the session making the change) survives; `extra(tx)` adds more writes.
    :raise Conflict: the user changed meanwhile (stale version).
    """
    version = user.version
    with conflict_on_condition("This account was changed meanwhile. Try again.", code="version_conflict"):
        with transaction() as tx:
            _update_user(tx, user, [UserItem.password_hash.set(password_hash), UserItem.session_generation.add(1)],
                         actor, expected_version=version)
            if keep is not None:
                tx.update(keep, actions=[SessionItem.generation.add(1)])
            if extra:
                extra(tx)
    user.password_hash, user.version = password_hash, version + 1
    user.session_generation = (user.session_generation or 0) + 1


def new_reset(digest, user, expires_at, ttl):
    """Save a password reset link of `user` (valid while its session generation holds)."""
    item = ResetItem(keys.reset(digest), "RESET", entity="password_reset", user_id=user.id,
                     generation=user.session_generation or 0, expires_at=expires_at, ttl=ttl)
    stamp(item, "password-reset", created=True).save()
    return item


def get_reset(digest):
    """(reset, user) for a reset link, either None when absent (one consistent BatchGetItem)."""
    reset = get_item(ResetItem, keys.reset(digest), "RESET", what="Reset link", consistent=True)
    found = get_many([(UserItem, keys.user(reset.user_id), "USER")], consistent=True)
    return reset, found.get((keys.user(reset.user_id), "USER"))


def use_reset(reset, moment):
    """A function of a transaction that uses up `reset` (it fails if used meanwhile)."""
    def write(tx):
        reset.used_at = moment
        tx.save(stamp(reset, "password-reset"), condition=ResetItem.used_at.does_not_exist())
    return write


# -- invitations ---------------------------------------------------------------

def get_invite(digest):
    """:raise NotFound: no such invite."""
    return get_item(InviteItem, keys.invite(digest), "INVITE", what="Invitation", consistent=True)


def accept_invite(invite, user, actor, moment):
    """Activate `user` and use up `invite`, both or neither (an admin joins the admins).

    :raise Conflict: the invite was used, or the user changed, meanwhile.
    """
    invite.used_at = moment
    stamp(invite, actor)
    stamp(user, actor)
    with conflict_on_condition("This invitation has already been used.", code="invite_used"):
        with transaction() as tx:
            tx.save(invite, condition=InviteItem.used_at.does_not_exist())
            tx.save(user)  # the version condition guards against a concurrent change
            if user.role == "admin":
                _join_admins(tx, user.id, actor)
    return user


def replace_invite(user, invite, actor):
    """Make `invite` the user's only working invitation (the previous link dies with it).

    :raise Conflict: the user accepted or changed meanwhile.
    """
    old_digest = user.invite_digest
    user.invite_digest = invite.pk.split("#", 1)[1]
    user.invite_expires_at = invite.expires_at
    user.invite_mail = None  # until this one's mail fails
    stamp(user, actor)
    with conflict_on_condition("This invitation changed meanwhile. Reload and try again.", code="version_conflict"):
        with transaction() as tx:
            tx.save(invite, condition=InviteItem.pk.does_not_exist())
            tx.save(user, condition=UserItem.status == "invited")
            if old_digest:
                tx.delete(InviteItem(keys.invite(old_digest), "INVITE"))
    return user


def note_invite_mail_failed(user):
    """Remember that the invitation mail did not go out (a new invitation forgets it)."""
    user.update(actions=[UserItem.invite_mail.set("failed")])


def delete_invited(user, actor):
    """Withdraw an invitation: the user, its email claim and its link go, in one transaction.

    :raise Conflict: the invitation was accepted meanwhile.
    """
    with conflict_on_condition("This invitation was accepted meanwhile.", code="invite_used"):
        with transaction() as tx:
            tx.delete(user, condition=UserItem.status == "invited")  # and the version read
            tx.delete(EmailClaim(keys.email_claim(user.email), "CLAIM"),
                      condition=EmailClaim.user_id == user.id)
            if user.invite_digest:
                tx.delete(InviteItem(keys.invite(user.invite_digest), "INVITE"))


# -- roles and status --------------------------------------------------------------

def change_access(user, changes, expected_version, actor, admin_delta):
    """Apply a role or status change; `admin_delta` -1 / +1 takes the user out of / into the admins.

    The admins set moves in the same transaction, and losing one is conditioned
    on another remaining: concurrent demotions never leave zero active admins.
    A status change other than activation also ends the user's sessions.
    :raise Conflict: stale version (version_conflict), or the last admin (last_admin).
    """
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.expressions.condition import size

    from chalicelib.errors import Conflict

    ensure_admins()
    actions = [getattr(UserItem, name).set(value) for name, value in changes.items()]
    if changes.get("status") == "disabled":
        actions.append(UserItem.session_generation.add(1))
    try:
        with transaction() as tx:
            _update_user(tx, user, actions, actor, condition=UserItem.pk.exists(), expected_version=expected_version)
            if admin_delta < 0:
                tx.update(_admins_key(), actions=[AdminsItem.ids.delete({user.id})],
                          condition=AdminsItem.ids.contains(user.id) & (size(AdminsItem.ids) > 1))
            elif admin_delta > 0:
                _join_admins(tx, user.id, actor)
    except TransactWriteError as exc:
        if is_transaction_conflict(exc):
            raise Conflict(BUSY, code="busy") from exc
        if not is_condition_failure(exc):
            raise
        reasons = [getattr(r, "code", None) for r in exc.cancellation_reasons or []]
        if admin_delta < 0 and len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise Conflict(LAST_ADMIN, code="last_admin") from exc
        raise Conflict("This user was changed by someone else. Reload and try again.",
                       code="version_conflict") from exc
    for name, value in changes.items():
        setattr(user, name, value)
    user.version = expected_version + 1
    return user


def ensure_admins():
    """Create the admins set from the users list once (workspaces made before it existed)."""
    try:
        AdminsItem.get(keys.WORKSPACE, keys.ADMINS, consistent_read=True)
        return
    except AdminsItem.DoesNotExist:
        pass
    ids, cursor = set(), None
    while True:
        page, cursor = list_page(cursor, 200)
        ids |= {u.id for u in page if u.role == "admin" and u.status == "active"}
        if not cursor:
            break
    save_if_absent(stamp(AdminsItem(keys.WORKSPACE, keys.ADMINS, entity="admins", ids=ids or None), "migration",
                         created=True))


# -- calendar feeds ------------------------------------------------------------------

def set_feed(user, digest, actor):
    """Give `user` one calendar feed: the item under the new token's digest, the old one gone."""
    from chalicelib.storage.models import DerivedItem

    with transaction() as tx:
        tx.save(stamp(DerivedItem(keys.calendar_feed(digest), keys.FEED, entity="calendar_feed", source=user.pk,
                                  data={"user_id": user.id}), actor, created=True))
        if user.feed_digest:
            tx.delete(DerivedItem(keys.calendar_feed(user.feed_digest), keys.FEED))
        _update_user(tx, user, [UserItem.feed_digest.set(digest)], actor)
    user.feed_digest = digest


def drop_feed(user, actor):
    """Revoke `user`'s calendar feed: its URL stops working."""
    from chalicelib.storage.models import DerivedItem

    if not user.feed_digest:
        return
    with transaction() as tx:
        tx.delete(DerivedItem(keys.calendar_feed(user.feed_digest), keys.FEED))
        _update_user(tx, user, [UserItem.feed_digest.remove()], actor)
    user.feed_digest = None
