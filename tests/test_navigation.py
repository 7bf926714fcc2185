"""checks/sphinxext/navigation.py: the sidebar's tree once per folder, each page marked on a copy.

Every page of the navigation fixture (nested folders, a caption, a hidden
toctree, an orphan page, a page listed twice, a file name outside ASCII) must
show exactly the tree furo computes for it on its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from projectbuild import FIXTURES

FIXTURE = FIXTURES / "navigation"
_TREE = re.compile(r'<div class="sidebar-tree">(.*?)</div>', re.S)

# Builds the fixture in a process of its own, counting the trees furo computes from
# scratch and the pages that needed furo's own tree; "own" leaves lis's module out.
_BUILD = """
import json, sys
import furo, furo.navigation
from checks.sphinxext import navigation
if sys.argv[1] == "own":
    navigation._install = lambda app: None
parsed = furo.navigation.get_navigation_tree
fallbacks = []
marked = navigation._marked
def counting(tree, href):
    result = marked(tree, href)
    if result is None:
        fallbacks.append(href)
    return result
navigation._marked = counting
from sphinx.cmd.build import main
code = main(["-b", "html", "-W", "--keep-going", "-q", "-c", sys.argv[2], sys.argv[2] + "/docs", sys.argv[3]])
print(json.dumps({"code": code, "parsed": parsed.cache_info().misses, "fallbacks": fallbacks}))
"""


def _build(mode: str, out: Path, speedups: str = "") -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, mode, str(FIXTURE), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LIS_SPEEDUPS": speedups},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return report


def _trees(out: Path) -> dict[str, str]:
    trees = {}
    for page in sorted(out.rglob("*.html")):
        # sphinx-needs' permalink.html is a redirect with no theme around it
        if found := _TREE.search(page.read_text(encoding="utf-8")):
            trees[str(page.relative_to(out))] = found.group(1)
    assert {"index.html", "rutiner/rut-åtkomst.html", "rutiner/del/sida.html", "fristaende.html"} <= set(trees)
    return trees


def test_every_page_shows_the_tree_furo_computes_for_it(tmp_path: Path) -> None:
    ours = _build("lis", tmp_path / "lis")
    own = _build("own", tmp_path / "own")
    assert _trees(tmp_path / "lis") == _trees(tmp_path / "own")
    # the page listed twice is the one page that got furo's own tree
    assert ours["fallbacks"] == ["dubbel.html"]
    # furo parsed one tree per folder (the root, rutiner, rutiner/del) and that page's;
    # on its own, one per page in the table of contents (7: the pages outside it share one)
    assert ours["parsed"] == 3 + 1 and own["parsed"] == 7
    # with the speed-ups off (LIS_SPEEDUPS=0) furo computes every tree itself
    off = _build("lis", tmp_path / "off", speedups="0")
    assert _trees(tmp_path / "off") == _trees(tmp_path / "own") and off["parsed"] == 7


def test_the_page_is_marked_where_it_stands() -> None:
    from checks.sphinxext.navigation import _index, _marked

    html = (
        '<ul>\n<li class="toctree-l1 has-children"><a class="reference internal" href="index.html">Rutiner</a>'
        '<input aria-label="Visa" class="toctree-checkbox" id="toctree-checkbox-1" name="toctree-checkbox-1" '
        'role="switch" type="checkbox"/><label for="toctree-checkbox-1"></label><ul>\n'
        '<li class="toctree-l2"><a class="reference internal" href="a.html">A</a></li>\n'
        '<li class="toctree-l2"><a class="reference internal" href="b.html">B</a></li>\n</ul>\n</li>\n</ul>'
    )
    tree = _index(html)
    assert tree is not None
    marked = _marked(tree, "b.html")
    assert marked == (
        '<ul class="current">\n<li class="toctree-l1 current has-children"><a class="reference internal" '
        'href="index.html">Rutiner</a><input aria-label="Visa" checked="" class="toctree-checkbox" '
        'id="toctree-checkbox-1" name="toctree-checkbox-1" role="switch" type="checkbox"/>'
        '<label for="toctree-checkbox-1"></label><ul class="current">\n'
        '<li class="toctree-l2"><a class="reference internal" href="a.html">A</a></li>\n'
        '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">B</a></li>\n'
        "</ul>\n</li>\n</ul>"
    )
    assert _marked(tree, "c.html") == html
    # a shape furo and Sphinx do not make: furo's own tree is used
    assert _index(html.replace("<ul>", '<ul class="x">', 1)) is None
    assert _index(html.replace("</ul>", "", 1)) is None
