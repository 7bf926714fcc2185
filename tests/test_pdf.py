"""WeasyPrint reads only the project's own files: nothing from the network, nothing from outside.

A local HTTP listener stands in for the intranet a page could probe; it must see
no request, whatever the document names. A file outside the project (``file:///``,
``..``, a symlink out) is never read into a PDF.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.datamodel import PACKAGE_MODEL
from checks.exporters.pdf import ResourcesRefused, write_pdf
from gatefixture import FIXTURES, QUIET, copy_project, yaml_line
from listener import PNG, Listener, remote_images


def test_the_listener_hears_a_request(listener: Listener) -> None:
    """The control: a plain fetch reaches the listener, so its silence below means something."""
    import urllib.request

    urllib.request.urlopen(f"{listener.url}/kontroll.png", timeout=5).read()
    assert listener.requests == ["/kontroll.png"]


def test_remote_and_outside_resources_are_refused_unfetched(tmp_path: Path, listener: Listener) -> None:
    root = tmp_path / "p"
    (root / "_static").mkdir(parents=True)
    (root / "_static" / "ok.png").write_bytes(PNG)
    outside = tmp_path / "hemlig.png"
    outside.write_bytes(PNG)
    (root / "_static" / "lank.png").symlink_to(outside)
    document = (
        f'<html><head><link rel="stylesheet" href="{listener.url}/stil.css">'
        f"<style>@import url({listener.url}/import.css); body {{ background: url({listener.url}/bg.png) }}"
        f" h1 {{ background: url(file://{outside}) }}</style></head><body><h1>Rubrik</h1>"
        f'<img src="{listener.url}/bild.png"><img src="//127.0.0.1:{listener.port}/protokollfri.png">'
        f'<img src="file://{outside}"><img src="../hemlig.png"><img src="_static/lank.png">'
        '<img src="_static/ok.png"></body></html>'
    )
    with pytest.raises(ResourcesRefused) as refused:
        write_pdf(document, root, root)
    assert listener.requests == []
    shown = {r.address for r in refused.value.refused}
    assert f"{listener.url}/bild.png" in shown and f"{listener.url}/stil.css" in shown
    assert f"{listener.url}/bg.png" in shown
    assert "en fil utanför projektet" in shown  # file://, ../ and the symlink: never named
    assert not any(str(tmp_path) in r.address or "hemlig" in r.address for r in refused.value.refused)
    assert {r.remote for r in refused.value.refused} == {True, False}


def test_the_projects_own_images_are_embedded(tmp_path: Path) -> None:
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "ok.png").write_bytes(PNG)
    data = write_pdf('<html><body><p>Text</p><img src="_images/ok.png" width="40"></body></html>', tmp_path, tmp_path)
    assert data.startswith(b"%PDF") and b"/Image" in data


def test_data_addresses_are_read_in_memory(tmp_path: Path) -> None:
    src = "data:image/png;base64," + base64.b64encode(PNG).decode()
    data = write_pdf(f'<html><body><img src="{src}"></body></html>', tmp_path, tmp_path)
    assert b"/Image" in data


EXPORTS = [
    ["export", "matrix", "-o", "matris.xlsx"],
    ["export", "soa", "-o", "soa.csv"],
    ["export", "register", "-o", "register.json"],
    ["export", "assets", "-o", "tillgangar.html"],
    ["export", "review", "LG-2025", "--format", "pdf", "-o", "lg.pdf"],
    ["export", "review", "LG-2025", "--format", "md", "-o", "lg.md"],
    ["export", "review", "LG-2025", "--format", "docx", "-o", "lg.docx"],
    ["export", "oscal", "--what", "ssp", "-o", "ssp.json"],
]


def test_no_command_fetches_a_remote_image(
    tmp_path: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from checks.main import main

    monkeypatch.setenv("LIS_TODAY", "2026-11-29")
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(QUIET, tmp_path / "p")
    remote_images(root, listener, tmp_path)
    outputs = tmp_path / "ut"
    outputs.mkdir()
    for argv in [["build", "--out", str(tmp_path / "site")], *EXPORTS]:
        argv = [*argv[:-1], str(outputs / argv[-1])] if argv[0] == "export" else argv
        head = 2 if argv[0] == "export" else 1
        code = main([*argv[:head], "--root", str(root), *argv[head:]])
        output = "".join(capsys.readouterr())
        assert code == 1, (argv, output)
        assert "LIS043" in output and "Traceback" not in output
        assert str(tmp_path / "hemlig.png") not in output
    assert listener.requests == []
    assert list(outputs.iterdir()) == []
    assert not (tmp_path / "site").exists() or not [p for p in (tmp_path / "site").rglob("*.html")]


# Run in a process of its own: every file Python opens (sys.audit's "open") is recorded.
# ctypes.util.find_library (how cffi finds pango for WeasyPrint) probes the system's temporary
# folder with a compiler: loading a library, not reading content, so it is left out.
_AUDITED = """
import json, os, sys
opened = []
def loading_a_library():
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith(os.path.join("ctypes", "util.py")):
            return True
        frame = frame.f_back
    return False
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        if not loading_a_library():
            opened.append(os.fsdecode(args[0]))
