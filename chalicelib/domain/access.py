"""Who is acting: the principal a request authenticated as."""


class Principal:
    """An authenticated user as a request sees it (a plain class: no dataclass on the cold path)."""

    __slots__ = ("user_id", "role", "session_id", "token_digest", "user")

    def __init__(self, user_id, role, session_id, token_digest, user=None):
        self.user_id, self.role, self.session_id, self.token_digest = user_id, role, session_id, token_digest
        self.user = user  # the user item read with the session, when there is one

    @property
    def actor(self):
        """The `updated_by` value of this principal's writes."""
        return self.user_id

    def __repr__(self):
        return f"Principal({self.user_id!r}, {self.role!r})"


def system_principal(job):
    """Who a scheduled job or a stream consumer acts as: `system:<job>` in `updated_by`."""
    return Principal(user_id=f"system:{job}", role="admin", session_id="system", token_digest="system")
