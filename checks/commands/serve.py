"""``lis serve``: a live preview of the site while a page is written (sphinx-autobuild).

sphinx-autobuild serves the site on this machine, notices when a file in docs/
or requirements/ is saved and reloads the browser (its reload script is inlined
in each page, so the preview works offline). Each rebuild is ``lis build``
itself, in a process of its own, so the preview passes the same gate as the
published site: a personnummer, script, a file from outside the project or a
remote image saved while the preview runs is never written or shown; the
browser shows a page saying what stopped the preview, and the terminal the
findings. The site is built into ``_build/serve/site`` and copied to the served
``_build/serve/html`` only when the build is not refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.errors import ProjectError
from checks.project import Project, load_project
from checks.safetext import safe_text

HOST = "127.0.0.1"  # this machine only: a preview, not a publication
DEFAULT_PORT = 8000


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="förhandsgranska webbplatsen medan du skriver (byggs om när du sparar)",
        description="Bygger webbplatsen och visar den på http://127.0.0.1:PORT. När en fil i docs/ eller "
        "requirements/ sparas byggs webbplatsen om och webbläsaren laddar om sidan. Avsluta med Ctrl+C.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"porten att visa webbplatsen på (standard: {DEFAULT_PORT}; 0 väljer en ledig port)",
    )
    p.set_defaults(func=run)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} är inget portnummer (0–65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} är inget portnummer (0–65535)")
    return port


def autobuild_args(project: Project, today: dt.date, port: int) -> list[str]:
    """sphinx-autobuild's command line: sphinx-build's arguments, then what to watch and where to serve."""
    out = project.root / "_build" / "serve"
    return [
        str(project.docs),
        str(out / "html"),
        "-b", "html",
        "-c", str(project.root),
        "-d", str(out / "doctrees"),
        "-D", f"lis_today={today.isoformat()}",
        "--watch", str(project.requirements),
        "--host", HOST,
        "--port", str(port),
    ]  # fmt: skip


def served(project: Project) -> Path:
    """The folder the preview serves."""
    return project.root / "_build" / "serve" / "html"


class GatedPreview:
    """What sphinx-autobuild calls on every change: ``lis build`` into a folder of its own, then
    the new site, or a page saying why it was refused, into the served folder."""

    def __init__(self, project: Project, today: dt.date) -> None:
        self.project = project
        self.today = today
        self.site = project.root / "_build" / "serve" / "site"
        self.served = served(project)

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "checks.main", "build",
            "--root", str(self.project.root), "--today", self.today.isoformat(), "--out", str(self.site),
        ]  # fmt: skip

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        if changed_paths:
            names = ", ".join(_shown(self.project, p) for p in list(changed_paths)[:5])
            print(f"lis serve: ändrat ({names}); bygger om.", file=sys.stderr, flush=True)
        done = subprocess.run(self.command(), capture_output=True, text=True, encoding="utf-8", errors="replace")
        # lis build's own output: its lines are already made safe for the terminal
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode == 0 and (self.site / "index.html").is_file():
            self._show(lambda staging: shutil.copytree(self.site, staging, symlinks=True))
            print("lis serve: förhandsgranskningen visar den nya versionen.", file=sys.stderr, flush=True)
            return
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        self._show(lambda staging: _write_refusal(staging, self._pages(), lines))
        print(
            "lis serve: förhandsgranskningen stoppades (se ovan); webbläsaren visar varför. "
            "Rätta filen och spara igen.",
            file=sys.stderr,
            flush=True,
        )

    def _pages(self) -> list[Path]:
        """Every page the browser may be on: the refusal is shown in place of each."""
        return sorted(p.relative_to(self.served) for p in self.served.rglob("*.html")) if self.served.is_dir() else []

    def _show(self, fill: Any) -> None:
        """The served folder replaced whole: ``fill(staging)`` writes the new one beside it first."""
        staging = self.served.parent / ".html.lis-ny"
        old = self.served.parent / ".html.lis-gammal"
        for folder in (staging, old):
            shutil.rmtree(folder, ignore_errors=True)
        fill(staging)
        if self.served.exists():
            self.served.rename(old)
        staging.rename(self.served)
        shutil.rmtree(old, ignore_errors=True)


REFUSAL_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Förhandsgranskningen stoppades</title>
<style>body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
pre {{ white-space: pre-wrap; background: #f4f4f4; padding: 1rem; }}</style></head>
<body><main><h1>Förhandsgranskningen stoppades</h1>
<p>Det som just sparades publiceras inte: lis build vägrade bygga webbplatsen. Rätta det som står nedan
och spara igen, så visas sidan.</p>
<pre>{lines}</pre></main></body></html>
"""


def _write_refusal(folder: Path, pages: list[Path], lines: list[str]) -> None:
    """The refusal page at ``index.html`` and in place of every page the site had."""
    text = REFUSAL_PAGE.format(lines=html.escape("\n".join(safe_text(line) for line in lines)))
    for rel in {Path("index.html"), *pages}:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _shown(project: Project, path: Path) -> str:
    try:
        return safe_text(Path(path).resolve().relative_to(project.root).as_posix())
    except ValueError:
        return safe_text(Path(path).name)


@contextmanager
def _lis_builds(project: Project, today: dt.date) -> Iterator[None]:
    """sphinx-autobuild with lis build as its builder: its server, watcher and reload stay its own."""
    import sphinx_autobuild.__main__ as autobuild_main

    if not hasattr(autobuild_main, "Builder"):
        raise ProjectError(
            "Den här versionen av sphinx-autobuild kan inte köra lis build vid varje ändring, så "
            "förhandsgranskningen startar inte. Installera lis igen: pip install -e . i projektets mapp."
        )
    original = autobuild_main.Builder

    def builder(_sphinx_args: list[str], **_options: Any) -> GatedPreview:
        return GatedPreview(project, today)

    autobuild_main.Builder = builder
    try:
        yield
    finally:
        autobuild_main.Builder = original


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today)
    try:
        from sphinx_autobuild.__main__ import main as autobuild
    except ImportError as err:
        raise ProjectError(
            f"sphinx-autobuild saknas ({err}). Installera lis igen: pip install -e . i projektets mapp."
        ) from err
    print(
        f"Förhandsgranskning per {today.date.isoformat()} ({today.origin_sv}) på http://{HOST}:{args.port} "
        "(port 0: se adressen nedan). Avsluta med Ctrl+C.",
        file=sys.stderr,
    )
    with _lis_builds(project, today.date):
        autobuild(autobuild_args(project, today.date, args.port))
    return 0
