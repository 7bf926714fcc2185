"""``lis review close``: the file edits of fastställande, each touching only what it says.

The review's directive gets its status, date, diarienummer and decider (the
option lines only: every other byte of the page stays as it was); the decision
(``BES-<år>-<nn>``) is appended to the decisions page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from checks.errors import ProjectError

_OPTION = re.compile(r"^:([\w-]+):(.*?)(\r?\n)?$")


def set_fields(text: str, need_id: str, fields: Mapping[str, str], where: str) -> str:
    """``text`` with the directive of ``need_id`` carrying ``fields``; nothing else changed.

    Existing option lines are rewritten in place; missing ones are added after
    the last option line of the directive.
    """
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(rf"^:id:\s*{re.escape(need_id)}\s*$", line)), None)
    if at is None:
        raise ProjectError(f"{where}: hittar inte :id: {need_id}.")
    start = at
    while start > 0 and _OPTION.match(lines[start - 1]):
        start -= 1
    end = at
    while end + 1 < len(lines) and _OPTION.match(lines[end + 1]):
        end += 1
    newline = "\r\n" if lines[at].endswith("\r\n") else "\n"
    missing = dict(fields)
    for i in range(start, end + 1):
        match = _OPTION.match(lines[i])
        assert match is not None
        name = match.group(1)
        if name in missing:
            lines[i] = f":{name}: {missing.pop(name)}{match.group(3) or ''}"
    added = [f":{name}: {value}{newline}" for name, value in missing.items()]
    if added and not lines[end].endswith("\n"):
        lines[end] += newline
    return "".join(lines[: end + 1] + added + lines[end + 1 :])


# What drafts made before the note moved to the status banner say in the review's text;
# it stops being true when the review is fastställd.
LEGACY_DRAFT_NOTE = " Utkast skapat med `lis review new`; datumet är det planerade datumet för fastställandet."


def without_draft_note(text: str) -> str:
    """``text`` without the legacy draft note (one sentence at the end of a line), nothing else changed."""
    return text.replace(LEGACY_DRAFT_NOTE, "", 1)


DECIDERS = {"förvaltningschef": "Förvaltningschefen", "nämnd": "Nämnden"}


def decision_block(
    decision_id: str,
    review_id: str,
    year: int,
    date: str,
    decided_by: str,
    case_number: str,
    activities: Sequence[str],
) -> str:
    """The decision that adopts a review and decides the next year's activities (MyST)."""
    next_year = year + 1
    lines = [
        f":::{{decision}} Fastställande av Ledningens genomgång {year} och prioriterade aktiviteter {next_year}",
        f":id: {decision_id}",
        f":date: {date}",
        f":decided_by: {decided_by}",
        f":case_number: {case_number}",
        f":adopts: {review_id}",
    ]
    if activities:
        lines.append(f":decides: {', '.join(activities)}")
    lines.append("")
    who = DECIDERS.get(decided_by, decided_by)
    lines.append(
        f"{who} fastställer {{need}}`{review_id}` och därmed de prioriterade aktiviteterna för "
        f"verksamhetsåret {next_year}. Genomgången ska bifogas nämndens verksamhetsplan."
    )
    if not activities:
        lines.append("")
        lines.append(f"Inga aktiviteter för {next_year} var registrerade när genomgången fastställdes.")
    lines.append(":::")
    return "\n".join(lines) + "\n"


def append_block(text: str, block: str) -> str:
    """``text`` with ``block`` after it, separated by one empty line; the old bytes unchanged."""
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text else "") + block
