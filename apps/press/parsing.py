"""Split a newspaper page (text extracted from PDF) into articles.

The page text is a sequence of paragraphs (blank-line separated). Articles start at a
byline ("□记者 … 报道", "■本报记者 …", "■本报通讯员 …") or at a dateline that carries its
own byline ("本报济宁讯（记者 …）"); photos are a caption paragraph closed by a credit
("■记者 刘建新 摄"). Headlines are short paragraphs without sentence punctuation, and on
these pages they often come *after* their body: a headline paragraph that sits between two
articles goes to the neighbour whose body shares more of its words. A headline inside an
article (followed by more of its body) is a sub-heading and stays in the body.

Nothing is dropped: text the splitter cannot place in an article (page banners, column
names) is returned as ``leftovers`` with its line numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

# A byline paragraph: reporters and correspondents, optionally closed by 报道.
BYLINE = re.compile(
    r"^(?:[□■]\s*(?:本报)?(?:记者|通讯员|特约记者)\s*[\u4e00-\u9fff]"
    r"|(?:本报)?(?:记者|通讯员|特约记者|实习生)\s+[\u4e00-\u9fff]{2,4}(?:\s|$))"
)
# A dateline opening the body: 本报济宁讯 / 本报济宁4月18日讯 / 本报嘉祥讯（通讯员 李超）.
DATELINE = re.compile(r"^(?:\d+版>>)?本报(?P<place>[\u4e00-\u9fff]{0,4}?)(?P<date>\d{1,2}月\d{1,2}日)?讯")
DATELINE_BYLINE = re.compile(r"^[^（(]*讯[（(](?P<byline>[^）)]{2,40})[）)]")
# A photo credit closing a caption: ■记者 刘建新 摄 / ■通讯员 王婷婷 摄.
PHOTO_CREDIT = re.compile(r"[□■]\s*(?:本报)?(?:记者|通讯员)[\s\u4e00-\u9fff·]{2,20}?摄\s*$")
JUMP = re.compile(r"^\d+版>>")  # "2版>>": a jump marker from the front page
SENTENCE_END = re.compile(r"[。！？；：…”]$")
FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# The masthead's date: a full date followed by the weekday (2024年3月2日 星期六).
MASTHEAD_DATE = re.compile(FULL_DATE.pattern + r"\s*(?:星期|周)[一二三四五六日天]")
# Page furniture naming the page: 第2版 / 第02版 / A2版 (a line of its own or a header).
PAGE_HEADER = re.compile(
    r"^(?:第\s*0*(?P<n>\d{1,2})\s*版|[A-D]?0*(?P<m>\d{1,2})\s*版\s*[:：·]?\s*[\u4e00-\u9fff]{0,6})$"
)
# Only the front page carries a table of contents (今日导读, extracted reversed as 日导读今),
# jump markers ("2版>>") and "continued on page N" notes without a "continued from".
FRONT_PAGE = re.compile(r"今日导读|日导读今|^\d+版>>|（下转\s*第?\d+\s*版）", re.MULTILINE)
CONTINUED_FROM = re.compile(r"（上接\s*第?\d+\s*版）")


@dataclass
class Article:
    order: int
    title: str = ""
    byline: str = ""
    body: str = ""
    photo: bool = False
    first_line: int = 0
    headings: list[str] = field(default_factory=list)

    def words_text(self) -> str:
        return f"{self.title}\n{self.body}"


@dataclass
class Paragraph:
    line: int  # 1-based line number of its first line
    lines: list[str]

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass
class Page:
    articles: list[Article]
    leftovers: list[tuple[int, str]]


def join_lines(lines: list[str]) -> str:
    """Undo PDF line breaks: Chinese lines join without a space, Latin words keep one."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out += " "
        out += line
    return out


def paragraphs(text: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u3000", " ").strip()
        if not line:
            if current:
                found.append(Paragraph(start, current))
                current = []
            continue
        if not current:
            start = number
        # A byline or dateline starts a paragraph even without a blank line before it; a
        # byline spread over several lines stays one paragraph.
        starts = DATELINE.match(line) or (
            BYLINE.match(line) and not BYLINE.match(current[-1] if current else "")
        )
        after_byline = bool(current) and BYLINE.match(current[-1]) and not BYLINE.match(line)
        if current and (starts or after_byline) and not PHOTO_CREDIT.search(line):
            found.append(Paragraph(start, current))
            current, start = [], number
        current.append(line)
    if current:
        found.append(Paragraph(start, current))
    return found


def is_headline(par: Paragraph) -> bool:
    if len(par.lines) > 3 or any(len(line) > 32 for line in par.lines):
        return False
    if SENTENCE_END.search(par.lines[-1]) or BYLINE.match(par.lines[0]) or DATELINE.match(par.lines[0]):
        return False
    return not PHOTO_CREDIT.search(par.lines[-1])


def _is_start(par: Paragraph) -> bool:
    if PHOTO_CREDIT.search(par.lines[0]):
        return False
    return bool(BYLINE.match(par.lines[0]) or DATELINE.match(par.lines[0]))


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in itertools.pairwise(chars)}


def _overlap(headline: str, article: Article) -> float:
    grams = _bigrams(headline)
    if not grams:
        return 0.0
    body = _bigrams(article.body)
    return len(grams & body) / len(grams)


