"""Every PDF lis writes goes through :func:`write_pdf`: WeasyPrint reads only the project's own files.

WeasyPrint's default URL fetcher opens any address a document names: an image
at ``http://`` makes the machine that exports send a request (page content could
probe the intranet), and ``file:///`` embeds a file from anywhere on disk in a
PDF that goes to the nämnd. :class:`ProjectFetcher` serves ``file:`` addresses
inside the folders it is given (the project, the build output it renders, lis's
own static files) through the same check as the gate (checks.boundary), answers
``data:`` addresses in memory, and refuses everything else without opening it.
A refused address is never fetched; :func:`write_pdf` then raises
:class:`ResourcesRefused` so the command writes nothing and says why.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from urllib.request import url2pathname

from checks.boundary import inside, read_bounded, refusal

# lis's own files a PDF may use (styles, scripts are not: WeasyPrint runs none)
PACKAGE_STATIC = Path(__file__).resolve().parent / "static"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_QUIET = ("weasyprint", "weasyprint.progress", "fontTools")
# What every document lis prints is: PDF/A-3b (archival, for the diarium), tagged, fonts embedded.
PDF_A: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True, "uncompressed_pdf": False}


@dataclass(frozen=True)
class Refusal:
    """An address WeasyPrint asked for and did not get."""

    address: str  # as it may be shown: a remote address, or a file named relative to the project
    remote: bool  # on the network (or another scheme), as opposed to a file outside the project
    reason: str  # Swedish


class ResourcesRefused(Exception):
    """The document names resources outside the project; nothing was written."""

    def __init__(self, refused: list[Refusal]) -> None:
        super().__init__(f"{len(refused)} resurser hämtades inte")
        self.refused = refused


def _fetcher_base() -> type:
    from weasyprint.urls import URLFetcher

    return URLFetcher


def shown_address(url: str, root: Path) -> str:
    """An address as a message may show it: a file inside ``root`` relative to it, one outside unnamed."""
    if not url.lower().startswith("file:"):
        return url if len(url) <= 120 else url[:117] + "..."
    path = _file_path(url)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return "en fil utanför projektet"


def _file_path(url: str) -> Path:
    rest = url.split("?", 1)[0].split("#", 1)[0][len("file:") :]
    return Path(url2pathname(unquote(rest)))


def project_fetcher(root: Path, *folders: Path) -> Any:
    """A WeasyPrint URL fetcher that serves files inside ``root`` and ``folders`` and nothing else."""

    class ProjectFetcher(_fetcher_base()):  # type: ignore[misc]
        def __init__(self) -> None:
            # no redirects, no protocol but file and data: a refused request never leaves the machine
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
            self.root = root.resolve()
            self.folders = [self.root, *(f.resolve() for f in folders), PACKAGE_STATIC]
            self.refused: list[Refusal] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            from weasyprint.urls import URLFetcherResponse

            match = _SCHEME.match(url)
            scheme = match[1].lower() if match else ""
            if scheme == "data":
                return super().fetch(url, headers)  # in memory: no file, no network
            if scheme != "file":
                return self._refuse(url, True, "adressen ligger på nätet; PDF:en byggs bara av projektets egna filer")
            path = _file_path(url)
            problem = self._problem(path)
            if problem:
                return self._refuse(url, False, problem)
            body = read_bounded(path.resolve())
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

        def _problem(self, path: Path) -> str | None:
            try:
                resolved = path.resolve()
            except (OSError, RuntimeError):
                return "sökvägen går inte att följa"
            folder = next((f for f in self.folders if inside(resolved, f)), None)
            if folder is None:
                return "filen ligger utanför projektet"
            if not resolved.is_file():
                return refusal(folder, resolved) or "filen finns inte"
            return refusal(folder, resolved)

        def _refuse(self, url: str, remote: bool, reason: str) -> Any:
            self.refused.append(Refusal(shown_address(url, self.root), remote, reason))
            raise ValueError(f"lis hämtar inte {url!r}: {reason}")

    return ProjectFetcher()


def write_pdf(document: str, base: Path, root: Path, *, folders: Iterable[Path] = (), **options: Any) -> bytes:
    """``document`` (HTML) as PDF, relative addresses read from ``base``; only files inside ``root``,
    ``base``, ``folders`` and lis's static files are read. Raises :class:`ResourcesRefused`
    when the document names anything else (nothing is fetched)."""
    # WeasyPrint reports its progress (also while importing); the command prints its own line.
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import HTML  # imported here: only a PDF export needs pango

    fetcher = project_fetcher(root, base, *folders)
    data = HTML(string=document, base_url=str(base), url_fetcher=fetcher).write_pdf(**options)
    if fetcher.refused:
        raise ResourcesRefused(_unique(fetcher.refused))
    return bytes(data)


def _unique(refused: list[Refusal]) -> list[Refusal]:
    return list(dict.fromkeys(refused))
