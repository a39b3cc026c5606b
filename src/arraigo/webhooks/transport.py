"""One POST to a subscriber: a timeout, no redirect followed, the answer's status or the error.

Standard library only (urllib). A redirect is answered as a failure ("redirected (302)"): a
payload goes to the URL the coordinator entered and nowhere else.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Answer:
    status: int | None  # the HTTP status, None when no answer came
    error: str  # "" on a 2xx


class Post(Protocol):
    def __call__(
        self, url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> Answer: ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status


_opener = urllib.request.build_opener(_NoRedirect)
ERROR_MAX = 300


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        kind = "redirected" if 300 <= exc.code < 400 else "answered"
        return Answer(exc.code, f"{kind} {exc.code}")
    except TimeoutError:
        return Answer(None, f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(None, str(reason)[:ERROR_MAX])
    if 200 <= status < 300:
        return Answer(status, "")
    return Answer(status, f"answered {status}")
