from arraigo.jobs.models import Occupation, Skill


def test_migration_loaded_codelists() -> None:
    assert Occupation.objects.count() == 436
    assert Skill.objects.count() == 51
