"""``lis serve``: a live preview of the site while a page is written (sphinx-autobuild).

sphinx-autobuild serves the site on this machine, notices when a file in docs/ or
requirements/ is saved and reloads the browser (its reload script is inlined in
each page, so the preview works offline). Each rebuild is ``lis build`` itself
(:class:`GatedPreview`, in sphinx-autobuild's place of the builder), so the preview
passes the same gate as the published site: a personnummer, script, a file from
outside the project or a remote image saved while the preview runs is never
written or shown; the browser shows a page saying what stopped the preview. The
site is built into ``_build/serve/site`` and copied to the served
``_build/serve/html`` only when the build is not refused. sphinx-autobuild runs as
a child process whose output passes through checks.serve_log: Swedish lines,
findings with code and fel/varning, no colour codes and no absolute paths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.errors import ProjectError
from checks.project import Project, load_project
from checks.safetext import safe_text
from checks.serve_log import GATED, REFUSED, ServeLog

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
        "-q", "-N",  # warnings only, no colours: checks.serve_log says the rest in Swedish
        "--watch", str(project.requirements),
        "--host", HOST,
        "--port", str(port),
    ]  # fmt: skip


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today)
    try:
        import sphinx_autobuild  # noqa: F401 (run as a child process below)
    except ImportError as err:
        raise ProjectError(
            f"sphinx-autobuild saknas ({err}). Installera lis igen: pip install -e . i projektets mapp."
        ) from err
    print(
        f"Förhandsgranskning per {today.date.isoformat()} ({today.origin_sv}) på http://{HOST}:{args.port} "
        "(port 0: se adressen nedan). Avsluta med Ctrl+C.",
        flush=True,
    )
    log = ServeLog(project)
    child = subprocess.Popen(
        [sys.executable, "-m", "checks.commands.serve", str(project.root), today.date.isoformat(),
         *autobuild_args(project, today.date, args.port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout is not None
        for raw in child.stdout:
            for line in log.lines(raw):
                print(line, flush=True)
    except KeyboardInterrupt:
        pass  # Ctrl+C reaches the child too: it stops, and so does this
    finally:
        code = child.wait()
    print("lis serve: avslutad.", flush=True)
    return 0 if code in (0, -2, 130) else 1


# ---------------------------------------------------------------- the child: sphinx-autobuild with lis build


def served(project: Project) -> Path:
    """The folder the preview serves."""
    return project.root / "_build" / "serve" / "html"


class GatedPreview:
    """What sphinx-autobuild calls on every change: ``lis build`` into a folder of its own, then
    the new site, or a page saying why it was refused, into the served folder."""

    def __init__(self, project: Project, today: dt.date, url_host: str) -> None:
        self.project = project
        self.today = today
        self.uri = f"http://{url_host}"
        self.site = project.root / "_build" / "serve" / "site"
        self.served = served(project)

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "checks.main", "build",
            "--root", str(self.project.root), "--today", self.today.isoformat(), "--out", str(self.site),
        ]  # fmt: skip

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        # sphinx-autobuild's own status lines, which checks.serve_log says in Swedish
        if changed_paths:
            _status(f"Detected changes ({', '.join(str(p) for p in list(changed_paths)[:5])})")
            _status("Rebuilding...")
        done = subprocess.run(self.command(), capture_output=True, text=True, encoding="utf-8", errors="replace")
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        for line in lines:
            print(f"{GATED}{line}", flush=True)  # lis build's own lines: Swedish already
        if done.returncode == 0 and (self.site / "index.html").is_file():
            self._show(lambda staging: shutil.copytree(self.site, staging, symlinks=True))
        else:
            self._show(lambda staging: _write_refusal(staging, self._pages(), lines))
            print(f"{GATED}{REFUSED} (se ovan). Rätta filen och spara igen.", flush=True)
        _status(f"Serving on {self.uri}")

    def _pages(self) -> list[Path]:
        """Every page the browser may be on: the refusal is shown in place of each."""
        return sorted(p.relative_to(self.served) for p in self.served.rglob("*.html")) if self.served.is_dir() else []

    def _show(self, fill: Callable[[Path], Any]) -> None:
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


def _status(text: str) -> None:
    print(f"[sphinx-autobuild] {text}", flush=True)


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


def child(argv: list[str]) -> None:
    """sphinx-autobuild with :class:`GatedPreview` as its builder: its server, watcher and reload stay its own."""
    import sphinx_autobuild.__main__ as autobuild_main

    root, today, autobuild = Path(argv[0]), dt.date.fromisoformat(argv[1]), argv[2:]
    project = load_project(str(root))
    if not hasattr(autobuild_main, "Builder"):
        # sphinx-autobuild's builder is its own name: without it the preview cannot pass the gate
        print("lis serve: den här versionen av sphinx-autobuild kan inte bygga med lis build.", flush=True)
        raise SystemExit(2)

    def builder(_sphinx_args: list[str], *, url_host: str, **_options: Any) -> GatedPreview:
        return GatedPreview(project, today, url_host)

    autobuild_main.Builder = builder
    autobuild_main.main(autobuild)


if __name__ == "__main__":
    child(sys.argv[1:])
