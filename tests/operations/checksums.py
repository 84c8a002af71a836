"""What a restore must reproduce: the ledger exports and the row count of every table.

Run in the test process for the source and, for the restored database, in a separate
``manage.py shell`` pointed at it (see ``CHECKSUMS_SCRIPT``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CHECKSUMS_SCRIPT = (
    "import json; from tests.operations.checksums import ledger_checksums; "
    "print(json.dumps(ledger_checksums(), ensure_ascii=False))"
)


def ledger_checksums() -> dict:
    from django.db import connection

    from apps.operations.databases import row_counts
    from apps.tracking.exports import ledger_csv, ledger_document
    from apps.tracking.models import Plan

    plans = list(Plan.objects.order_by("pk"))
    document = json.dumps(ledger_document(plans), ensure_ascii=False, sort_keys=True, default=str)
    return {
        "ledger_csv": hashlib.sha256(ledger_csv(plans).encode()).hexdigest(),
        "ledger_json": hashlib.sha256(document.encode()).hexdigest(),
        "rows": row_counts(connection),
    }


def media_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by its path relative to it."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }
