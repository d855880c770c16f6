"""Write the illustrative yearly dataset shipped with the project (data/2021 ... data/2025).

No district-level PAR figures for Hương Khê are public, so the values written here are
*illustrative*: invented but plausible numbers that exercise every part of the pipeline
(every indicator and task of the plan, every status, the 2025 mergers of communes, missing
values, notes that must be escaped). They are not official statistics.

Deterministic and offline: every random draw comes from a generator seeded with a fixed
string, so a rerun rewrites the same files byte for byte::

    .venv/bin/python tools/make_illustrative_data.py            # writes into data/
    .venv/bin/python tools/make_illustrative_data.py --out DIR  # somewhere else

Files written: data/<year>/indicators.csv and data/<year>/tasks.csv for 2021-2025,
data/context.csv (published provincial context figures) and data/dataset.yaml.
The district trajectories are in ``DISTRICT`` below; commune values are spread around
them with persistent leaders and laggards and then aggregated back to the district row
(sum of numerators / sum of denominators, or the mean of the commune values).
"""
from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = "11671/QĐ-UBND"
YEARS = (2021, 2022, 2023, 2024, 2025)
INDICATOR_HEADER = ("indicator", "unit", "value", "numerator", "denominator", "source", "note")
TASK_HEADER = ("task", "status", "completed_on", "note")
ESCAPE_PROBE = "<script>alert(1)</script> #set text(red) **x**"

# ------------------------------------------------------------------ district trajectories
# The district row, 2021..2025. For indicators reported by communes this is the value the
# commune values are calibrated to; the row written is their actual aggregate.
DISTRICT: dict[str, tuple[float, ...]] = {
    # 1. institutions
    "INS_DETAIL_IMPL": (100, 100, 100, 100, 100),
    "INS_DOC_REVIEW": (78, 85, 91, 96, 100),
    "INS_UPPER_IMPL": (85, 88, 90, 92.5, 100),
    # 2. administrative procedures
    "AP_CUT_REGS": (8, 12, 15, 19, 22),
    "AP_CUT_COST": (5, 7, 9, 12, 16),
    "AP_ONESTOP_REFORM": (0, 0, 0, 1, 1),
    "AP_E_TRANSFER": (35, 48, 60, 72, 84),
    "AP_EPAY_TTHC": (20, 30, 45, 62, 82),
    "AP_EPAY_TXN": (5, 7, 9, 13, 18),
    "AP_DIGITISE_DISTRICT": (22, 41, 52, 70, 100),
    "AP_DIGITISE_COMMUNE": (11, 18, 28, 40, 80),
    "AP_ONLINE_L34": (45, 62, 75, 82, 88),
    "AP_NATIONAL_PORTAL": (45, 82, 90, 96, 100),
    "AP_ONLINE_FILES": (8, 12, 18, 26, 38),
    "AP_SATISFACTION": (86, 87.5, 88.5, 90.2, 91.5),
    "AP_SATISFACTION_LAND": (78, 79, 77.5, 79.5, 80.5),
    "AP_INTERNAL_PROC": (40, 55, 68, 80, 92),
    "AP_NO_RESUBMIT": (30, 38, 48, 60, 81),
    # 3. organisational structure
    "ORG_REVIEW": (60, 75, 85, 95, 100),
    "ORG_FUNCTIONS": (70, 72, 80, 88, 100),
    "ORG_UNIT_MERGE": (0, 0, 0, 0, 1),
    "ORG_PSU_COUNT": (60, 59, 57, 55, 53),
    "ORG_PSU_STAFF": (1450, 1441, 1420, 1380, 1330),
    "ORG_SATISFACTION": (84, 85, 86.5, 87.5, 90.5),
    "ORG_SATISFACTION_HEALTH": (82, 81, 83.5, 81.4, 81.5),
    "ORG_SATISFACTION_EDU": (83, 85.2, 85.5, 86, 87),
    "ORG_PSU_AUTONOMY": (5, 5.1, 7, 7.3, 9.4),
    # 4. civil service
    "CS_INTL_LEADERS": (4.1, 5.2, 6.3, 8.4, 10.5),
    "CS_INTL_DEPT_LEADERS": (3, 4, 5, 6, 7),
    "CS_COMMUNE_DEGREE": (82, 87, 91.5, 96, 100),
    "CS_TRAINED": (70, 78, 85, 93, 100),
    "CS_PROMOTED": (60, 64, 68, 71, 75),
    # 5. public finance
    "PF_REVENUE_RULES_2022": (1, 1, 1, 1, 1),
    "PF_AUTONOMY": (85, 88, 92, 96, 100),
    "PF_REVENUE_RULES_2026": (0, 0, 0, 0, 1),
    "PF_PSU_SUPPORT": (52.4, 50.1, 48.6, 47.2, 45.8),
    # 6. e-government
    "EG_LEVEL4": (15, 25, 38, 52, 70),
    "EG_MOBILE": (40, 48, 55, 62, 70),
    "EG_EFILES_DISTRICT": (60, 68, 75, 81, 88),
    "EG_EFILES_COMMUNE": (25, 30, 38, 45, 61),
    "EG_VIDEOCONF": (38.1, 66.7, 100, 100, 100),
    "EG_ESERVICE_SKILL": (20, 24, 28, 33, 40),
    "EG_ONLINE_REPORTING": (50, 62, 75, 90, 100),
    "EG_DIGITAL_INSPECTION": (5, 6, 9, 14, 20),
    "EG_4G_FIBRE": (92, 95, 97, 98.5, 100),
    "EG_5G": (0, 0, 0, 5, 32),
    "EG_CITIZEN_DATA": (0, 0, 0, 0, 0),
    "EG_DIGITAL_RANK": (7, 6, 5, 8, 4),
    # 7. ISO 9001
    "ISO_APPLY": (86.4, 90.9, 95.5, 100, 100),
    "ISO_TTHC_EPROCESS": (30, 42, 55, 70, 85),
    "ISO_INTERNAL_DIGITISED": (10, 20, 32, 45, 58),
    "ISO_NTM_COMMUNES": (0, 5.9, 16.7, 26.3, 57.1),
    "ISO_PSU_SCHOOLS": (20, 28, 35.1, 42.5, 50),
    # 8. investment and business climate (counts of projects/enterprises: that year's flow)
    "BE_INVEST_PROJECTS": (2, 3, 4, 4, 4),
    "BE_NEW_ENTERPRISES": (13, 17, 16, 15, 17),
    "BE_ENTERPRISE_SHARE": (16, 15.2, 17.5, 18.6, 21.3),
    "BE_BUDGET_REVENUE": (118.4, 131.2, 144.6, 158.3, 172.4),
}

