"""A finding of the compliance gate: one rule, one place a person edits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from checks.rules import ERROR, Rule

if TYPE_CHECKING:
    from checks.settings import Settings


@dataclass(frozen=True)
class Finding:
    """What a rule found and where to fix it.

    ``file`` is relative to the project root in posix form (``requirements/gdpr.yaml``,
    ``docs/rutiner/rut-002.md``); ``line`` is 1-based; ``need_id`` is empty for a
    finding that concerns a file rather than a need.
    """

    code: Rule
    severity: str
    file: str
    line: int
    need_id: str
    message: str
    # (file, line, code) of the finding this one follows from (a duplicate id, an
    # empty catalog): reports put it right after its cause, and fixing the cause clears it
    cause: tuple[str, int, str] | None = None
    # who answers for the need (owner, information_owner): the terminal groups by it
    owner: str = ""

    def __post_init__(self) -> None:
        # a code given as text becomes its Rule; an unknown code fails here
        object.__setattr__(self, "code", Rule(self.code))

    def as_dict(self) -> dict[str, object]:
        data = {**asdict(self), "code": self.code.name}
        if not self.owner:
            del data["owner"]
        if self.cause is None:
            del data["cause"]
        else:
            data["cause"] = {"file": self.cause[0], "line": self.cause[1], "code": self.cause[2]}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Finding:
        """The finding ``as_dict`` wrote (a stored result read back)."""
        cause = data.get("cause")
        return cls(
            Rule[str(data["code"])],
            str(data["severity"]),
            str(data["file"]),
            int(data["line"]),  # type: ignore[call-overload]
            str(data["need_id"]),
            str(data["message"]),
            (str(cause["file"]), int(cause["line"]), str(cause["code"])) if isinstance(cause, dict) else None,
            str(data.get("owner") or ""),
        )

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def emit(
    settings: Settings, rule: Rule, file: str, line: int, message: str, need_id: str = ""
) -> Finding:
    """The one way a finding is made: the severity comes from the settings."""
    return Finding(rule, settings.severity_of(rule), file, max(int(line or 1), 1), need_id, message)


OWNER_FIELDS = ("owner", "information_owner")


def with_owners(findings: Iterable[Finding], needs: dict[str, dict[str, object]]) -> list[Finding]:
    """The findings, each about a need carrying the need's owner (its information owner for an asset)."""
    out = []
    for f in findings:
        need = needs.get(f.need_id) if f.need_id else None
        owner = next((str(need[k]).strip() for k in OWNER_FIELDS if need and str(need.get(k) or "").strip()), "")
        out.append(replace(f, owner=owner) if owner and owner != f.owner else f)
    return out


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """The number of errors and of warnings."""
    errors = warnings = 0
    for finding in findings:
        if finding.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def summary_line(findings: Iterable[Finding]) -> str:
    """'N fel, M varningar' in Swedish ('1 varning', '2 varningar')."""
    errors, warnings = count(findings)
    return f"{errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'}"


def sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.file, finding.line, finding.code, finding.need_id)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings without duplicates, ordered by file, line and code; a knock-on finding
    right after the finding it follows from."""

    def key(f: Finding) -> tuple[object, ...]:
        if f.cause is not None:
            return (*f.cause, 1, *sort_key(f), f.message)
        return (f.file, f.line, f.code.name, 0, *sort_key(f), f.message)

    return sorted(set(findings), key=key)
