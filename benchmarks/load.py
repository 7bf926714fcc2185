"""Load: a catalog of 20 000 requirements checked and exported, with time and peak memory.

    python benchmarks/load.py                      # 20 000 requirements
    python benchmarks/load.py --reqs 5000 --work /tmp/load

A project is generated (benchmarks/generate.py, 200 needs) and given --reqs
more requirements in catalogs of 1000 (one page each, every requirement
applicable and traced by one routine, so the check is quiet). Each step runs as
its own process, measured with os.wait4 (wall clock, CPU time, peak RSS):

1. ``lis check`` from a fresh cache,
2. ``lis check`` again, nothing changed,
3. ``lis check`` after one requirement's text is edited,
4. ``lis export matrix`` to xlsx and 5. to csv (the cache of the checks).

The targets of issue 14: check and export each under a minute on the 2-core
machine, peak memory under 1 GiB. Not a test: the times depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)
from run import TODAY, Run, expect, timed, tool  # noqa: E402

PER_CATALOG = 1000
MAX_SECONDS = 60.0
MAX_RSS_MB = 1024.0


def add_requirements(root: Path, count: int) -> int:
    """``count`` requirements in catalogs LASTnn of 1000, each on its page, all fulfilled by one
    routine page per catalog (a routine may fulfil many requirements)."""
    catalogs = (count + PER_CATALOG - 1) // PER_CATALOG
    made = 0
    routines = []
    for c in range(catalogs):
        source = f"LAST{c:02d}"
        n = min(PER_CATALOG, count - made)
        ids = [f"{source}-{i + 1}" for i in range(n)]
        lines = [
            "source:",
            f"  id: {source}",
            f"  title: Lastkatalog {c + 1}",
            "  issuer: Stockholms stad",
            '  version: "1.0"',
            "  revised: 2024-06-01",
            "requirements:",
        ]
        for i, rid in enumerate(ids):
            lines += [
                f"  - id: {rid}",
                f"    title: Krav {i + 1} i lastkatalog {c + 1}",
                f'    ref: "{i + 1} §"',
                "    text: >-",
                f"      Kontoret ska dokumentera, följa upp och granska åtgärd {i + 1} i katalog {c + 1}",
                "      enligt den fastställda rutinen för informationssäkerhet.",
            ]
        (root / "requirements" / f"{source.lower()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / "docs" / "krav" / f"{source.lower()}.md").write_text(
            f"# Lastkatalog {c + 1}\n\n```{{catalog}} requirements/{source.lower()}.yaml\n```\n", encoding="utf-8"
        )
        routines.append((c, ids))
        made += n
    # one routine per catalog fulfils its requirements (RUT-9nn: above the generated ones)
    blocks = ["# Lastrutiner\n"]
    for c, ids in routines:
        blocks.append(
            f":::{{routine}} Lastrutin {c + 1}\n:id: RUT-{900 + c:03d}\n:status: gällande\n"
            ":owner: Informationssäkerhetssamordnare\n:reviewed: 2026-10-01\n:review_interval: 12\n"
            f":fulfils: {', '.join(ids)}\n\nUppfyller lastkatalog {c + 1}.\n:::\n"
        )
    (root / "docs" / "rutiner" / "rutiner-last.md").write_text("\n".join(blocks), encoding="utf-8")
    return made


def edit_one_requirement(root: Path) -> None:
    path = sorted((root / "requirements").glob("last*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("enligt den fastställda rutinen", "enligt den ändrade rutinen", 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät lis check och lis export matrix på en katalog med många krav.")
    parser.add_argument("--reqs", type=int, default=20000, help="antal krav (standard: 20000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/lis-load"), help="arbetsmapp (standard: /tmp/lis-load)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    if work == generate.REPO or generate.REPO in work.parents:
        parser.error(f"--work får inte ligga i förrådet ({generate.REPO}).")
    shutil.rmtree(work, ignore_errors=True)
    root, cache, logs = work / "project", work / "cache", work / "logs"
    logs.mkdir(parents=True)
    generate.generate(200, root)
    made = add_requirements(root, args.reqs)
    print(f"{made} krav i {len(list((root / 'requirements').glob('last*.yaml')))} kataloger ({root}).", file=sys.stderr)
    lis = tool("lis")
    env = {**os.environ, "LIS_CACHE_DIR": str(cache), "LIS_TODAY": TODAY}
    check = [lis, "check", "--root", str(root), "--format", "json"]
    steps: list[tuple[str, Run]] = []

    def step(name: str, cmd: list[str], ok: set[int]) -> None:
        log = logs / f"{len(steps)}.log"
        run = timed(cmd, log, env)
        expect(run, ok, name, log)
        steps.append((name, run))
        print(f"  {name}: {run.wall:.1f} s, {run.max_rss_kb / 1024:.0f} MB", file=sys.stderr, flush=True)

    step("lis check (utan cache)", check, {0, 1})
    step("lis check (cache, inget ändrat)", check, {0, 1})
    edit_one_requirement(root)
    step("lis check (cache, ett krav ändrat)", check, {0, 1})
    step("lis export matrix -o matris.xlsx", [lis, "export", "matrix", "--root", str(root), "-o", str(work / "matris.xlsx")], {0})
    step("lis export matrix -o matris.csv", [lis, "export", "matrix", "--root", str(root), "-o", str(work / "matris.csv")], {0})

    width = max(len(name) for name, _ in steps)
    print(f"{'steg'.ljust(width)}  {'vägg s':>7}  {'CPU s':>7}  {'max RSS MB':>10}")
    for name, run in steps:
        print(f"{name.ljust(width)}  {run.wall:7.1f}  {run.cpu:7.1f}  {run.max_rss_kb / 1024:10.0f}")
    slowest = max(run.wall for _, run in steps)
    peak = max(run.max_rss_kb for _, run in steps) / 1024
    print(
        f"\nMål (under {MAX_SECONDS:.0f} s per körning, under {MAX_RSS_MB:.0f} MB): "
        f"{'uppfyllt' if slowest < MAX_SECONDS and peak < MAX_RSS_MB else 'INTE uppfyllt'} "
        f"(längsta {slowest:.1f} s, mest minne {peak:.0f} MB). Belastning (1 min): {os.getloadavg()[0]:.2f}, "
        f"{os.cpu_count()} kärnor."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
