"""Malformed rows are row errors naming the row (header = row 1), the column and the rule, in Vietnamese
then English, and nothing is written (issue 9 point 7): extra fields, control characters, a citizen ID
twice in the file or already on the register, absurd dates. The structural checks hold for every KIND
(the shared reader); the CLI answers exit 2."""

import datetime as dt

import pytest

from dangvu.core.errors import InvalidInput
from dangvu.members.importers import run
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from .conftest import MEMBER_HEADER, write_csv, write_xlsx
from .test_command import dangvu, rows

HEADER = MEMBER_HEADER + ["citizen_id"]


def member(code, name="Nguyễn Văn An", birth="1980-01-01", citizen_id=""):
    return [code, name, birth, "Nam", "C1", "2005-05-01", citizen_id]


def refused(kind, path, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        run(kind, path, **kwargs)
    return [(p.row, p.field, p.render()) for p in caught.value.problems]


def test_a_row_with_more_fields_than_the_header(tree, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEADER, member("M1"), member("M2") + ["shifted"]])
    [(row, field, text)] = refused("members", path)
    assert (row, field) == (3, "#8")
    assert "The row has 8 fields but the header only 7." in text and " / " in text
    assert not Member.objects.exists()


def test_extra_fields_are_refused_for_every_kind(tree, tmp_path):
    path = write_csv(tmp_path / "o.csv", [["code", "name", "kind", "parent_code"],
                                          ["W9", "Đảng bộ phường Chín", "grassroots_committee", "T", "x"]])
    assert [r[:2] for r in refused("organizations", path)] == [(2, "#5")]
    assert not Organization.objects.filter(code="W9").exists()


def test_a_nul_byte_or_a_bidi_override_in_a_cell(tree, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEADER, member("M1", "Nguyễn\x00Văn An"),
                                          member("M2", "Lê Thị\u202e Bình")])
    found = refused("members", path)
    assert [r[:2] for r in found] == [(2, "full_name"), (3, "full_name")]
    assert "(U+0000)" in found[0][2] and "(U+202E)" in found[1][2]
    assert "control character" in found[0][2] and "ký tự điều khiển" in found[0][2]
    assert not Member.objects.exists()


def test_control_characters_are_refused_for_every_kind(tree, tmp_path):
    path = write_csv(tmp_path / "o.csv", [["code", "name", "kind", "parent_code"],
                                          ["W9", "Đảng bộ\x07 phường", "grassroots_committee", "T"]])
    assert [r[:2] for r in refused("organizations", path)] == [(2, "name")]


def test_the_same_citizen_id_twice_in_the_file(tree, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEADER, member("M1", citizen_id="046080000001"),
                                          member("M2", citizen_id="046080000001")])
    [(row, field, text)] = refused("members", path)
    assert (row, field) == (3, "citizen_id") and "repeated in the file (row 2)" in text
    assert not Member.objects.exists()


def test_a_citizen_id_already_on_the_register(tree, tmp_path):
    run("members", write_csv(tmp_path / "a.csv", [HEADER, member("M1", citizen_id="046080000001")]))
    path = write_csv(tmp_path / "m.csv", [HEADER, member("M2", citizen_id="046080000001"), member("M3")])
    [(row, field, text)] = refused("members", path)
    assert (row, field) == (2, "citizen_id") and "already has this citizen ID" in text
    assert list(Member.objects.values_list("code", flat=True)) == ["M1"]


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("birth", ["0001-01-01", "31/12/1899", TOMORROW])
def test_absurd_birth_dates(tree, tmp_path, birth):
    path = write_csv(tmp_path / "m.csv", [HEADER, member("M1", birth=birth)])
    assert ("birth_date" in {f for _r, f, _t in refused("members", path)})
    assert not Member.objects.exists()


def test_an_xlsx_date_cell_before_1900(tree, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", [HEADER, member("M1", birth=dt.date(1, 1, 1))])
    [(row, field, text)] = refused("members", path)
    assert (row, field) == (2, "birth_date") and "before 01/01/1900" in text


ORGS = [["code", "name", "kind", "parent_code", "established_on"],
        ["T", "Đảng bộ thị xã Thử", "committee", "", "2000-01-01"],
        ["C1", "Chi bộ 1", "cell", "T", "01/01/2000"]]


def test_the_cli_answers_exit_2_and_writes_nothing(tmp_path):
    work = tmp_path
    assert dangvu(work, "migrate", "-v", "0").returncode == 0
    write_csv(work / "o.csv", ORGS)
    assert dangvu(work, "import", "organizations", "o.csv").returncode == 0
    write_csv(work / "m.csv", [HEADER, member("M1", citizen_id="046080000001"),
                               member("M2", "Lê\x00 Thị Bình", citizen_id="046080000001"),
                               member("M3", birth="0001-01-01") + ["extra"]])
    done = dangvu(work, "import", "members", "m.csv")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "row 3, citizen_id", "row 3, full_name", "row 4, #8", "row 4, birth_date"]
    assert all(" / " in line for line in lines)
    assert rows(work, "select count(*) from members_member") == 0
