"""Domain errors, raised once where a rule is broken, turned into HTTP once.

Services and repositories raise these; `chalicelib.api.routing` maps them to
the DESIGN §8 error body `{"error": {"code", "message", "details"}}`.
"""


class DomainError(Exception):
    """Base of every error a user can cause; `status` is its HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(self, message, details=None, code=None, headers=None):
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.headers = headers or {}
        if code:
            self.code = code

    def to_body(self):
        """The JSON error body of DESIGN §8."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInput(DomainError):
    status = 400
    code = "validation_error"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(DomainError):
    status = 422
    code = "unprocessable"


class TooManyRequests(DomainError):
    status = 429
    code = "rate_limited"
