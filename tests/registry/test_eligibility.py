"""The eligibility rule file, its loader and check, and the pure engine."""

import datetime as dt

import pytest
from django.test import override_settings

from arraigo.registry.eligibility import (
    DocumentFact,
    HouseholdFacts,
    MemberFacts,
    Outcome,
    RulesetError,
    eligibility_evaluate,
    eligibility_rules_check,
    ruleset_current,
    ruleset_load,
    ruleset_parse,
)

TODAY = dt.date(2026, 6, 1)
ALL_DOCS = ("comar_recognition", "permanent_residence", "curp")


def adult(*documents, **changes):
    values = {
        "date_of_birth": dt.date(1990, 5, 17),
        "willing_to_work": True,
        "able_to_work": True,
        "spanish_level": "native",
        "relationship": "head",
        "documents": documents,
    }
    values.update(changes)
    return MemberFacts(**values)


def child(*documents, **changes):
    values = {
        "date_of_birth": dt.date(2010, 1, 1),
        "willing_to_work": True,
        "able_to_work": True,
        "spanish_level": "native",
        "relationship": "child",
        "documents": documents,
    }
    values.update(changes)
    return MemberFacts(**values)


def evaluate(*members):
    return eligibility_evaluate(HouseholdFacts(members=members), ruleset_current(), TODAY)


def results(decision):
    return {r.rule: str(r.result) for r in (*decision.rules, *decision.exceptions)}


# --- the programme's rule file -----------------------------------------------------------------


def test_programme_rule_file_loads_with_five_rules_and_two_exceptions():
    ruleset = ruleset_current()
    assert ruleset.label == "pil-mx@1"
    assert [r.code for r in ruleset.rules] == [
        "comar_recognition",
        "permanent_residence",
        "curp",
        "working_adult",
        "spanish",
    ]
    assert [e.code for e in ruleset.exceptions] == ["E1", "E2"]
    assert ruleset.exceptions[0].replaces == ("permanent_residence", "curp")
    assert ruleset.exceptions[1].replaces == ("comar_recognition", "permanent_residence", "curp")


def test_programme_rule_file_passes_the_system_check():
    assert eligibility_rules_check() == []


# --- each rule: met / not met / missing -------------------------------------------------------


def test_all_rules_met_is_eligible_with_reasons():
    decision = evaluate(adult(*ALL_DOCS))
    assert decision.outcome == Outcome.ELIGIBLE
    assert decision.ruleset == "pil-mx@1"
    assert results(decision) == {
        "comar_recognition": "met",
        "permanent_residence": "met",
        "curp": "met",
        "working_adult": "met",
        "spanish": "met",
        "E1": "not_met",
        "E2": "not_met",
    }
    assert decision.as_json()[0] == {
        "rule": "comar_recognition",
        "label": "Recognised by COMAR as a refugee or with complementary protection",
        "result": "met",
        "reason": "A member holds a COMAR recognition certificate.",
        "kind": "rule",
    }
    assert decision.as_json()[5]["kind"] == "exception"


def test_document_held_by_any_member_counts():
    decision = evaluate(adult("comar_recognition"), child("permanent_residence", "curp"))
    assert decision.outcome == Outcome.ELIGIBLE


def test_comar_not_met_when_documents_recorded_without_it():
    decision = evaluate(adult("permanent_residence", "curp"))
    assert decision.result_of("comar_recognition") == "not_met"
    assert decision.rules[0].reason == "No member holds a COMAR recognition certificate."
    assert decision.outcome == Outcome.NOT_ELIGIBLE


def test_document_rules_missing_while_no_document_is_recorded():
    decision = evaluate(adult())
    assert [str(r.result) for r in decision.rules[:3]] == ["missing", "missing", "missing"]
    assert decision.rules[0].reason == "No documents are recorded for this household yet."
    assert decision.outcome == Outcome.PENDING


def test_curp_not_met_with_residency_is_not_eligible():
    decision = evaluate(adult("comar_recognition", "permanent_residence", "passport"))
    assert decision.result_of("curp") == "not_met"
    assert decision.result_of("E1") == "not_met"  # E1 needs residency NOT obtained
    assert decision.outcome == Outcome.NOT_ELIGIBLE


