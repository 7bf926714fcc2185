"""Time ``lis check`` against a plain ``sphinx-build -b needs`` on synthetic projects.

    python benchmarks/run.py                       # N = 200, 2000, 10000
    python benchmarks/run.py --sizes 200 2000 --runs 3

For each size a project is generated (benchmarks/generate.py) under --work
(default /tmp/bench), then each of these runs as its own process:

a) a clean ``sphinx-build -b needs -q -c ROOT ROOT/docs OUT`` (fresh OUT),
b) a clean ``lis check --root ROOT --today 2026-11-29 --format json`` (fresh
   cache folder through LIS_CACHE_DIR),
c) ``lis check`` again after one routine's title on one page has been changed
   (the cache from b).

Each is run --runs times (median; sizes above --single-above run once). The
table gives wall-clock seconds, the gate's overhead over the needs build, the
re-check as a share of a clean check and the highest peak RSS of the three. The
targets of the benchmark: at most 25 % overhead at 2000 needs, and a re-check
under a third of a clean check.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)

TODAY = "2026-11-29"
MAX_OVERHEAD = 0.25  # at 2000 needs
MAX_RECHECK_SHARE = 1 / 3
TARGET_SIZE = 2000


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_kb: int
    returncode: int


@dataclass
class Result:
    size: int
    needs: list[Run] = field(default_factory=list)
    check: list[Run] = field(default_factory=list)
    recheck: list[Run] = field(default_factory=list)

    @staticmethod
    def median(runs: list[Run], attr: str = "wall") -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    @property
    def overhead(self) -> float:
        return self.median(self.check) / self.median(self.needs) - 1

    @property
    def cpu_overhead(self) -> float:
        return self.median(self.check, "cpu") / self.median(self.needs, "cpu") - 1

    @property
    def recheck_share(self) -> float:
        return self.median(self.recheck) / self.median(self.check)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.max_rss_kb for r in [*self.needs, *self.check, *self.recheck]) / 1024


def tool(name: str) -> str:
    """A console script of the running Python's environment (else from PATH)."""
    candidate = Path(sys.executable).parent / name
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"Hittar inte {name}: installera projektet (pip install -e .) i samma miljö.")
    return found


