#!/usr/bin/python3
"""Validate an hbvdr results.json against schemas/results.schema.json (JSON Schema 2020-12).

usage: validate_json.py SCHEMA RESULTS.json   -> exit 0 if valid, 1 with the errors listed otherwise.
Run with Debian's python3 (python3-jsonschema).
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errors[:20]:
    print("/".join(str(p) for p in e.absolute_path) + ": " + e.message[:300])
sys.exit(1 if errors else 0)
