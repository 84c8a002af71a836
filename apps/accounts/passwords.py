"""The password rule's own part: at least three classes of characters.

Length, similarity to the username and common passwords are Django's own validators
(AUTH_PASSWORD_VALIDATORS); this one adds what GB/T 22239 asks beyond them.
"""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError

CLASSES = [
    ("大写字母", lambda c: c.isascii() and c.isupper()),
    ("小写字母", lambda c: c.isascii() and c.islower()),
    ("数字", lambda c: c.isdigit()),
    ("符号", lambda c: c in string.punctuation or c == " " or not c.isascii()),
]


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def classes(self, password: str) -> list[str]:
        return [name for name, test in CLASSES if any(test(c) for c in password)]

    def validate(self, password: str, user=None) -> None:
        if len(self.classes(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"
