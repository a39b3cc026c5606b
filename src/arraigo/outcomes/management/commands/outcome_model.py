"""`arraigo outcome-model train|show`: learn the outcome model, or show the one in use."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from arraigo.core.errors import ValidationFailed
from arraigo.outcomes.api import model_in_use
from arraigo.outcomes.features import feature_label
from arraigo.outcomes.models import OutcomeModel, TrainingSource
from arraigo.outcomes.selectors import outcome_model_current
from arraigo.outcomes.services import GROUPINGS, outcome_model_train

TOP_COEFFICIENTS = 8
GROUPING_LABELS = {
    "head_sex": _lazy("Sex of the head"),
    "nationality": _lazy("Nationality of the head"),
    "specific_needs": _lazy("Specific needs"),
}


def _number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


class Command(BaseCommand):
    help = (
        "The outcome model (probability of formal work at 6 months). 'train' learns it from "
        "the follow-up history and stores a new version with its held-out AUC and "
        "calibration; 'show' prints the model in use (learned, or the priors)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{train,show}")
        train = actions.add_parser("train", help="learn and store a new version")
        train.add_argument("--seed", type=int, default=0, help="seed of the held-out split")
        train.add_argument(
            "--test-share", type=float, default=0.25, help="share held out (default 0.25)"
        )
        train.add_argument(
            "--activate",
            action="store_true",
            help="put the new model in use even if it ranks worse than the priors",
        )
        actions.add_parser("show", help="print the model in use")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            try:
                model = outcome_model_train(
                    seed=options["seed"],
                    test_share=options["test_share"],
                    activate=options["activate"],
                )
            except ValidationFailed as error:
                raise CommandError(error.message) from error
            self._train_report(model)
        else:
            self._show()

    def _train_report(self, model: OutcomeModel) -> None:
        out = self.stdout.write
        out(
            _("Stored outcome model %(label)s: trained on %(train)d rows, tested on %(test)d.")
            % {"label": model.label, "train": model.trained_on, "test": model.test_rows}
        )
        out(
            _("AUC %(auc)s (priors on the same rows %(prior)s), Brier score %(brier)s.")
            % {
                "auc": _number(model.auc),
                "prior": _number(model.prior_auc),
                "brier": _number(model.brier),
            }
        )
        if not model.active:
            out(
                _(
                    "Not put in use: it ranks the held-out households worse than the priors. "
                    "The model in use is unchanged; train again with more history, or pass "
                    "--activate to use it anyway."
                )
            )
        self._card(model)

    def _card(self, model: OutcomeModel) -> None:
        """What the model learned from, and how it predicts on the held-out rows."""
        out = self.stdout.write
        if model.source:
            out(
                _(
                    "Learned from: %(source)s, %(rows)d households, interviews of %(first)s "
                    "to %(last)s."
                )
                % {
                    "source": TrainingSource(model.source).label,
                    "rows": model.trained_on + model.test_rows,
                    "first": f"{model.data_from:%Y-%m-%d}" if model.data_from else "-",
                    "last": f"{model.data_to:%Y-%m-%d}" if model.data_to else "-",
                }
            )
        out(_("Calibration on the held-out rows:"))
        out(f"  {_('bin'):<11} {_('count'):>6} {_('predicted'):>10} {_('observed'):>9}")
        for row in model.calibration:
            span = f"{row['low']:.1f}-{row['high']:.1f}"
            out(
                f"  {span:<11} {row['count']:>6} {_number(row['mean_predicted']):>10} "
                f"{_number(row['observed']):>9}"
            )
        for name in GROUPINGS:
            rows = model.groups.get(name, [])
            if not rows:
                continue
            out(_("%(grouping)s, on the held-out rows:") % {"grouping": GROUPING_LABELS[name]})
            out(f"  {_('group'):<11} {_('count'):>6} {_('predicted'):>10} {_('observed'):>9}")
            for row in rows:
                out(
                    f"  {row['group']:<11} {row['count']:>6} "
                    f"{_number(row['mean_predicted']):>10} {_number(row['observed']):>9}"
                )

    def _show(self) -> None:
        out = self.stdout.write
        stored = outcome_model_current()
        model = model_in_use()
        if stored is None:
            out(
                _("In use: the priors %(version)s (no learned model yet).")
                % {"version": model.version}
            )
        else:
            out(
                _(
                    "In use: learned model %(label)s of %(date)s, %(rows)d rows, AUC %(auc)s, "
                    "Brier score %(brier)s."
                )
                % {
                    "label": stored.label,
                    "date": f"{stored.created_at:%Y-%m-%d}",
                    "rows": stored.trained_on,
                    "auc": _number(stored.auc),
                    "brier": _number(stored.brier),
                }
            )
            self._card(stored)
        out(
            _(
                "Intercept %(value)s. Largest weights (on standardised features for a learned "
                "model):"
            )
            % {"value": _number(model.intercept)}
        )
        ranked = sorted(
            zip(model.names, model.weights, strict=True), key=lambda item: -abs(float(item[1]))
        )
        for name, weight in ranked[:TOP_COEFFICIENTS]:
            out(f"  {float(weight):+.3f}  {feature_label(name)} ({name})")
