"""What MyST reads without a word but a person did not mean (pre-flight, per page).

- A fence (``:::``, ```` ``` ````, ``~~~``) that is never closed: Markdown lets it
  run to the end of the page, so everything after it becomes the directive's
  content or a code block (LIS001 at the opening line).
- An option or field whose value is only invisible characters (``:owner:`` and a
  zero-width space): it looks empty, but counts as written (LIS002 at its line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.normalize import visible_text

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<marks>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_OPTION = re.compile(r"^\s*:(?P<name>[A-Za-z][\w-]*):(?P<value>.*)$")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def unclosed_fences(lines: list[str], offset: int = 0) -> list[Problem]:
    """Fences without their closing line, at the opening line (1-based, plus ``offset``)."""
    problems: list[Problem] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or (m["marks"][0] == "`" and "`" in m["info"]):
            i += 1
            continue
        marks, info = m["marks"], m["info"].strip()
        end = _closing(lines, i + 1, marks)
        if end is None:
            shown = f"{marks}{info}"[:40]
            problems.append(
                Problem(
                    offset + i + 1,
                    f"Blocket som börjar med {shown} på rad {offset + i + 1} stängs aldrig: "
                    f"resten av sidan blir en del av det. Avsluta det med en rad med bara {marks}.",
                )
            )
            return problems
        if info.startswith("{"):
            # a directive parses its content again: its own fences must close too
            problems.extend(unclosed_fences(lines[i + 1 : end], offset + i + 1))
        i = end + 1
    return problems


def _closing(lines: list[str], start: int, marks: str) -> int | None:
    char, size = marks[0], len(marks)
    for j in range(start, len(lines)):
        text = lines[j].strip()
        if len(text) >= size and text == char * len(text) and len(lines[j]) - len(lines[j].lstrip()) < 4:
            return j
    return None


def invisible_values(lines: list[str]) -> list[Problem]:
    """``:name: value`` lines whose value is only invisible characters."""
    problems = []
    for number, text in enumerate(lines, start=1):
        m = _OPTION.match(text)
        if m and m["value"].strip() and not visible_text(m["value"]):
            problems.append(Problem(number, invisible_message(m["name"])))
    return problems


def invisible_message(name: str) -> str:
    return (
        f"Fältet {name} innehåller bara osynliga tecken (till exempel ett nollbreddsmellanslag), "
        "så det ser tomt ut men räknas som ifyllt. Skriv värdet eller ta bort raden."
    )
