"""The generated overview pages of the site: dashboard, risk matrix, action plan, relations.

Each page's renderer is a module of its own, a pure function of a
:class:`~checks.site.context.SiteContext`; the Sphinx extension
(checks.sphinxext.widgets) registers one directive per widget (``{lis-dashboard}``,
``{lis-risk-heatmap}`` …), which a Markdown page places where the widget belongs.
"""

from __future__ import annotations

from checks.site.accessibility import render_accessibility
from checks.site.annual_wheel import render_annual_wheel
from checks.site.actionplan import render_actionplan
from checks.site.dashboard import render_dashboard
from checks.site.evidence import render_evidence_register
from checks.site.findings import render_findings
from checks.site.inventory import render_asset_register, render_processing_register
from checks.site.relations import render_relations
from checks.site.review import render_review_list
from checks.site.riskmatrix import render_heatmap, render_register

WIDGETS = {
    "lis-dashboard": render_dashboard,
    "lis-risk-heatmap": render_heatmap,
    "lis-risk-register": render_register,
    "lis-action-plan": render_actionplan,
    "lis-relations": render_relations,
    "lis-findings": render_findings,
    "lis-review-list": render_review_list,
    "lis-asset-register": render_asset_register,
    "lis-processing-register": render_processing_register,
    "lis-accessibility": render_accessibility,
    "lis-evidence-register": render_evidence_register,
    "lis-arshjul": render_annual_wheel,
}
