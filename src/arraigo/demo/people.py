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

    def household(
        self, nationality: str, composition: str, in_mexico_since: dt.date
    ) -> list[PersonDraft]:
        """The members, head first, with names and birth dates (profiles come later).

        Children are spaced like real siblings (twins when there is no room), born when
        their parent was 17 or older; those born after the family reached Mexico are Mexican.
        """
        rng, spec = self.rng, self.programme["households"]
        skeleton: list[tuple[str, str, dt.date]] = []  # relationship, sex, birth date
        if composition == "single_adult":
            age = _triangular_age(rng, spec["head_age"])
            if chance(rng, 0.03):
                age = between(rng, (spec["older_age"]["low"], spec["older_age"]["high"]))
            skeleton.append(("head", "M" if chance(rng, 0.64) else "F", self._born(age)))
            children = 0
        elif composition == "single_headed":
            size = int(pick(rng, spec["sizes_single_headed"]))
            sex = "F" if chance(rng, spec["single_head_female_share"]) else "M"
            age = max(_triangular_age(rng, spec["head_age"]), 18 + size)
            skeleton.append(("head", sex, self._born(age)))
            children = size - 1
        else:
            size = int(pick(rng, spec["sizes_multi_adult"]))
            sex = "F" if chance(rng, spec["head_female_share_couples"]) else "M"
            age = _triangular_age(rng, spec["head_age"])
            skeleton.append(("head", sex, self._born(age)))
            if chance(rng, spec["with_spouse_share"]):
                other = "F" if sex == "M" else "M"
                skeleton.append(("spouse", other, self._born(max(18, age + rng.randint(-6, 6)))))
            else:
                kin = "sibling" if chance(rng, 0.7) else "other_relative"
                skeleton.append((kin, self._sex(), self._born(max(18, age + rng.randint(-8, 8)))))
            if len(skeleton) < size and chance(rng, spec["older_parent_share"]):
                older = spec["older_age"]
                parent_age = min(older["high"], max(older["low"], age + rng.randint(20, 30)))
                skeleton.append(("parent", self._sex(), self._born(parent_age)))
            if len(skeleton) < size and age >= 38 and chance(rng, spec["adult_child_share"]):
                grown = rng.randint(18, min(24, age - 18))
                skeleton.append(("child", self._sex(), self._born(grown)))
            children = size - len(skeleton)
        youngest_parent = min(self._age(b) for r, _s, b in skeleton if r in {"head", "spouse"})
        for born in self._children_births(children, youngest_parent):
            skeleton.append(("child", self._sex(), born))
        return self._people(nationality, skeleton, in_mexico_since)

    def _age(self, born: dt.date) -> int:
        today = self.today
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def _born(self, age: int) -> dt.date:
        """A birth date that makes the person exactly `age` on the reference date."""
        today = self.today
        return today.replace(year=today.year - age) - dt.timedelta(days=self.rng.randint(1, 364))

    def _children_births(self, count: int, parent_age: int) -> list[dt.date]:
        """Birth dates, youngest first, 13 months to 4 years apart, all under 18."""
        rng = self.rng
        oldest = min(17, max(0, parent_age - 17)) * 365 + 300  # days: under 18, parent 17+
        days: list[int] = []
        for _ in range(count):
            if not days:
                days.append(rng.randint(20, min(6 * 365, oldest)))
                continue
            gap = rng.randint(400, 1460)
            if days[-1] + gap > oldest:
                gap = 400 if days[-1] + 400 <= oldest else 0  # no room: twins
            days.append(days[-1] + gap)
        return [self.today - dt.timedelta(days=d) for d in days]

    def _sex(self) -> str:
        return "F" if self.rng.random() < 0.5 else "M"

    # --- names -----------------------------------------------------------------------------

    def _people(
        self, nationality: str, skeleton: list[tuple[str, str, dt.date]], in_mexico: dt.date
    ) -> list[PersonDraft]:
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
        people: list[PersonDraft] = []
        for relationship, sex, born in skeleton:
            mexican = relationship == "child" and born > in_mexico
            nat = "MX" if mexican else self._child_nationality(nationality, relationship, born)
            if relationship == "head":
                last = " ".join(head_surnames)
            elif relationship == "spouse":
                last = " ".join(partner_surnames)
            elif relationship == "child":
                last = child_last
            elif relationship == "sibling":
                last = " ".join(head_surnames)
            elif relationship == "parent":
                last = self._parent_surnames(pool, head_surnames, sex)
            else:
                last = " ".join(self._surnames(pool))
            taken = {p.first_names for p in people}
            first = self._given(pool, sex, mexican and chance(rng, 0.5), taken)
            people.append(
                PersonDraft(
                    first_names=first,
                    last_names=last,
                    sex=sex,
                    date_of_birth=born,
                    nationality=nat,
                    relationship=relationship,
                    born_in_mexico=mexican,
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

    def _given(self, pool: Mapping[str, Any], sex: str, mexican_name: bool, taken: set[str]) -> str:
        names = self.names["mexican_children"] if mexican_name else pool
        key = "female" if sex == "F" else "male"
        first = str(self.rng.choice(names[key]))
        for _attempt in range(3):  # siblings rarely share a name
            if first not in taken:
                break
            first = str(self.rng.choice(names[key]))
        if not mexican_name and " " not in first and chance(self.rng, 0.25):
            second = str(self.rng.choice(names[key]))
            if second != first and " " not in second:
                first = f"{first} {second}"
        return first

    def _child_nationality(self, nationality: str, relationship: str, born: dt.date) -> str:
        """Children born on the way may carry a transit country's nationality."""
        if relationship != "child" or self._age(born) >= 18:
            return nationality
        transit = self.programme["children_born_in_transit"].get(nationality)
        if transit and chance(self.rng, transit["share"]):
            return str(pick(self.rng, transit["countries"]))
        return nationality

    # --- profile ---------------------------------------------------------------------------

    def profile(self, person: PersonDraft, nationality: str) -> None:
        """Languages, education and work, by age and the household's nationality."""
        rng, info = self.rng, self.nationalities[nationality]
        age = person.age_on(self.today)
        languages = self.programme["language_profiles"][info["languages"]]
        person.spanish_level = self._spanish(languages["spanish"], age, person.born_in_mexico)
        for other in languages["other"]:
            if age < 6 and other["levels"] != {"native": 100}:
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
        share = "older_willing_share" if older else "willing_share"
        if person.relationship == "head" and not older:
            share = "head_willing_share"
        person.willing_to_work = chance(rng, work[share])
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
