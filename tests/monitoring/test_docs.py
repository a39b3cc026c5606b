"""docs/monitoring.md carries the indicator definitions exactly as the code states them."""

from pathlib import Path

from arraigo.monitoring.indicators import definitions_markdown
from arraigo.monitoring.programme import monitoring_rules

DOCS = Path(__file__).resolve().parents[2] / "docs" / "monitoring.md"


def test_the_docs_table_is_the_codes_definitions():
    assert definitions_markdown(monitoring_rules().measures) in DOCS.read_text(encoding="utf-8")
