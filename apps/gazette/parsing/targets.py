"""Extracting quantified targets (指标) from an item's text.

A target is a number with a unit of measure that the text promises, e.g.
"新建 5G 基站 200 个" or "小麦平均单产提高 3% 以上". Two word orders occur:

- post-quantity: label, then number + unit, then a boundary (，。；、 or 以上):
  "入库科技型中小企业 230 家"
- pre-quantity: verb, number + classifier, noun: "新建 30 处助老食堂"

Numbers that only describe something are not targets: an investment size in front of
a project name ("投资 140 亿元新能源动力电池项目"), or the count that closes an
enumeration ("…等 100 个数字化智能化项目"). jieba gives the word boundaries used to
trim labels ("年内新增…" → "新增…").
"""

from __future__ import annotations

import re
from decimal import Decimal

from apps import words

from .model import Target

MEASURES = [
    "亿吨公里",
    "个百分点",
    "万平方米",
    "平方米",
    "亿美元",
    "万美元",
    "亿立方米",
    "万千瓦",
    "亿元",
    "万元",
    "亿度",
    "亿件",
    "万吨",
    "万亩",
    "万户",
    "万人",
    "公里",
    "千米",
    "场次",
    "%",
    "元",
    "吨",
    "亩",
    "米",
    "人",
    "家",
    "个",
    "所",
    "处",
    "场",
    "座",
    "条",
    "张",
    "户",
    "套",
    "项",
    "名",
    "台",
    "辆",
    "间",
    "次",
    "件",
    "批",
]
CLASSIFIERS = {"个", "处", "所", "家", "张", "户", "名", "座", "条", "项", "场", "台", "套", "辆", "间", "批"}
NUMBER = re.compile(
    r"(?<![\d.A-Za-z_{])(?P<num>\d+(?:\.\d+)?)(?P<unit>"
    + "|".join(re.escape(m) for m in MEASURES)
    + r")(?P<tail>以上|以下|以内|左右)?"
)
BOUNDARY = "，。；、：）)"
# Verbs at the end of a label that say how the value compares, and what they mean.
TRAILING_COMPARATORS = [
    ("稳定在", "="),
    ("保持在", "="),
    ("控制在", "<="),
    ("提升至", "="),
    ("提高到", "="),
    ("提高至", "="),
    ("增加到", "="),
    ("达到", "="),
    ("突破", ">="),
    ("超过", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("至少", ">="),
    ("不超过", "<="),
    ("最高", "<="),
    ("达", "="),
]
INCREASE_WORDS = ("增长", "提高", "提升", "增加")
LEADING_WORDS = {
    "年内",
    "全年",
    "今年",
    "力争",
    "确保",
    "争取",
    "其中",
    "同时",
    "并",
    "和",
    "及",
    "全区",
    "年底前",
    "累计",
}
LEADING_VERBS = ("新增", "完成", "实现", "新建", "建成", "建设", "创建", "培育", "引进", "打造", "改造")
NOT_A_TARGET = re.compile(r"(按照|标准|每人|每户|超过\d|自费|平均每|依托)")
# An enumeration closed by "等 N 个…" is a promise only when the clause delivers it
# ("维护…等 4 座桥梁"), not when it describes work under way ("推进…等 100 个项目").
DELIVERY_VERB = re.compile(
    r"^(?:加快|全面|持续|重点)?(改造提升|改造|建设|新建|维护|治理|创建|打造|建成|完成)"
)
NOUN_STOP = r"[，。；、：）)（(和及与\d]"


def extract_targets(text: str) -> list[Target]:
    """All targets in ``text`` (whitespace already removed), in reading order."""
    targets: list[Target] = []
    for sentence in re.split(r"(?<=[。；])", text):
        targets.extend(_sentence_targets(sentence))
    return targets


def _sentence_targets(sentence: str) -> list[Target]:
    found: list[Target] = []
    last_end = 0
    last_verb = ""
    last_subject = ""
    for match in NUMBER.finditer(sentence):
        start, end = match.start(), match.end()
        unit, tail = match["unit"], match["tail"] or ""
        clause_start = max(last_end, _last_boundary(sentence, start))
        before = sentence[clause_start:start]
        after = sentence[end:]
        joined = last_end > 0 and sentence[last_end:start] in ("、", "和", "及", "与")
        if before.endswith("第") or _inside_quotes(sentence, start):
            continue
        enumeration = before.endswith("等")
        if enumeration:
            verb = DELIVERY_VERB.match(before)
            if not verb or unit not in CLASSIFIERS:
                continue
            before = verb[1]
        if not enumeration and (tail or not after or after[0] in BOUNDARY):
            label = before
            noun = ""
        elif unit in CLASSIFIERS:
            noun = re.split(NOUN_STOP, after, maxsplit=1)[0]
            if not noun:
                continue
            label = before
            end = end + len(noun)
        else:
            continue  # a size that describes something ("投资 140 亿元…项目")
        if NOT_A_TARGET.search(before):
            continue
        label, comparison = _clean_label(label)
        if tail == "以上":
            comparison = ">="
        elif tail in ("以下", "以内"):
            comparison = "<="
        if noun:
            verb = label or (last_verb if joined else "")
            label = verb + words.trim_noun_phrase(noun)
            last_verb = verb
        else:
            if label in INCREASE_WORDS or not label:
                label = (last_subject + label) if last_subject else label
            last_verb = _leading_verb(label) or last_verb
        if not label:
            continue
        increase = unit in ("%", "个百分点") and label.endswith(INCREASE_WORDS)
        subject = _subject(label)
        if subject:
            last_subject = subject
        found.append(
            Target(
                label=label,
                value=Decimal(match["num"]),
                value_text=match["num"],
                unit=unit,
                comparison=comparison,
                increase=increase,
                source_text=sentence[clause_start:end].lstrip("，、；"),
            )
        )
        last_end = end
    return found


def _inside_quotes(sentence: str, position: int) -> bool:
    """A number inside “…” is part of a name (“八抓20条”), not a promise."""
    before = sentence[:position]
    return before.count("“") > before.count("”")


def _last_boundary(sentence: str, before: int) -> int:
    cut = max(sentence.rfind(ch, 0, before) for ch in "，。；：")
    return cut + 1


def _clean_label(label: str) -> tuple[str, str]:
    label = re.sub(r"^[、，；：①-⑳]+", "", label)
    label = re.sub(r"由\d+(?:\.\d+)?\D{1,3}?(?=提升|提高|增加|增长)", "", label)  # 由3.4亿度提升至 → 提升至
    label = words.drop_leading(label, LEADING_WORDS)
    comparison = "="
    for word, comp in TRAILING_COMPARATORS:
        if label.endswith(word):
            label = label[: -len(word)]
            comparison = comp
            break
    if label.startswith("最高"):
        comparison = "<="
    return label.strip("、，"), comparison


def _leading_verb(label: str) -> str:
    for verb in LEADING_VERBS:
        if label.startswith(verb):
            return verb
    return ""


def _subject(label: str) -> str:
    """What a target is about, for a following target that only says 突破/增长."""
    subject = label
    for verb in LEADING_VERBS:
        if subject.startswith(verb):
            subject = subject[len(verb) :]
            break
    for word in INCREASE_WORDS:
        if subject.endswith(word):
            subject = subject[: -len(word)]
    return subject
