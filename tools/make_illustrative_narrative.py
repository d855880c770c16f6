"""Write the illustrative narratives data/<year>/narrative/{vi,en}.md of the shipped years.

ILLUSTRATIVE: like the figures they comment on (tools/make_illustrative_data.py), these
texts are invented to show a whole edition. Each starts from the draft that
`assessment narrative` writes from the results (every figure a live reference), and the
sections only an analyst can write (the year's direction, the causes, the tasks ahead,
the recommendations) get a short illustrative text in place of the draft's prompt.

    .venv/bin/python tools/make_illustrative_narrative.py [--data DIR] [--year Y ...]

Existing narratives are replaced: run it only on the shipped illustrative years.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path

from assessment.params import Params, available_years
from assessment.progress.assessment import assess
from assessment.report.draft import draft_narrative

ROOT = Path(__file__).resolve().parents[1]
MARK = {"vi": "<!-- MINH HỌA: văn bản nhận định minh họa trên số liệu minh họa, "
              "viết bằng tools/make_illustrative_narrative.py. -->",
        "en": "<!-- ILLUSTRATIVE: an illustrative narrative on illustrative data, "
              "written by tools/make_illustrative_narrative.py. -->"}
TEXTS = {
    "vi": {
        "direction": "Công tác kiểm tra cải cách hành chính được tổ chức tại các cơ quan, đơn "
                     "vị và Ủy ban nhân dân cấp xã; các tồn tại sau kiểm tra được chấn chỉnh kịp "
                     "thời. Kết quả chấm điểm Chỉ số cải cách hành chính của từng cơ quan, đơn vị "
                     "được gắn với bình xét thi đua cuối năm.",
        "causes": "- Nguyên nhân khách quan: nguồn lực đầu tư cho hạ tầng số còn hạn chế; địa "
                  "bàn rộng, một bộ phận người dân chưa quen sử dụng dịch vụ công trực tuyến.\n"
                  "- Nguyên nhân chủ quan: một số cơ quan, đơn vị chưa quyết liệt trong chỉ đạo; "
                  "đội ngũ công chức làm công tác chuyển đổi số còn mỏng, phần lớn kiêm nhiệm.",
        "next-year": "Tập trung các giải pháp: cung cấp dịch vụ công trực tuyến toàn trình; số "
                     "hóa hồ sơ, kết quả giải quyết thủ tục hành chính; nâng cao chất lượng phục "
                     "vụ của bộ phận một cửa.",
        "recommendations": "- Đề nghị Ủy ban nhân dân tỉnh, Sở Nội vụ tiếp tục hướng dẫn việc "
                           "theo dõi, đánh giá các mục tiêu của Kế hoạch sau khi sắp xếp đơn vị "
                           "hành chính.\n- Đề nghị các sở, ngành hỗ trợ kinh phí, hạ tầng để "
                           "nâng tỷ lệ hồ sơ trực tuyến và số hóa kết quả giải quyết thủ tục "
                           "hành chính.",
        "after": "Từ ngày 01/7/2025, các xã mới tiếp nhận và tiếp tục thực hiện các nhiệm vụ "
                 "của Kế hoạch trên địa bàn huyện Hương Khê cũ; việc sắp xếp bộ máy làm gián "
                 "đoạn một số nhiệm vụ trong quý III.",
    },
    "en": {
        "direction": "Reform work was inspected in the offices, the units and the commune "
                     "People's Committees, and the shortcomings found were followed up. Each "
                     "office's and commune's PAR Index score was tied to the year-end "
                     "performance and commendation review.",
        "causes": "- External factors: little funding for digital infrastructure; a large area "
                  "where some residents are not yet used to online public services.\n"
                  "- Internal factors: some offices and units did not direct the work firmly "
                  "enough; few civil servants work on digital transformation, most of them "
                  "part-time.",
        "next-year": "The work will focus on end-to-end online public services, on digitising "
                     "case files and decisions, and on the quality of service at the one-stop "
                     "shops.",
        "recommendations": "- The Provincial People's Committee and the Department of Home "
                           "Affairs are asked to keep guiding how the plan's targets are "
                           "monitored after the administrative reorganisation.\n- The "
                           "provincial departments are asked to fund the infrastructure needed "
                           "to raise the share of online applications and of digitised "
                           "decisions.",
        "after": "From 1 July 2025 the new communes took the plan's tasks over in the area of "
                 "the former Hương Khê district; the reorganisation interrupted some of them "
                 "in the third quarter.",
    },
}
_PROMPT = re.compile(r"<!--.*?-->", re.S)


def _section(text: str, ident: str) -> tuple[int, int]:
    start = text.index(f"{{#{ident}}}")
    start = text.index("\n", start) + 1
    nxt = text.find("\n## ", start)
    return start, len(text) if nxt < 0 else nxt + 1


def narrative(a) -> str:
    lang, texts = a.lang, TEXTS[a.lang]
    text = draft_narrative(a)
    text = MARK[lang] + "\n" + text.split("\n", 1)[1]  # the draft's own header replaced
    for ident in ("direction", "causes", "next-year", "recommendations"):
        start, end = _section(text, ident)
        body = text[start:end]
        extra = texts[ident]
        if ident == "direction" and a.after_district:
            extra += "\n\n" + texts["after"]
        body = _PROMPT.sub(extra, body) if _PROMPT.search(body) else body + extra + "\n"
        text = text[:start] + body + text[end:]
    return text


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--year", type=int, nargs="*")
    args = parser.parse_args(argv)
    for year in args.year or available_years(args.data):
        a = assess(Params(year=year, data_dir=str(args.data)))
        for lang in ("vi", "en"):
            path = args.data / str(year) / "narrative" / f"{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(narrative(replace(a, params=replace(a.params, lang=lang))),
                            encoding="utf-8", newline="\n")
            print(path)


if __name__ == "__main__":
    main()
