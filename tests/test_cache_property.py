"""The cache never changes a verdict: a property-based proof, and the cache's distrust.

Random sequences of edits (add, edit, rename and delete pages and catalogs,
toctree changes) are applied to a copy of check_quiet; after every edit the gate
runs with a persistent cache and with a fresh one, and the findings must be the
same. Kept small (a handful of sequences of at most six edits): it is the proof,
not a benchmark.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.gate import run_gate
from checks.gate.sphinx_run import STATE_FILE
from checks.project import load_project
from gatefixture import QUIET, TODAY, copy_project

OPS = [
    "add_page",
    "toc_add",
    "toc_remove",
    "edit_page",
    "break_link",
    "rename_page",
    "delete_page",
    "add_catalog",
    "show_catalog",
    "edit_catalog",
    "delete_catalog",
]


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in (root / "docs").glob("*.md") if p.name != "index.md")


def _toctree(root: Path) -> tuple[Path, str, list[str]]:
    index = root / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    m = re.search(r"```\{toctree\}\n(.*?)```", text, re.S)
    assert m
    return index, text, [line for line in m.group(1).splitlines() if line.strip()]


def _set_toctree(root: Path, entries: list[str]) -> None:
    index, text, _ = _toctree(root)
    body = "".join(f"{e}\n" for e in entries)
    index.write_text(re.sub(r"```\{toctree\}\n(.*?)```", lambda _: f"```{{toctree}}\n{body}```", text, flags=re.S), encoding="utf-8")


def apply(root: Path, op: str, k: int) -> None:
    """One edit, chosen by ``op`` and made concrete by ``k``."""
    pages = _pages(root)
    catalogs = sorted((root / "requirements").glob("*.yaml"))
    if op == "add_page":
        (root / "docs" / f"ny-{k % 4}.md").write_text(
            f"# Ny sida {k}\n\n:::{{routine}} Ny rutin {k}\n:id: RUT-1{k % 4}{k % 10}\n:status: gällande\n"
            f":owner: Informationssäkerhetssamordnare\n:reviewed: 2026-10-01\n:review_interval: 12\n"
            f":fulfils: QUIET-{1 + k % 3}\n\nText.\n:::\n",
            encoding="utf-8",
        )
    elif op == "toc_add":
        _, _, entries = _toctree(root)
        names = [p.stem for p in pages] + [f"saknas-{k % 3}"]
        name = names[k % len(names)]
        if name not in entries:
            _set_toctree(root, [*entries, name])
    elif op == "toc_remove":
        _, _, entries = _toctree(root)
        if entries:
            del entries[k % len(entries)]
            _set_toctree(root, entries)
    elif op == "edit_page" and pages:
        page = pages[k % len(pages)]
        text = page.read_text(encoding="utf-8")
        if ":status: gällande" in text and k % 2:
            text = text.replace(":status: gällande", ":status: klar", 1)
        else:
            text += f"\nEn ny mening {k}, se {{need}}`RUT-00{k % 5}`.\n"
        page.write_text(text, encoding="utf-8")
    elif op == "break_link" and pages:
        page = pages[k % len(pages)]
        page.write_text(page.read_text(encoding="utf-8") + f"\n[gammal sida](gammal-{k % 3}.md)\n", encoding="utf-8")
    elif op == "rename_page" and pages:
        page = pages[k % len(pages)]
        target = root / "docs" / f"flyttad-{k % 3}.md"
        if not target.exists():
            page.rename(target)
    elif op == "delete_page" and pages:
        pages[k % len(pages)].unlink()
    elif op == "add_catalog":
        (root / "requirements" / f"extra-{k % 3}.yaml").write_text(
            f"source:\n  id: EXTRA{k % 3}\n  title: Extra {k}\nrequirements:\n"
            f"  - id: EXTRA{k % 3}-1\n    title: Extra krav\n    ref: \"1 §\"\n    text: Text {k}.\n"
            "    applicable: false\n    justification: Gäller inte.\n",
            encoding="utf-8",
        )
    elif op == "show_catalog" and catalogs:
        krav = root / "docs" / "krav.md"
        if krav.exists():
            rel = catalogs[k % len(catalogs)].relative_to(root).as_posix()
            krav.write_text(krav.read_text(encoding="utf-8") + f"\n```{{catalog}} {rel}\n```\n", encoding="utf-8")
    elif op == "edit_catalog" and catalogs:
        catalog = catalogs[k % len(catalogs)]
        text = catalog.read_text(encoding="utf-8")
        text = text.replace("-1\n", "-9\n", 1) if k % 2 else text.replace("applicable: false", "applicable: true", 1)
        catalog.write_text(text, encoding="utf-8")
    elif op == "delete_catalog" and catalogs:
        catalogs[k % len(catalogs)].unlink()


def _findings(root: Path, cache: Path) -> list[tuple[str, str, int, str, str]]:
    return [(f.code, f.file, f.line, f.need_id, f.message) for f in run_gate(load_project(root), TODAY, cache=cache)]


@settings(
    max_examples=15,
    database=None,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 11)), min_size=1, max_size=6))
def test_cached_check_equals_a_clean_check_after_every_edit(edits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = copy_project(QUIET, work / "p")
        cache = work / "cache"
        _findings(root, cache)
        for step, (op, k) in enumerate(edits):
            apply(root, op, k)
            cached = _findings(root, cache)
            clean_cache = work / f"clean-{step}"
            clean = _findings(root, clean_cache)
            shutil.rmtree(clean_cache)
            assert cached == clean, f"after {edits[: step + 1]}"


# When the cache cannot be trusted the gate starts clean and says so.


@pytest.fixture
def checked(tmp_path: Path) -> tuple[Path, Path, list[tuple[str, str, int, str, str]]]:
    root = copy_project(QUIET, tmp_path / "p")
    (root / "docs" / "rutiner.md").write_text(
        (root / "docs" / "rutiner.md").read_text(encoding="utf-8") + "\n[trasig](saknas.md)\n", encoding="utf-8"
    )
    cache = tmp_path / "cache"
    return root, cache, _findings(root, cache)


def _state(cache: Path) -> Path:
    return cache / STATE_FILE


@pytest.mark.parametrize(
    "damage, note",
    [
        (lambda c: _state(c).write_text("{ halv", encoding="utf-8"), "cachefilen är skadad"),
        (lambda c: _state(c).unlink(), "den förra körningen avslutades inte"),
        (
            lambda c: _state(c).write_text(
                json.dumps({**json.loads(_state(c).read_text(encoding="utf-8")), "versions": {"lis": "0.0.1"}}),
                encoding="utf-8",
            ),
            "annan version",
        ),
        (
            lambda c: _state(c).write_text(
                json.dumps(
                    {
                        **json.loads(_state(c).read_text(encoding="utf-8")),
                        "versions": {**json.loads(_state(c).read_text(encoding="utf-8"))["versions"], "sphinx": "1.0"},
                    }
                ),
                encoding="utf-8",
            ),
            "annan version",
        ),
    ],
    ids=["corrupt", "killed", "other-lis", "other-sphinx"],
)
def test_an_untrusted_cache_starts_clean_and_says_so(
    checked: tuple[Path, Path, list[tuple[str, str, int, str, str]]],
    damage,  # type: ignore[no-untyped-def]
    note: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, cache, first = checked
    assert any(code == "LIS005" for code, *_ in first)
    capsys.readouterr()
    damage(cache)
    assert _findings(root, cache) == first
    err = capsys.readouterr().err
    assert "börjar om utan cache" in err and note in err
    # and the cache is trusted again afterwards
    assert _findings(root, cache) == first
    assert "börjar om" not in capsys.readouterr().err
