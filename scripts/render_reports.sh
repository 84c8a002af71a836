#!/bin/sh
# Renders this week's Excel ledger and Word bulletin to PDF (LibreOffice) and PNG pages
# (pdftoppm), to look at them as they would print on A4. Uses the project's database,
# so run `make run` (or import the seeds and demo data) first.
#   scripts/render_reports.sh [output-folder] [date]
set -eu
cd "$(dirname "$0")/.."
out=${1:-var/render}
day=${2:-${LEDGER_TODAY:-2024-06-14}}
mkdir -p "$out"
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "需要 $tool：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils" >&2; exit 1; }
done
export LEDGER_TODAY="$day"
.venv/bin/python manage.py export_report --format xlsx --date "$day" --output "$out/ledger.xlsx"
.venv/bin/python manage.py export_report --format docx --date "$day" --output "$out/bulletin.docx"
soffice --headless --convert-to pdf --outdir "$out" "$out/ledger.xlsx" "$out/bulletin.docx" >/dev/null
pdftoppm -png -r 70 "$out/ledger.pdf" "$out/ledger"
pdftoppm -png -r 70 "$out/bulletin.pdf" "$out/bulletin"
ls "$out"/*.png
