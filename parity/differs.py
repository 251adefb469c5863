"""Print every rule where incare knowingly differs from the sector validator, and why.

    .venv/bin/python parity/differs.py [--markdown]

The reasons are the ``differs=`` of each rule's definition (src/incare/validation/rules/),
decided from the DfE rule text; docs/validation.md keeps a copy of this list.
"""

from __future__ import annotations

import argparse

from incare.validation.engine import code_order
from incare.validation.rule import RULES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="as a Markdown table")
    args = parser.parse_args()
    from incare.validation import rules as _register  # noqa: F401  (registers every rule)

    seen: dict[tuple[str, str], list[int]] = {}
    for rule in RULES:
        if rule.differs:
            seen.setdefault((rule.code, rule.differs), []).extend(sorted(rule.years))
    if args.markdown:
        print("| rule | years | why incare differs |")
        print("| --- | --- | --- |")
    for (code, why), years in sorted(seen.items(), key=lambda item: code_order(item[0][0])):
        span = f"{min(years)}" if min(years) == max(years) else f"{min(years)}-{max(years)}"
        text = " ".join(why.split())
        print(f"| {code} | {span} | {text} |" if args.markdown else f"{code} ({span}): {text}")


if __name__ == "__main__":
    main()
