"""The city: many offices in one overview, and an office's check on the shared catalog.

    python benchmarks/city.py                        # 50 offices × 500 needs, check at 500 needs
    python benchmarks/city.py --offices 50 --needs 500 --check-needs 2000 --runs 3

1. **The overview.** One office of ``--needs`` needs is generated
   (benchmarks/generate.py) and built with ``lis build``; its ``needs.json`` is the
   model for ``--offices`` offices, each a copy with its own share of routines taken
   out of force, activities overdue and reviews held (a seeded variation, so each
   office's figures differ). ``lis overview`` and ``lis export overview --format
   xlsx`` then read them all. Target (issue 25): under 60 s and 1 GiB.
2. **The shared catalog.** A project of ``--check-needs`` needs is generated twice:
   with its catalogs as its own files (local copies), and with the same catalogs
   published by a catalog project and pinned from its needs.json (``{catalog} ID``).
   ``lis check`` from a fresh cache is run on both, alternately, ``--runs`` times, in
   one process each (``LIS_JOBS=1``, so the CPU time measured is all of it). Target: the
   shared catalog at most 1.1 × the local copies, medians of CPU time (the wall clock
   is shown too; on a shared machine it also measures the neighbours).

Each step is its own process, measured with os.wait4 (benchmarks/run.py). Not a
test: the times depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)
from run import TODAY, Run, expect, timed, tool  # noqa: E402

MAX_SECONDS = 60.0
MAX_RSS_MB = 1024.0
MAX_SHARED_RATIO = 1.1


# ---------------------------------------------------------------- 1. the overview


def office_variant(model: dict, nr: int) -> dict:
    """A copy of the model office's needs.json with its own figures (seeded by ``nr``)."""
    rng = random.Random(nr)
    data = json.loads(json.dumps(model))
    needs = data["versions"][data["current_version"]]["needs"]
    for need in needs.values():
        kind = need.get("type")
        if kind == "routine" and rng.random() < 0.15:
            need["status"] = "utkast"  # not in force: its requirements may fall untraced
        elif kind == "routine" and rng.random() < 0.2:
            need["reviewed"] = "2024-01-15"  # past its review date
        elif kind == "activity" and need.get("status") in ("planerad", "pågående") and rng.random() < 0.2:
            need["due"] = "2026-03-31"  # past its due date
        elif kind == "review" and rng.random() < 0.3:
            need["status"] = "utkast"
    return data


def make_city(work: Path, offices: int, needs: int, env: dict[str, str]) -> Path:
    model_root = work / "modellkontor"
    generate.generate(needs, model_root)
    log = work / "modellkontor.log"
    run = timed([tool("lis"), "build", "--root", str(model_root), "--today", TODAY], log, env)
    expect(run, {0}, "lis build (modellkontoret)", log)
    model = json.loads((model_root / "_build" / "html" / "needs.json").read_text(encoding="utf-8"))
    city = work / "stad"
    if city.exists():
        shutil.rmtree(city)
    entries = []
    for nr in range(1, offices + 1):
        name = f"kontor-{nr:02d}"
        (city / name).mkdir(parents=True)
        (city / name / "needs.json").write_text(json.dumps(office_variant(model, nr)), encoding="utf-8")
        entries.append(f'  {{ name = "Kontor {nr:02d}", needs = "{name}/needs.json" }},')
    # one office has not published yet: shown with the reason
    entries.append('  { name = "Kontor utan needs.json", needs = "saknas/needs.json" },')
    (city / "pyproject.toml").write_text("[tool.lis]\noffices = [\n" + "\n".join(entries) + "\n]\n", encoding="utf-8")
    return city


def bench_overview(work: Path, offices: int, needs: int, env: dict[str, str]) -> list[tuple[str, Run]]:
    city = make_city(work, offices, needs, env)
    results = []
    for what, cmd in (
        ("lis overview", [tool("lis"), "overview", "--root", str(city), "--today", TODAY]),
        ("lis export overview (xlsx)", [tool("lis"), "export", "overview", "--root", str(city), "--today", TODAY,
                                        "-o", str(work / "oversikt.xlsx")]),
    ):
        log = work / f"{what.split()[1]}.log"
        run = timed(cmd, log, env)
        expect(run, {0}, what, log)
        results.append((what, run))
    return results


# ---------------------------------------------------------------- 2. the shared catalog


