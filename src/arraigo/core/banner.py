"""What `arraigo serve` prints before it starts: apps register a titled block, core knows none.

The demo app registers its accounts (DemoConfig.ready), so the banner appears only where the
demo is installed, and core imports no app.
"""

from __future__ import annotations

from collections.abc import Callable

BannerLines = Callable[[], list[str]]

_blocks: list[tuple[str, BannerLines]] = []


def banner_register(*, title: str, lines: BannerLines) -> None:
    """Add a block to the banner; `lines` is called at start-up and an empty list prints nothing."""
    if (title, lines) not in _blocks:
        _blocks.append((title, lines))


def banner_blocks() -> list[tuple[str, list[str]]]:
    """The registered blocks that have lines now, in registration order."""
    blocks = [(title, lines()) for title, lines in _blocks]
    return [(title, found) for title, found in blocks if found]
