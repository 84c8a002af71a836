"""The upload form: a file, what it is, and a newspaper's date."""

from __future__ import annotations

from pathlib import PurePath

from django import forms

from apps.gazette.parsing.files import SUFFIXES
from apps.tracking.models import SourceDocument

from .uploads import max_upload_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件",
        help_text="政府公报、分解落实通知、民生实事或领导分工通知、分解表，或报纸版面："
        ".txt（UTF-8 或 GB18030/GBK）、.docx、带文字层的 .pdf、.xlsx 或 .csv",
    )
    wanted = forms.ChoiceField(
        label="类型",
        choices=[("", "自动识别"), *SourceDocument.Kind.choices],
        required=False,
    )
    published_on = forms.DateField(
        label="报纸出版日期",
        required=False,
        help_text="仅报纸版面；不填则从版面文字中识别",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件 {upload.size / 1024 / 1024:.1f} MB，超过上限 {limit // 1024 // 1024} MB。"
                "请上传正文部分，或把 PDF 另存为文本/Word 后再上传。"
            )
        if upload.size == 0:
            raise forms.ValidationError("文件是空的。")
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                f"不支持 {suffix or '无扩展名'} 文件：请上传 .txt、.docx、.pdf、.xlsx 或 .csv。"
                + ("旧版 .doc 请先在 Word 中另存为 .docx。" if suffix == ".doc" else "")
                + ("旧版 .xls 请先在 Excel 中另存为 .xlsx。" if suffix == ".xls" else "")
            )
        return upload
