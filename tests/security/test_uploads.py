"""A .docx that unpacks to far more than it weighs is refused before anything reads it whole."""

from __future__ import annotations

import io
import zipfile

import pytest

from apps.gazette.parsing import GazetteFormatError, files
from tests.conftest import ledger_snapshot


def _docx_with_image(image_bytes: int) -> bytes:
    """A valid Word document (built with python-docx) plus a large, highly compressible 'image'."""
    import docx

    document = docx.Document()
    document.add_paragraph("关于分解落实2024年政府工作报告任务目标的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        chunk = b"\0" * (1024 * 1024)
        with target.open("word/media/image1.png", "w") as image:
            for _ in range(image_bytes // len(chunk)):
                image.write(chunk)
    return out.getvalue()


def test_an_image_bomb_in_a_docx_is_refused(db):
    data = _docx_with_image(200 * 1024 * 1024)
    assert len(data) < 1024 * 1024  # it weighs under 1 MB on the wire
    before = ledger_snapshot()
    with pytest.raises(GazetteFormatError) as refused:
        files.read_text(data, "notice.docx")
    assert "解压后共" in refused.value.message and "unpacks to" in refused.value.message
    assert ledger_snapshot() == before


def test_every_member_counts_not_only_the_body():
    data = _docx_with_image(130 * 1024 * 1024)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert files.zip_unpacked_size(archive) > files.MAX_ZIP_UNPACKED
    # A normal document passes.
    small = _docx_with_image(0)
    assert files.zip_unpacked_size(zipfile.ZipFile(io.BytesIO(small))) < 1024 * 1024
    assert "关于分解落实" in files.read_text(small, "notice.docx")[0]
