"""Fingerprinted links: ``GDPR-33[fingerprint.startswith('1a2b3c4d')]`` in a page's option block.

sphinx-needs derives each requirement's ``fingerprint`` (a SHA-256 over its title,
text and ref; ubproject.toml) and checks every link's condition against it: a
link that carries the prefix of the fingerprint it was reviewed against warns
``needs.link_condition_failed`` once the requirement changes (LIS023).

This module rewrites the option block of one need in a Markdown page: the
``:reviewed:`` date and the fingerprints in ``:fulfils:`` and ``:partly_fulfils:``.
Every other byte of the file stays as it was (lines keep their endings).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from checks.coverage import COVERING_LINKS
from checks.errors import ProjectError

# Hex digits of the fingerprint a link carries: enough to notice any change (1 in 4 billion).
PRINT_LENGTH = 8
_OPTION = re.compile(r"^(?P<indent>\s*):(?P<name>[A-Za-z_]+):(?P<sep>\s*)(?P<value>.*?)(?P<end>\s*)$")
_DIRECTIVE = re.compile(r"^\s*(:{3,}|`{3,})\{[a-z_-]+\}")
_ITEM = re.compile(r"^(?P<id>[^\[\]\s]+)(?:\[(?P<condition>.*)\])?$")


def condition(fingerprint: str) -> str:
    """The link condition for a fingerprint: ``fingerprint.startswith('1a2b3c4d')``."""
    return f"fingerprint.startswith('{fingerprint[:PRINT_LENGTH]}')"


def split_links(value: str) -> list[str]:
    """A link option's items, split on the commas outside brackets."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(value):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            items.append(value[start:i].strip())
            start = i + 1
    items.append(value[start:].strip())
    return [item for item in items if item]


def link_id(item: str) -> str:
    m = _ITEM.match(item)
    return m["id"] if m else item


def refresh_links(value: str, fingerprints: Mapping[str, str]) -> str:
    """Every item of a link option with the current fingerprint of its target.

    An item whose target has no fingerprint (not a requirement, or unknown) keeps its
    text as written; the dead link is the gate's to report (LIS004).
    """
    out = []
    for item in split_links(value):
        target = link_id(item)
        printed = fingerprints.get(target)
        out.append(f"{target}[{condition(printed)}]" if printed else item)
    return ", ".join(out)


@dataclass
class Edit:
    """What a review changed in one page."""

    text: str
    reviewed: tuple[str, str] = ("", "")  # (before, after)
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # option -> (before, after)

    @property
    def changed(self) -> bool:
        return self.reviewed[0] != self.reviewed[1] or any(a != b for a, b in self.links.values())


def option_block(lines: list[str], need_id: str) -> tuple[int, int]:
    """The lines ``[start, end)`` of the option block of the directive with ``:id: need_id``.

    ProjectError when the page has no such directive, or writes its options as a YAML
    block (``---``), which this edit does not handle.
    """
    for number, line in enumerate(lines):
        m = _OPTION.match(line)
        if not m or m["name"] != "id" or m["value"].strip() != need_id:
            continue
        start = number
        while start > 0 and _OPTION.match(lines[start - 1]) and not _DIRECTIVE.match(lines[start - 1]):
            start -= 1
        if start == 0 or not _DIRECTIVE.match(lines[start - 1]):
            raise ProjectError(f"{need_id}: hittar inte direktivet som :id: {need_id} hör till.")
        end = number + 1
        while end < len(lines) and _OPTION.match(lines[end]) and not _DIRECTIVE.match(lines[end]):
            end += 1
        return start, end
    raise ProjectError(f"{need_id} står inte som :id: {need_id} i sidan (alternativ skrivna som :namn: värde).")


def review(text: str, need_id: str, fingerprints: Mapping[str, str], date: str | None) -> Edit:
    """The page ``text`` with ``need_id`` reviewed: ``:reviewed: date`` (when a date is
    given) and fresh fingerprints in its link options. Nothing else changes."""
    lines = text.splitlines(keepends=True)
    start, end = option_block(lines, need_id)
    edit = Edit(text)
    reviewed_at = None
    for number in range(start, end):
        line = lines[number]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        m = _OPTION.match(body)
        assert m is not None
        name = m["name"]
        if name in COVERING_LINKS:
            value = refresh_links(m["value"], fingerprints)
            edit.links[name] = (m["value"], value)
            lines[number] = f"{m['indent']}:{name}:{m['sep'] or ' '}{value}{m['end']}{ending}"
        elif name == "reviewed":
            reviewed_at = number
            if date is not None:
                edit.reviewed = (m["value"], date)
                lines[number] = f"{m['indent']}:reviewed:{m['sep'] or ' '}{date}{m['end']}{ending}"
    if date is not None and reviewed_at is None:
        # no :reviewed: yet: a new line after :owner: (else after :id:), as lis new writes it
        after = next(
            (n for n in range(start, end) if (m := _OPTION.match(lines[n])) and m["name"] == "owner"),
            next(n for n in range(start, end) if (m := _OPTION.match(lines[n])) and m["name"] == "id"),
        )
        model = lines[after]
        indent = _OPTION.match(model.rstrip("\r\n"))["indent"]  # type: ignore[index]
        ending = model[len(model.rstrip("\r\n")) :] or "\n"
        lines.insert(after + 1, f"{indent}:reviewed: {date}{ending}")
        edit.reviewed = ("", date)
    edit.text = "".join(lines)
    return edit
