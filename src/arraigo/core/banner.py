"""The demo accounts banner printed by `arraigo serve`."""

from __future__ import annotations

from arraigo.accounts.models import User

DEMO_PASSWORD_NOTE = "demo password: demo1234"  # noqa: S105  (printed for the demo only)


def demo_accounts_lines() -> list[str]:
    """One line per demo account (the seed's users named demo-*), for the start-up banner."""
    users = (
        User.objects.filter(username__startswith="demo-", is_active=True)
        .select_related("office", "city", "employer", "provider")
        .order_by("username")
    )
    lines = []
    for user in users:
        scope = user.office or user.city or user.employer or user.provider
        where = f" ({scope})" if scope else ""
        lines.append(f"{user.username:<28} {user.get_role_display()}{where}")
    if lines:
        lines.append(DEMO_PASSWORD_NOTE)
    return lines
