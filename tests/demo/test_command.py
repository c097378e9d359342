"""`dangvu demo` refuses a database that holds something else, unless told to erase it."""

import pytest
from django.core.management import call_command

from dangvu.core.errors import InvalidInput
from dangvu.organizations.models import Organization


def test_a_database_with_other_organisations_is_refused(db):
    Organization.objects.create(code="X", name="Đảng bộ khác", kind="committee")
    with pytest.raises(InvalidInput) as refused:
        call_command("demo")
    assert refused.value.exit_code == 2
    assert list(Organization.objects.values_list("code", flat=True)) == ["X"]
