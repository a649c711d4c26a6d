"""Synthetic people: Kinh, Khmer and Hoa names with realistic frequencies, and valid citizen IDs.

Names are stored as given (họ, tên đệm, tên). Khmer names in Vietnamese transcription usually have no
tên đệm for men and a two-syllable given name (Thạch Sô Phal), which is why the parts are never re-split.
Every combination is drawn at random; any likeness to a real person is chance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from apps.members.choices import EducationLevel, TheoryLevel


class _Pool:
    """Weighted choices drawn with one call to the generator."""

    def __init__(self, weighted: Sequence[tuple[str, float]]) -> None:
        self.values = [v for v, _ in weighted]
        self.cum = list(itertools.accumulate(w for _, w in weighted))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]


def _even(values: str) -> _Pool:
    return _Pool([(v.strip(), 1.0) for v in values.split(",")])


# Family names of the Mekong Delta (Huỳnh and Võ where the North says Hoàng and Vũ), in percent.
KINH_FAMILY = _Pool(
    [
        ("Nguyễn", 31),
        ("Trần", 12),
        ("Lê", 9),
        ("Huỳnh", 6),
        ("Phạm", 5),
        ("Võ", 5),
        ("Phan", 4),
        ("Trương", 2),
        ("Đặng", 2),
        ("Bùi", 2),
        ("Hồ", 2),
        ("Đỗ", 1.5),
        ("Ngô", 1.5),
        ("Dương", 1.5),
        ("Lý", 1.5),
        ("Đoàn", 1),
        ("Lâm", 1),
        ("Châu", 1),
        ("Tô", 1),
        ("Mai", 1),
        ("Đinh", 1),
        ("Hà", 1),
        ("Thái", 1),
        ("Cao", 1),
        ("Tạ", 0.5),
        ("Lưu", 0.5),
        ("La", 0.5),
    ]
)
KINH_MIDDLE = {
    "M": _Pool(
        [
            ("Văn", 35),
            ("Minh", 8),
            ("Thanh", 8),
            ("Quốc", 6),
            ("Hữu", 6),
            ("Hoàng", 5),
            ("Tấn", 5),
            ("Công", 4),
            ("Đức", 4),
            ("Thành", 4),
            ("Ngọc", 4),
            ("Trung", 3),
            ("Chí", 3),
            ("Duy", 2),
            ("Phước", 2),
            ("Hồng", 2),
        ]
    ),
    "F": _Pool(
        [
            ("Thị", 45),
            ("Ngọc", 10),
            ("Thanh", 6),
            ("Hồng", 5),
            ("Thu", 5),
            ("Mỹ", 5),
            ("Kim", 5),
            ("Bích", 4),
            ("Thúy", 4),
            ("Phương", 3),
            ("Minh", 3),
            ("Cẩm", 3),
            ("Diễm", 2),
        ]
    ),
}
KINH_GIVEN = {
    "M": _even(
        "Hùng, Dũng, Tuấn, Minh, Phong, Long, Hải, Nam, Sơn, Tâm, Khoa, Phúc, Trung, Hiếu, Tài, Lợi, Thắng, Bình, "
        "Cường, Khang, Lộc, Toàn, Hậu, Nghĩa, Trí, Vinh, Quang, Hòa, Thịnh, Tùng, Đạt, Huy, Kiệt, Thái, Nhân, "
        "Thiện, Phát, Tín, Hưng, Định, Tú, Sang, Em, Út"
    ),
    "F": _even(
        "Lan, Hương, Hoa, Mai, Linh, Trang, Thảo, Nhung, Hạnh, Phương, Ngân, Yến, Diễm, Trinh, Thúy, Vy, Hằng, "
        "Thư, Loan, Oanh, Nga, Tuyết, Xuân, Hiền, Dung, Huyền, Châu, Quyên, Nhi, Uyên, Thanh, Hồng, Em, Út"
    ),
}

KHMER_FAMILY = _Pool([("Thạch", 30), ("Sơn", 20), ("Kim", 12), ("Danh", 10), ("Lâm", 10), ("Lý", 6), ("Trịnh", 4), ("Châu", 4)])
KHMER_GIVEN = {
    "M": _even(
        "Sô Phal, Sa Rinh, Chanh Thol, Sà Rương, Ra Sy, Sóc Khum, Pha Ly, Sa Vên, Chăn Đa, Mét Ta, Sa Rát, Sô Kha, "
        "Ly Sa, Khum Pheo, Sa Muth, Rinh Na, Kha Ra, Thi Đa, Sóc Thai, Ne Ry, Sa Ron, Đa Ni"
    ),
    "F": _even(
        "Sa Ly, Sô Phia, Sa Rây, Chanh Na, Ra Ny, Sóc Phiêng, Thi Da, Mà Ly, Sa Rên, Na Ry, Sô Ra, Pha Ni, "
        "Chăn Thu, Xa Ry, Ny Na, Đa Ra, Sa Phon, Ly Na, Sô Thi, Ma Ni"
    ),
}

HOA_FAMILY = _Pool(
    [
        ("Lý", 12),
        ("Trương", 10),
        ("Quách", 8),
        ("Lưu", 8),
        ("Lâm", 8),
        ("Tăng", 7),
        ("Diệp", 6),
        ("Châu", 6),
        ("Hứa", 6),
        ("Mã", 5),
        ("Thái", 5),
        ("Tô", 4),
        ("Vương", 4),
        ("Dương", 4),
        ("Hồng", 3),
    ]
)
HOA_MIDDLE = {"M": _even("Văn, Kiến, Quốc, Minh, Chấn, Vĩnh, Hữu"), "F": _even("Thị, Mỹ, Ngọc, Tú, Huệ, Lệ")}
HOA_GIVEN = {
    "M": _even("Cường, Phát, Tài, Hưng, Quang, Kiệt, Lợi, Thành, Phúc, Hào, Trung, Khải"),
    "F": _even("Hoa, Linh, Phượng, Lan, Hương, Trân, Mẫn, Nghi, Quyên, Phụng"),
}

RELIGION = {
    "Kinh": _Pool([("Không", 80), ("Phật giáo", 12), ("Công giáo", 4), ("Cao Đài", 2), ("Phật giáo Hòa Hảo", 2)]),
    "Khmer": _Pool([("Phật giáo Nam tông Khmer", 90), ("Không", 10)]),
    "Hoa": _Pool([("Không", 60), ("Phật giáo", 40)]),
}
EDUCATION = _Pool(
    [
        (EducationLevel.BACHELOR.value, 55),
        (EducationLevel.MASTER.value, 15),
        (EducationLevel.COLLEGE.value, 8),
        (EducationLevel.VOCATIONAL.value, 10),
        (EducationLevel.SECONDARY.value, 10),
        (EducationLevel.DOCTOR.value, 2),
    ]
)
THEORY = _Pool(
    [
        (TheoryLevel.ELEMENTARY.value, 45),
        (TheoryLevel.INTERMEDIATE.value, 35),
        (TheoryLevel.ADVANCED.value, 12),
        (TheoryLevel.BACHELOR.value, 3),
        (TheoryLevel.NONE.value, 5),
    ]
)

# Sóc Trăng before 1-7-2025: the city, two towns and eight districts; communes are drawn from common names.
SOC_TRANG_DISTRICTS = [
    "thành phố Sóc Trăng",
    "thị xã Vĩnh Châu",
    "thị xã Ngã Năm",
    "huyện Châu Thành",
    "huyện Kế Sách",
    "huyện Mỹ Tú",
    "huyện Cù Lao Dung",
    "huyện Long Phú",
    "huyện Mỹ Xuyên",
    "huyện Thạnh Trị",
    "huyện Trần Đề",
]
NEIGHBOUR_PROVINCES = ["Bạc Liêu", "Hậu Giang", "Cần Thơ", "Trà Vinh", "Vĩnh Long", "Cà Mau", "Kiên Giang", "Bến Tre"]
PLACE_SYLLABLES = [
    "An",
    "Tân",
    "Phú",
    "Hòa",
    "Long",
    "Bình",
    "Thạnh",
    "Mỹ",
    "Vĩnh",
    "Hưng",
    "Thới",
    "Lợi",
    "Đông",
    "Tây",
    "Trung",
    "Thuận",
    "Phước",
    "Khánh",
    "Lộc",
    "Thành",
    "Hiệp",
    "Xuân",
    "Đại",
    "Ngãi",
    "Nhơn",
    "Quới",
    "Hậu",
    "Kiến",
]


def place_name(rng: random.Random) -> str:
    first, second = rng.sample(PLACE_SYLLABLES, 2)
    return f"{first} {second}"


# Official province codes of the citizen ID (the first three digits); Sóc Trăng is 094.
PROVINCE_CODES = [
    "001",
    "002",
    "004",
    "006",
    "008",
    "010",
    "011",
    "012",
    "014",
    "015",
    "017",
    "019",
    "020",
    "022",
    "024",
    "025",
    "026",
    "027",
    "030",
    "031",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "040",
    "042",
    "044",
    "045",
    "046",
    "048",
    "049",
    "051",
    "052",
    "054",
    "056",
    "058",
    "060",
    "062",
    "064",
    "066",
    "067",
    "068",
    "070",
    "072",
    "074",
    "075",
    "077",
    "079",
    "080",
    "082",
    "083",
    "084",
    "086",
    "087",
    "089",
    "091",
    "092",
    "093",
    "094",
    "095",
    "096",
]
SOC_TRANG = "094"


class CitizenIds:
    """Unique 12-digit citizen IDs: province code, century-and-gender digit, year of birth, then a serial.

    The serial runs through a fixed permutation of 000000-999999 per (province, digit, year), so IDs are
    unique, deterministic and do not look sequential.
    """

    def __init__(self) -> None:
        self._issued: defaultdict[tuple[str, int, int], int] = defaultdict(int)

    def make(self, province_code: str, birth_date: dt.date, gender: str) -> str:
        century = birth_date.year // 100 - 19
        digit = {0: {"M": 0, "F": 1}, 1: {"M": 2, "F": 3}}[century][gender]
        yy = birth_date.year % 100
        key = (province_code, digit, yy)
        k = self._issued[key]
        self._issued[key] = k + 1
        serial = (k * 7919 + int(province_code) * 4099 + yy * 613 + digit * 97) % 1_000_000
        return f"{province_code}{digit}{yy:02d}{serial:06d}"


@dataclass(frozen=True)
class Name:
    family: str
    middle: str
    given: str
    ethnicity: str
    religion: str


def draw_ethnicity(rng: random.Random, khmer: float = 0.0, hoa: float = 0.0) -> str:
    x = rng.random()
    if x < khmer:
        return "Khmer"
    if x < khmer + hoa:
        return "Hoa"
    return "Kinh"


def draw_name(rng: random.Random, gender: str, ethnicity: str = "Kinh") -> Name:
    if ethnicity == "Khmer":
        middle = "Thị" if gender == "F" and rng.random() < 0.5 else ""
        family, given = KHMER_FAMILY.draw(rng), KHMER_GIVEN[gender].draw(rng)
    elif ethnicity == "Hoa":
        family, middle, given = HOA_FAMILY.draw(rng), HOA_MIDDLE[gender].draw(rng), HOA_GIVEN[gender].draw(rng)
    else:
        family, middle, given = KINH_FAMILY.draw(rng), KINH_MIDDLE[gender].draw(rng), KINH_GIVEN[gender].draw(rng)
        if middle == given:
            middle = "Văn" if gender == "M" else "Thị"
    return Name(family, middle, given, ethnicity, RELIGION[ethnicity].draw(rng))


def hometown_soc_trang(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"xã {place_name(rng)}, tỉnh {rng.choice(NEIGHBOUR_PROVINCES)}"
    district = rng.choice(SOC_TRANG_DISTRICTS)
    if district.startswith("huyện"):
        return f"xã {place_name(rng)}, {district}, tỉnh Sóc Trăng"
    return f"phường {rng.randint(1, 10)}, {district}, tỉnh Sóc Trăng"
