"""Write tests/fixtures/gazettes/sishui_2025.pdf, the PDF variant the parser tests read.

The PDF is committed; this script only documents how it was made and remakes it. It needs
fpdf2 (pip install fpdf2) and a Noto Sans CJK font, neither of which the project uses.
Lines are wrapped by the page width, not by sentence, and every page carries a page number
in its footer, as in a gazette printed to PDF.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gazettes" / "sishui_2025.pdf"

PARAGRAPHS = [
    "泗水县人民政府关于分解落实2025年县政府工作报告目标任务的通知",
    "泗政发〔2025〕3号",
    "各镇人民政府、街道办事处，县政府各部门、各直属单位：",
    "为确保县十八届人大五次会议通过的《政府工作报告》确定的各项目标任务落到实处，现将目标任务分解如下，请认真抓好落实。",
    "一、做强实体经济",
    "（1）实施过亿元工业项目45个，新增规模以上工业企业20家，规模以上工业增加值增长8%。"
    "（牵头领导：陈立新。承办单位：县工业和信息化局，县发展和改革局、各镇街）",
    "（2）推进泗河综合开发，完成生态修复面积3000亩，打造滨河文旅廊道。（牵头领导：陈立新、"
    "刘芳。承办单位：县水务局，县文化和旅游局、县自然资源局）",
    "二、增进民生福祉",
    "（3）新增城镇就业5200人，开展职业技能培训8000人次。（牵头领导：刘芳。承办单位：县人力资源和社会保障局，各镇街）",
    "（4）建成县人民医院新院区，新增床位600张。（牵头领导：刘芳。承办单位：县卫生健康局，县财政局）",
    "泗水县人民政府",
    "2025年1月26日",
    "泗水县人民政府关于实施2025年三件民生实事的通知",
    "泗政字〔2025〕6号",
    "一、托育服务扩容工程",
    "新建普惠性托育机构4处，新增托位420个，实现托育服务镇街全覆盖。",
    "主办单位：县卫生健康局",
    "协办单位：县教育和体育局、各镇街",
    "二、农村供水保障工程",
    "改造农村供水管网85公里，受益群众4.2万人。",
    "主办单位：县水务局",
    "三、城乡公交一体化工程",
    "新开通城乡公交线路6条，更新新能源公交车40辆。",
    "主办单位：县交通运输局",
    "协办单位：各镇街",
    "泗水县人民政府",
    "2025年2月8日",
]


class Gazette(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("cjk", size=9)
        self.cell(0, 10, f"- {self.page_no()} -", align="C")


def main() -> int:
    pdf = Gazette(format="A5")
    pdf.add_font("cjk", fname=FONT, collection_font_number=2)  # 2: Simplified Chinese in the collection
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    for paragraph in PARAGRAPHS:
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(OUT))
    print(OUT, OUT.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