def test_expired_document_does_not_count():
    expired = DocumentFact("permanent_residence", expires_on=dt.date(2026, 5, 31))
    decision = evaluate(adult("comar_recognition", "curp", expired))
    assert decision.result_of("permanent_residence") == "not_met"
    valid_today = DocumentFact("permanent_residence", expires_on=TODAY)
    assert evaluate(adult("comar_recognition", "curp", valid_today)).outcome == Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "met"),
        ({"willing_to_work": False}, "not_met"),
        ({"able_to_work": False}, "not_met"),
        ({"date_of_birth": dt.date(2008, 6, 2)}, "not_met"),  # 17 today
        ({"date_of_birth": dt.date(2008, 6, 1)}, "met"),  # 18 today
        ({"date_of_birth": None}, "missing"),
        ({"willing_to_work": None}, "missing"),
        ({"willing_to_work": None, "able_to_work": False}, "not_met"),
    ],
)
def test_working_adult_rule(changes, expected):
    decision = evaluate(adult(*ALL_DOCS, **changes))
    assert decision.result_of("working_adult") == expected


def test_working_adult_reasons():
    rules = {r.rule: r.reason for r in evaluate(adult(*ALL_DOCS, able_to_work=False)).rules}
    assert rules["working_adult"] == "No member aged 18 or over is both willing and able to work."
    rules = {r.rule: r.reason for r in evaluate(adult(*ALL_DOCS, date_of_birth=None)).rules}
    assert rules["working_adult"] == (
        "Age or willingness and ability to work are not recorded for the members."
    )


def test_child_willing_to_work_does_not_make_the_household_eligible():
    decision = evaluate(adult(*ALL_DOCS, willing_to_work=False), child())
    assert decision.result_of("working_adult") == "not_met"
    assert decision.outcome == Outcome.NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("native", "met"),
        ("fluent", "met"),
        ("intermediate", "met"),
        ("basic", "not_met"),
        ("none", "not_met"),
        (None, "missing"),
    ],
)
def test_spanish_rule(level, expected):
    decision = evaluate(adult(*ALL_DOCS, spanish_level=level))
    assert decision.result_of("spanish") == expected


def test_spanish_of_a_child_does_not_count():
    decision = evaluate(adult(*ALL_DOCS, spanish_level="basic"), child(spanish_level="native"))
    assert decision.result_of("spanish") == "not_met"
    assert decision.rules[4].reason == "No adult speaks Spanish at an intermediate level or better."


def test_household_with_no_members_is_pending():
    decision = evaluate()
    assert {str(r.result) for r in decision.rules} == {"missing"}
    assert decision.outcome == Outcome.PENDING


# --- exceptions --------------------------------------------------------------------------------


def test_e1_comar_without_residency_is_eligible_by_exception():
    decision = evaluate(adult("comar_recognition"))
    assert decision.result_of("permanent_residence") == "not_met"
    assert decision.result_of("E1") == "met"
    assert decision.exceptions[0].reason == (
        "COMAR recognition without permanent residency yet; the other rules are met."
    )
    assert decision.outcome == Outcome.BY_EXCEPTION


def test_e1_still_needs_the_work_and_spanish_rules():
    decision = evaluate(adult("comar_recognition", spanish_level="basic"))
    assert decision.result_of("E1") == "not_met"
    assert decision.outcome == Outcome.NOT_ELIGIBLE


def test_e2_tvrh_and_temporary_curp_is_eligible_by_exception():
    decision = evaluate(adult("tvrh", "temporary_curp"))
    assert decision.result_of("comar_recognition") == "not_met"
    assert decision.result_of("E1") == "not_met"
    assert decision.result_of("E2") == "met"
    assert decision.outcome == Outcome.BY_EXCEPTION


def test_e2_with_an_expired_tvrh_does_not_apply():
    tvrh = DocumentFact("tvrh", expires_on=dt.date(2026, 1, 1))
    decision = evaluate(adult(tvrh, "temporary_curp"))
    assert decision.result_of("E2") == "not_met"
    assert decision.outcome == Outcome.NOT_ELIGIBLE


def test_exception_with_missing_information_leaves_the_decision_pending():
    decision = evaluate(adult("comar_recognition", date_of_birth=None))
    assert decision.result_of("permanent_residence") == "not_met"
    assert decision.result_of("E1") == "missing"
    assert decision.exceptions[0].reason == "Not enough information to decide this exception."
    assert decision.outcome == Outcome.PENDING


# --- the rule file format ----------------------------------------------------------------------

REASONS = {"met": "yes", "not_met": "no", "missing": "unknown"}