# District-only percentages written with numerator/denominator: the denominators per year
# (the numerator is derived from the trajectory).
DISTRICT_DENOMINATORS: dict[str, tuple[int, ...]] = {
    "INS_DETAIL_IMPL": (6, 8, 7, 9, 5),
    "AP_DIGITISE_DISTRICT": (4212, 4486, 4790, 5104, 5327),
    "ORG_REVIEW": (20, 20, 20, 20, 16),
    "ORG_PSU_AUTONOMY": (60, 59, 57, 55, 53),
    "CS_INTL_LEADERS": (98, 97, 96, 95, 86),
    "PF_AUTONOMY": (73, 72, 71, 69, 60),
    "EG_VIDEOCONF": (21, 21, 21, 21, 7),
    "ISO_NTM_COMMUNES": (16, 17, 18, 19, 7),
    "ISO_PSU_SCHOOLS": (75, 75, 74, 73, 70),
}

# Commune-reported percentages written with numerator/denominator: (base denominator of an
# average commune in 2021, yearly growth of the denominator, exponent on commune size).
COMMUNE_DENOMINATORS: dict[str, tuple[float, float, float]] = {
    "AP_DIGITISE_COMMUNE": (1150, 0.06, 1.0),
    "AP_ONLINE_FILES": (880, 0.05, 1.0),
    "AP_E_TRANSFER": (640, 0.05, 1.0),
    "CS_COMMUNE_DEGREE": (21, 0.0, 0.35),
    "CS_TRAINED": (23, 0.0, 0.35),
}

# Spread (standard deviation, percentage points) of commune values around the district.
SPREAD: dict[str, float] = {
    "INS_DOC_REVIEW": 8, "INS_UPPER_IMPL": 6, "AP_E_TRANSFER": 10, "AP_EPAY_TTHC": 10,
    "AP_EPAY_TXN": 4, "AP_DIGITISE_COMMUNE": 9, "AP_ONLINE_L34": 8, "AP_ONLINE_FILES": 6,
    "AP_SATISFACTION": 3, "AP_NO_RESUBMIT": 9, "ORG_SATISFACTION": 3,
    "CS_COMMUNE_DEGREE": 7, "CS_TRAINED": 8, "EG_LEVEL4": 9, "EG_EFILES_COMMUNE": 9,
    "EG_4G_FIBRE": 4, "EG_5G": 30,
}
UNCAPPED_SPREAD = {"EG_5G"}  # 5G: a few covered communes, the rest at 0
# Commune values set by hand: (year, indicator) -> {unit: value}; other communes get 0.
COMMUNE_VALUES = {(2024, "EG_5G"): {"tt_huong_khe": 85.0, "phu_phong": 20.0}}

