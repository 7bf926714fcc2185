"""The office's statement of applicability for the city's shared requirements.

A shared catalog says what the city requires; whether a requirement applies to one
office is that office's own judgement (ISO/IEC 27001 6.1.3 d), written with its own
reasons in ``requirements/tillamplighet.yaml``::

    not_applicable:
      - id: AIA-26
        justification: >-
          Kontoret använder inget AI-system med hög risk …

Each entry makes the shared requirement not applicable for this office, with the
justification shown on its page, in the matrix and in the SoA. A local catalog
keeps ``applicable`` and ``justification`` in its own entries, as before.
Nothing here raises for bad content: problems come back with file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checks.boundary import read_bounded
from checks.catalog import APPLICABILITY_FILE, CatalogProblem
from checks.safeyaml import compose

FILE = APPLICABILITY_FILE
KEY = "not_applicable"


@dataclass(frozen=True)
class Entry:
    justification: str
    line: int  # the line of its id


@dataclass
class Applicability:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)


def applicability_file(root: Path) -> Path:
    return root / "requirements" / FILE


def load_applicability(root: Path) -> Applicability:
    """The office's not-applicable entries (none when the file does not exist)."""
    path = applicability_file(root)
    result = Applicability(path)

    def problem(line: int, message: str, kind: str = "data", need_id: str = "") -> None:
        result.problems.append(CatalogProblem(kind, path, line, message, need_id=need_id))

    if not path.is_file():
        return result
    try:
        text = read_bounded(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        problem(1, "Tillämplighetsfilen kan inte läsas som UTF-8.", "parse")
        return result
    composed = compose(text)
    for found in composed.problems:
        result.problems.append(CatalogProblem("parse", path, found.line, found.message, found.column))
    root_node = composed.root
    if composed.problems or root_node is None:
        return result
    example = f"Filen ska ha nyckeln '{KEY}' med en lista av krav: '- id: …' och 'justification: …'."
    if not isinstance(root_node, MappingNode):
        problem(root_node.start_mark.line + 1, example)
        return result
    for key, value in root_node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, ScalarNode) or key.value != KEY:
            problem(line, f"Okänd nyckel '{getattr(key, 'value', '')}' på toppnivå. {example}")
            continue
        if isinstance(value, ScalarNode) and value.value in ("", "~", "null"):
            continue
        if not isinstance(value, SequenceNode):
            problem(line, example)
            continue
        for item in value.value:
            _entry(item, result, problem)
    return result


def _entry(item: Node, result: Applicability, problem: Callable[..., None]) -> None:
    line = item.start_mark.line + 1
    if not isinstance(item, MappingNode):
        problem(line, "Varje post ska vara en mappning med id och justification.")
        return
    values: dict[str, tuple[str, int]] = {}
    for key, value in item.value:
        name = str(getattr(key, "value", ""))
        at = key.start_mark.line + 1
        if name not in ("id", "justification"):
            problem(at, f"Okänd nyckel '{name}'. Tillåtna: id, justification.")
            continue
        if not isinstance(value, ScalarNode):
            problem(at, f"'{name}' ska vara en text.")
            continue
        values[name] = (str(value.value).strip(), at)
    need_id, id_line = values.get("id", ("", line))
    if not need_id:
        problem(line, "Posten saknar 'id' (kravets id i stadens katalog).")
        return
    justification, _ = values.get("justification", ("", id_line))
    if not justification:
        problem(
            id_line,
            f"{need_id} saknar 'justification': skriv varför kravet inte gäller kontoret.",
            need_id=need_id,
        )
        return
    if need_id in result.entries:
        first = result.entries[need_id].line
        problem(id_line, f"{need_id} står redan på rad {first}. Ta bort den ena posten.", need_id=need_id)
        return
    result.entries[need_id] = Entry(justification, id_line)
