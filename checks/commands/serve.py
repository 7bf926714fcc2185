"""``lis serve``: a live preview of the site while a page is written (sphinx-autobuild).

Thin on purpose: sphinx-autobuild serves the site on this machine, rebuilds it
when a file in docs/ or requirements/ is saved and reloads the browser (its
reload script is inlined in each page, so the preview works offline). The build
is a plain Sphinx HTML build with the project's conf.py and ``lis_today``, as
``lis build`` runs it; the rules' errors show in the terminal. Its output goes to
``_build/serve``, apart from ``lis build``'s ``_build/html``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.errors import ProjectError
from checks.project import Project, load_project

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
    autobuild(autobuild_args(project, today.date, args.port))
    return 0
