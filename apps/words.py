"""The jieba dictionary: the one module that loads words into jieba, and cuts text with it.

Plain Python, no Django, so the gazette parser can use it as well as the ledger's lexicon
(apps.tracking.lexicon: officials, units, projects for search and newspaper matching) and
the evidence keywords: one tokenizer, so a word is one word everywhere. jieba is loaded lazily and once per process; its dictionary cache goes to
the directory in JIEBA_CACHE_DIR when set (the project's var/cache), not to /tmp.
"""

from __future__ import annotations

import functools
import logging
import os


@functools.cache
def tokenizer():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    cache_dir = os.environ.get("JIEBA_CACHE_DIR")
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
        jieba.dt.tmp_dir = cache_dir
    for word in DOMAIN_WORDS:
        jieba.add_word(word)
    return jieba


# Words jieba would otherwise cut badly in these documents: terms of the ledger, and the
# companies and places the 兖州 documents name (so 宁德时代 stays one word, not 宁德 + 时代).
DOMAIN_WORDS = [
    "年内",
    "全年",
    "力争",
    "镇街",
    "5G基站",
    "专精特新",
    "四上",
    "托位",
    "助老食堂",
    "钢帘线",
    "托育",
    "宁德时代",
    "太阳纸业",
    "华勤集团",
    "华勤",
    "金大丰",
    "天意机械",
    "经典集团",
    "芯诺科技",
    "益海嘉里",
    "今麦郎",
    "白象食品",
    "蒂德精机",
    "联诚精密",
    "西湖集团",
    "碧海化工",
    "天成万丰",
    "倍耐力",
    "兖州北站",
    "牛楼小镇",
    "花海彩田",
    "大安机场",
    "崇德大道",
    "济微高速",
    "兖郛高速",
    "泗河",
    "颜店新城",
    "兖州高新区",
    "零工驿站",
    "创贷之家",
    "航天科普",
    "乔家街",
    "端信里",
    "青莲校区",
    "市民文化中心",
    "托育综合服务中心",
    "适老化改造",
    "智慧社区",
    "数字化车间",
    "工业互联网平台",
]


def keywords(text: str, top: int = 12) -> list[str]:
    """The text's most distinctive words (jieba TF-IDF), without numbers or generic words."""
    import jieba.analyse

    tokenizer()
    tags = jieba.analyse.extract_tags(text, topK=top * 3)
    # Two-character words are mostly generic (新型, 质量); keep them only when they are known names.
    kept = [
        t
        for t in tags
        if (len(t) >= 3 or t in DOMAIN_WORDS) and not any(ch.isdigit() for ch in t) and t not in GENERIC_WORDS
    ]
    named = [
        w for w in DOMAIN_WORDS if len(w) >= 2 and w in text and w not in GENERIC_WORDS and w not in kept
    ]
    return named + kept[: max(top - len(named), 4)]


GENERIC_WORDS = {
    "项目",
    "建设",
    "推进",
    "工作",
    "全区",
    "年内",
    "加快",
    "实施",
    "开展",
    "提升",
    "新增",
    "打造",
    "力争",
    "推动",
    "发展",
    "重点",
    "全面",
    "完成",
    "企业",
    "会议",
    "持续",
    "深化",
    "加强",
    "完善",
    "实现",
    "提高",
    "省级",
    "国家级",
    "以上",
    "一批",
    "服务",
    "创建",
    "争创",
    "落实",
    "力促",
    "活动",
    "机制",
    "体系",
    "山东省",
    "全国",
    "全省",
    "示范县",
    "重点项目",
    "基础设施",
    "新能源",
}


def cut(text: str) -> list[str]:
    return tokenizer().lcut(text)


def drop_leading(text: str, leading: set[str]) -> str:
    """Drop leading function words (年内, 力争 …) at word boundaries, however many."""
    tokens = cut(text)
    while tokens and tokens[0] in leading:
        tokens.pop(0)
    return "".join(tokens)


def trim_noun_phrase(text: str) -> str:
    """The noun phrase at the start of ``text``: trailing verbs and adverbs cut off.

    "涉企许可事项协同办理" → "涉企许可事项"; "门诊报销规范化卫生室" stays whole
    (it ends in a noun).
    """
    import jieba.posseg as pseg

    tokenizer()
    pieces = [(p.word, p.flag) for p in pseg.cut(text)]
    while len(pieces) > 1 and pieces[-1][1][:1] in ("v", "d", "u", "p", "c"):
        pieces.pop()
    return "".join(word for word, _ in pieces)


def cut_with_flags(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs; "nr" marks a person's name."""
    import jieba.posseg as pseg

    tokenizer()
    return [(p.word, p.flag) for p in pseg.cut(text)]


_added: set[str] = set()


def add_words(words, *, freq: int = 20000) -> None:
    """Teach jieba more words (the ledger's names), each once per process."""
    jieba = tokenizer()
    for word in set(words) - _added:
        jieba.add_word(word, freq=freq)
        _added.add(word)
