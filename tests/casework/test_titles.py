"""A milestone's title in the page's language: one rule for the template file's milestones,
the stored template and the plans' milestones."""

import pytest
from django.utils import translation

from arraigo.casework.models import Milestone, TemplateMilestone
from arraigo.casework.rules import MilestoneRule, in_active_language, plan_rules


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Bank"), ("en-gb", "Bank"), ("es", "Banco"), (None, "Banco")]
)
def test_english_pages_get_the_english_text_and_any_other_the_spanish(language, text):
    with translation.override(language):  # None: no language active (Spanish, the default)
        assert in_active_language("Bank", "Banco") == text


def test_the_file_s_milestones_the_template_s_and_the_plan_s_read_the_same_rule():
    rule = MilestoneRule(
        code="x", applies="household", due_days=1, role="", title_en="Bank", title_es="Banco"
    )
    template_item = TemplateMilestone(code="x", title_en="Bank", title_es="Banco")
    milestone = Milestone(code="x", title_en="Bank", title_es="Banco")
    with translation.override("en"):
        assert (rule.title, template_item.title, milestone.title) == ("Bank", "Bank", "Bank")
    with translation.override("es"):
        assert (rule.title, template_item.title, milestone.title) == ("Banco", "Banco", "Banco")


def test_the_programme_file_s_titles_follow_the_language():
    job_start = next(r for r in plan_rules().milestones if r.code == "job_start")
    with translation.override("es"):
        assert job_start.title == "Inicio de empleo"
