"""Synthetic Vietnamese names and identifiers for the demo register. Nothing here belongs to a real person:
names are drawn at random from common parts, and every identifier comes from a range that cannot be
allocated (see `citizen_id` and `phone`)."""

from __future__ import annotations

import datetime as dt
import random

# Family names with rough weights (per cent) for Thừa Thiên Huế: more Lê, Hồ, Phan and Võ than the
# national figures, Hoàng rather than Huỳnh, the Huế surname Văn, and the royal Tôn Thất / Tôn Nữ now
# and then (Tôn Thất for men, Tôn Nữ for women).
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 30), ("Lê", 12), ("Trần", 10), ("Phan", 6), ("Hồ", 6), ("Hoàng", 5), ("Võ", 5),
    ("Phạm", 4), ("Đặng", 3), ("Trương", 2.5), ("Bùi", 2), ("Ngô", 2), ("Đoàn", 1.5), ("Đỗ", 1.5),
    ("Dương", 1.5), ("Cao", 1), ("Mai", 1), ("Văn", 1), ("Huỳnh", 1), ("Lý", 0.5), ("Tôn", 0.8),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Công", "Ngọc", "Xuân", "Thanh",
               "Viết", "Đình", "Bá", "Quốc", "Anh")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hoài", "Phương",
                 "Bảo", "Diệu")
MALE_GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khoa",
              "Khánh", "Lâm", "Long", "Lợi", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân",
              "Quang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn",
              "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Lộc", "Phước", "Thuận", "Trí", "Định", "Hòa")
FEMALE_GIVEN = ("Anh", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
                "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân",
                "Nhung", "Oanh", "Phượng", "Quyên", "Quỳnh", "Sen", "Thảo", "Thủy", "Trang", "Trinh",
                "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Lài", "Thương", "Hòa", "Nhi")

# Ethnicity: Kinh almost everywhere; a few Tà Ôi, Cơ Tu and Pa Cô members (upland communes of the west).
ETHNICITIES = (("Kinh", 985), ("Tà Ôi", 6), ("Cơ Tu", 5), ("Pa Cô", 4))
RELIGIONS = (("Không", 84), ("Phật giáo", 13), ("Công giáo", 3))


def weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def full_name(rng: random.Random, sex: str) -> str:
    family = weighted(rng, FAMILY_NAMES)
    female = sex == "female"
    if family == "Tôn":
        family = "Tôn Nữ" if female else "Tôn Thất"
        middle = rng.choice(("Thu", "Thanh", "Minh", "Diệu")) if female else ""
    else:
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return " ".join(part for part in (family, middle, given) if part)


def citizen_id(serial: int, birth_date: dt.date, sex: str) -> str:
    """A 12-digit citizen ID that cannot exist: real ones begin with the code of the province of birth
    registration, 001–096 (the Ministry of Public Security's list), so the prefix "000" is never issued.
    The rest follows the real layout (century-and-sex digit, two digits of the birth year) and a serial
    that makes it unique."""
    century = 0 if birth_date.year < 2000 else 2
    digit = century + (1 if sex == "female" else 0)
    return f"000{digit}{birth_date.year % 100:02d}{serial:06d}"


def phone(serial: int) -> str:
    """A 10-digit number beginning "0100": Vietnamese mobile numbers begin 03, 05, 07, 08 or 09 and
    fixed lines 02, and the old 11-digit "01x" mobile prefixes were withdrawn in 2018, so no subscriber
    holds one. ("0999…", the obvious choice, is a live Gmobile range.)"""
    return f"0100{serial % 1_000_000:06d}"


def card_number(serial: int) -> str:
    """A party card number in the "province code.serial" layout with the impossible province code 00."""
    return f"00.{serial:06d}"


def is_synthetic_citizen_id(value: str) -> bool:
    return len(value) == 12 and value.isdigit() and value.startswith("000")


def is_synthetic_phone(value: str) -> bool:
    return len(value) == 10 and value.isdigit() and value.startswith("0100")
