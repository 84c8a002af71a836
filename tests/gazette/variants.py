"""Variant notices written for the tests: other districts, years, numbering and layouts.

The seed gazette is one district's one year; these are the shapes other issues take.
The text and PDF variants are files under tests/fixtures/gazettes/; the Word variant is
built here with python-docx, as a district office's notice would be written.
"""

from __future__ import annotations

import io
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "gazettes"
RENCHENG = FIXTURES / "rencheng_2025_gb18030.txt"  # GB18030; 1、 under （一） under 一、; page furniture
SISHUI = FIXTURES / "sishui_2025.pdf"  # PDF; （1） tasks; paragraph projects with label lines

WEISHAN_PARAGRAPHS = [
    "关于分解落实2025年县政府工作报告目标任务的通知",
    "微政发〔2025〕1号",
    "各乡镇人民政府，县政府各部门：",
    "现将2025年县政府工作报告确定的目标任务分解如下。",
    "一、聚焦产业振兴",
    "（一）壮大工业经济",
    "1.新建工业项目40个，技改投资增长12%。",
    "责任领导：孙强",
    "主办：县工业和信息化局",
    "协办：县发展和改革局、各乡镇",
    "2.推进湖区生态保护。",
    "（1）完成退渔还湖5万亩；",
    "（2）建设生态廊道10公里。",
    "责任领导：孙强、周敏",
    "主办：县自然资源局",
    "协办：县生态环境局",
    "（二）发展现代农业",
    "1.新建高标准农田3万亩。",
    "责任领导：周敏",
    "主办：县农业农村局",
    "二、保障改善民生",
    "（一）办好人民满意教育",
    "1.新建改扩建中小学5所。",
    "责任领导：吴刚",
    "主办：县教育和体育局",
    "协办：县财政局",
    "微山县人民政府",
    "2025年1月20日",
    "关于实施2025年微山县民生实事项目的通知",
    "微政字〔2025〕4号",
]
WEISHAN_TABLE = [
    ["编号", "项目名称", "建设内容", "牵头单位", "配合单位"],
    ["1", "城乡供水一体化", "新建供水管网60公里", "县水务局", "各乡镇"],
    ["2", "助餐服务点建设", "新建老年助餐点25处", "县民政局", "县财政局 各乡镇"],
    ["3", "渔民新村配套", "新建渔民新村道路8公里", "县住房和城乡建设局", ""],
]


def weishan_docx(paragraphs: list[str] | None = None, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs if paragraphs is not None else WEISHAN_PARAGRAPHS:
        document.add_paragraph(text)
    rows = table if table is not None else WEISHAN_TABLE
    if rows:
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("微山县人民政府")
    document.add_paragraph("2025年1月20日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def notice(chapter: str, task: str, *, district: str = "金乡县", trailer: str = "paren") -> str:
    """A small notice numbered in the given styles: chapter '一、' or '（一）', task '1.' '1、' '（1）' '(1)'."""

    def chapter_mark(n: int) -> str:
        numeral = "一二三"[n - 1]
        return f"{numeral}、" if chapter == "一、" else f"（{numeral}）"

    def task_mark(n: int) -> str:
        return {"1.": f"{n}.", "1．": f"{n}．", "1、": f"{n}、", "（1）": f"（{n}）", "(1)": f"({n})"}[task]

    def tail(lead: str, units: str) -> str:
        if trailer == "paren":
            return f"（牵头领导：{lead}。承办单位：{units}）"
        return f"\n牵头领导：{lead}\n责任单位：{units}"

    lines = [
        f"{district}人民政府关于分解落实2026年政府工作报告任务目标的通知",
        "金政发〔2026〕2号",
        "各镇人民政府，县政府各部门：",
        f"{chapter_mark(1)}发展实体经济",
        f"{task_mark(1)}新增规模以上工业企业12家。" + tail("马骏", "县工业和信息化局，各镇"),
        f"{task_mark(2)}实施技改项目30个，技改投资增长15%。" + tail("马骏、黄蕾", "县发展和改革局、县财政局"),
        f"{chapter_mark(2)}增进民生福祉",
        f"{task_mark(3)}新增城镇就业3600人。" + tail("黄蕾", "县人力资源和社会保障局"),
        f"{district}人民政府",
        "2026年2月1日",
    ]
    return "\n".join(lines)
