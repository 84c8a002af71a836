#!/bin/sh
# Renders a week's Excel ledger, Word bulletin and CSV to PDF (LibreOffice) and PNG pages
# (pdftoppm), to look at them as they would print on A4: rows not cut, header and footer
# inside the page, the bulletin's masthead, red rule, 期号 and 主送/抄送. Uses the project's
# database, so run `make run` (or import the seeds and demo data) first.
# tests/reports/test_print.py renders the same way from test data into test-artifacts/print/.
#   scripts/render_reports.sh [output-folder] [date]
set -eu
cd "$(dirname "$0")/.."
out=${1:-var/render}
day=${2:-${LEDGER_TODAY:-2024-06-14}}
mkdir -p "$out"
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "需要 $tool：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-noto-cjk" >&2; exit 1; }
done
export LEDGER_TODAY="$day"
.venv/bin/python manage.py export_report --format xlsx --date "$day" --output "$out/ledger.xlsx"
.venv/bin/python manage.py export_report --format docx --date "$day" --output "$out/bulletin.docx"
.venv/bin/python manage.py export_report --format csv --date "$day" --output "$out/ledger.csv"
# A throwaway LibreOffice profile: a desktop LibreOffice that is already open does not block the run.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir "$out" \
  "$out/ledger.xlsx" "$out/bulletin.docx" >/dev/null
rm -f "$out"/ledger-*.png "$out"/bulletin-*.png
pdftoppm -png -r 80 "$out/ledger.pdf" "$out/ledger"
pdftoppm -png -r 80 "$out/bulletin.pdf" "$out/bulletin"
ls "$out"/*.png
