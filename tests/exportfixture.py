"""Shared by the tests of the matrix export: the export_basic fixture project.

tests/fixtures/export_basic has two catalogs (ALFA in file order before BETA;
BETA lists BETA-2 before BETA-1) and one requirement in every coverage state:

=======  ==============  ====================================================
ALFA-1   uppfylld        RUT-001 (gällande), RUT-003 (utkast), AKT-2026-01
ALFA-2   planerad        AKT-2026-02 (pågående) only
ALFA-3   ospårad         only AKT-2025-01, which is done (genomförd)
ALFA-4   ej tillämplig   applicable: false, with a justification
BETA-2   uppfylld        RUT-002 (under revidering); a '|' in its title
BETA-1   uppfylld        UTB-01 (a training)
=======  ==============  ====================================================
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from checks.catalog import Catalog, catalog_files, load_catalog
from checks.coverage import Coverage
from checks.matrix import Matrix, build_matrix

FIXTURE = Path(__file__).parent / "fixtures" / "export_basic"
SITE_URL = "https://lis.example.se/"
AS_OF = "2026-11-29"
EXPECTED = {
    "ALFA-1": Coverage.FULFILLED,
    "ALFA-2": Coverage.PLANNED,
    "ALFA-3": Coverage.UNTRACED,
    "ALFA-4": Coverage.NOT_APPLICABLE,
    "BETA-2": Coverage.FULFILLED,
    "BETA-1": Coverage.FULFILLED,
}
ORDER = list(EXPECTED)


def temp_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@lru_cache(maxsize=1)
def needs() -> dict[str, dict[str, Any]]:
    """The fixture's needs, built once per test session with the gate's Sphinx run."""
    from checks.needs import load_needs
    from checks.gate.sphinx_run import build_needs

    result = build_needs(FIXTURE, temp_dir("lis-export-needs-"), {"lis_rules": False})
    return load_needs(result.needs_json)


def catalogs(root: Path = FIXTURE) -> list[Catalog]:
    return [load_catalog(p) for p in catalog_files(root)]


def matrix(**options: Any) -> Matrix:
    values: dict[str, Any] = {"site_url": SITE_URL, "as_of": AS_OF}
    values.update(options)
    return build_matrix(needs(), catalogs(), FIXTURE, **values)


def copy_fixture(dest: Path) -> Path:
    """A copy of the fixture that still finds the repository (its conf.py looks two levels up)."""
    target = dest / "export_basic"
    shutil.copytree(FIXTURE, target)
    conf = target / "conf.py"
    repo = Path(__file__).resolve().parents[1]
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("REPO = HERE.parents[2]", f"REPO = Path({str(repo)!r})"),
        encoding="utf-8",
    )
    return target