def split_page(text: str) -> Page:
    pars = paragraphs(text)
    articles: list[Article] = []
    leftovers: list[tuple[int, str]] = []
    # Headline paragraphs waiting for an owner: (paragraph, previous article or None).
    pending: list[tuple[Paragraph, Article | None]] = []
    current: Article | None = None
    in_byline = False

    def open_article(par: Paragraph, *, photo: bool = False) -> Article:
        article = Article(order=len(articles) + 1, photo=photo, first_line=par.line)
        articles.append(article)
        return article

    def settle(next_article: Article | None) -> None:
        """Give each waiting headline to the neighbour whose body shares more of its words."""
        for par, before in _grouped(pending):
            candidates = [a for a in (before, next_article) if a is not None]
            if not candidates:
                leftovers.append((par.line, par.text))
                continue
            best = max(candidates, key=lambda a: (_overlap(par.text, a), a is before))
            if _overlap(par.text, best) == 0:
                # Shares no word with either neighbour: page furniture (导读, column names).
                leftovers.append((par.line, par.text))
                continue
            best.headings.append(" ".join(undouble(line) for line in par.lines))
        pending.clear()

    # A credit standing alone closes the caption paragraph just before it.
    captions = {
        i - 1
        for i, par in enumerate(pars)
        if i > 0 and _is_credit_only(par) and not _is_start(pars[i - 1]) and not is_headline(pars[i - 1])
    }
    for index, par in enumerate(pars):
        if index in captions or (PHOTO_CREDIT.search(par.lines[-1]) and not _is_credit_only(par)):
            text = par.text
            credit = PHOTO_CREDIT.search(text)
            photo = open_article(par, photo=True)
            if credit:
                photo.body = text[: credit.start()].strip()
                photo.byline = credit.group(0).strip(" □■")
            else:
                photo.body = text
                photo.byline = PHOTO_CREDIT.search(pars[index + 1].text).group(0).strip(" □■")
            settle(photo)
            current, in_byline = photo, False
            continue
        if _is_credit_only(par):
            continue  # already given to its caption
        if _is_start(par):
            starts_body = DATELINE.match(par.lines[0])
            if not (in_byline and current is not None):
                current = open_article(par)
                settle(current)
            if starts_body:
                dateline = DATELINE_BYLINE.match(par.lines[0])
                if dateline and not current.byline:
                    current.byline = dateline.group("byline").strip()
                current.body = _append(current.body, JUMP.sub("", par.text))
                in_byline = False
            else:
                current.byline = _append(current.byline, par.text, sep=" ")
                in_byline = True
            continue
        in_byline = False
        if is_headline(par):
            following = pars[index + 1] if index + 1 < len(pars) else None
            if following is None or _is_start(following) or is_headline(following) or index + 1 in captions:
                pending.append((par, current))
                continue
            if current is not None and current.body:
                current.body = _append(current.body, par.text)  # a sub-heading inside the article
                continue
            pending.append((par, current))
            continue
        if current is None:
            leftovers.append((par.line, par.text))
            continue
        current.body = _append(current.body, par.text)
    settle(None)
    for article in articles:
        article.title = _title(article)
        # Other headlines (kickers, sub-titles) are kept with the body, not dropped.
        for heading in article.headings:
            if heading != article.title:
                article.body = _append(article.body, heading)
    return Page(articles=[a for a in articles if a.body or a.title], leftovers=leftovers)


def _grouped(pending: list[tuple[Paragraph, Article | None]]) -> list[tuple[Paragraph, Article | None]]:
    """Consecutive headline paragraphs are one headline split over lines (济宁大安机场 / 公交专线优化调整)."""
    groups: list[tuple[Paragraph, Article | None]] = []
    for par, before in pending:
        if (
            groups
            and groups[-1][1] is before
            and groups[-1][0].line + len(groups[-1][0].lines) + 1 == par.line
        ):
            last = groups[-1][0]
            # keep furniture out of a headline: a piece sharing nothing with the other stays apart
            if _bigrams(last.text) and len(last.lines) + len(par.lines) <= 4:
                groups[-1] = (Paragraph(last.line, [*last.lines, *par.lines]), before)
                continue
        groups.append((par, before))
    return groups


def undouble(line: str) -> str:
    """ "强化党建统领强化党建统领" → "强化党建统领": bold type extracted twice from the PDF."""
    half = len(line) // 2
    if len(line) % 2 == 0 and half >= 2 and line[:half] == line[half:]:
        return line[:half]
    return " ".join(undouble(piece) for piece in line.split(" ")) if " " in line else line


def _is_credit_only(par: Paragraph) -> bool:
    credit = PHOTO_CREDIT.search(par.text)
    return bool(credit) and credit.start() == 0


def _title(article: Article) -> str:
    if not article.headings:
        return ""
    best = max(article.headings, key=lambda h: _overlap(h, article))
    return best


def _append(text: str, more: str, sep: str = "\n") -> str:
    return f"{text}{sep}{more}" if text else more


def page_date(text: str) -> dt.date | None:
    """The latest full date written on the page (a page reports on its own recent past)."""
    dates = []
    for match in FULL_DATE.finditer(text):
        try:
            dates.append(dt.date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            continue
    return max(dates) if dates else None


def masthead_date(text: str) -> dt.date | None:
    """The date printed in the masthead (with its weekday), when the extraction kept it."""
    for match in MASTHEAD_DATE.finditer(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def page_number(text: str) -> int | None:
    """The page's number: a header such as 第2版 near the top or bottom, else 1 for a front page.

    Returns None when the page does not say (most inside pages lose their header in extraction).
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:6] + lines[-6:]:
        match = PAGE_HEADER.match(line)
        if match:
            return int(match["n"] or match["m"])
    if FRONT_PAGE.search(text) and not CONTINUED_FROM.search(text):
        return 1
    return None


def years_named(text: str) -> list[int]:
    return sorted({int(m[1]) for m in YEAR.finditer(text)})
