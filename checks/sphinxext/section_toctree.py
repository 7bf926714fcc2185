"""``{lis-toctree}``: a section index's table of contents that picks up new pages by itself.

A glob toctree (Sphinx's ``toctree`` with ``:glob:`` always on), so adding a
document to a section takes one file, named by the folder's pattern
(``bes-2026-01-….md``). Unlike Sphinx's own, a pattern that matches no page yet
is not a warning: a section such as *Beslut* has no pages of its own until the
first one is added, and a plain ``sphinx-build -W`` must still pass. Matches are
sorted by name, so ids with a fixed width (RUT-001, AKT-2026-01) read in id order.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree, explicit_title_re, glob_re
from sphinx.util import docname_join
from sphinx.util.matching import patfilter


class SectionToctree(TocTree):
    """Sphinx's toctree, always globbing, quiet about a pattern with no pages yet."""

    def run(self) -> list[nodes.Node]:
        self.options["glob"] = True
        # A new page must make Sphinx read this index again, even while it lists nothing.
        self.env.glob_toctrees.add(self.env.current_document.docname)
        self.content = self._without_empty_patterns()
        if not self.content:
            return []  # no toctree at all: an empty one would still show an empty menu entry
        return super().run()

    def _without_empty_patterns(self) -> StringList:
        current = self.env.current_document.docname
        others = sorted(self.env.found_docs - {current})
        kept = StringList()
        for offset, entry in enumerate(self.content):
            pattern = entry.strip()
            if _is_pattern(pattern) and not patfilter(others, docname_join(current, pattern)):
                continue  # no page of this kind yet
            kept.append(entry, *self.content.info(offset))
        return kept


def _is_pattern(entry: str) -> bool:
    return bool(entry) and bool(glob_re.match(entry)) and not explicit_title_re.match(entry)


def setup(app: Sphinx) -> None:
    app.add_directive("lis-toctree", SectionToctree)