def timed(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall clock, CPU time and peak RSS of that process alone."""
    with log.open("w", encoding="utf-8") as out, log.with_suffix(".err").open("w", encoding="utf-8") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN is cumulative)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


def edit_one_page(root: Path, nr: int) -> Path:
    """Change the title of the first routine on one routine page."""
    pages = sorted((root / "docs" / "rutiner").glob("rutiner-*.md"))
    page = pages[len(pages) // 2]
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(":::{routine} "):
            base = line.rstrip("\n").split(" (version ")[0]
            lines[i] = f"{base} (version {nr})\n"
            break
    else:
        raise SystemExit(f"{page}: ingen rutin att ändra.")
    page.write_text("".join(lines), encoding="utf-8")
    return page


def expect(run: Run, ok: set[int], what: str, log: Path) -> None:
    if run.returncode not in ok:
        tail = log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{what} slutade med kod {run.returncode} (logg: {log}):\n{tail}")


def measure(size: int, runs: int, work: Path) -> Result:
    root = work / f"n{size}"
    plan = generate.generate(size, root)
    print(
        f"N={size}: {plan.reqs} krav, {plan.routines} rutiner, {plan.activities} aktiviteter, "
        f"{plan.trainings} utbildningar, {plan.risks} risker, {plan.decisions} beslut, 1 genomgång; "
        f"{runs} körning(ar) per mätning",
        file=sys.stderr,
        flush=True,
    )
    result = Result(size)
    out, cache, logs = work / f"n{size}-needs", work / f"n{size}-cache", work / f"n{size}-logs"
    logs.mkdir(parents=True, exist_ok=True)
    sphinx_build, lis = tool("sphinx-build"), tool("lis")
    env = {**os.environ, "LIS_CACHE_DIR": str(cache)}
    env.pop("LIS_TODAY", None)
    check = [lis, "check", "--root", str(root), "--today", TODAY, "--format", "json"]

    # needs build and clean check take turns, so a change in the machine's load
    # between runs hits both alike
    for i in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        log = logs / f"needs-{i}.log"
        run = timed([sphinx_build, "-b", "needs", "-q", "-c", str(root), str(root / "docs"), str(out)], log)
        expect(run, {0}, "sphinx-build -b needs", log)
        result.needs.append(run)
        shutil.rmtree(cache, ignore_errors=True)
        log = logs / f"check-{i}.log"
        run = timed(check, log, env)
        expect(run, {0, 1}, "lis check", log)  # 1: the project has findings, the gate still ran
        result.check.append(run)
    for i in range(runs):
        edit_one_page(root, i + 1)
        log = logs / f"recheck-{i}.log"
        run = timed(check, log, env)
        expect(run, {0, 1}, "lis check (omkontroll)", log)
        result.recheck.append(run)
    # a title is no finding: the re-check must report what the clean check reported
    clean, again = findings(logs / "check-0.log"), findings(logs / f"recheck-{runs - 1}.log")
    if clean is None or again != clean:
        print(f"VARNING: omkontrollen vid N={size} gav andra fynd än kontrollen från början (se {logs}).", file=sys.stderr)
    return result


def findings(log: Path) -> list[dict[str, object]] | None:
    """The findings of a ``lis check --format json`` run (None if its output is unreadable)."""
    try:
        return json.loads(log.read_text(encoding="utf-8"))["findings"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def table(results: list[Result]) -> str:
    head = ["N", "needs-bygge s", "check s", "tillägg", "tillägg CPU", "omkontroll s", "omkontroll/check", "max RSS MB"]
    rows = [
        [
            str(r.size),
            f"{r.median(r.needs):.2f}",
            f"{r.median(r.check):.2f}",
            f"{r.overhead:+.0%}",
            f"{r.cpu_overhead:+.0%}",
            f"{r.median(r.recheck):.2f}",
            f"{r.recheck_share:.2f}",
            f"{r.peak_rss_mb:.0f}",
        ]
        for r in results
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    lines = ["  ".join(x.rjust(w) for x, w in zip(row, widths)) for row in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(results: list[Result]) -> list[str]:
    lines = []
    at_target = [r for r in results if r.size == TARGET_SIZE]
    if at_target:
        r = at_target[0]
        met = r.overhead <= MAX_OVERHEAD
        lines.append(
            f"Mål 1 (tillägg högst {MAX_OVERHEAD:.0%} vid {TARGET_SIZE} objekt): "
            f"{'uppfyllt' if met else 'INTE uppfyllt'} ({r.overhead:+.0%})."
        )
    else:
        lines.append(f"Mål 1 (tillägg högst {MAX_OVERHEAD:.0%} vid {TARGET_SIZE} objekt): inte mätt (ingen körning med N={TARGET_SIZE}).")
    for r in results:
        met = r.recheck_share < MAX_RECHECK_SHARE
        lines.append(
            f"Mål 2 (omkontroll under en tredjedel av en ren kontroll) vid N={r.size}: "
            f"{'uppfyllt' if met else 'INTE uppfyllt'} ({r.recheck_share:.2f})."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät lis check mot sphinx-build -b needs på genererade projekt.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000], help="antal objekt (standard: 200 2000 10000)")
    parser.add_argument("--runs", type=int, default=3, help="körningar per mätning, medianen redovisas (standard: 3)")
    parser.add_argument("--single-above", type=int, default=5000, help="storlekar över detta körs en gång (standard: 5000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench"), help="arbetsmapp (standard: /tmp/bench)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    if work == generate.REPO or generate.REPO in work.parents:
        parser.error(f"--work får inte ligga i förrådet ({generate.REPO}).")
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    results = [measure(size, 1 if size > args.single_above else args.runs, work) for size in args.sizes]
    load_after = os.getloadavg()
    # every run, for a closer look than the medians give
    (work / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    print(table(results))
    print()
    for line in verdict(results):
        print(line)
    print(
        f"Belastning (1 min) före {load_before[0]:.2f}, efter {load_after[0]:.2f}; {os.cpu_count()} kärnor. "
        "Tiderna är väggklocka; 'tillägg CPU' jämför processernas CPU-tid. "
        f"Varje körning: {work / 'results.json'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
