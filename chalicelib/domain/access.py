"""Who is acting: the principal a request authenticated as."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    """An authenticated user as a request sees it."""

    user_id: str
    role: str
    session_id: str
    token_digest: str
    user: object = field(default=None, compare=False, repr=False)  # the user item read with the session

    @property
    def actor(self):
        """The `updated_by` value of this principal's writes."""
        return self.user_id


def system_principal(job):
    """Who a scheduled job or a stream consumer acts as: `system:<job>` in `updated_by`."""
    return Principal(user_id=f"system:{job}", role="admin", session_id="system", token_digest="system")
