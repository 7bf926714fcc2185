"""Time ``lis check``, ``lis build`` and ``lis export`` against plain Sphinx on synthetic projects.

    python benchmarks/run.py                                  # N = 200, 2000, 10000, everything
    python benchmarks/run.py --sizes 2000 --runs 3 --only check build

For each size a project is generated (benchmarks/generate.py) under --work
(default /tmp/bench), then each of these runs as its own process (wall clock,
CPU time and peak RSS of that process):

check:  a) plain ``sphinx-build -b needs`` (fresh output), b) ``lis check``
        from a fresh cache, c) ``lis check`` again with nothing changed,
        d) ``lis check`` after one routine's title on one page changed.
build:  e) plain ``sphinx-build -b html`` (fresh output and doctrees), f) ``lis
        build`` from a fresh cache, g) ``lis build`` again with nothing changed,
        h) ``lis build`` after one page changed.
export: i) ``lis export matrix --format xlsx`` from a fresh cache.

Clean runs of the plain build and of lis take turns, so a change in the
machine's load hits both alike. Each is run --runs times (median; sizes above
--single-above run once). The targets are printed with the table.
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)

TODAY = "2026-11-29"
TARGET_SIZE = 2000
GROUPS = ("check", "build", "export")


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_kb: int
    returncode: int


@dataclass
class Result:
    size: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, key: str, run: Run) -> None:
        self.runs.setdefault(key, []).append(run)

    def wall(self, key: str) -> float | None:
        runs = self.runs.get(key)
        return statistics.median(r.wall for r in runs) if runs else None

    def cpu(self, key: str) -> float | None:
        runs = self.runs.get(key)
        return statistics.median(r.cpu for r in runs) if runs else None

    def rss_mb(self, key: str) -> float | None:
        runs = self.runs.get(key)
        return max(r.max_rss_kb for r in runs) / 1024 if runs else None

    def ratio(self, key: str, base: str) -> float | None:
        a, b = self.wall(key), self.wall(base)
        return a / b if a is not None and b else None


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
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))


def expect(run: Run, ok: set[int], what: str, log: Path) -> None:
    """Stop with the tail of the step's stderr when it ended with a code not in ``ok``."""
    if run.returncode not in ok:
        tail = log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{what} slutade med kod {run.returncode} (logg: {log}):\n{tail}")


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


class Bench:
    def __init__(self, size: int, runs: int, work: Path) -> None:
        self.size, self.runs, self.work = size, runs, work
        self.root = work / f"n{size}"
        self.logs = work / f"n{size}-logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.result = Result(size)
        self.sphinx_build, self.lis = tool("sphinx-build"), tool("lis")
        self.cache = work / f"n{size}-cache"
        self.env = {**os.environ, "LIS_CACHE_DIR": str(self.cache)}
        self.env.pop("LIS_TODAY", None)
        self.edits = 0

    def run(self, key: str, cmd: list[str], ok: set[int], before: Callable[[], None] = lambda: None) -> None:
        before()
        log = self.logs / f"{key}-{len(self.result.runs.get(key, []))}.log"
        run = timed(cmd, log, self.env)
        expect(run, ok, key, log)
        self.result.add(key, run)

    def fresh(self, *paths: Path) -> Callable[[], None]:
        def remove() -> None:
            for p in paths:
                shutil.rmtree(p, ignore_errors=True)

        return remove

    def edit(self) -> None:
        self.edits += 1
        edit_one_page(self.root, self.edits)

    def check(self) -> None:
        out = self.work / f"n{self.size}-needs"
        cmd = [self.lis, "check", "--root", str(self.root), "--today", TODAY, "--format", "json"]
        for _ in range(self.runs):
            self.run("needs", [self.sphinx_build, "-b", "needs", "-q", "-c", str(self.root), str(self.root / "docs"), str(out)], {0}, self.fresh(out))
            self.run("check", cmd, {0, 1}, self.fresh(self.cache))
        for _ in range(self.runs):
            self.run("check-noop", cmd, {0, 1})
        for _ in range(self.runs):
            self.run("check-edit", cmd, {0, 1}, self.edit)

    def build(self) -> None:
        html, doctrees = self.work / f"n{self.size}-html", self.work / f"n{self.size}-doctrees"
        out = self.work / f"n{self.size}-lis-html"
        plain = [self.sphinx_build, "-b", "html", "-q", "-d", str(doctrees), "-c", str(self.root), str(self.root / "docs"), str(html)]
        cmd = [self.lis, "build", "--root", str(self.root), "--today", TODAY, "--out", str(out)]
        for _ in range(self.runs):
            self.run("html", plain, {0, 1}, self.fresh(html, doctrees))
            self.run("build", cmd, {0}, self.fresh(self.cache, out))
        for _ in range(self.runs):
            self.run("build-noop", cmd, {0})
        for _ in range(self.runs):
            self.run("build-edit", cmd, {0}, self.edit)

    def export(self) -> None:
        target = self.work / f"n{self.size}-matris.xlsx"
        cmd = [self.lis, "export", "matrix", "--root", str(self.root), "--format", "xlsx", "-o", str(target)]
        for _ in range(self.runs):
            self.run("export", cmd, {0}, self.fresh(self.cache))


