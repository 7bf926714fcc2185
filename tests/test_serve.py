"""``lis serve``: the arguments it gives sphinx-autobuild, and one short live run.

The live run serves a small fixture on a free localhost port, fetches the start
page, saves a change, sees the rebuilt page and stops the server it started.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sphinx_autobuild.__main__ import _parse_args

from checks.commands.serve import autobuild_args
from checks.main import main
from checks.project import load_project
from gatefixture import QUIET, copy_project

TODAY = "2026-11-29"


def test_the_build_is_lis_builds_html_with_the_date_and_watches_the_catalogs(tmp_path: Path) -> None:
    project = load_project(copy_project(QUIET, tmp_path / "p"))
    args = autobuild_args(project, dt.date(2026, 11, 29), 8123)
    # sphinx-autobuild's own parser accepts them and splits them as it will use them
    options, build_args = _parse_args(list(args))
    assert options.sourcedir == project.docs
    assert options.outdir == project.root / "_build" / "serve" / "html"
    assert options.doctree_dir == project.root / "_build" / "serve" / "doctrees"
    assert [Path(p) for p in options.additional_watched_dirs] == [project.requirements]
    assert (options.host, options.port) == ("127.0.0.1", 8123)
    # what sphinx-build gets: the project's conf.py, HTML, the date of the build
    assert build_args == [
        str(project.docs), str(project.root / "_build" / "serve" / "html"),
        "-b", "html", "-c", str(project.root), "-d", str(project.root / "_build" / "serve" / "doctrees"),
        "-D", "lis_today=2026-11-29", "-q", "-N",
    ]  # fmt: skip


@pytest.mark.parametrize("port", ["http", "70000", "-1"])
def test_a_bad_port_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    assert main(["serve", "--root", str(root), "--port", port]) == 2
    assert "inget portnummer" in capsys.readouterr().err


def test_no_project_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--root", str(tmp_path), "--today", TODAY]) == 2
    assert "Inget lis-projekt" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, until: float, wanted: str = "") -> str:
    """The page at ``url`` once it is served (and holds ``wanted``), polling until the deadline."""
    last = ""
    while time.monotonic() < until:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if wanted in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} gav inte {wanted!r} i tid; senast:\n{last[:500]}")


def test_serve_builds_serves_offline_and_rebuilds_on_save(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "checks.main", "serve", "--root", str(root), "--today", TODAY, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the server and the builds it starts stop together
        env={**os.environ, "LIS_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        url = f"http://127.0.0.1:{port}/index.html"
        page = _fetch(url, time.monotonic() + 90)
        assert "/websocket-reload" in page  # the reload script, inlined
        # offline: every script, stylesheet and image comes from the served folder
        external = re.findall(r'<(?:script|img)[^>]+src="(https?://[^"]+)"|<link[^>]+href="(https?://[^"]+)"', page)
        assert external == []
        index = root / "docs" / "index.md"
        text = index.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        index.write_text(text.replace(title, "# Förhandsgranskad rubrik", 1), encoding="utf-8")
        _fetch(url, time.monotonic() + 60, "Förhandsgranskad rubrik")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    said = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in said
    # Swedish lines for the writer: no colour codes, no absolute paths, no English labels
    assert "lis serve: klart (0 fel, 0 varningar)" in said and "lis serve: ändrat: docs/index.md" in said
    assert "\x1b[" not in said and str(root) not in said and "WARNING" not in said and "Serving on" not in said


def test_the_log_speaks_swedish(tmp_path: Path) -> None:
    from checks.serve_log import ServeLog

    root = copy_project(QUIET, tmp_path / "p")
    log = ServeLog(load_project(root))
    page = root / "docs" / "rutiner.md"
    raw = [
        "\x1b[32m[sphinx-autobuild] \x1b[36mStarting initial build\x1b[0m",
        f"\x1b[32m[sphinx-autobuild] \x1b[34m> python -m sphinx build {root}/docs {root}/_build/serve/html\x1b[0m",
        f"{page}:3: WARNING: Need 'RUT-001' has unknown outgoing link 'NOPE-1' in field 'fulfils' [needs.link_outgoing]",
        f"{page}:3: WARNING: Rutinen RUT-001 skulle ha granskats senast 2025-11-01. [lis.LIS020]",
        f"checking consistency... {root}/docs/los.md: WARNING: document isn't included in any toctree [toc.not_included]",
        "ERROR: Need 'RUT-005' has schema violations:",
        "  Field:          status",
        "  User message:   En rutin har status utkast eller gällande.",
        "  Schema message: \"klar\" is not one of \"utkast\"",
        "ERROR: Need 'RUT-005' has schema violations:",
        "  Field:          status",
        "  Schema message: \"klar\" is not one of \"utkast\"",
        "\x1b[32m[sphinx-autobuild] \x1b[36mServing on http://127.0.0.1:8000\x1b[0m",
    ]
    out = [line for r in raw for line in log.lines(r)]
    assert out[0] == "lis serve: bygger webbplatsen …"
    assert out[1].startswith("docs/rutiner.md:") and " LIS004 fel: RUT-001 länkar till NOPE-1" in out[1]
    assert out[2].startswith("docs/rutiner.md:3: LIS020 fel: Rutinen RUT-001")
    assert out[3].startswith("docs/los.md:1: LIS006 fel:")
    assert out[4] == "RUT-005: LIS002 fel: RUT-005: fältet 'status' har ett värde som datamodellen inte godtar. " \
        "En rutin har status utkast eller gällande."
    assert out[5] == "lis serve: klart (4 fel, 0 varningar). Webbplatsen visas på http://127.0.0.1:8000"
    assert len(out) == 6 and not any(str(root) in line or "\x1b" in line or "WARNING" in line for line in out)