def rule(code="r1", when=None, **extra):
    entry = {"code": code, "label": "A rule", "when": when or {"any_member_has_document": "curp"}}
    entry["reasons"] = REASONS
    entry.update(extra)
    return entry


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "The eligibility file must be a mapping with name, version and rules."),
        ({"version": 1, "rules": [rule()]}, "The rule set: 'name' is required and must be text."),
        ({"name": "x", "rules": [rule()]}, "The rule set: 'version' is required."),
        (
            {"name": "x", "version": 1, "rules": []},
            "The rule set: 'rules' must be a non-empty list.",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(when={"speaks": "es"})]},
            "Rule 'r1': unknown condition 'speaks' (known: all, any, not, "
            "any_member_has_document, any_member).",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(when={"any_member": {"height": 2}})]},
            "Rule 'r1': unknown member filter 'height' (known: able_to_work, has_document, "
            "max_age, min_age, relationship, spanish_at_least, willing_to_work).",
        ),
        (
            {
                "name": "x",
                "version": 1,
                "rules": [rule(when={"any_member": {"spanish_at_least": "good"}})],
            },
            "Rule 'r1': unknown Spanish level 'good' (known: none, basic, intermediate, fluent, "
            "native).",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(when={"any_member": {"min_age": "18"}})]},
            "Rule 'r1': min_age must be a whole number.",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(when={"all": []})]},
            "Rule 'r1': 'all' needs a non-empty list of conditions.",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(reasons={"met": "yes"})]},
            "Rule 'r1' reasons: 'not_met' is required and must be text.",
        ),
        (
            {"name": "x", "version": 1, "rules": [rule(), rule()]},
            "Rule 'r1': the code is used twice.",
        ),
        (
            {
                "name": "x",
                "version": 1,
                "rules": [rule()],
                "exceptions": [rule("E1", replaces=["r9"])],
            },
            "Exception 'E1': 'replaces' names an unknown rule 'r9'.",
        ),
    ],
)
def test_malformed_rule_sets_are_refused_naming_the_rule(data, message):
    with pytest.raises(RulesetError) as info:
        ruleset_parse(data)
    assert str(info.value) == message


def test_custom_vocabulary_any_not_and_member_filters(tmp_path):
    path = tmp_path / "eligibility.yaml"
    path.write_text(
        """
name: other
version: "2a"
rules:
  - code: id
    label: Has an id
    when:
      any:
        - any_member_has_document: [passport, curp]
        - not: {any_member: {max_age: 17}}
    reasons: {met: ok, not_met: refused, missing: unknown}
  - code: head_speaks
    label: The head speaks some Spanish
    when: {any_member: {relationship: head, spanish_at_least: basic, has_document: passport}}
    reasons: {met: ok, not_met: refused, missing: unknown}
""",
        encoding="utf-8",
    )
    ruleset = ruleset_load(path)
    assert ruleset.label == "other@2a"
    facts = HouseholdFacts(members=(adult("passport", spanish_level="basic"),))
    decision = eligibility_evaluate(facts, ruleset, TODAY)
    assert decision.outcome == Outcome.ELIGIBLE
    facts = HouseholdFacts(members=(child("birth_certificate", relationship="head"),))
    decision = eligibility_evaluate(facts, ruleset, TODAY)
    assert results(decision) == {"id": "not_met", "head_speaks": "not_met"}


def test_bad_yaml_is_reported(tmp_path):
    path = tmp_path / "eligibility.yaml"
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(RulesetError, match="are not valid YAML"):
        ruleset_load(path)


def test_loader_reads_the_file_once_per_process_and_follows_the_setting(tmp_path):
    first = ruleset_current()
    assert ruleset_current() is first
    other = tmp_path / "eligibility.yaml"
    other.write_text(
        "name: test\nversion: 7\nrules:\n"
        "  - {code: a, label: A, when: {any_member: {min_age: 18}},"
        " reasons: {met: m, not_met: n, missing: x}}\n",
        encoding="utf-8",
    )
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        assert ruleset_current().label == "test@7"
        other.write_text("broken: [", encoding="utf-8")
        assert ruleset_current().label == "test@7"  # cached: not read again
    assert ruleset_current() is first


def test_system_check_reports_a_malformed_file(tmp_path):
    (tmp_path / "eligibility.yaml").write_text("name: x\nversion: 1\nrules: []\n", encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = eligibility_rules_check()
    assert [e.id for e in errors] == ["arraigo.E010"]
    assert errors[0].msg.endswith("The rule set: 'rules' must be a non-empty list.")


def test_system_check_reports_unknown_document_types(tmp_path):
    (tmp_path / "eligibility.yaml").write_text(
        "name: x\nversion: 1\nrules:\n"
        "  - {code: a, label: A, when: {any_member_has_document: visa},"
        " reasons: {met: m, not_met: n, missing: x}}\n",
        encoding="utf-8",
    )
    (tmp_path / "document_types.yaml").write_text("- {code: passport}\n", encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = eligibility_rules_check()
    assert [e.id for e in errors] == ["arraigo.E011"]
    assert "document type 'visa'" in errors[0].msg
