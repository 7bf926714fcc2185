"""JUnit XML for CI systems that show test reports.

One test case per rule: a rule with errors fails (``<failure>``, one line per
finding), a rule with only warnings passes and lists them in ``<system-out>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from checks.dates import Today
from checks.findings import Finding, ordered
from checks.rules import Rule


def _line(f: Finding) -> str:
    return f"{f.file}:{f.line}: {f.message}"


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    found = ordered(findings)
    codes = [rule.code for rule in Rule]
    failed = 0
    suite = ET.Element("testsuite", name="lis check", tests=str(len(codes)), errors="0", skipped="0")
    if today is not None:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="checked_as_of", value=today.date.isoformat())
        ET.SubElement(properties, "property", name="date_origin", value=today.origin)
    for code in codes:
        title = Rule[code].title
        case = ET.SubElement(suite, "testcase", classname="lis", name=f"{code} {title}")
        own = [f for f in found if f.code == code]
        bad = [f for f in own if f.is_error]
        if bad:
            failed += 1
            failure = ET.SubElement(
                case, "failure", type=code, message=f"{code}: {len(bad)} fel"
            )
            failure.text = "\n".join(_line(f) for f in bad)
        warned = [f for f in own if not f.is_error]
        if warned:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"varning: {_line(f)}" for f in warned)
    suite.set("failures", str(failed))
    root = ET.Element("testsuites", name="lis check", tests=str(len(codes)), failures=str(failed), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
