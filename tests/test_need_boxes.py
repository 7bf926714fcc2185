"""checks/sphinxext/need_boxes.py: sphinx-needs' boxes, with memoised layout parsing and no empty lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from docutils import nodes

from checks.sphinxext.need_boxes import drop_empty_lines
from projectbuild import copy_fixture
from sitefixture import TODAY

EMPTY_LINE = '<div class="line"><span></span></div>\n'

# The fixture built in a process of its own; "own" leaves lis's module out, so
# sphinx-needs draws every box on its own.
_BUILD = """
import sys
from checks.sphinxext import need_boxes
if sys.argv[1] == "own":
    need_boxes.setup = lambda app: None
else:
    # what lis wrote itself, for the test to know it did: lines, head lines, whole rows
    import atexit
    lines, rows = [], []
    write, written_rows = need_boxes.LineWriter.write, need_boxes.written_rows

    def kept(found, markup):
        if markup:
            found.append(markup)
        return markup

    need_boxes.LineWriter.write = lambda self, handler, line: kept(lines, write(self, handler, line))
    need_boxes.written_rows = lambda sections: kept(rows, written_rows(sections))

    def report():
        heads = sum("needs_collapse" in markup for markup in lines)
        link_lines = [markup for markup in lines if markup.startswith("<span><div")]
        links = sum("needs_dead_link" in markup or "reference internal" in markup for markup in link_lines)
        print("lis-written", len(lines), heads, links, len(rows), file=sys.stderr)

    atexit.register(report)
from sphinx.cmd.build import main
sys.exit(main(["-b", "html", "--keep-going", "-q", "-c", sys.argv[2], sys.argv[2] + "/docs", sys.argv[3]]))
"""
# the site's own layout: a labelled line for every field (the shared fixtures use sphinx-needs' default)
_SITE_LAYOUT = """
_site = {"__file__": str(REPO / "conf.py")}
exec((REPO / "conf.py").read_text(encoding="utf-8"), _site)
needs_layouts, needs_default_layout = _site["needs_layouts"], _site["needs_default_layout"]
# drawn by sphinx-needs itself: a label with markup (escaped, as sphinx-needs asks), and a
# call with unescaped markup, which sphinx-needs breaks up before it sees the call
needs_layouts["markup"] = {"grid": "simple", "layout": {**needs_layouts["lis"]["layout"]}}
needs_layouts["markup"]["layout"]["meta"] = [
    '<<meta("owner", prefix="\\\\*\\\\*Ägare\\\\*\\\\*: ")>>',
    '<<meta("owner", prefix="**Ägare**: ")>>',
    *needs_layouts["lis"]["layout"]["meta"],
]
"""
# values the HTML writer escapes, a list, a number, a link to a need that does not exist;
# the same values in a box whose layout has lines sphinx-needs draws
_TRICKY_NEED = """

