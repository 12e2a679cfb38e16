"""cloudformation-validate has no command: this is the few-line command the benchmark times.

Usage: python cfn_validate.py TEMPLATE...   (exit 1 when any template has an error diagnostic)
One engine validates every template, as the library's README recommends (engines compile once).
"""

import sys

from cloudformation_validate import CompositeEngine


def main(paths: list[str]) -> int:
    engine = CompositeEngine()
    errors = 0
    for path in paths:
        report = engine.validate_template(path)
        for d in report.diagnostics:
            print(f"{path}: [{d.severity.name}] {d.rule_id}: {d.message}")
            errors += d.severity.name == "ERROR"
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
