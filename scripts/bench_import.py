"""Benchmark of the gazette import: reading each file format, parse time, first import,
re-import, and query counts.

Run: DEBUG=true .venv/bin/python scripts/bench_import.py [--repeat N]
Uses a throw-away SQLite database unless DATABASE_URL is set (then that database is used
as is: point it at a scratch database).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jining.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.gazette.parsing import parse_gazette
    from apps.gazette.parsing.text import decode
    from apps.gazette.services import gazette_import

    call_command("migrate", verbosity=0)
    data = (ROOT / "seeds" / "003_515eea467fa1cdce.txt").read_bytes()
    text, _ = decode(data)
    parse_gazette(text)  # warm jieba's dictionary once, as a running server would

    parse_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        parse_gazette(text)
        parse_times.append(time.perf_counter() - start)

    with CaptureQueriesContext(connection) as first_queries:
        start = time.perf_counter()
        gazette_import(data=data, filename="bench.txt")
        first = time.perf_counter() - start

    again_times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as again_queries:
            start = time.perf_counter()
            gazette_import(data=data, filename="bench.txt")
            again_times.append(time.perf_counter() - start)

    print(f"database: {connection.vendor}")
    for name, how, seconds in read_times(data, text, args.repeat):
        print(f"read {name} (median of {args.repeat}): {seconds * 1000:.0f} ms ({how})")
    print(f"parse (median of {args.repeat}): {statistics.median(parse_times) * 1000:.0f} ms")
    print(f"first import: {first * 1000:.0f} ms, {len(first_queries)} queries")
    print(
        f"re-import, unchanged (median of {args.repeat}): {statistics.median(again_times) * 1000:.0f} ms, "
        f"{len(again_queries)} queries"
    )


def read_times(data: bytes, text: str, repeat: int) -> list[tuple[str, str, float]]:
    """How long turning the seed's bytes into text takes, per format (each upload does it once)."""
    import io

    from apps.gazette.parsing.files import read_text
    from tests.gazette.test_formats import SEED_PDF, word_document

    book = io.BytesIO()
    import openpyxl

    sheet = openpyxl.Workbook()
    for line in text.splitlines():
        sheet.active.append(line.split("\t"))
    sheet.save(book)
    files = [
        ("seed .txt (UTF-8)", data, "seed.txt"),
        ("seed .txt (GB18030)", text.encode("gb18030"), "seed.txt"),
        ("seed .docx", word_document(text), "seed.docx"),
        ("seed .pdf (LibreOffice)", SEED_PDF.read_bytes(), "seed.pdf"),
        ("seed lines as .xlsx", book.getvalue(), "seed.xlsx"),
    ]
    out = []
    for name, content, filename in files:
        times, how = [], ""
        for _ in range(repeat):
            start = time.perf_counter()
            _, how = read_text(content, filename)
            times.append(time.perf_counter() - start)
        out.append((name, how, statistics.median(times)))
    return out


if __name__ == "__main__":
    main()
