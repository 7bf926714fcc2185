"""GitHub Actions: one annotation per finding, and every finding as a Markdown table.

``::error file=requirements/gdpr.yaml,line=12,title=LIS010::Kravet GDPR-30 …``

GitHub shows at most ANNOTATION_LIMIT error and ANNOTATION_LIMIT warning annotations
per step, so the annotations for the files a pull request changed come first
(within errors and within warnings), the log says how many GitHub will show, and
:func:`summary_markdown` gives the whole list for the job summary
(``$GITHUB_STEP_SUMMARY``, written by ``lis check``). Everything here is pure: the
changed files are given, and nothing is read or written.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from checks.dates import Today
from checks.findings import Finding, count, ordered, summary_line
from checks.reporters.common import GITHUB_DATA, GITHUB_PROPERTY, checked_line, escape_command

# Per step and per kind (errors, warnings): what GitHub shows of a step's annotations.
ANNOTATION_LIMIT = 10

SUMMARY_HEADERS = ("Kod", "Allvarlighet", "Fil", "Rad", "Id", "Meddelande")
SEVERITY_SV = {"error": "fel", "warning": "varning"}


def _data(value: str) -> str:
    return escape_command(value, GITHUB_DATA)


def _property(value: str) -> str:
    return escape_command(value, GITHUB_PROPERTY)


def annotation_order(findings: Sequence[Finding], changed: Collection[str] = ()) -> list[Finding]:
    """Errors before warnings; within each, the files in ``changed`` first, then by file and line."""
    changed = frozenset(changed)
    # sorted() is stable: ties keep ordered()'s file, line and code order
    return sorted(ordered(findings), key=lambda f: (not f.is_error, f.file not in changed))


def annotation_note(findings: Sequence[Finding], summary_written: bool) -> str:
    """What the log says about GitHub's limit; empty when there is nothing to annotate."""
    found = ordered(findings)
    if not found:
        return ""
    errors, warnings = count(found)
    where = "i jobbsammanfattningen" if summary_written else "i loggen ovan"
    note = (
        f"GitHub visar högst {ANNOTATION_LIMIT} fel och {ANNOTATION_LIMIT} varningar som anteckningar; "
        f"alla {len(found)} finns {where}."
    )
    shown = min(errors, ANNOTATION_LIMIT) + min(warnings, ANNOTATION_LIMIT)
    if shown < len(found):
        note += f" Här syns {shown} av {len(found)} som anteckningar (först de filer som pull requesten ändrar)."
    return note


def render(
    findings: Sequence[Finding],
    today: Today | None = None,
    *,
    changed: Collection[str] = (),
    summary_written: bool = False,
) -> str:
    """The workflow commands, the note on GitHub's limit, the date checked and the summary line."""
    lines = []
    found = ordered(findings)
    for f in annotation_order(found, changed):
        command = "error" if f.is_error else "warning"
        # the title is the code alone; the rule's title leads the text
        text = f"{f.code.title}: {f.message}"
        lines.append(f"::{command} file={_property(f.file)},line={f.line},title={f.code}::{_data(text)}")
    note = annotation_note(found, summary_written)
    if note:
        lines.append(note)
    if today is not None:
        lines.append(checked_line(today))
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"


# Characters that mean something in a GFM table cell; a backslash makes each literal
# (CommonMark escapes any ASCII punctuation), so a message can neither break the
# table (|) nor turn into a link, markup or HTML.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|~&!#")


def _cell(value: object) -> str:
    text = "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in str(value))
    # a row is one line: line breaks in a message become <br>
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def summary_markdown(
    findings: Sequence[Finding], today: Today | None = None, *, changed: Collection[str] = ()
) -> str:
    """The job summary: heading, date checked, ``N fel, M varningar`` and every finding in a table."""
    found = annotation_order(findings, changed)
    lines = ["## lis check", ""]
    if today is not None:
        lines += [checked_line(today), ""]
    lines += [f"**{summary_line(found)}**", ""]
    if not found:
        lines.append("Inga fel eller varningar.")
    else:
        lines.append("| " + " | ".join(SUMMARY_HEADERS) + " |")
        lines.append("|" + "|".join(" --- " for _ in SUMMARY_HEADERS) + "|")
        for f in found:
            cells = (f.code.name, SEVERITY_SV.get(f.severity, f.severity), f.file, f.line, f.need_id, f.message)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
