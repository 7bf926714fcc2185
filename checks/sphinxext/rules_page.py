"""The ``{lis-rules}`` directive: the "Kontroller" page, rendered from checks.rules.

One section per rule, with its code, title, severity (as configured in
``[tool.lis]``), what it finds and how to fix it, so the page and ``lis check``
never disagree.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from checks.errors import ProjectError
from checks.project import read_settings
from checks.rules import SEVERITY_SV, Rule
from checks.settings import Settings


def rules_markdown(settings: Settings) -> str:
    """The MyST text of the rules, one ``##`` section each."""
    parts = []
    for rule in Rule:
        severity = settings.severity_of(rule.code)
        label = SEVERITY_SV[severity]
        if severity != rule.severity:
            label += f" (standard: {SEVERITY_SV[rule.severity]}, ändrat i [tool.lis])"
        parts.append(
            f"({rule.code.lower()})=\n"
            f"## {rule.code} – {rule.title}\n\n"
            f"**Allvarlighetsgrad:** {label}\n\n"
            f"{rule.explanation}\n\n"
            f"**Så åtgärdar du:** {rule.fix}\n"
        )
    return "\n".join(parts)


class RulesDirective(SphinxDirective):
    """``{lis-rules}``: no arguments, no content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        # the lis layout: conf.py and pyproject.toml at the root, the pages in docs/
        root = Path(self.env.srcdir).parent
        pyproject = root / "pyproject.toml"
        if pyproject.is_file():
            self.env.note_dependency(str(pyproject))
        try:
            settings = read_settings(root)
        except ProjectError as err:
            raise self.error(str(err)) from err
        return self.parse_text_to_nodes(rules_markdown(settings), allow_section_headings=True)
