"""What each kind of task is called on the tasks page, and the page it belongs to.

Apps register their tasks in `AppConfig.ready` (this app sits below them and cannot import
them): `kind_register("arraigo.matching.tasks.matching_run", _("Matching run"), run_link)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Link = Callable[[Sequence[Any], dict[str, Any]], str | None]
Title = Callable[[Sequence[Any], dict[str, Any]], str]


@dataclass(frozen=True)
class Kind:
    path: str
    label: str | Promise
    link: Link | None = None
    title: Title | None = None

    def title_for(self, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
        """The task's own name ("Matching run 12"), or its kind's."""
        if self.title is not None:
            try:
                return self.title(args, kwargs)
            except (LookupError, TypeError, ValueError):
                pass
        return str(self.label)

    def link_for(self, args: Sequence[Any], kwargs: dict[str, Any]) -> str | None:
        if self.link is None:
            return None
        try:
            return self.link(args, kwargs)
        except (LookupError, TypeError, ValueError):
            return None


_kinds: dict[str, Kind] = {}


def kind_register(
    path: str, label: str | Promise, link: Link | None = None, title: Title | None = None
) -> None:
    _kinds[path] = Kind(path, label, link, title)


def kind_of(path: str) -> Kind:
    return _kinds.get(path) or Kind(path, path.rsplit(".", 1)[-1].replace("_", " "))


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))