ROWS = [
    # key, label, base for the ratio (or None)
    ("needs", "sphinx-build -b needs, ren", None),
    ("check", "lis check, ren", "needs"),
    ("check-noop", "lis check, inget ändrat", "check"),
    ("check-edit", "lis check, en sida ändrad", "check"),
    ("html", "sphinx-build -b html, ren", None),
    ("build", "lis build, ren", "html"),
    ("build-noop", "lis build, inget ändrat", "build"),
    ("build-edit", "lis build, en sida ändrad", "build"),
    ("export", "lis export matrix xlsx, kall cache", "needs"),
]


def table(results: list[Result]) -> str:
    head = ["mätning", *(f"N={r.size} s" for r in results), *(f"N={r.size} kvot" for r in results), "max RSS MB"]
    rows = []
    for key, label, base in ROWS:
        if not any(r.wall(key) is not None for r in results):
            continue
        walls = [f"{w:.2f}" if (w := r.wall(key)) is not None else "–" for r in results]
        ratios = [f"{q:.2f}×" if base and (q := r.ratio(key, base)) is not None else "" for r in results]
        rss = max((r.rss_mb(key) or 0) for r in results)
        rows.append([label, *walls, *ratios, f"{rss:.0f}"])
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    lines = ["  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(row, widths))) for row in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(results: list[Result]) -> list[str]:
    lines = []

    def goal(text: str, value: float | None, limit: float, unit: str = "×") -> None:
        if value is None:
            return
        shown = f"{value:.2f}{unit}"
        lines.append(f"{text}: {'uppfyllt' if value <= limit else 'INTE uppfyllt'} ({shown}, mål högst {limit:g}{unit}).")

    for r in results:
        at = f"N={r.size}"
        goal(f"lis check ren / needs-bygge vid {at}", r.ratio("check", "needs"), 1.0)
        goal(f"lis build ren / html-bygge vid {at}", r.ratio("build", "html"), 1.05)
        goal(f"lis build en sida ändrad / ren vid {at}", r.ratio("build-edit", "build"), 0.25)
        if r.size == TARGET_SIZE:
            goal(f"lis check inget ändrat vid {at}", r.wall("check-noop"), 1.0, " s")
            goal(f"lis build inget ändrat vid {at}", r.wall("build-noop"), 3.0, " s")
        if r.size == 10000:
            goal(f"lis build ren vid {at}", r.wall("build"), 60.0, " s")
            goal(f"lis build ren, minne vid {at}", r.rss_mb("build"), 1024.0, " MB")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät lis check, lis build och lis export mot vanliga Sphinx-byggen.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000], help="antal objekt (standard: 200 2000 10000)")
    parser.add_argument("--runs", type=int, default=3, help="körningar per mätning, medianen redovisas (standard: 3)")
    parser.add_argument("--single-above", type=int, default=5000, help="storlekar över detta körs en gång (standard: 5000)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS), help="vad som mäts (standard: allt)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench"), help="arbetsmapp (standard: /tmp/bench)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    if work == generate.REPO or generate.REPO in work.parents:
        parser.error(f"--work får inte ligga i förrådet ({generate.REPO}).")
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    results = []
    for size in args.sizes:
        bench = Bench(size, 1 if size > args.single_above else args.runs, work)
        plan = generate.generate(size, bench.root)
        print(f"N={size}: {plan.reqs} krav, {plan.routines} rutiner, {plan.activities} aktiviteter …", file=sys.stderr, flush=True)
        for group in args.only:
            getattr(bench, group)()
        results.append(bench.result)
    load_after = os.getloadavg()
    (work / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    print(table(results))
    print()
    for line in verdict(results):
        print(line)
    print(
        f"Belastning (1 min) före {load_before[0]:.2f}, efter {load_after[0]:.2f}; {os.cpu_count()} kärnor. "
        f"Tiderna är väggklocka (median). Varje körning: {work / 'results.json'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
