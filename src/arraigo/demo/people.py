"""Who is in a demo household: composition, names, ages, languages, education and work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from arraigo.core.choices import LANGUAGE_RANK

from .drafts import PersonDraft
from .reference import between, chance, pick, reference

_LEVELS_UP = ["none", "basic", "intermediate", "fluent", "native"]


def _born(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date that makes the person exactly `age` on `today`."""
    return today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(1, 364))


def _triangular_age(rng: random.Random, spec: Mapping[str, int]) -> int:
    return round(rng.triangular(spec["low"], spec["high"], spec["mode"]))


class PeopleMaker:
    """Draws the members of households; one per seed run (it holds the random stream)."""

    def __init__(self, rng: random.Random, today: dt.date, skill_codes: set[str]) -> None:
        self.rng = rng
        self.today = today
        self.programme = reference("programme")
        self.names = reference("names")
        self.skills = reference("skills")
        self.skill_codes = skill_codes
        self.nationalities = {n["code"]: n for n in self.programme["nationalities"]}

    # --- composition -----------------------------------------------------------------------

    def household(self, nationality: str, composition: str) -> list[PersonDraft]:
        """The members, head first: relationship, sex, age, names, then profile."""
        rng, spec = self.rng, self.programme["households"]
        skeleton: list[tuple[str, str, int]] = []  # relationship, sex, age
        if composition == "single_adult":
            age = _triangular_age(rng, spec["head_age"])
            if chance(rng, 0.03):
                age = between(rng, (spec["older_age"]["low"], spec["older_age"]["high"]))
            skeleton.append(("head", "M" if chance(rng, 0.64) else "F", age))
        elif composition == "single_headed":
            size = int(pick(rng, spec["sizes_single_headed"]))
            sex = "F" if chance(rng, spec["single_head_female_share"]) else "M"
            age = max(_triangular_age(rng, spec["head_age"]), 18 + size)
            skeleton.append(("head", sex, age))
            skeleton += [("child", self._sex(), self._child_age(age)) for _ in range(size - 1)]
        else:
            size = int(pick(rng, spec["sizes_multi_adult"]))
            sex = "F" if chance(rng, spec["head_female_share_couples"]) else "M"
            age = _triangular_age(rng, spec["head_age"])
            skeleton.append(("head", sex, age))
            if chance(rng, spec["with_spouse_share"]):
                other = "F" if sex == "M" else "M"
                skeleton.append(("spouse", other, max(18, age + rng.randint(-6, 6))))
            else:
                kin = "sibling" if chance(rng, 0.7) else "other_relative"
                skeleton.append((kin, self._sex(), max(18, age + rng.randint(-8, 8))))
            if len(skeleton) < size and chance(rng, spec["older_parent_share"]):
                older = spec["older_age"]
                skeleton.append(
                    (
                        "parent",
                        self._sex(),
                        min(older["high"], max(older["low"], age + rng.randint(20, 30))),
                    )
                )
            if len(skeleton) < size and age >= 38 and chance(rng, spec["adult_child_share"]):
                skeleton.append(("child", self._sex(), rng.randint(18, min(24, age - 18))))
            while len(skeleton) < size:
                skeleton.append(("child", self._sex(), self._child_age(age)))
        return self._people(nationality, skeleton)

    def _sex(self) -> str:
        return "F" if self.rng.random() < 0.5 else "M"

    def _child_age(self, parent_age: int) -> int:
        return self.rng.randint(0, max(0, min(17, parent_age - 18)))

    # --- names -----------------------------------------------------------------------------

    def _people(self, nationality: str, skeleton: list[tuple[str, str, int]]) -> list[PersonDraft]:
        rng = self.rng
        info = self.nationalities[nationality]
        pool = self.names[info["names"]]
        two = pool["surnames"] == 2
        head_sex = skeleton[0][1]
        head_surnames = self._surnames(pool)
        partner_surnames = self._surnames(pool)
        # The children's father's surname: the head's if he is the father, else the partner's.
        father = head_surnames if head_sex == "M" else partner_surnames
        mother = partner_surnames if head_sex == "M" else head_surnames
        child_last = f"{father[0]} {mother[0]}" if two else father[0]
        people = []
        for relationship, sex, age in skeleton:
            born = _born(rng, age, self.today)
            nat, in_mexico = self._child_nationality(nationality, relationship, age)
            if relationship == "head":
                last = " ".join(head_surnames)
            elif relationship == "spouse":
                last = " ".join(partner_surnames)
            elif relationship in {"child", "grandchild"}:
                last = child_last
            elif relationship == "sibling":
                last = " ".join(head_surnames)
            elif relationship == "parent":
                last = self._parent_surnames(pool, head_surnames, sex)
            else:
                last = " ".join(self._surnames(pool))
            first = self._given(pool, sex, in_mexico)
            people.append(
                PersonDraft(
                    first_names=first,
                    last_names=last,
                    sex=sex,
                    date_of_birth=born,
                    nationality=nat,
                    relationship=relationship,
                    born_in_mexico=in_mexico,
                )
            )
        return people

    def _parent_surnames(self, pool: Mapping[str, Any], child: list[str], sex: str) -> str:
        """A parent's family names: the father passed on his first, the mother hers."""
        own = self._surnames(pool)
        if len(child) == 2:
            return f"{child[0 if sex == 'M' else 1]} {own[1]}"
        return child[0] if sex == "M" else own[0]

    def _surnames(self, pool: Mapping[str, Any]) -> list[str]:
        return [self.rng.choice(pool["last"]) for _ in range(int(pool["surnames"]))]

    def _given(self, pool: Mapping[str, Any], sex: str, in_mexico: bool) -> str:
        names = self.names["mexican_children"] if in_mexico else pool
        key = "female" if sex == "F" else "male"
        first = str(self.rng.choice(names[key]))
        if not in_mexico and " " not in first and chance(self.rng, 0.25):
            second = str(self.rng.choice(names[key]))
            if second != first and " " not in second:
                first = f"{first} {second}"
        return first

    def _child_nationality(self, nationality: str, relationship: str, age: int) -> tuple[str, bool]:
        if relationship != "child" or age >= 18:
            return nationality, False
        if age < 4 and chance(self.rng, self.programme["children_born_in_mexico_share"]):
            return "MX", True
        transit = self.programme["children_born_in_transit"].get(nationality)
        if transit and chance(self.rng, transit["share"]):
            return str(pick(self.rng, transit["countries"])), False
        return nationality, False

    # --- profile ---------------------------------------------------------------------------

    def profile(self, person: PersonDraft, nationality: str) -> None:
        """Languages, education and work, by age and the household's nationality."""
        rng, info = self.rng, self.nationalities[nationality]
        age = person.age_on(self.today)
        languages = self.programme["language_profiles"][info["languages"]]
        person.spanish_level = self._spanish(languages["spanish"], age, person.born_in_mexico)
        for other in languages["other"]:
            if age < 3 and other["levels"] != {"native": 100}:
                continue
            if chance(rng, other.get("share", 1.0)):
                person.languages.append((other["code"], str(pick(rng, other["levels"]))))
        person.education_level = self._education(info["education"], age)
        if age >= 18:
            self._work(person, age)

    def _spanish(self, levels: Mapping[str, float], age: int, in_mexico: bool) -> str:
        drawn = str(pick(self.rng, levels))
        if drawn == "native":
            return drawn
        if in_mexico:
            return "basic" if age < 3 else "fluent"
        if age < 4:
            return "none"
        if age < 18:  # children at school pick Spanish up faster than their parents
            rank = min(LANGUAGE_RANK[drawn] + self.rng.randint(1, 2), LANGUAGE_RANK["fluent"])
            return _LEVELS_UP[rank]
        return drawn

    def _education(self, profile_code: str, age: int) -> str:
        if age < 12:
            return "none"
        if age < 15:
            return "primary"
        if age < 18:
            return "lower_secondary" if chance(self.rng, 0.6) else "primary"
        level = str(pick(self.rng, self.programme["education_profiles"][profile_code]))
        if age < 22 and level in {"tertiary", "postgraduate"}:
            return "upper_secondary"
        return level

    def _work(self, person: PersonDraft, age: int) -> None:
        rng, work = self.rng, self.programme["work"]
        older = age >= 60
        person.willing_to_work = chance(
            rng, work["older_willing_share" if older else "willing_share"]
        )
        person.able_to_work = chance(rng, 0.6 if older else work["able_share"])
        low, high = work["experience_years"]["low"], work["experience_years"]["high"]
        person.years_experience = min(age - 16, round(rng.triangular(low, high, 4)))
        if chance(rng, 0.12):
            return  # no previous work to report (studies, care at home)
        column = 1 if person.sex == "F" else 0
        weights = {code: pair[column] for code, pair in work["occupations"].items()}
        person.occupations.append(str(pick(rng, weights)))
        if chance(rng, work["second_occupation_share"]):
            second = str(pick(rng, weights))
            if second not in person.occupations:
                person.occupations.append(second)
        self._skills(person)

    def _skills(self, person: PersonDraft) -> None:
        rng = self.rng
        options: list[str] = []
        for isco in person.occupations:
            options += [s for s in self.skills["by_occupation"].get(isco, []) if s not in options]
        count = between(rng, (0, min(3, len(options))))
        chosen = rng.sample(options, count)
        for code, level in person.languages:
            skill = self.skills["languages"].get(code)
            if skill and LANGUAGE_RANK[level] >= LANGUAGE_RANK["fluent"]:
                chosen.append(skill)
        interp = self.skills["interpretation"]
        speaks = {code for code, _level in person.languages}
        if (
            interp["language"] in speaks
            and LANGUAGE_RANK[person.spanish_level] >= LANGUAGE_RANK[interp["spanish_at_least"]]
        ):
            chosen.append(interp["skill"])
        person.skills = [code for code in chosen if code in self.skill_codes]
