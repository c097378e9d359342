import pytest

from dangvu.audit import services as audit
from dangvu.audit.selectors import verify_chain


@pytest.mark.django_db
def test_recorded_entries_form_a_valid_chain():
    with audit.atomic():
        audit.record(actor=None, action="test.one", object_type="x", object_id="1", after={"a": 1})
        audit.record(actor=None, action="test.two", object_type="x", object_id="1", before={"a": 1})
    report = verify_chain()
    assert report.ok, report.reason
    assert report.count == 2
