#!/bin/sh
# The JSON diff validates against docs/archdoc-diff.schema.json, and the
# table's JSON against docs/archdoc-table.schema.json (with
# Debian's python3-jsonschema, which scripts/test installs), for every
# kind of change the test models hold; and a document the schema must
# refuse is refused, so the check can fail.
#   schema.sh ARCHDOC SOURCE_DIR
set -eu
archdoc=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] && "$py" -c 'import jsonschema' 2>/dev/null ||
  { echo "diff/json-schema: skipped: python3-jsonschema is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t=$src/tests
"$archdoc" diff "$t/diff/shop-v1.xml" "$t/diff/shop-v2.xml" -f json >"$work/1.json" || true
"$archdoc" diff "$src/model/genesys-pulse.xml" "$t/diff/genesys-pulse-changed.xml" -f json >"$work/2.json" || true
"$archdoc" diff "$t/diff/views-v1.xml" "$t/diff/views-v2.xml" -f json >"$work/3.json" || true
"$archdoc" diff "$t/check/retired.xml" "$t/diff/retired-v2.xml" -f json >"$work/4.json" || true
"$archdoc" diff "$t/diff/shop-v1.xml" "$t/diff/shop-v1.xml" -f json >"$work/5.json"
# the table's JSON against its own schema too
"$archdoc" table "$src/model/genesys-pulse.xml" -f json >"$work/table.json"
"$archdoc" table "$t/table/hostile.xml" -f json >"$work/table2.json"
"$archdoc" table "$t/diagram/models/multi-end.xml" -f json >"$work/table3.json"
# refused: an unknown op
sed 's/"op": "added"/"op": "moved"/' "$work/1.json" >"$work/bad.json"
"$py" - "$src/docs/archdoc-diff.schema.json" "$work" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for i in range(1, 6):
    doc = json.load(open(f"{sys.argv[2]}/{i}.json"))
    errors = list(v.iter_errors(doc))
    if errors:
        sys.exit(f"diff/json-schema: document {i}: {errors[0].message} at {list(errors[0].path)}")
bad = json.load(open(f"{sys.argv[2]}/bad.json"))
if v.is_valid(bad):
    sys.exit("diff/json-schema: a document with op 'moved' passed")
table = jsonschema.Draft202012Validator(json.load(open(sys.argv[1].replace("archdoc-diff", "archdoc-table"))))
for name in ("table.json", "table2.json", "table3.json"):
    errors = list(table.iter_errors(json.load(open(f"{sys.argv[2]}/{name}"))))
    if errors:
        sys.exit(f"diff/json-schema: {name}: {errors[0].message} at {list(errors[0].path)}")
kinds = set()
for i in range(1, 6):
    for c in json.load(open(f"{sys.argv[2]}/{i}.json"))["changes"]:
        kinds.add((c["kind"], c["op"]))
print("diff/json-schema: 5 documents valid; kinds seen:", ", ".join(sorted(k + " " + o for k, o in kinds)))
PY
