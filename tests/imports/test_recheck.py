"""Member imports check every row before taking the write lock (issue 9.5); an audited write that lands
between the checks and the write makes them run again under the lock, so it cannot slip past them."""

import pytest

from dangvu.core.errors import InvalidInput
from dangvu.members import bulk
from dangvu.members.importers import run
from dangvu.members.models import Member

from .conftest import MEMBER_HEADER, write_csv


def test_a_member_registered_during_the_checks_is_caught_under_the_lock(tree, tmp_path, monkeypatch):
    rival = write_csv(tmp_path / "rival.csv", [MEMBER_HEADER, ["M1", "Lê Văn Một", "1980-01-01", "Nam",
                                                               "C1", "2005-05-01"]])
    mine = write_csv(tmp_path / "mine.csv", [MEMBER_HEADER, ["M1", "Trần Văn Hai", "1981-01-01", "Nam",
                                                             "C1", "2006-05-01"]])
    checks = []
    original = bulk._checked_members

    def checked_then_rival(actor, entries):
        checks.append(entries[0].full_name)
        result = original(actor, entries)
        if len(checks) == 1:
            run("members", rival)  # another process imports the same code meanwhile
        return result

    monkeypatch.setattr(bulk, "_checked_members", checked_then_rival)
    with pytest.raises(InvalidInput) as caught:
        run("members", mine)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "code")]
    assert checks == ["Trần Văn Hai", "Lê Văn Một", "Trần Văn Hai"]  # mine again under the lock
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Văn Một"]


def test_reads_alone_do_not_repeat_the_checks(tree, tmp_path, monkeypatch):
    calls = []
    original = bulk._checked_members
    monkeypatch.setattr(bulk, "_checked_members", lambda *a: calls.append(1) or original(*a))
    from dangvu.audit import services as audit

    mark = bulk.audit_mark()
    audit.record(actor=None, action="oversight.disciplinecase.read", object_type="x", object_id="1")
    assert not bulk._changed_since(mark)
    run("members", write_csv(tmp_path / "m.csv", [MEMBER_HEADER, ["M1", "Lê Văn Một", "1980-01-01", "Nam",
                                                                  "C1", "2005-05-01"]]))
    assert calls == [1]
