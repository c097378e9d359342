"""The Hương Trà demo organisation: its tree in 2017, the restructurings that led to today's wards, and
the executive committees. Pure data; `history.py` fills the register and `load.py` writes both through the
services.

The 16 wards and communes are those of Hương Trà town in 2017 (7 wards since the town was founded in 2011,
9 communes). Later changes, simplified:
- 2020-01-01: Hồng Tiến joins Bình Tiến (the commune merger of 2019);
- 2021-07-01: Hương An, Hương Hồ, Hương Thọ, Hương Vinh, Hương Phong and Hải Dương pass to Huế (here: to
  the city committee directly, the Huế city committee of those years is not modelled);
- 2025-01-01: the province becomes the centrally-run city of Huế;
- 2025-07-01: the town is dissolved; phường Hương Trà is formed from Tứ Hạ, Hương Văn and Hương Vân
  (PRODUCT.md). The other new units, phường Kim Trà, xã Bình Điền, phường Kim Long, phường Hóa Châu and
  phường Thuận An, bear names of the 2025 arrangement, but which old unit went where is a plausible
  simplification, not checked against the resolution. Town-level agencies and schools are placed under
  the city committee.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date

TOWN_FOUNDED = date(2011, 11, 15)  # the town and its wards; the units are older, their records start here
HONG_TIEN_MERGED = date(2020, 1, 1)
TO_HUE_CITY = date(2021, 7, 1)
CITY_RENAMED = date(2025, 1, 1)
REFORM = date(2025, 7, 1)
RESTRUCTURING_DAYS = frozenset({HONG_TIEN_MERGED, TO_HUE_CITY, CITY_RENAMED, REFORM})

ROOT = "TU-HUE"
TOWN = "HT"
WARD = "P-HT"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None
    established_on: dt.date | None = None
    issuing_body: str = ""
    abbreviation: str = ""
    place_name: str = ""
    weight: float = 0.0  # relative size of a unit that registers members (0: none registered in it)
    women: float = 0.35  # share of women among its members
    place: str = ""  # the ward or commune, for home towns


@dataclass(frozen=True)
class Step:
    """One restructuring row (CONTRACT.md, KIND `restructurings`)."""

    on: dt.date
    operation: str
    organization: str
    target: str = ""
    new_name: str = ""


# (code, name, ward?, residential cells, 2021 fate, 2025 target, size factor)
LOCALITIES = (
    ("TUHA", "Tứ Hạ", True, 12, None, WARD, 1.6),
    ("HVAN", "Hương Văn", True, 9, None, WARD, 1.6),
    ("HVAAN", "Hương Vân", True, 9, None, WARD, 1.6),
    ("HXUAN", "Hương Xuân", True, 9, None, "P-KIMTRA", 1.0),
    ("HCHU", "Hương Chữ", True, 10, None, "P-KIMTRA", 1.0),
    ("HAN", "Hương An", True, 9, ROOT, "P-KIMLONG", 1.0),
    ("HHO", "Hương Hồ", True, 9, ROOT, "P-KIMLONG", 1.0),
    ("HTOAN", "Hương Toàn", False, 10, None, "P-KIMTRA", 1.0),
    ("HVINH", "Hương Vinh", False, 9, ROOT, "P-HOACHAU", 1.0),
    ("HPHONG", "Hương Phong", False, 8, ROOT, "P-HOACHAU", 1.0),
    ("HDUONG", "Hải Dương", False, 7, ROOT, "P-THUANAN", 1.0),
    ("HTHO", "Hương Thọ", False, 8, ROOT, "P-KIMLONG", 1.0),
    ("BTHANH", "Bình Thành", False, 7, None, "X-BINHDIEN", 1.0),
    ("HBINH", "Hương Bình", False, 6, None, "X-BINHDIEN", 1.0),
    ("BTIEN", "Bình Tiến", False, 6, None, "X-BINHDIEN", 1.0),
    ("HTIEN", "Hồng Tiến", False, 5, None, None, 1.0),  # joins Bình Tiến on 2020-01-01
)

# Units of the town's agencies, forces, schools and enterprises: (code, name, kind, cells, weight, women).
AGENCIES = (
    ("QS", "Đảng bộ Quân sự thị xã", "grassroots_committee",
     ("Chi bộ Chỉ huy", "Chi bộ Tham mưu - Hậu cần", "Chi bộ Chính trị"), 0.8, 0.08),
    ("CA", "Đảng bộ Công an thị xã", "grassroots_committee",
     ("Chi bộ Tham mưu - Tổng hợp", "Chi bộ An ninh", "Chi bộ Cảnh sát hình sự", "Chi bộ Cảnh sát giao thông",
      "Chi bộ Cảnh sát quản lý hành chính"), 1.0, 0.12),
    ("CQ", "Đảng bộ Cơ quan chính quyền thị xã", "grassroots_committee",
     ("Chi bộ Văn phòng HĐND và UBND", "Chi bộ Phòng Tài chính - Kế hoạch",
      "Chi bộ Phòng Giáo dục và Đào tạo", "Chi bộ Phòng Nội vụ", "Chi bộ Phòng Tài nguyên và Môi trường",
      "Chi bộ Phòng Lao động - Thương binh và Xã hội"), 0.7, 0.45),
    ("VPTU", "Chi bộ Văn phòng Thị ủy", "grassroots_cell", (), 0.9, 0.4),
    ("MTDT", "Chi bộ Mặt trận - Đoàn thể thị xã", "grassroots_cell", (), 0.8, 0.5),
    ("THPTHT", "Chi bộ Trường THPT Hương Trà", "grassroots_cell", (), 1.0, 0.6),
    ("THPTDHT", "Chi bộ Trường THPT Đặng Huy Trứ", "grassroots_cell", (), 0.9, 0.6),
    ("THPTBD", "Chi bộ Trường THPT Bình Điền", "grassroots_cell", (), 0.7, 0.6),
    ("THPTHV", "Chi bộ Trường THPT Hương Vinh", "grassroots_cell", (), 0.8, 0.6),
    ("TTYT", "Chi bộ Trung tâm Y tế thị xã", "grassroots_cell", (), 1.0, 0.6),
    ("NHCS", "Chi bộ Ngân hàng Chính sách xã hội thị xã", "grassroots_cell", (), 0.5, 0.5),
    ("CTXD", "Chi bộ Công ty Cổ phần Xây dựng Hương Trà", "grassroots_cell", (), 0.5, 0.2),
)
LOCAL_CELLS_WARD = ("Chi bộ Cơ quan phường", "Chi bộ Quân sự phường", "Chi bộ Công an phường",
                    "Chi bộ Trường Mầm non", "Chi bộ Trường Tiểu học", "Chi bộ Trường THCS")
LOCAL_CELLS_COMMUNE = ("Chi bộ Cơ quan xã", "Chi bộ Quân sự xã", "Chi bộ Công an xã",
                       "Chi bộ Trường Mầm non", "Chi bộ Trường Tiểu học", "Chi bộ Trường THCS")
LOCAL_WEIGHTS = (1.0, 0.5, 0.5, 0.5, 0.6, 0.7)
LOCAL_WOMEN = (0.4, 0.05, 0.1, 0.95, 0.7, 0.6)

# The units of 2025: (code, name, issuing body, kind).
NEW_UNITS = (
    (WARD, "Đảng bộ phường Hương Trà", "ĐẢNG ỦY PHƯỜNG HƯƠNG TRÀ", "Hương Trà"),
    ("P-KIMTRA", "Đảng bộ phường Kim Trà", "ĐẢNG ỦY PHƯỜNG KIM TRÀ", "Kim Trà"),
    ("X-BINHDIEN", "Đảng bộ xã Bình Điền", "ĐẢNG ỦY XÃ BÌNH ĐIỀN", "Bình Điền"),
    ("P-KIMLONG", "Đảng bộ phường Kim Long", "ĐẢNG ỦY PHƯỜNG KIM LONG", "Kim Long"),
    ("P-HOACHAU", "Đảng bộ phường Hóa Châu", "ĐẢNG ỦY PHƯỜNG HÓA CHÂU", "Hóa Châu"),
    ("P-THUANAN", "Đảng bộ phường Thuận An", "ĐẢNG ỦY PHƯỜNG THUẬN AN", "Thuận An"),
)


def units() -> list[Unit]:
    """Every unit, parents before children: the province root, the town and its tree of 2017, and the
    units founded on 2025-07-01."""
    out = [
        Unit(ROOT, "Đảng bộ tỉnh Thừa Thiên Huế", "committee", None, issuing_body="THÀNH ỦY HUẾ",
             abbreviation="TU", place_name="Huế"),
        Unit(TOWN, "Đảng bộ thị xã Hương Trà", "committee", ROOT, TOWN_FOUNDED,
             issuing_body="THỊ ỦY HƯƠNG TRÀ", abbreviation="TU", place_name="Hương Trà"),
    ]
    for code, place, is_ward, residential, _fate, _target, factor in LOCALITIES:
        level = "phường" if is_ward else "xã"
        committee = f"{TOWN}-{code}"
        out.append(Unit(committee, f"Đảng bộ {level} {place}", "grassroots_committee", TOWN, TOWN_FOUNDED,
                        issuing_body=f"ĐẢNG ỦY {level.upper()} {place.upper()}", abbreviation="ĐU",
                        place_name=place))
        for n in range(1, residential + 1):
            name = f"Chi bộ Tổ dân phố {n}" if is_ward else f"Chi bộ thôn {n}"
            out.append(Unit(f"{committee}-{n:02d}", name, "cell", committee, TOWN_FOUNDED,
                            weight=factor, women=0.31, place=place))
        local = LOCAL_CELLS_WARD if is_ward else LOCAL_CELLS_COMMUNE
        for i, (name, weight, women) in enumerate(zip(local, LOCAL_WEIGHTS, LOCAL_WOMEN, strict=True)):
            if name.startswith("Chi bộ Trường"):
                name = f"{name} {level} {place}" if "Mầm non" in name else f"{name} {place}"
            out.append(Unit(f"{committee}-{residential + i + 1:02d}", name, "cell", committee, TOWN_FOUNDED,
                            weight=weight * factor, women=women, place=place))
    for code, name, kind, cells, weight, women in AGENCIES:
        unit_code = f"{TOWN}-{code}"
        if cells:
            out.append(Unit(unit_code, name, kind, TOWN, TOWN_FOUNDED))
            out += [Unit(f"{unit_code}-{n:02d}", cell, "cell", unit_code, TOWN_FOUNDED, weight=weight,
                         women=women, place="Tứ Hạ") for n, cell in enumerate(cells, start=1)]
        else:
            out.append(Unit(unit_code, name, kind, TOWN, TOWN_FOUNDED, weight=weight, women=women,
                            place="Tứ Hạ"))
    for code, name, issuing_body, place in NEW_UNITS:
        out.append(Unit(code, name, "committee", ROOT, REFORM, issuing_body=issuing_body, abbreviation="ĐU",
                        place_name=place))
    return out


def restructurings() -> list[list[Step]]:
    """The restructurings in date order, one list per operation (applied in one transaction each)."""
    town_units = [f"{TOWN}-{code}" for code, *_ in AGENCIES]
    moved_2021 = [f"{TOWN}-{code}" for code, _p, _w, _r, fate, _t, _f in LOCALITIES if fate == ROOT]
    reform = [Step(REFORM, "merge", f"{TOWN}-{code}", target)
              for code, _p, _w, _r, _fate, target, _f in LOCALITIES if target]
    reform += [Step(REFORM, "move", code, ROOT) for code in town_units]
    reform.append(Step(REFORM, "close", TOWN))
    return [
        [Step(HONG_TIEN_MERGED, "merge", f"{TOWN}-HTIEN", f"{TOWN}-BTIEN")],
        [Step(TO_HUE_CITY, "move", code, ROOT) for code in moved_2021],
        [Step(CITY_RENAMED, "rename", ROOT, new_name="Đảng bộ thành phố Huế")],
        reform,
    ]


def ward_cells(ward: str = WARD) -> list[str]:
    """The cells that stand under a 2025 unit from its founding (those of the localities merged into it)."""
    codes = {f"{TOWN}-{code}" for code, _p, _w, _r, _fate, target, _f in LOCALITIES if target == ward}
    if ward == "X-BINHDIEN":
        codes.add(f"{TOWN}-HTIEN")
    return [u.code for u in units() if u.parent in codes]


@dataclass(frozen=True)
class Committee:
    """A term of an executive committee with its posts: (post, number of holders)."""

    organization: str
    number: int
    start_on: dt.date
    end_on: dt.date | None
    posts: tuple[tuple[str, int], ...]


# Term numbers of the town's congresses are plausible, not checked; phường Hương Trà's first executive
# committee was appointed for 2025–2030 (PRODUCT.md).
COMMITTEES = (
    Committee(TOWN, 21, date(2015, 8, 1), date(2020, 8, 1),
              (("secretary", 1), ("deputy_secretary", 2), ("standing_member", 6), ("committee_member", 10))),
    Committee(TOWN, 22, date(2020, 8, 1), None,
              (("secretary", 1), ("deputy_secretary", 2), ("standing_member", 6), ("committee_member", 10))),
    Committee(WARD, 1, REFORM, None,
              (("secretary", 1), ("deputy_secretary", 2), ("standing_member", 4), ("committee_member", 8))),
)


def ward_of(code: str) -> str | None:
    """The 2025 unit a cell of the town's localities ends up under (None for the town's agencies)."""
    parts = code.split("-")
    if len(parts) < 2 or parts[0] != TOWN:
        return None
    if parts[1] == "HTIEN":
        return "X-BINHDIEN"
    for loc, _p, _w, _r, _fate, target, _f in LOCALITIES:
        if loc == parts[1]:
            return target
    return None
