"""Outgoing webhooks: other systems told when something happens in the programme.

A subscriber (a partner's system) gives a URL and the events it wants; arraigo signs every
payload with the subscriber's secret (HMAC-SHA256), posts it from a background task, retries
with backoff and keeps a delivery log (docs/webhooks.md). Apps above this one announce their
events with `webhooks.services.event_emit(event=..., payload=...)`: the deliveries are written in
the caller's transaction and sent once it commits. Payloads carry codes, ids, dates and counts,
never names.
"""
