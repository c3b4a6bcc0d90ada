"""Password hashing with argon2 (imported on first use: it is not on every cold path)."""
_HASHER = None


def _hasher():
    global _HASHER
    if _HASHER is None:
        from argon2 import PasswordHasher

        from chalicelib import config

        _HASHER = PasswordHasher(time_cost=config.ARGON2_TIME_COST,
                                 memory_cost=config.ARGON2_MEMORY_KIB,
                                 parallelism=config.ARGON2_PARALLELISM)
    return _HASHER


def hash_password(password):
    """The argon2id hash to store for `password`."""
    return _hasher().hash(password)


def verify_password(stored_hash, password):
    """True when `password` matches; False for a mismatch or no stored hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if not stored_hash:
        # Spend the same time as a real check so absent users are not revealed by timing.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash):
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(stored_hash)
