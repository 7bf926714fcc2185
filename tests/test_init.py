"""``lis init``: a new office's project on the shared catalog (checks/commands/init.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checks.commands.init import PUBLISHED_CATALOG, STAGING
from checks.main import main
from checks.shared_catalog import load_shared
from checks.settings import CatalogPin
from gatefixture import TODAY, tree_hash

DAY = TODAY.isoformat()


def _init(folder: Path, *extra: str) -> int:
    return main(["init", str(folder), "--office", "Stadsbyggnadskontoret", "--board", "Stadsbyggnadsnämnden", *extra])


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("stad")
    assert _init(parent / "sbk") == 0
    # nothing beside the new folder
    assert sorted(p.name for p in parent.iterdir()) == ["sbk"]
    return parent / "sbk"


def test_the_project_is_complete_and_tied_to_the_shared_catalog(office: Path) -> None:
    for name in ("conf.py", "ubproject.toml", "pyproject.toml", "README.md", "requirements/tillamplighet.yaml",
                 ".github/workflows/kontroll.yml", ".github/workflows/webbplats.yml", "docs/index.md",
                 "docs/rutiner/index.md", "docs/genomgang/index.md", "docs/krav/gdpr.md", "katalog/needs.json"):
        assert (office / name).is_file(), name
    assert not (office / STAGING).exists()
    settings = tomllib.loads((office / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["lis"]
    assert settings["office"] == "Stadsbyggnadskontoret" and settings["board"] == "Stadsbyggnadsnämnden"
    pin = settings["shared_catalog"]
    assert pin["file"] == "katalog/needs.json"
    shared = load_shared(office, CatalogPin(version=pin["version"], file=pin["file"]))
    pages = sorted(p.name for p in (office / "docs" / "krav").glob("*.md") if p.name != "index.md")
    assert len(pages) == len(shared.sources) and "{catalog} GDPR" in (office / "docs/krav/gdpr.md").read_text()
    assert "Stadsbyggnadskontoret" in (office / "conf.py").read_text(encoding="utf-8")
    assert "Exploateringskontoret" not in (office / "conf.py").read_text(encoding="utf-8")
    # nothing of Exploateringskontoret's own content comes along
    assert not list((office / "docs").rglob("rut-*.md")) and not list((office / "docs").rglob("akt-*.md"))


def test_first_build_works_and_first_check_is_a_grouped_to_do_list(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["build", "--root", str(office), "--today", DAY, "--out", str(tmp_path / "html")]) == 0
    assert (tmp_path / "html" / "index.html").is_file() and (tmp_path / "html" / "needs.json").is_file()
    capsys.readouterr()
    assert main(["check", "--root", str(office), "--today", DAY]) == 1
    out = capsys.readouterr().out
    # the honest truth of an empty ISMS: no review yet (the one error), every requirement untraced
    assert "Fel (1):" in out and "LIS024" in out and "lis review new" in out
    pin = tomllib.loads((office / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["lis"]["shared_catalog"]
    shared = load_shared(office, CatalogPin(version=pin["version"], file=pin["file"]))
    every = sum(len(s.records) for s in shared.sources.values())
    assert f"LIS010 × {every}: Ospårat krav" in out and "lis check --code LIS010" in out
    # grouped, a to-do list: a few lines, not one per requirement
    assert len(out.splitlines()) < 30


def test_the_project_passes_the_gate_after_one_routine_and_one_review(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    root = tmp_path / "sbk"
    shutil.copytree(office, root)
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["new", "routine", "--title", "Rutin för incidenter", "--owner", "Informationssäkerhetssamordnare",
                 "--root", str(root), "--today", DAY]) == 0
    assert main(["review", "new", "--year", "2026", "--root", str(root), "--today", DAY]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(root), "--today", DAY]) == 0
    out = capsys.readouterr().out
    assert "0 fel" in out and "LIS025 [LG-2026]" in out


def test_a_non_empty_folder_is_refused_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "kontor"
    folder.mkdir()
    (folder / "anteckning.txt").write_text("min", encoding="utf-8")
    before = tree_hash(tmp_path)
    assert _init(folder) == 2
    assert "inte tom" in capsys.readouterr().err
    assert tree_hash(tmp_path) == before


def test_an_interrupted_run_is_completed_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "kontor"
    (folder / STAGING / "docs").mkdir(parents=True)
    (folder / STAGING / "docs" / "halv.md").write_text("# Halv", encoding="utf-8")
    assert _init(folder) == 0
    assert not (folder / STAGING).exists() and (folder / "conf.py").is_file()


def test_a_catalog_by_address_is_pinned_by_address(tmp_path: Path) -> None:
    url = PUBLISHED_CATALOG.resolve().as_uri()  # file://: no network in tests
    assert _init(tmp_path / "kontor", "--catalog-url", url, "--catalog-version", "2026.1") == 0
    pin = tomllib.loads((tmp_path / "kontor" / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["lis"]["shared_catalog"]
    assert pin == {"url": url, "version": "2026.1"}
    assert not (tmp_path / "kontor" / "katalog").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kontor"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--catalog-version", "1999.9"), "versionen 1999.9 finns inte"),
        (("--catalog-file", "finns-inte.json"), "finns inte"),
        (("--catalog-url", "https://intranat.example.se/katalog.json"), "--catalog-version"),
    ],
)
def test_a_catalog_that_cannot_be_read_writes_nothing(
    tmp_path: Path, extra: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _init(tmp_path / "kontor", *extra) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
