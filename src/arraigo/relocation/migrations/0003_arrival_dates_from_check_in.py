"""Check-ins recorded before the arrival date existed arrived on the local day they were
recorded: fill `arrived_on` of tickets and arrived plans from it (reverse: nothing to undo,
the column goes with the schema migration)."""

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    Ticket = apps.get_model("relocation", "Ticket")
    RelocationPlan = apps.get_model("relocation", "RelocationPlan")
    tickets = Ticket.objects.filter(checked_in_at__isnull=False, arrived_on__isnull=True)
    for ticket in tickets.only("id", "checked_in_at").iterator(chunk_size=2000):
        Ticket.objects.filter(pk=ticket.pk).update(
            arrived_on=timezone.localdate(ticket.checked_in_at)
        )
    plans = RelocationPlan.objects.filter(arrived_at__isnull=False, arrived_on__isnull=True)
    for plan in plans.only("id", "arrived_at").iterator(chunk_size=2000):
        RelocationPlan.objects.filter(pk=plan.pk).update(
            arrived_on=timezone.localdate(plan.arrived_at)
        )


class Migration(migrations.Migration):
    dependencies = [("relocation", "0002_arrival_dates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