# ISO_APPLY: commune People's Committees not yet applying ISO 9001 (0 / 100 per commune);
# the district row counts the district People's Committee too while it existed.
ISO_NOT_APPLYING = {2021: ("huong_lien", "huong_lam", "hoa_hai"),
                    2022: ("huong_lien", "huong_lam"), 2023: ("huong_lien",),
                    2024: (), 2025: ()}

# Persistent performance of communes (positive: a leader). Others are drawn at random.
PERFORMANCE = {"tt_huong_khe": 1.4, "gia_pho": 1.0, "phuc_dong": 0.9, "huong_tra": 0.8,
               "huong_lien": -1.4, "huong_lam": -1.2, "hoa_hai": -1.0, "loc_yen": -0.8}
IMPROVING = {"huong_giang": 0.35, "ha_linh": 0.25}  # catching up: + per year from 2021
SIZE = {"tt_huong_khe": 1.7, "phu_phong": 0.5, "huong_lien": 0.6, "huong_lam": 0.7}

# Deliberately missing values: (year, indicator, unit) -> the note explaining it.
MISSING = {
    (2021, "AP_NO_RESUBMIT", "hoa_hai"): "Chưa thống kê được số liệu năm 2021",
    (2021, "ORG_SATISFACTION", "huong_lien"): "Chưa có số liệu khảo sát",
    (2022, "AP_SATISFACTION", "huong_lam"): "Chưa có số liệu khảo sát",
    (2022, "AP_EPAY_TXN", "phu_phong"): "Xã chưa triển khai thanh toán trực tuyến",
    (2022, "EG_5G", "loc_yen"): "Nhà mạng chưa cung cấp số liệu",
    (2023, "ORG_SATISFACTION", "huong_vinh"): "Chưa có số liệu khảo sát",
    (2023, "AP_ONLINE_FILES", "dien_my"): "Lỗi dữ liệu trên hệ thống một cửa điện tử, chưa khôi phục",
    (2024, "AP_SATISFACTION", "hoa_hai"): "Chưa có số liệu khảo sát",
    (2024, "EG_EFILES_COMMUNE", "huong_lien"): "Phần mềm quản lý văn bản gián đoạn, chưa thống kê được",
    (2024, "CS_TRAINED", "phu_phong"): "Đang sắp xếp đơn vị hành chính, chưa tổng hợp",
    (2025, "AP_NO_RESUBMIT", "huong_xuan_2025"): "Xã mới chưa tổng hợp được số liệu",
    (2025, "ORG_SATISFACTION", "ha_linh_2025"): "Chưa có số liệu khảo sát",
}

# Notes on individual rows: (year, indicator, unit) -> note.
NOTES = {
    (2021, "PF_REVENUE_RULES_2022", "district"): "Quy định đã ban hành trong năm 2021, áp dụng từ năm ngân sách 2022",
    (2021, "EG_VIDEOCONF", "district"): "8/21 xã, thị trấn đã kết nối",
    (2021, "BE_NEW_ENTERPRISES", "district"): "Giảm do ảnh hưởng của dịch COVID-19",
    (2022, "ORG_SATISFACTION_HEALTH", "district"): "Giảm do quá tải tại Trung tâm Y tế trong dịch COVID-19",
    (2022, "BE_ENTERPRISE_SHARE", "district"): "Nhiều doanh nghiệp được gia hạn nộp thuế",
    (2022, "AP_ONLINE_FILES", "tt_huong_khe"): "Dẫn đầu huyện về hồ sơ trực tuyến",
    (2023, "AP_SATISFACTION_LAND", "district"): "Giảm do tồn đọng hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
    (2023, "EG_VIDEOCONF", "district"): "21/21 xã, thị trấn đã kết nối",
    (2023, "AP_DIGITISE_COMMUNE", "huong_lien"): "Thiếu thiết bị số hóa và nhân lực",
    (2024, "AP_ONESTOP_REFORM", "district"): "Hoàn thành kiện toàn Bộ phận Một cửa cấp huyện và cấp xã",
    (2024, "EG_DIGITAL_RANK", "district"): "Tụt hạng do chậm cập nhật dữ liệu lên hệ thống của tỉnh",
    (2024, "AP_SATISFACTION", "huong_do"): "Ghi chú thử nghiệm: " + ESCAPE_PROBE,
    (2024, "ORG_SATISFACTION_HEALTH", "district"): "Giảm do thiếu bác sĩ tại các trạm y tế xã",
    (2024, "ORG_PSU_STAFF", "district"): "Đã tinh giản theo Nghị định 29/2023/NĐ-CP",
    (2025, "ORG_UNIT_MERGE", "district"): "Hoàn thành sắp xếp theo Nghị quyết 1665/NQ-UBTVQH15",
    (2025, "PF_REVENUE_RULES_2026", "district"): "Quy định giai đoạn 2026-2030 đã ban hành",
    (2025, "ORG_PSU_COUNT", "district"): "Sau sắp xếp, hợp nhất các đơn vị sự nghiệp",
    (2025, "EG_DIGITAL_RANK", "district"): "Xếp hạng 6 tháng đầu năm 2025",
    (2025, "CS_COMMUNE_DEGREE", "district"): "Sau sắp xếp, công chức xã mới đều đạt chuẩn",
}


