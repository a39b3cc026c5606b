"""Submissions as KoboToolbox's REST Services post them (JSON, the data API's shape), and the
forms they are posted for."""

from __future__ import annotations

import base64
from typing import Any

from arraigo.accounts.models import Role
from arraigo.monitoring.models_kobo import KoboForm
from arraigo.monitoring.services_kobo_hook import KoboFormData, kobo_form_create
from tests.accounts.factories import UserFactory

UUID_A = "5b1c7e0a-3f1d-4c5e-9a57-0d8c2b1e6f01"


def kobo_post(uuid: str = UUID_A, household: str = "HH-A", **changes: Any) -> dict[str, Any]:
    members = [
        {"members/member": "1", "members/age": "35", "members/works": "yes",
         "members/formal": "yes", "members/income": "9500.5", "members/job_satisfied": "yes",
         "members/bank_account": "yes"},
        {"members/member": "2", "members/age": "34", "members/works": "no",
         "members/bank_account": "no"},
    ]  # fmt: skip
    body = {
        "_id": 7001,
        "formhub/uuid": "b3f5c1d2e4a64c1f8e2d",
        "start": "2026-03-02T10:01:00.000-06:00",
        "end": "2026-03-02T10:15:00.000-06:00",
        "round": "month1",
        "household": household,
        "date": "2026-03-02",
        "mode": "phone",
        "housing_tenure": "rented_contract",
        "feels_safe": "yes",
        "health_access": "yes",
        "basic_needs_met": "no",
        "members": members,
        "__version__": "vGk3o8",
        "meta/instanceID": f"uuid:{uuid}",
        "_xform_id_string": "aXecHjmbATuF6iGFmvBLBX",
        "_uuid": uuid,
        "_attachments": [],
        "_status": "submitted_via_web",
        "_geolocation": [None, None],
        "_submission_time": "2026-03-02T16:15:20",
        "_tags": [],
        "_notes": [],
        "_validation_status": {},
        "_submitted_by": None,
    }
    body.update(changes)
    return body


def kobo_form(slug: str = "seguimiento-mes-1", round: str = "month1") -> tuple[KoboForm, str]:
    actor = UserFactory(role=Role.COORDINATOR)
    data = KoboFormData(name="Seguimiento al mes", slug=slug, round=round)
    return kobo_form_create(actor=actor, data=data)


def basic(secret: str, user: str = "kobo") -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
