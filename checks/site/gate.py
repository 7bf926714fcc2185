"""The gate's findings for the site: the dashboard and the plans show what `lis check` sees.

The site never re-implements a rule: it asks :func:`checks.evaluate.evaluate` and
shows the findings by code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checks.rules import Rule
from checks.site.context import SiteContext

# The rules whose findings the site shows in its own lists.
OVERDUE_REVIEW = Rule.LIS020
REVIEW_DUE_SOON = Rule.LIS021
REVIEW_TOO_OLD = Rule.LIS024
OVERDUE_ACTIVITY = Rule.LIS030
UNTREATED_HIGH_RISK = Rule.LIS031
UPCOMING_REQUIREMENT = Rule.LIS013


def gate_findings(ctx: SiteContext) -> list[Any]:
    """Every finding of the gate's need rules for the site's needs and date (once per context)."""
    if ctx.findings is None:
        from checks.evaluate import evaluate

        ctx.findings = list(evaluate(ctx.needs, ctx.settings, ctx.today, now=ctx.moment))
    return ctx.findings


def findings_with(ctx: SiteContext, codes: Iterable[str]) -> list[Any]:
    wanted = set(codes)
    return [f for f in gate_findings(ctx) if f.code in wanted]


def need_ids_with(ctx: SiteContext, code: str) -> set[str]:
    return {f.need_id for f in gate_findings(ctx) if f.code == code and f.need_id}
