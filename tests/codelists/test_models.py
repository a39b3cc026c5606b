from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from arraigo.codelists.models import Occupation, Skill


def test_the_code_lists_keep_the_tables_jobs_created():
    assert Occupation._meta.db_table == "jobs_occupation"
    assert Skill._meta.db_table == "jobs_skill"


def test_their_content_types_and_permissions_belong_to_codelists(db):
    labels = {ContentType.objects.get_for_model(m).app_label for m in (Occupation, Skill)}

    assert labels == {"codelists"}
    assert not ContentType.objects.filter(app_label="jobs", model__in=["occupation", "skill"])
    assert Permission.objects.filter(
        content_type__app_label="codelists", codename="change_occupation"
    ).exists()