def shared_variant(local: Path, shared: Path) -> None:
    """``shared``: the project at ``local`` with its catalogs moved to a catalog project
    (shared/katalog) that publishes them, pinned by version; the pages name the sources."""
    if shared.exists():
        shutil.rmtree(shared)
    shutil.copytree(local, shared, ignore=shutil.ignore_patterns("_build"))
    katalog = shared / "katalog"
    (katalog / "docs" / "krav").mkdir(parents=True)
    shutil.move(str(shared / "requirements"), str(katalog / "requirements"))
    (shared / "requirements").mkdir()
    conf = (
        "from pathlib import Path\n"
        f"exec(Path({str(generate.REPO / 'katalog' / 'conf.py')!r}).read_text(encoding='utf-8'))\n"
        "ROOT = Path(__file__).parent.resolve()\n"
        "project = 'Genererad kravkatalog'\n"
        "version = release = '1'\n"
        "needs_file = ''\n"
    )
    (katalog / "conf.py").write_text(conf, encoding="utf-8")
    (katalog / "pyproject.toml").write_text("[tool.lis]\ncatalog_project = true\n", encoding="utf-8")
    pages = []
    for page in sorted((shared / "docs" / "krav").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        m = re.search(r"\{catalog\} requirements/(\S+)\.yaml", text)
        if not m:
            continue
        catalog = (katalog / "requirements" / f"{m[1]}.yaml").read_text(encoding="utf-8")
        found = re.search(r"^  id: (\S+)", catalog, flags=re.M)
        assert found is not None, page
        source = found[1]
        (katalog / "docs" / "krav" / page.name).write_text(
            f"# {source}\n\n```{{catalog}} requirements/{m[1]}.yaml\n```\n", encoding="utf-8"
        )
        page.write_text(text.replace(m[0], f"{{catalog}} {source}"), encoding="utf-8")
        pages.append(f"krav/{page.stem}")
    (katalog / "docs" / "index.md").write_text(
        "# Genererad kravkatalog\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", encoding="utf-8"
    )
    pyproject = shared / "pyproject.toml"
    text = re.sub(r"^shared_catalog = .*\n", "", pyproject.read_text(encoding="utf-8"), flags=re.M)
    pyproject.write_text(text + 'shared_catalog = { file = "katalog/needs.json", version = "1" }\n', encoding="utf-8")


def publish(katalog: Path, work: Path, env: dict[str, str]) -> None:
    log = work / "katalog.log"
    run = timed([tool("lis"), "build", "--root", str(katalog), "--today", TODAY, "--strict"], log, env)
    expect(run, {0}, "lis build (katalogen)", log)
    shutil.copy2(katalog / "_build" / "html" / "needs.json", katalog / "needs.json")


def bench_shared(work: Path, needs: int, runs: int, env: dict[str, str]) -> dict[str, list[Run]]:
    local = work / f"lokal-{needs}"
    generate.generate(needs, local)
    shared = work / f"delad-{needs}"
    shared_variant(local, shared)
    publish(shared / "katalog", work, env)
    found: dict[str, list[Run]] = {"lokala kopior": [], "delad katalog": []}
    for nr in range(runs):
        for label, root in (("lokala kopior", local), ("delad katalog", shared)):
            cache = work / f"cache-{label.split()[0]}-{nr}"
            shutil.rmtree(cache, ignore_errors=True)
            log = work / f"check-{label.split()[0]}-{nr}.log"
            # one process (LIS_JOBS=1): wait4 then accounts for all of the check's CPU time
            run = timed([tool("lis"), "check", "--root", str(root), "--today", TODAY, "--format", "json"], log,
                        {**env, "LIS_CACHE_DIR": str(cache), "LIS_JOBS": "1"})
            expect(run, {0, 1}, f"lis check ({label})", log)
            found[label].append(run)
    # the same findings, whatever the source of the catalogs
    counts = {
        label: json.loads((work / f"check-{label.split()[0]}-0.log").read_text(encoding="utf-8"))["summary"]
        for label in found
    }
    if counts["lokala kopior"] != counts["delad katalog"]:
        raise SystemExit(f"Kontrollerna ger olika resultat: {counts}")
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Mät stadens översikt och kontrollen med den delade kravkatalogen.")
    p.add_argument("--offices", type=int, default=50)
    p.add_argument("--needs", type=int, default=500, help="objekt per kontor i översikten")
    p.add_argument("--check-needs", type=int, default=500, help="objekt i projektet vars kontroll jämförs")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-city"))
    p.add_argument("--only", choices=["overview", "shared"], nargs="*", default=["overview", "shared"])
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**__import__("os").environ, "LIS_TODAY": TODAY}
    ok = True
    lines = ["| mätning | sekunder | max minne (MB) | mål |", "|---|---:|---:|---|"]
    if "overview" in args.only:
        for what, run in bench_overview(args.work, args.offices, args.needs, env):
            met = run.wall < MAX_SECONDS and run.max_rss_kb / 1024 < MAX_RSS_MB
            ok &= met
            lines.append(f"| {what}, {args.offices} kontor × {args.needs} objekt | {run.wall:.1f} | "
                         f"{run.max_rss_kb / 1024:.0f} | < 60 s, < 1 GiB: {'uppfyllt' if met else 'INTE uppfyllt'} |")
    if "shared" in args.only:
        found = bench_shared(args.work, args.check_needs, args.runs, env)
        wall = {label: statistics.median(r.wall for r in runs) for label, runs in found.items()}
        cpu = {label: statistics.median(r.cpu for r in runs) for label, runs in found.items()}
        for label, runs in found.items():
            lines.append(f"| lis check från början, {label}, {args.check_needs} objekt (median av {len(runs)}; "
                         f"CPU {cpu[label]:.1f} s) | {wall[label]:.1f} | {max(r.max_rss_kb for r in runs) / 1024:.0f} | |")
        # judged on CPU time: on a shared machine the wall clock also measures the neighbours
        ratio = cpu["delad katalog"] / cpu["lokala kopior"]
        met = ratio <= MAX_SHARED_RATIO
        ok &= met
        lines.append(f"| kvot delad / lokala kopior (CPU; väggklocka {wall['delad katalog'] / wall['lokala kopior']:.2f}) | "
                     f"{ratio:.2f} | | ≤ {MAX_SHARED_RATIO}: {'uppfyllt' if met else 'INTE uppfyllt'} |")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
