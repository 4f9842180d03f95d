"""Resume codes: unguessable, easy to write down and read out, and never stored (only their hash is).

Twelve characters of Crockford's base32 (no I, L, O or U) give 60 random bits, written as 7KQ2-M9XD-4T6H. When a
code is typed back, case, spaces and hyphens do not matter, and the letters people confuse with digits are read
as those digits (O as 0, I and L as 1), as Crockford's scheme specifies.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_HASH_PREFIX = b"safevoice resume code v1:"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The canonical form of a typed code (e.g. '7kq2 m9xd 4t6h' -> '7KQ2M9XD4T6H'); None if it cannot be one."""
    compact = "".join(typed.split()).replace("-", "").upper().translate(_READ_AS)
    if len(compact) != CODE_LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def code_hash(code: str) -> str:
    """What is stored. 60 random bits need no slow hash: guessing one of the live codes is already hopeless."""
    canonical = normalise(code)
    if canonical is None:
        raise ValueError("not a resume code")
    return hashlib.sha256(_HASH_PREFIX + canonical.encode("ascii")).hexdigest()


def placeholder_hash() -> str:
    """A value shaped like a code's hash that no code can match (another prefix, a preimage nobody knows)."""
    return hashlib.sha256(b"safevoice placeholder:" + secrets.token_bytes(32)).hexdigest()
