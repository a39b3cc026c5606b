"""The language of the API's messages: the caller's Accept-Language (Spanish by default).

The web pages ignore the browser's language (core.middleware); a program says which it wants.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header


def request_language(request: HttpRequest) -> str:
    """The first language of Accept-Language the programme speaks ("en-GB" counts as "en"),
    else the default (Spanish)."""
    supported = {code for code, _name in settings.LANGUAGES}
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:200]):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return str(settings.LANGUAGE_CODE)
