"""Every write of the notifications app: a user's choice of emails, and the runs that send them
(each message recorded as sent in the transaction that hands it to the mail server)."""

from .delivery import SendResult
from .digest import digest_send
from .events import notifications_send
from .preferences import preference_set

__all__ = ["SendResult", "digest_send", "notifications_send", "preference_set"]
