#!/bin/sh
# `make demo`: the main jobs on the project's own bundled examples (no ../shared needed).
set -eu
out=demo-out
rm -rf "$out" && mkdir -p "$out"

echo "== elhub-cim validate examples/ebix  (every bundled EMIF 2.4 example, recursively)"
elhub-cim validate examples/ebix

echo
echo "== elhub-cim info examples/ebix/RequestStartOfSupply-move-in.xml"
elhub-cim info examples/ebix/RequestStartOfSupply-move-in.xml

echo
echo "== elhub-cim fmt: read through the typed bindings and write back (default namespace in, rsm/abie out)"
elhub-cim fmt examples/ebix/RequestStartOfSupply-grid-company-move-in.xml -o "$out/RequestStartOfSupply-grid-company-move-in.xml"
head -n 4 "$out/RequestStartOfSupply-grid-company-move-in.xml"

echo
echo "== a broken message: a clear error with line, code and element path, and exit code 1"
sed 's#<abie:StartOfOccurrence>[^<]*#<abie:StartOfOccurrence>31.04.2026#' \
  examples/ebix/RequestStartOfSupply-move-in.xml > "$out/broken.xml"
if elhub-cim validate "$out/broken.xml"; then
  echo "expected the broken message to be rejected" >&2
  exit 1
else
  echo "(exit code $?)"
fi
echo
echo "demo finished; outputs in $out/"