# ------------------------------------------------------------------ inputs
@dataclass(frozen=True)
class Unit:
    code: str
    name_vi: str
    kind: str
    valid_from: str
    valid_to: str
    successor: str

    def valid_in(self, year: int) -> bool:
        day = f"{year}-12-31"
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or self.valid_to >= day)


@dataclass(frozen=True)
class Indicator:
    code: str
    level: str
    measure: str
    office: str


def read_units(data: Path) -> list[Unit]:
    with open(data / "units.csv", encoding="utf-8", newline="") as fh:
        return [Unit(r["code"], r["name_vi"], r["kind"], r["valid_from"], r["valid_to"],
                     r["successor"]) for r in csv.DictReader(fh)]


def read_indicators(data: Path) -> list[Indicator]:
    raw = yaml.safe_load((data / "plan" / "indicators.yaml").read_text(encoding="utf-8"))
    return [Indicator(e["code"], e["level"], e["measure"], e["office"]) for e in raw]


def read_tasks(data: Path) -> list[str]:
    raw = yaml.safe_load((data / "plan" / "tasks.yaml").read_text(encoding="utf-8"))
    return [e["code"] for e in raw]


# ------------------------------------------------------------------ helpers
def rng(*parts: object) -> random.Random:
    return random.Random(":".join([SEED, *map(str, parts)]))


