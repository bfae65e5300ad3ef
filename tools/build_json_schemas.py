"""Write the JSON Schema of the CIM JSON form of every CIM profile document.

Usage::

    python tools/build_json_schemas.py          # (re)write schemas/cim/json/<profile>/
    python tools/build_json_schemas.py --check  # exit 1 listing stale or missing files

The schemas come from the generated bindings (``elhub_cim.cimjson.json_schema``): one file per
profile document, ``schemas/cim/json/<profile>/<root element>.schema.json``, and our local code
lists as ``urn-entsoe-eu-local-extension-types.schema.json`` (the file ENTSO-E's code-list schemas
refer to for local codes). A test
(``tests/test_cim_json.py``) fails when the committed files differ from a fresh build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from elhub_cim.core.catalog import Standard, catalog
from elhub_cim.formats.cimjson import json_schema, local_extension_schema

#: Our local code lists under the name ENTSO-E's code-list schemas (and DataHub 3's) refer to
#: for local codes: placed beside DataHub 3's schemas, it makes them accept our local codes.
LOCAL_EXTENSION = "urn-entsoe-eu-local-extension-types.schema.json"


def expected_files() -> dict[Path, str]:
    """Every schema file with its content, keyed by path."""
    files: dict[Path, str] = {}
    for message_type in sorted(catalog().values(), key=lambda mt: (mt.namespace, mt.name)):
        if message_type.standard is not Standard.CIM or message_type.legacy:
            continue  # 0.1 is input only (upgraded on reading): no bindings, no JSON form
        # beside the profile folder, not in it: xsdata (tools/regenerate.py) would read any
        # *.json under the XSD folder as a sample document to generate bindings from
        profile = message_type.schema_file.parent
        folder = profile.parent / "json" / profile.name
        text = json.dumps(json_schema(message_type), ensure_ascii=False, indent=2) + "\n"
        files[folder / f"{message_type.name}.schema.json"] = text
        local = json.dumps(local_extension_schema(profile), ensure_ascii=False, indent=2) + "\n"
        files[folder / LOCAL_EXTENSION] = local
    return files


def stale_files() -> list[str]:
    """Files that are missing, different or no longer generated."""
    expected = expected_files()
    stale = [
        f"{path}: {'missing' if not path.exists() else 'differs'}"
        for path, text in expected.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    for folder in {path.parent for path in expected}:
        for extra in sorted(folder.glob("*.schema.json")):
            if extra not in expected:
                stale.append(f"{extra}: not generated (remove it)")
    return sorted(stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for line in stale:
            print(line)
        return 1 if stale else 0
    for path, text in expected_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
