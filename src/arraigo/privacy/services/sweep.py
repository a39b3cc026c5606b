"""The bookkeeping of one erasure: which rows went, which were overwritten, how many of each.

Rows are removed through the ORM (so a value stored encrypted, or under a keyed hash, goes
with its row whatever its form) after Django's own deletion collector has listed every row the
deletion reaches through CASCADE: those rows' audit entries are pseudonymised too. A field is
overwritten by a queryset update (no new audit entry repeating the old value).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.deletion import Collector

from .trail import trail_pseudonymise_fields, trail_pseudonymise_removed


class Sweep:
    def __init__(self) -> None:
        self.removed: dict[type[models.Model], set[str]] = defaultdict(set)
        self.overwritten: dict[type[models.Model], dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.counts: Counter[str] = Counter()

    def remove(self, queryset: models.QuerySet[Any]) -> int:
        """Delete the rows of `queryset` and every row that goes with them."""
        collector = Collector(using=queryset.db, origin=queryset)
        collector.collect(queryset)  # type: ignore[arg-type]  # a queryset is collected as rows
        for model, instances in collector.data.items():
            self.removed[model].update(str(obj.pk) for obj in instances)
        for fast in collector.fast_deletes:
            if auditlog.contains(fast.model):
                self.removed[fast.model].update(str(pk) for pk in fast.values_list("pk", flat=True))
        total, per_label = queryset.delete()
        for label, count in per_label.items():
            if count:
                self.counts[label] += count
        return total

    def overwrite(self, queryset: models.QuerySet[Any], **values: Any) -> int:
        """Overwrite `values` (blank or None) on the rows of `queryset`, which stay."""
        pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        if not pks:
            return 0
        model = queryset.model
        for pk in pks:
            self.overwritten[model][pk].update(values)
        model._default_manager.filter(pk__in=pks).update(**values)
        self.counts[f"{model._meta.label} (overwritten)"] += len(pks)
        return len(pks)

    def pseudonymise_trail(self, *, label: str) -> int:
        """Pseudonymise the audit entries of every row removed or overwritten."""
        audited = [m for m in {*self.removed, *self.overwritten} if auditlog.contains(m)]
        types = ContentType.objects.get_for_models(*audited)
        removed = {types[m].pk: pks for m, pks in self.removed.items() if m in types}
        # A row both overwritten and removed later counts as removed.
        overwritten = {
            types[m].pk: {
                pk: fields
                for pk, fields in by_pk.items()
                if pk not in removed.get(types[m].pk, set())
            }
            for m, by_pk in self.overwritten.items()
            if m in types
        }
        done = trail_pseudonymise_removed(rows=removed, label=label)
        return done + trail_pseudonymise_fields(rows=overwritten)

    def counts_plain(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))
