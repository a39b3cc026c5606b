"""What the demo's tests share. The tests that read one seeded demo are in `seeded/`."""

from __future__ import annotations

from arraigo.codelists.models import Occupation
from arraigo.demo.reference import reference


def occupations_ensure() -> None:
    """The ISCO codes the demo uses, in case the jobs code list is not loaded."""
    codes = set(reference("programme")["work"]["occupations"])
    for sector in reference("employers")["sectors"].values():
        codes |= {job["isco"] for job in sector["occupations"]}
    for code in sorted(codes):
        Occupation.objects.get_or_create(
            isco_code=code, defaults={"title_en": f"ISCO {code}", "title_es": f"CIUO {code}"}
        )
