"""The demo accounts banner printed by `arraigo serve` (registered in DemoConfig.ready)."""

from __future__ import annotations

from arraigo.accounts.models import User
from arraigo.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


def demo_accounts_lines() -> list[str]:
    """One line per demo account that exists and is active; nothing outside a demo database."""
    users = (
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS], is_active=True)
        .select_related("office", "city", "employer", "provider")
        .order_by("username")
    )
    lines = []
    for user in users:
        scope = user.office or user.city or user.employer or user.provider
        where = f" ({scope})" if scope else ""
        lines.append(f"{user.username:<28} {user.get_role_display()}{where}")
    if lines:
        lines.append(f"demo password: {DEMO_PASSWORD}")
    return lines
