"""How a delivery is signed, and how a receiver checks it (docs/webhooks.md has the same code).

The signature is HMAC-SHA256, keyed with the subscriber's secret, of the timestamp, a dot and
the raw body: `X-Arraigo-Signature: sha256=<hex>` beside `X-Arraigo-Timestamp: <unix seconds>`.
Signing the timestamp with the body means an old delivery replayed later fails the receiver's
age check, and its timestamp cannot be changed without breaking the signature.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Arraigo-Signature"
TIMESTAMP_HEADER = "X-Arraigo-Timestamp"
EVENT_HEADER = "X-Arraigo-Event"
DELIVERY_HEADER = "X-Arraigo-Delivery"
TOLERANCE = 300  # seconds a receiver should accept between the timestamp and its clock


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signature_valid(
    secret: str, *, header: str, timestamp: str, body: bytes, now: float, tolerance: int = TOLERANCE
) -> bool:
    """What a receiver does: the timestamp is recent and the signature matches (constant time)."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, sent, body), header)
