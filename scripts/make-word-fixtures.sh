#!/usr/bin/env bash
# Writes tests/fixtures/word/libreoffice-*.docx: the same small report with its sub-items lettered
# a. / a) / (a) by LibreOffice's own list numbering, saved as DOCX by LibreOffice (not by Accord),
# for the DOCX importer's tests. Needs LibreOffice: apt-get install -y libreoffice-writer.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/word
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for style in dot paren parens; do
  case $style in
    dot) prefix=''; suffix='.' ;;
    paren) prefix=''; suffix=')' ;;
    parens) prefix='('; suffix=')' ;;
  esac
  cat > "$work/libreoffice-$style.fodt" <<FODT
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
  <office:automatic-styles>
    <text:list-style style:name="L1">
      <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
      <text:list-level-style-number text:level="2" style:num-prefix="$prefix" style:num-suffix="$suffix" style:num-format="a"/>
    </text:list-style>
  </office:automatic-styles>
  <office:body><office:text>
    <text:p>The meeting agreed:</text:p>
    <text:list text:style-name="L1">
      <text:list-item><text:p>Open the meeting.</text:p></text:list-item>
      <text:list-item><text:p>Request the secretariat to:</text:p>
        <text:list>
          <text:list-item><text:p>circulate the terms of reference;</text:p></text:list-item>
          <text:list-item><text:p>report back.</text:p></text:list-item>
        </text:list>
      </text:list-item>
      <text:list-item><text:p>Close the meeting.</text:p></text:list-item>
    </text:list>
  </office:text></office:body>
</office:document>
FODT
done
soffice --headless --convert-to docx --outdir "$out" "$work"/libreoffice-*.fodt
ls -l "$out"
