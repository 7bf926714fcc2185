"""constraints.txt locks every distribution lis installs, within pyproject.toml's ranges.

The README's install and .ci/run install with it, so the tests run on the locked
versions; .ci/lock writes it anew.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
EXTRAS = ("test", "browser")
REFRESH = 'bash .ci/lock (ny låsfil) eller .venv/bin/pip install -c constraints.txt -e ".[test,browser]" (låsta versioner)'


def _locked() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate(CONSTRAINTS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line.strip())
        assert m, f"constraints.txt:{number}: väntade namn==version, fick {line!r}"
        pins[canonicalize_name(m[1])] = Version(m[2])
    return pins


def _applies(req: Requirement, extras: tuple[str, ...]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**default_environment(), "extra": extra}) for extra in ("", *extras))


def _needed() -> dict[str, list[Requirement]]:
    """Every distribution lis and its extras need, with each requirement on it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = [*project["dependencies"], *(r for extra in EXTRAS for r in project["optional-dependencies"][extra])]
    needed: dict[str, list[Requirement]] = {}
    todo = [(Requirement(r), ()) for r in direct]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        req, parent_extras = todo.pop()
        if not _applies(req, parent_extras):
            continue
        name = canonicalize_name(req.name)
        needed.setdefault(name, []).append(req)
        key = (name, tuple(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        for sub in metadata.requires(req.name) or []:
            todo.append((Requirement(sub), tuple(sorted(req.extras))))
    return needed


def test_every_needed_distribution_is_locked_within_its_ranges() -> None:
    locked = _locked()
    needed = _needed()
    missing = sorted(set(needed) - set(locked))
    assert not missing, f"constraints.txt saknar {', '.join(missing)}: {REFRESH}"
    outside = [
        f"{name}=={locked[name]} ({req})"
        for name, reqs in needed.items()
        for req in reqs
        if req.specifier and not req.specifier.contains(locked[name], prereleases=True)
    ]
    assert not outside, f"låst utanför de tillåtna versionerna: {'; '.join(outside)}: {REFRESH}"
    unused = sorted(set(locked) - set(needed))
    assert not unused, f"constraints.txt låser det som inget behöver: {', '.join(unused)}: {REFRESH}"


def test_the_tests_run_on_the_locked_versions() -> None:
    locked = _locked()
    installed = {name: Version(metadata.version(name)) for name in _needed()}
    differ = [f"{name} {installed[name]} (låst {locked[name]})" for name in sorted(installed) if installed[name] != locked.get(name)]
    assert not differ, f"installerat är inte det låsta: {', '.join(differ)}: {REFRESH}"


def test_the_readme_and_ci_install_with_the_lock() -> None:
    install = '-c constraints.txt -e ".[test,browser]"'
    assert install in (ROOT / "README.md").read_text(encoding="utf-8")
    assert install in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
