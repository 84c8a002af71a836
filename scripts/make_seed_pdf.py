"""Print the seed gazette to PDF the way an office would: Word document → LibreOffice → PDF.

The result is kept as a test fixture (tests/fixtures/gazettes/seed_2024_libreoffice.pdf), so the
suite proves the seed imports identically from PDF on machines without LibreOffice. Run from
the repository root: `.venv/bin/python scripts/make_seed_pdf.py` (needs soffice).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gazette.test_formats import seed_gazette, word_document  # noqa: E402

TARGET = ROOT / "tests" / "fixtures" / "gazettes" / "seed_2024_libreoffice.pdf"


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("需要 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "seed.docx"
        source.write_bytes(word_document(seed_gazette()))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.copyfile(Path(folder) / "seed.pdf", TARGET)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
