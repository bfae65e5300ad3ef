#!/bin/sh
# `make demo`: the main jobs on the project's own bundled examples (no ../shared needed).
set -eu
out=demo-out
rm -rf "$out" && mkdir -p "$out"

echo "== elhub-cim validate examples/  (every bundled EMIF 2.4 and CIM profile example, recursively)"
elhub-cim validate examples/ebix examples/cim

echo
echo "== elhub-cim info examples/ebix/RequestStartOfSupply-move-in.xml"
elhub-cim info examples/ebix/RequestStartOfSupply-move-in.xml

echo
echo "== elhub-cim fmt: read through the typed bindings and write back (default namespace in, rsm/abie out)"
elhub-cim fmt examples/ebix/RequestStartOfSupply-grid-company-move-in.xml -o "$out/fmt/RequestStartOfSupply-grid-company-move-in.xml"
head -n 4 "$out/fmt/RequestStartOfSupply-grid-company-move-in.xml"

echo
echo "== elhub-cim convert: the bundled ebIX messages of the profile's processes → CIM → ebIX"
mkdir -p "$out/ebix"
for f in examples/ebix/*StartOfSupply*.xml examples/ebix/*EndOfSupply*.xml \
         examples/ebix/NotifyMeteringPointCharacteristics*.xml examples/ebix/NotifyCustomerInformation-*.xml \
         examples/ebix/Acknowledgement*.xml examples/ebix/*UpfrontMeteringPointCharacteristics*.xml \
         examples/ebix/*SharedProduction*.xml; do
  [ -e "$f" ] && cp "$f" "$out/ebix/"
done
elhub-cim convert "$out/ebix" --to cim -O "$out/cim"
elhub-cim convert "$out/cim" --to ebix -O "$out/ebix-again"
echo "-- the round trip is exact (compared by meaning, C14N 2.0):"
same=0
for f in "$out"/ebix/*.xml; do
  name=$(basename "$f")
  [ -e "$out/ebix-again/$name" ] || continue
  elhub-cim diff "$f" "$out/ebix-again/$name" > /dev/null
  same=$((same + 1))
done
echo "   $same of $(ls "$out"/ebix/*.xml | wc -l) messages came back identical"
echo "-- one of them in CIM:"
head -n 20 "$out/cim/RequestStartOfSupply-move-in.xml"

echo
echo "== elhub-cim share: the seed's two sharing models on two days of 15-minute data (one roof, three flats)"
elhub-cim share examples/sharing/setup.toml examples/sharing/series.csv -o "$out/sharing.csv"

echo
echo "== elhub-cim notice: e-mails to customers whose relationship ends (bundled messages and register)"
elhub-cim notice examples/ebix examples/cim --register examples/notices/contacts.csv \
  --grid-companies examples/notices/grid-companies.csv \
  --from "Trøndelag Nettdrift AS <varsel@trondelag-nettdrift.example>" -O "$out/outbox" 2>&1 | tail -n 1
ls "$out/outbox"
echo
echo "== one ending (two messages: the confirmation and Elhub's end notification), one notice"
elhub-cim notice examples/ebix/ConfirmEndOfSupply.xml examples/ebix/NotifyEndOfSupply.xml \
  --register examples/notices/contacts.csv --grid-companies examples/notices/grid-companies.csv \
  --from "Trøndelag Nettdrift AS <varsel@trondelag-nettdrift.example>" -O "$out/one" 2>&1 | tail -n 1
python - "$out"/one/*.eml <<'PY'
import email, email.policy, sys
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        message = email.message_from_binary_file(stream, policy=email.policy.default)
    print(f"From: {message['From']}\nTo: {message['To']}\nSubject: {message['Subject']}\n")
    print(message.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip())
PY

echo
echo "== elhub-cim monitor: BRS-NO-611 traffic lights from an actor's own log, with a chart"
elhub-cim monitor report examples/monitor/actor-log.csv --chart "$out/monitor.html" | tail -n 3

echo
echo "== nothing is lost silently: daily series (P1D), which CIM's ResolutionTypeList cannot carry"
sed 's#<abie:ResolutionDuration>PT15M#<abie:ResolutionDuration>P1D#' \
  examples/ebix/CollectedData.xml > "$out/daily.xml"
elhub-cim convert "$out/daily.xml" --to cim > /dev/null || echo "(exit code $?: refused, nothing written)"
echo "-- with --allow-loss it converts, and every loss is reported:"
elhub-cim convert "$out/daily.xml" --to cim --allow-loss > "$out/daily-cim.xml"

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
