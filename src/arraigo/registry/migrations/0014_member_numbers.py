"""Members get a number in their household (1 for the head, then by birth date), stable and
never reused: follow-up surveys and the people export refer to members by it."""

from django.db import migrations, models


def number_members(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    Household = apps.get_model("registry", "Household")
    rows = Person.objects.order_by("household_id", "date_of_birth", "id").values_list(
        "id", "household_id", "relationship"
    )
    by_household: dict[int, list[tuple[int, str]]] = {}
    for pk, household_id, relationship in rows:
        by_household.setdefault(household_id, []).append((pk, relationship))
    changed = []
    tops = []
    for household_id, people in by_household.items():
        people.sort(key=lambda p: p[1] != "head")  # stable: the head first, others by birth
        for number, (pk, _relationship) in enumerate(people, 1):
            changed.append(Person(pk=pk, member_no=number))
        tops.append(Household(pk=household_id, last_member_no=len(people)))
    Person.objects.bulk_update(changed, ["member_no"], batch_size=2000)
    Household.objects.bulk_update(tops, ["last_member_no"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("registry", "0013_move_notes_transfers_to_casefile")]

    operations = [
        migrations.AddField(
            model_name="household",
            name="last_member_no",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="last member number given"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="member_no",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="member number"
            ),
        ),
        migrations.RunPython(number_members, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="member_no",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="member number"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                fields=("household", "member_no"), name="member_no_unique"
            ),
        ),
    ]
