"""The recurring duties of the year, declared in ``arshjul.yaml`` at the project's root.

Why a YAML file and not ``[tool.lis]``: the duties are content (the office's
annual plan, with owners and the routine each comes from) that the coordinator
changes in pull requests like the pages, not a setting of the tool. One entry:

```yaml
duties:
  - id: dso-arsrapport             # stable: the calendar event's UID is made from it
    title: Dataskyddsombudets årsrapport
    owner: Dataskyddsombud         # a role, never a person's name
    page: RUT-004                  # the need that prescribes it (optional)
    start: 2027-02-15              # the first date (ÅÅÅÅ-MM-DD)
    rrule: FREQ=YEARLY             # a recurrence rule (RFC 5545), e.g. FREQ=MONTHLY;INTERVAL=3
```

An entry without ``start`` and ``rrule`` is a duty whose time is not known: the
Årshjul page lists it as *tidpunkt saknas* (with ``when``, what the sources say
about it, e.g. "i samband med bokslutet"), and no calendar gets an invented date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateutil.rrule import rrulestr
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from checks.deadlines import Duty
from checks.errors import ProjectError
from checks.safeyaml import compose

FILE = "arshjul.yaml"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KEYS = {"id", "title", "owner", "page", "start", "rrule", "when"}


class RecurringError(ProjectError):
    """arshjul.yaml cannot be read: the message, and the line it is about."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{FILE}:{line}: {message}")
        self.line = line
        self.text = message


@dataclass(frozen=True)
class Recurring:
    duty: Duty | None  # None: its time is not known
    id: str
    title: str
    owner: str
    page: str
    when: str  # what is known of its timing, when there is no rule


def load(root: Path) -> list[Recurring]:
    """The project's recurring duties ([] without the file); ProjectError with line on bad input."""
    path = root / FILE
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RecurringError(1, f"kan inte läsas ({err}). Spara filen som UTF-8.") from None
    composed = compose(text)
    if composed.problems:
        p = composed.problems[0]
        raise RecurringError(p.line, p.message)
    root_node = composed.root
    if root_node is None:
        return []
    top = {str(k.value): v for k, v in root_node.value} if isinstance(root_node, MappingNode) else {}
    if not isinstance(top.get("duties"), SequenceNode):
        raise RecurringError(1, "filen ska ha en lista duties: med de återkommande uppgifterna.")
    out: list[Recurring] = []
    seen: set[str] = set()
    for node in top["duties"].value:
        line = node.start_mark.line + 1
        if not isinstance(node, MappingNode):
            raise RecurringError(line, "varje uppgift ska vara en tabell med id, title, owner …")
        entry = {str(k.value): (str(v.value) if isinstance(v, ScalarNode) else None) for k, v in node.value}
        for key in entry:
            if key not in _KEYS:
                raise RecurringError(line, f"okänt fält {key!r}. Kända fält: {', '.join(sorted(_KEYS))}.")
        out.append(_entry(entry, line, seen))
    return out


def _entry(entry: dict[str, str | None], line: int, seen: set[str]) -> Recurring:
    def text(key: str, required: bool = True) -> str:
        value = (entry.get(key) or "").strip()
        if required and not value:
            raise RecurringError(line, f"uppgiften saknar {key}.")
        return value

    uid = text("id")
    if not _ID.match(uid) or uid in seen:
        raise RecurringError(
            line,
            f"id {uid!r} ska vara unikt och skrivas med gemena a–z, siffror och bindestreck "
            "(det blir kalenderhändelsens UID)."
        )
    seen.add(uid)
    title, owner, page, when = text("title"), text("owner"), text("page", False), text("when", False)
    start_text, rule = text("start", False), text("rrule", False)
    if not start_text and not rule:
        return Recurring(None, uid, title, owner, page, when)
    try:
        start = dt.date.fromisoformat(start_text)
    except ValueError:
        raise RecurringError(line, f"start ska vara ett datum (ÅÅÅÅ-MM-DD), inte {start_text!r}.") from None
    if not rule:
        raise RecurringError(line, "uppgiften har start men ingen rrule (till exempel FREQ=YEARLY).")
    try:
        rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError) as err:
        raise RecurringError(line, f"rrule {rule!r} går inte att tolka ({err}).") from None
    duty = Duty(f"arshjul-{uid}", "återkommande", title, start, owner, page, rrule=rule.upper())
    return Recurring(duty, uid, title, owner, page, when)


def occurrences(duty: Duty, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The dates a recurring duty falls on from ``start`` to ``end``."""
    rule = rrulestr(duty.rrule, dtstart=dt.datetime.combine(duty.day, dt.time()))
    for moment in rule.between(
        dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True
    ):
        yield moment.date()