:::{routine} Rutin med tecken som måste skrivas om
:id: RUT-90%s
:status: gällande
:owner: Anna & Bo <a@b.se> "citat" 'enkel' *inte fet*
:reviewed: 2025-12-10
:review_interval: 12
:tags: ett, två & tre, <fyra>
:fulfils: ALFA-2, FINNS-INTE-1
:collapse: true
%s
:::
"""
_TRICKY_NEEDS = _TRICKY_NEED % ("0", "") + _TRICKY_NEED % ("1", ":layout: markup")


def _build(mode: str, root: Path, out: Path, written: list[int] | None = None) -> tuple[dict[str, str], str]:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, mode, str(root), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LIS_TODAY": TODAY.isoformat()},
    )
    # the dead links are the only warnings
    assert done.returncode == 0 and "FINNS-INTE-1" in done.stderr, done.stderr
    if written is not None:
        written.extend(int(n) for n in re.findall(r"lis-written (\d+) (\d+) (\d+) (\d+)", done.stderr)[0])
    # sphinx-needs gives each box a random id
    pages = {
        str(p.relative_to(out)): re.sub(r"SNCB-[0-9a-f]{8}", "SNCB", p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.html"))
    }
    return pages, re.sub(r"lis-written.*\n", "", done.stderr)


def test_boxes_are_sphinx_needs_own_but_for_the_empty_lines(tmp_path: Path) -> None:
    root = copy_fixture("site_basic", tmp_path)
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(_SITE_LAYOUT)
    with (root / "docs" / "innehall.md").open("a", encoding="utf-8") as page:
        page.write(_TRICKY_NEEDS)
    written: list[int] = []
    (ours, our_warnings), (theirs, their_warnings) = _build("lis", root, tmp_path / "lis", written), _build("own", root, tmp_path / "own")
    assert our_warnings == their_warnings
    # most labelled lines, every head line and every line of links were written by lis,
    # and the head and meta rows of every box with the site's own layout
    lines, heads, links, rows = written
    boxes = "".join(theirs.values()).count('class="needs needs_collapse"')
    assert lines > 50 and heads == boxes
    assert links == "".join(theirs.values()).count('<div class="line"><span><div class="line">') > 5
    assert rows == boxes - 1
    assert ours.keys() == theirs.keys()
    assert sum(page.count(EMPTY_LINE) for page in theirs.values()) > 100
    assert not any(EMPTY_LINE in page for page in ours.values())
    assert {name: page.replace(EMPTY_LINE, "") for name, page in theirs.items()} == ours
    # what a box shows stays: a label and its value
    assert '<span class="needs_label">Ansvarig: </span>' in ours["innehall.html"]
    # the plain meta lines are written by lis (one raw node), the rest by sphinx-needs: same HTML
    # (once in the box of the site's layout, twice in the other: its escaped label too;
    # and in each banner that names who answers for the document)
    banners = ours["innehall.html"].count("Ansvarig för att det åtgärdas: Anna &amp; Bo &lt;a&#64;b.se&gt;")
    assert ours["innehall.html"].count("Anna &amp; Bo &lt;a&#64;b.se&gt; &quot;citat&quot;") == 3 + banners
    assert '<span class="needs_label"><strong>Ägare</strong>: </span>' in ours["innehall.html"]
    assert ours["innehall.html"].count('<span class="needs_dead_link forbidden">FINNS-INTE-1</span>') == 2


def _line(*children: nodes.Node) -> nodes.line:
    line = nodes.line()
    line += nodes.inline("", "", *children)
    return line


def test_only_lines_that_show_nothing_are_dropped() -> None:
    meta = nodes.line_block(classes=["needs_meta"])
    meta += [_line(), _line(nodes.Text("Status: gällande")), _line()]
    assert [line.astext() for line in drop_empty_lines(meta).children] == ["Status: gällande"]
    # a section of only empty lines keeps one (an empty block is an error for some writers)
    empty = nodes.line_block(classes=["needs_meta"])
    empty += [_line(), _line()]
    assert len(drop_empty_lines(empty).children) == 1
    # a section sphinx-needs leaves out is drawn as an empty list
    assert drop_empty_lines([]) == []


def test_a_line_is_left_out_only_when_it_is_one_meta_call() -> None:
    from sphinx_needs.functions.functions import DynamicFunctionParsed

    from checks.sphinxext.need_boxes import _meta_field

    parse = DynamicFunctionParsed.from_string
    assert _meta_field('<<meta("owner", prefix="Ansvarig: ")>>', parse) == "owner"
    assert _meta_field("<<meta('status')>>", parse) == "status"
    # shown even when empty, other text on the line, another function, a placeholder, not a call
    assert _meta_field('<<meta("owner", show_empty=True)>>', parse) is None
    assert _meta_field('Ansvarig: <<meta("owner")>>', parse) is None
    assert _meta_field("<<meta_links_all()>>", parse) is None
    assert _meta_field('<<meta("{{type}}")>>', parse) is None
    assert _meta_field('<<meta("owner", prefix="{{type}}: ")>>', parse) is None
    assert _meta_field("<<meta(owner)>>", parse) is None
