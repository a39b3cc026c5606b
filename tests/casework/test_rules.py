"""The template adapts to the household: exact milestone lists for small households."""

import datetime as dt

from arraigo.casework.rules import Member, naturalisation_date, plan_items, plan_rules


def _items(members, single_parent=False):
    rules = plan_rules()
    return [
        (rule.code, person)
        for rule, person in plan_items(
            rules, rules.milestones, members, single_parent=single_parent
        )
    ]


def adult(pk, **kwargs):
    facts = {"age": 34, "willing_and_able": True, "spanish": "native", "education": "primary"}
    facts |= {"disability": False} | kwargs
    return Member(id=pk, **facts)


def child(pk, age):
    return Member(pk, age, False, "native", "none", False)


def child_with(pk, age, education):
    return Member(pk, age, False, "native", education, False)


def test_a_single_worker_gets_the_worker_and_household_milestones():
    assert _items([adult(1)]) == [
        ("curp", 1),
        ("residency", 1),
        ("rfc", 1),
        ("nss_imss", 1),
        ("bank_account", 1),
        ("job_start", 1),
        ("health_registration", None),
        ("skills_certification", 1),
        ("psychosocial", None),
        ("housing_contract", None),
        ("family_reunification", 1),
        ("naturalisation_application", 1),
        ("naturalisation_certificate", 1),
    ]


def test_a_school_age_child_gets_enrolment_and_a_scholarship():
    codes = [(c, p) for c, p in _items([adult(1), child(2, 9)]) if p == 2]
    assert codes == [
        ("curp", 2),
        ("residency", 2),
        ("school_enrolment", 2),
        ("scholarship", 2),
        ("naturalisation_application", 2),
        ("naturalisation_certificate", 2),
    ]


def test_a_young_child_gets_daycare_when_a_parent_works_or_is_alone():
    not_working = adult(1, willing_and_able=False)

    assert ("daycare", 2) in _items([adult(1), child(2, 3)])
    assert ("daycare", 2) not in _items([not_working, child(2, 3)])
    assert ("daycare", 2) in _items([not_working, child(2, 3)], single_parent=True)


def test_a_disability_opens_the_specialised_pathway():
    assert ("specialised_pathway", 1) in _items([adult(1, disability=True)])
    assert ("specialised_pathway", 1) not in _items([adult(1)])


def test_spanish_classes_for_basic_spanish_and_revalidation_for_studies():
    items = _items([adult(1, spanish="basic", education="tertiary"), child(2, 4)])

    assert ("spanish_classes", 1) in items
    assert ("revalidation", 1) in items
    assert ("spanish_classes", 2) not in items  # under 6: no classes


def test_naturalisation_two_years_for_latin_americans_five_for_others():
    rules = plan_rules()
    card = dt.date(2024, 2, 29)

    assert naturalisation_date(rules, residency_from=card, nationality="HN") == dt.date(2026, 2, 28)
    assert naturalisation_date(rules, residency_from=card, nationality="HT") == dt.date(2029, 2, 28)
    assert naturalisation_date(rules, residency_from=None, nationality="HN") is None


# --- issue 10, item 26: the programme's rules as the seeds state them ------------------------


def test_revalidation_of_studies_applies_from_age_15():
    items = _items(
        [adult(1), child_with(2, 15, "lower_secondary"), child_with(3, 14, "lower_secondary")]
    )

    assert ("revalidation", 2) in items
    assert ("revalidation", 3) not in items
    assert ("revalidation", 1) not in items  # primary school only: nothing to revalidate


def test_scholarships_include_college():
    items = _items(
        [
            adult(1),
            adult(2, age=20, education="upper_secondary"),
            adult(3, age=20, education="primary"),
            adult(4, age=30, education="upper_secondary"),
        ]
    )

    scholarships = [person for code, person in items if code == "scholarship"]
    assert scholarships == [2]


def test_the_studies_rules_are_programme_data():
    rules = plan_rules()
    assert (rules.revalidation.from_age, rules.college.to_age) == (15, 29)
    assert "lower_secondary" in rules.revalidation.levels


def test_naturalisation_and_reunification_are_tracked_per_person():
    items = _items([adult(1), adult(2, willing_and_able=False), child(3, 4)])

    assert [p for c, p in items if c == "naturalisation_application"] == [1, 2, 3]
    assert [p for c, p in items if c == "naturalisation_certificate"] == [1, 2, 3]
    assert [p for c, p in items if c == "family_reunification"] == [1, 2]