sys.addaudithook(hook)
from checks.main import main
code = main(sys.argv[2:])
sys.addaudithook = None
hook.__code__ = (lambda event, args: None).__code__  # the report itself is not the command's
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "opened": opened}, out)
"""


def _allowed(path: str, root: Path, cache: Path) -> bool:
    """Inside the project, the cache, or Python's own installation (modules, fonts WeasyPrint ships)."""
    if "/" not in path and path not in (".", ".."):
        # a name inside a folder opened by descriptor (shutil.copytree, rmtree): that folder is checked
        return True
    resolved = Path(os.path.normpath(os.path.join(root, path)))  # the command ran in the project
    if resolved in (PACKAGE_MODEL.resolve(), PACKAGE_MODEL.resolve().parent):
        return True  # lis's own data model, and the folder lis is imported from
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    package = Path(__file__).resolve().parents[1] / "checks"
    system = [Path("/usr/lib"), Path("/usr/share/fonts"), Path("/etc/fonts"), Path("/usr/share/zoneinfo")]
    # files Python's standard library reads about the machine itself (locale, MIME types, /dev/null)
    machine = {"/etc/mime.types", "/dev/null", "/dev/urandom", "/etc/localtime"}
    return (
        str(resolved) in machine
        or str(resolved).startswith(("/proc/self", "/sys/"))
        or any(resolved == p or p in resolved.parents for p in [root, cache, package, *prefixes, *system])
    )


@pytest.mark.skipif(sys.platform != "linux", reason="the audit of opened files is run on Linux")
def test_export_review_opens_nothing_outside_the_project(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p").resolve()
    # the fixture's configuration reads the repository's; here the project holds its own
    base = (FIXTURES / "base_conf.py").read_text(encoding="utf-8")
    (root / "conf.py").write_text(base.replace('str(REPO / "ubproject.toml")', '"ubproject.toml"'), encoding="utf-8")
    shutil.copy2(Path(__file__).resolve().parents[1] / "ubproject.toml", root / "ubproject.toml")
    (root / "docs" / "_static").mkdir()
    (root / "docs" / "_static" / "logga.png").write_bytes(PNG)
    review = root / "docs" / "genomgang.md"
    review.write_text(review.read_text(encoding="utf-8") + "\n![logga](_static/logga.png)\n", encoding="utf-8")
    cache = (tmp_path / "cache").resolve()
    out = root / "lg.pdf"
    log = tmp_path / "opened.json"
    env = {**os.environ, "LIS_TODAY": "2026-11-29", "LIS_CACHE_DIR": str(cache)}
    argv = ["export", "review", "LG-2025", "--root", str(root), "--format", "pdf", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", _AUDITED, str(log), *argv], env=env, capture_output=True, text=True, cwd=root
    )
    report = json.loads(log.read_text(encoding="utf-8"))
    assert report["code"] == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    outside = sorted({p for p in report["opened"] if not _allowed(p, root, cache)})
    assert outside == [], outside
    # the project's image was read from the project (the built site's copy of it)
    assert any(p.endswith("logga.png") for p in report["opened"])


def test_every_remote_image_is_found_at_its_line(
    tmp_path: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from checks.main import main

    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(QUIET, tmp_path / "p")
    remote_images(root, listener, tmp_path)
    assert main(["check", "--root", str(root), "--today", "2026-11-29", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    remote = sorted((f["file"], f["line"]) for f in found if f["code"] == "LIS043")
    review = (root / "docs" / "genomgang.md").read_text(encoding="utf-8").splitlines()
    lines = [n for n, text in enumerate(review, 1) if "karta.png" in text or "{figure}" in text
             or "protokollfri" in text or "bilaga.pdf" in text]
    routine = [n for n, t in enumerate((root / "docs/rutiner.md").read_text(encoding="utf-8").splitlines(), 1) if "logga" in t]
    # in a catalog: at the requirement whose text shows the image
    catalog = yaml_line(root / "requirements/quiet.yaml", "QUIET-1")
    assert remote == sorted([*(("docs/genomgang.md", n) for n in lines), ("docs/rutiner.md", routine[0]),
                             ("requirements/quiet.yaml", catalog)])
    assert listener.requests == []
