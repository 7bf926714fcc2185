"""``lis serve``: a live preview of the site while a page is written (sphinx-autobuild).

Thin on purpose: sphinx-autobuild serves the site on this machine, rebuilds it
when a file in docs/ or requirements/ is saved and reloads the browser (its
reload script is inlined in each page, so the preview works offline). The build
is a plain Sphinx HTML build with the project's conf.py and ``lis_today``, as
``lis build`` runs it; the rules' errors show in the terminal. Its output goes to
``_build/serve``, apart from ``lis build``'s ``_build/html``. sphinx-autobuild runs
as a child process whose output passes through checks.serve_log: Swedish lines,
findings with code and fel/varning, no colour codes and no absolute paths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.errors import ProjectError
from checks.project import Project, load_project
from checks.serve_log import ServeLog

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
        [sys.executable, "-m", "sphinx_autobuild", *autobuild_args(project, today.date, args.port)],
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
