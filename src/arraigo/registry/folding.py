"""Names folded for search: accents off, lower case ("JOSÉ Núñez" -> "jose nunez"). The
stored `Person.name_folded` and the words searched are folded by the same function."""

from __future__ import annotations

# Accented letters folded to their base letter, in both cases.
_ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçýÿ"
_PLAIN = "aaaaaaeeeeiiiiooooouuuuncyy"
_FOLD_TABLE = str.maketrans(_ACCENTED + _ACCENTED.upper(), _PLAIN + _PLAIN.upper())


def fold_text(text: str) -> str:
    """Accents off the letters in _ACCENTED, then lower case."""
    return text.translate(_FOLD_TABLE).lower()


def folded_name(first_names: str, last_names: str) -> str:
    """What a person's name is searched in: "first names last names", folded."""
    return fold_text(f"{first_names} {last_names}")
