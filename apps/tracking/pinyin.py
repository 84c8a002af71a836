"""Pinyin order for lists of Chinese names (units, officials), the way a Chinese reader looks them up.

区财政局 is found under C, not under Q: the administrative prefix every district unit shares
(区/县/市) is ignored when sorting, as in a printed directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.forms.models import ModelChoiceIterator
from pypinyin import Style, lazy_pinyin

PREFIXES = ("区", "县", "市")


def pinyin_key(name: str) -> tuple:
    """Sort key: syllables without tones, then with tones, then the name itself (a total order)."""
    name = (name or "").strip()
    core = name[1:] if len(name) > 1 and name.startswith(PREFIXES) else name
    plain = tuple(s.lower() for s in lazy_pinyin(core, style=Style.NORMAL))
    toned = tuple(s.lower() for s in lazy_pinyin(core, style=Style.TONE3))
    return (plain, toned, name)


def pinyin_sorted[T](rows: Iterable[T], *, name: Callable[[T], str] = lambda row: row.name) -> list[T]:
    """``rows`` (model instances by default, read by ``.name``) in pinyin order."""
    return sorted(rows, key=lambda row: pinyin_key(name(row)))


class PinyinChoiceIterator(ModelChoiceIterator):
    """A select's options in pinyin order of their labels: sorted in Python, still one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_instance
        for obj in sorted(self.queryset, key=lambda obj: pinyin_key(str(label(obj)))):
            yield self.choice(obj)


class PinyinModelChoiceField(forms.ModelChoiceField):
    iterator = PinyinChoiceIterator


class PinyinModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = PinyinChoiceIterator
