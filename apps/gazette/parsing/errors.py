"""The one error the parser raises: a file that is not the document we expect."""


class GazetteFormatError(ValueError):
    """Raised when a file is not a gazette issue with a breakdown notice.

    Carries what was expected and what was found, in Chinese and English, so the
    command line and the upload page can tell an administrator exactly why the
    file was refused.
    """

    def __init__(self, *, expected_zh: str, found_zh: str, expected_en: str, found_en: str, line: int = 0):
        self.expected_zh = expected_zh
        self.found_zh = found_zh
        self.expected_en = expected_en
        self.found_en = found_en
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where_zh = f"（第 {self.line} 行）" if self.line else ""
        where_en = f" (line {self.line})" if self.line else ""
        return (
            f"导入被拒绝：应为{self.expected_zh}，实际为{self.found_zh}{where_zh}。\n"
            f"Import refused: expected {self.expected_en}, found {self.found_en}{where_en}."
        )