def fmt(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    text = f"{round(value, decimals):.{decimals}f}"
    return text[:-2] if text.endswith(".0") else text


def pct(num: int, den: int) -> float:
    return round(100 * num / den, 1)


def safe_numerator(p: float, den: int) -> int:
    """round(p% of den), nudged away from a value whose percentage ends in exactly .x5."""
    num = max(0, min(den, round(p * den / 100)))
    if (2000 * num) % den == 0 and ((2000 * num) // den) % 2 == 1:
        num += 1 if num < den else -1
    return num


def communes(units: list[Unit], year: int) -> list[Unit]:
    return [u for u in units if u.kind in ("town", "commune") and u.valid_in(year)]


def predecessors(units: list[Unit], code: str) -> list[str]:
    succ = {u.code: u.successor for u in units if u.successor}
    out = []
    for u in units:
        cur, seen = succ.get(u.code), {u.code}
        while cur and cur not in seen:
            if cur == code:
                out.append(u.code)
                break
            seen.add(cur)
            cur = succ.get(cur)
    return out


class Profiles:
    """Per-commune performance and size, persistent over the years; a new commune of
    2025 inherits the mean performance and the total size of its predecessors."""

    def __init__(self, units: list[Unit]):
        self.units = units
        old = [u for u in units if u.kind in ("town", "commune") and not u.valid_from]
        self.perf = {u.code: PERFORMANCE.get(u.code, round(rng("perf", u.code).uniform(-0.7, 0.7), 2))
                     for u in old}
        self.size = {u.code: SIZE.get(u.code, round(rng("size", u.code).uniform(0.75, 1.25), 2))
                     for u in old}
        for u in units:
            if u.kind in ("town", "commune") and u.valid_from:
                preds = [p for p in predecessors(units, u.code) if p in self.perf]
                self.perf[u.code] = sum(self.perf[p] for p in preds) / len(preds)
                self.size[u.code] = sum(self.size[p] for p in preds)

    def z(self, code: str, indicator: str, year: int) -> float:
        """Standardised position of a commune for one indicator and year."""
        own = rng("z", indicator, code).gauss(0, 0.55)
        yearly = rng("zy", indicator, code, year).gauss(0, 0.3)
        trend = IMPROVING.get(code, 0.0) * (year - 2021)
        if code.endswith("_2025"):
            preds = predecessors(self.units, code)
            own = sum(rng("z", indicator, p).gauss(0, 0.55) for p in preds) / len(preds)
            trend = sum(IMPROVING.get(p, 0.0) for p in preds) / len(preds) * 4
        return self.perf[code] + own + yearly + trend


# ------------------------------------------------------------------ commune values
def _spread(code: str, level: float) -> float:
    sd = SPREAD.get(code, 6.0)
    if code in UNCAPPED_SPREAD:
        return sd if level > 0 else 0.0
    return max(0.0, min(sd, 0.9 * (100 - level) + 0.5, 0.9 * level + 0.5))


def _bisect(target: float, aggregate) -> float:
    lo, hi = -150.0, 150.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if aggregate(mid) < target:
            lo = mid
        else:
            hi = mid
    return hi


def commune_rows(code: str, year: int, level: float, units: list[Unit], prof: Profiles):
    """Commune values of one percentage indicator, calibrated so that their aggregate is
    close to ``level``. Returns [(unit, value, num, den)] with None for missing values."""
    cs = [u.code for u in communes(units, year)]
    present = [c for c in cs if (year, code, c) not in MISSING]
    sd = _spread(code, level)
    z = {c: prof.z(c, code, year) for c in present}
    dens = {}
    if code in COMMUNE_DENOMINATORS:
        base, growth, expo = COMMUNE_DENOMINATORS[code]
        for c in present:
            noise = rng("den", code, c, year).uniform(0.9, 1.1)
            size = prof.size[c] ** expo
            if code.startswith("CS_") and c.endswith("_2025"):
                size = prof.size[c] ** 0.6  # merged communes keep part of the staff
            dens[c] = max(5, round(base * size * (1 + growth) ** (year - 2021) * noise))

    def values(shift: float) -> dict[str, float]:
        return {c: min(100.0, max(0.0, level + sd * z[c] + shift)) for c in present}

    def aggregate(shift: float) -> float:
        vals = values(shift)
        if dens:
            return 100 * sum(safe_numerator(vals[c], dens[c]) for c in present) / sum(dens.values())
        return sum(round(v, 1) for v in vals.values()) / len(vals)

    if (year, code) in COMMUNE_VALUES:
        vals = {c: COMMUNE_VALUES[year, code].get(c, 0.0) for c in present}
    elif level >= 100:
        vals = {c: 100.0 for c in present}
    elif level <= 0:
        vals = {c: 0.0 for c in present}
    else:
        vals = values(_bisect(level, aggregate))
    out = []
    for c in cs:
        if c not in present:
            out.append((c, None, None, None))
        elif dens:
            num = safe_numerator(vals[c], dens[c])
            out.append((c, pct(num, dens[c]), num, dens[c]))
        else:
            out.append((c, round(vals[c], 1), None, None))
    return out


def iso_rows(year: int, units: list[Unit]):
    cs = [u.code for u in communes(units, year)]
    return [(c, 0.0 if c in ISO_NOT_APPLYING[year] else 100.0, None, None) for c in cs]


# ------------------------------------------------------------------ sources
OFFICE_SOURCE = {
    "tu_phap": "Phòng Tư pháp", "vp_ubnd": "Văn phòng HĐND và UBND huyện",
    "noi_vu": "Phòng Nội vụ", "tckh": "Phòng Tài chính - Kế hoạch",
    "vhtt": "Phòng Văn hóa - Thông tin", "y_te": "Phòng Y tế", "gddt": "Phòng Giáo dục và Đào tạo",
}


def district_source(ind: Indicator, year: int) -> str:
    if year == 2025:
        return "Tổng hợp năm 2025 từ báo cáo của UBND 7 xã trên địa bàn huyện cũ"
    return f"Báo cáo CCHC năm {year} của {OFFICE_SOURCE[ind.office]}"


def commune_source(unit: Unit, year: int) -> str:
    who = "thị trấn" if unit.kind == "town" else "xã"
    return f"Báo cáo CCHC năm {year} của UBND {who}"


# ------------------------------------------------------------------ building the tables
def indicator_table(year: int, indicators: list[Indicator], units: list[Unit],
                    prof: Profiles) -> list[tuple[str, ...]]:
    i = YEARS.index(year)
    by_code = {u.code: u for u in units}
    rows: list[tuple[str, ...]] = []
    for ind in indicators:
        level = float(DISTRICT[ind.code][i])
        note = NOTES.get((year, ind.code, "district"), "")
        num = den = None
        commune_part = []
        if ind.level in ("commune", "both"):
            commune_part = (iso_rows(year, units) if ind.code == "ISO_APPLY"
                            else commune_rows(ind.code, year, level, units, prof))
            have = [r for r in commune_part if r[1] is not None]
            if ind.code == "ISO_APPLY":
                num = sum(1 for r in have if r[1] == 100) + (year < 2025)
                den = len(have) + (year < 2025)
                value = pct(num, den)
                note = (f"Tính trên UBND huyện và {len(have)} UBND cấp xã" if year < 2025
                        else f"Tính trên {len(have)} UBND xã mới (không còn UBND huyện)")
            elif ind.code in COMMUNE_DENOMINATORS:
                num, den = sum(r[2] for r in have), sum(r[3] for r in have)
                value = pct(num, den)
            else:
                value = round(sum(r[1] for r in have) / len(have), 1)
            if len(have) < len(commune_part):
                extra = f"Tổng hợp từ {len(have)}/{len(commune_part)} đơn vị cấp xã có số liệu"
                note = f"{note}; {extra}" if note else extra
        elif ind.code in DISTRICT_DENOMINATORS:
            den = DISTRICT_DENOMINATORS[ind.code][i]
            num = safe_numerator(level, den)
            value = pct(num, den)
        else:
            value = level
        if ind.code in ("BE_INVEST_PROJECTS", "BE_NEW_ENTERPRISES") and not note:
            note = "Số thu hút/thành lập trong năm (không cộng dồn)"
        decimals = 0 if ind.measure in ("count", "rank", "done") else 1
        rows.append((ind.code, "district", fmt(value, decimals), fmt(num, 0), fmt(den, 0),
                     district_source(ind, year), note))
        for code, v, n, d in commune_part:
            key = (year, ind.code, code)
            note = MISSING.get(key, NOTES.get(key, ""))
            rows.append((ind.code, code, fmt(v), fmt(n, 0), fmt(d, 0),
                         commune_source(by_code[code], year), note))
    return rows


# Task status per year 2021..2025: (status, completed_on, note). A done task keeps its
# completion date in later years.
def _done(date: str, note: str = "") -> tuple[str, str, str]:
    return ("done", date, note)


NS, IP = ("not_started", "", ""), ("in_progress", "", "")
TASKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "T_I_1": (NS, IP, _done("2023-11-20"), _done("2023-11-20"), _done("2023-11-20")),
    "T_I_2": (NS, ("in_progress", "", "Đã hệ thống hóa văn bản kỳ 2019-2023"), IP, IP, IP),
    "T_II_1": (IP, IP, IP, IP, ("in_progress", "", "Tiếp tục theo lộ trình của tỉnh sau sắp xếp")),
    "T_II_2": (NS, IP, IP, IP, IP),
    "T_II_3": (NS, IP, IP, IP, IP),
    "T_II_4": (NS, IP, IP, IP, IP),
    "T_III_1": (NS, IP, ("in_progress", "", "Chờ hướng dẫn của Trung ương về sắp xếp đơn vị hành chính"),
                _done("2024-08-30", "Đề án trình cấp có thẩm quyền; Phú Phong nhập vào thị trấn từ 01/01/2025"),
                _done("2024-08-30")),
    "T_III_2": (NS, IP, _done("2023-09-28"), _done("2023-09-28"), _done("2023-09-28")),
    "T_IV_1": (NS, IP, _done("2023-05-10", "Hoàn thành chậm so với kế hoạch (Quý IV/2022)"),
               _done("2023-05-10"), _done("2023-05-10")),
    "T_IV_2": (NS, _done("2022-12-20"), _done("2022-12-20"), _done("2022-12-20"), _done("2022-12-20")),
    "T_V_1": (NS, NS, NS, IP, _done("2025-06-20", "Hoàn thành trước khi kết thúc hoạt động cấp huyện")),
    "T_VI_1": (_done("2021-12-24"), _done("2022-12-20"),
               ("in_progress", "", "Cơ sở dữ liệu ngành giáo dục chưa hoàn thành trong năm"),
               _done("2024-12-18"), _done("2025-06-25")),
    "T_VI_2": (_done("2021-12-28"), _done("2022-12-27"), _done("2023-12-22"), _done("2024-12-26"),
               _done("2025-06-27")),
    "T_VI_3": (NS, IP, IP, IP, _done("2025-06-15")),
    "T_VI_4": (IP, IP, _done("2023-10-16", "Cổng Dịch vụ công đã kết nối Cổng Dịch vụ công quốc gia"),
               _done("2023-10-16"), _done("2023-10-16")),
    "T_VI_5": (NS, IP, IP, IP, ("in_progress", "", "Còn khối lượng lớn hồ sơ giấy chưa số hóa")),
    "T_VI_6": (NS, NS, _done("2023-11-30"), _done("2023-11-30"), _done("2023-11-30")),
    "T_VI_7": (NS, IP, IP, IP, _done("2025-05-30")),
    "T_VI_8": (NS, IP, IP, ("in_progress", "", "Chậm do thiếu kinh phí đầu tư thiết bị"),
               _done("2025-04-15", "Hoàn thành chậm so với kế hoạch (2022-2023)")),
    "T_VII_1": (_done("2021-12-30"), _done("2022-12-28"), _done("2023-12-27"), _done("2024-12-27"),
                _done("2025-06-26")),
    "T_VII_2": (NS, IP, IP, IP, IP),
    "T_VII_3": (NS, NS, NS, IP, ("cancelled", "", "Dừng thực hiện do kết thúc hoạt động cấp huyện từ 01/7/2025")),
    "T_VII_4": (IP, IP, IP, IP, IP),
    "T_VIII_1": (IP, _done("2022-03-15"), _done("2022-03-15"), _done("2022-03-15"), _done("2022-03-15")),
    "T_VIII_2": (NS, IP, _done("2023-06-28"), _done("2023-06-28"), _done("2023-06-28")),
}


def task_table(year: int, codes: list[str]) -> list[tuple[str, ...]]:
    i = YEARS.index(year)
    return [(code, *TASKS[code][i]) for code in codes]


# ------------------------------------------------------------------ context and dataset
CONTEXT_SOURCE = "Cổng thông tin điện tử tỉnh Hà Tĩnh; Báo Hà Tĩnh"
CONTEXT = (  # (indicator, year, value, rank) for Hà Tĩnh province, of 63 provinces
    ("PAR_INDEX", 2020, "85.31", 16), ("PAR_INDEX", 2021, "88.6", 8),
    ("PAR_INDEX", 2022, "85.95", 28), ("PAR_INDEX", 2023, "88.35", 18),
    ("PAR_INDEX", 2024, "89.72", 15),
    ("SIPAS", 2020, "89.13", 11), ("SIPAS", 2021, "91.17", 5), ("SIPAS", 2022, "84.37", 7),
    ("SIPAS", 2023, "88.97", 4), ("SIPAS", 2024, "85.17", 16),
)

DATASET = """\
# Metadata of the yearly dataset in data/<year>/. The report reads `illustrative` and,
# when it is true, prints "Illustrative data" on its cover.
illustrative: true
title_vi: Số liệu minh họa đánh giá cải cách hành chính huyện Hương Khê, 2021-2025
title_en: Illustrative data for the assessment of public administration reform in Hương Khê district, 2021-2025
description_vi: >-
  Số liệu các năm 2021-2025 trong data/<năm>/ là số liệu minh họa, không phải số liệu
  thống kê chính thức: không tìm thấy số liệu công khai cấp huyện về cải cách hành chính
  của Hương Khê. Số liệu được tạo bằng tools/make_illustrative_data.py (có thể tạo lại y
  hệt) để chạy thử toàn bộ quy trình. Chỉ số CCHC (PAR Index) và SIPAS cấp tỉnh trong
  data/context.csv là số liệu đã công bố.
description_en: >-
  The 2021-2025 values in data/<year>/ are illustrative, not official statistics: no
  district-level public administration reform figures for Hương Khê are public. They are
  generated by tools/make_illustrative_data.py (reproducibly) to exercise the whole
  pipeline. The provincial PAR Index and SIPAS figures in data/context.csv are published
  data.
generator: tools/make_illustrative_data.py
years: [2021, 2022, 2023, 2024, 2025]
"""


# ------------------------------------------------------------------ writing
def csv_text(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


EDITION = """\
# The edition of the {year} report: the document's facts and its official parameters.
# `assessment build --year {year}` with no parameter option reproduces it; other parameters
# make a variant (_site/{year}/variants/<name>/) that never replaces it. See data/README.md.
# ILLUSTRATIVE: the number, date, signatory and recipients are invented to show the form.
status: final               # draft | final (a draft is marked "Dự thảo" / "Draft")
illustrative: true          # the document facts below are illustrative
issuer:
{issuer}number: {number}/BC-UBND
place: {place}
date: {date}
signatory:
  authority: {{vi: TM. Ủy ban nhân dân, en: On behalf of the People's Committee}}
  title: {{vi: Chủ tịch, en: Chairman}}
  name: Nguyễn Văn A
recipients:
{recipients}parameters:
  method: linear            # progress method: linear, cagr, unsd2022 or escap
  on_track: 0.95            # lowest pace ratio counted as on track
  needs_acceleration: 0.60  # lowest pace ratio counted as needing acceleration
  reference_date: {year}-12-31  # the date tasks are judged against
"""

# Who issues each year's report: the district's People's Committee up to 2024; from
# 1/7/2025 the district level is gone, and (illustratively) the People's Committee of
# Hương Khê commune, the seat of the former district, reports for its area.
_DISTRICT_ISSUER = """\
  vi: [Ủy ban nhân dân, huyện Hương Khê]
  en: Hương Khê District People's Committee
"""
_COMMUNE_ISSUER = """\
  vi: [Ủy ban nhân dân, xã Hương Khê]
  en: Hương Khê Commune People's Committee
"""
_DISTRICT_RECIPIENTS = """\
  vi:
    - Sở Nội vụ tỉnh Hà Tĩnh (để báo cáo)
    - Thường trực Huyện ủy, Thường trực HĐND huyện
    - Chủ tịch, các Phó Chủ tịch UBND huyện
    - Các cơ quan chuyên môn thuộc UBND huyện
    - UBND các xã, thị trấn
    - "Lưu: VT, NV"
  en:
    - Hà Tĩnh Department of Home Affairs (for reporting)
    - Standing Committees of the District Party Committee and People's Council
    - Chairman and Vice-Chairmen of the District People's Committee
    - Specialised offices of the District People's Committee
    - People's Committees of the communes and the town
    - "File: Records Office, Office of Home Affairs"
"""
_COMMUNE_RECIPIENTS = """\
  vi:
    - UBND tỉnh Hà Tĩnh (để báo cáo)
    - Sở Nội vụ tỉnh Hà Tĩnh
    - Thường trực Đảng ủy, Thường trực HĐND xã
    - Chủ tịch, các Phó Chủ tịch UBND xã
    - UBND các xã Hà Linh, Hương Phố, Hương Bình, Hương Đô, Hương Xuân, Phúc Trạch
    - "Lưu: VT, VP"
  en:
    - Hà Tĩnh Provincial People's Committee (for reporting)
    - Hà Tĩnh Department of Home Affairs
    - Standing Committees of the Commune Party Committee and People's Council
    - Chairman and Vice-Chairmen of the Commune People's Committee
    - People's Committees of Hà Linh, Hương Phố, Hương Bình, Hương Đô, Hương Xuân and Phúc Trạch communes
    - "File: Records Office, Office of the People's Council and People's Committee"
"""
_NUMBERS = {2021: 12, 2022: 9, 2023: 11, 2024: 8, 2025: 6}


def edition_text(year: int) -> str:
    """The illustrative edition file of ``year`` (dated mid-January of the next year)."""
    commune = year >= 2025
    return EDITION.format(
        year=year, issuer=_COMMUNE_ISSUER if commune else _DISTRICT_ISSUER,
        number=f"{_NUMBERS[year]:02d}", place="Hương Khê", date=f"{year + 1}-01-15",
        recipients=_COMMUNE_RECIPIENTS if commune else _DISTRICT_RECIPIENTS)


def generate(data: Path, out: Path) -> list[Path]:
    units = read_units(data)
    indicators = read_indicators(data)
    tasks = read_tasks(data)
    missing = {i.code for i in indicators} ^ set(DISTRICT)
    if missing:
        raise SystemExit(f"trajectories and catalogue differ: {sorted(missing)}")
    if set(tasks) ^ set(TASKS):
        raise SystemExit(f"task tables and catalogue differ: {sorted(set(tasks) ^ set(TASKS))}")
    prof = Profiles(units)
    written = []
    for year in YEARS:
        for name, text in (
                ("indicators.csv", csv_text(INDICATOR_HEADER,
                                            indicator_table(year, indicators, units, prof))),
                ("tasks.csv", csv_text(TASK_HEADER, task_table(year, tasks))),
                ("edition.yaml", edition_text(year))):
            write(out / str(year) / name, text)
            written.append(out / str(year) / name)
    context = [(ind, str(y), v, str(r), "63", CONTEXT_SOURCE) for ind, y, v, r in CONTEXT]
    write(out / "context.csv", csv_text(("indicator", "year", "value", "rank", "of", "source"), context))
    write(out / "dataset.yaml", DATASET)
    return written + [out / "context.csv", out / "dataset.yaml"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="folder with plan/ and units.csv (default: data/)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the year folders (default: the --data folder)")
    args = parser.parse_args(argv)
    for path in generate(args.data, args.out or args.data):
        print(path)


if __name__ == "__main__":
    main()
