#!/usr/bin/env bash
# Renders sample documents to PNG for people to look at: writes them from the
# database (`make seed` first), then converts through LibreOffice and pdftoppm
# when they are installed (apt-get install libreoffice-writer-nogui
# libreoffice-calc-nogui poppler-utils fonts-noto-cjk). Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=${DOCS_PREVIEW_DIR:-var/docs-preview}
export PYTHONPATH="platform${PYTHONPATH:+:$PYTHONPATH}"

rm -rf "$OUT" && mkdir -p "$OUT"
$PY manage.py documents_preview --out "$OUT"

SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ] || ! command -v pdftoppm >/dev/null; then
  echo "LibreOffice or pdftoppm is not installed: documents are in $OUT, no PNGs rendered."
  exit 0
fi
# A private profile, so a running office suite of the user is not disturbed.
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
# Office documents through LibreOffice; the notices' own PDFs (reportlab) as
# they are, named *-pdf-N.png beside the *-docx-N.png of the same notice.
mkdir -p "$OUT/office"
"$SOFFICE" -env:UserInstallation=file://"$PROFILE" --headless \
  --convert-to pdf --outdir "$OUT/office" "$OUT"/*.docx "$OUT"/*.xlsx >/dev/null
for pdf in "$OUT"/office/*.pdf; do
  pdftoppm -png -r 80 "$pdf" "$OUT/$(basename "$pdf" .pdf)-office"
done
for pdf in "$OUT"/*.pdf; do
  pdftoppm -png -r 80 "$pdf" "$OUT/$(basename "$pdf" .pdf)-pdf"
done
ls "$OUT"/*.png
