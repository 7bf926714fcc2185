"""lis check and lis build --strict give the same verdict on the same broken project.

Everything that makes the strict build fail makes the check fail too, with a
LIS code, a Swedish message and the file and line to fix (and the other way round).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checks.main import main
from gatefixture import QUIET, TODAY, copy_project, text_line

TODAY_ARG = TODAY.isoformat()


def _append(rel: str, text: str) -> Callable[[Path], tuple[str, str]]:
    def edit(root: Path) -> tuple[str, str]:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        return rel, text.strip().splitlines()[0]

    return edit


def _new_page(root: Path) -> tuple[str, str]:
    (root / "docs" / "los.md").write_text("# Lös sida\n\nText.\n", encoding="utf-8")
    return "docs/los.md", "# Lös sida"


def _unshown_catalog(root: Path) -> tuple[str, str]:
    (root / "requirements" / "extra.yaml").write_text(
        "source:\n  id: EXTRA\n  title: Extra\nrequirements:\n  - id: EXTRA-1\n    title: Ett krav\n"
        "    ref: 1 §\n    text: Något.\n    applicable: true\n",
        encoding="utf-8",
    )
    return "requirements/extra.yaml", "  id: EXTRA"


BROKEN = {
    "need-roll": ("LIS005", _append("docs/rutiner.md", "\nSe {need}`RUT-999`.\n")),
    "need-roll-del": ("LIS005", _append("docs/rutiner.md", "\nSe {need}`RUT-001.finns-inte`.\n")),
    "markdown-länk": ("LIS005", _append("docs/rutiner.md", "\nSe [sidan](finns-inte.md).\n")),
    "ankare": ("LIS005", _append("docs/rutiner.md", "\nSe [rubriken](#ingen-sadan-rubrik).\n")),
    "okänt-direktiv": ("LIS001", _append("docs/rutiner.md", "\n```{rutin}\nText\n```\n")),
    "sida-utan-toctree": ("LIS006", _new_page),
    "katalog-utan-sida": ("LIS007", _unshown_catalog),
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--today", TODAY_ARG])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LIS_TODAY", raising=False)
    return copy_project(QUIET, tmp_path / "p")


def test_the_quiet_project_passes_both(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check", "--root", str(project))[0] == 0
    assert _run(capsys, "build", "--strict", "--root", str(project), "--out", str(tmp_path / "html"))[0] == 0


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_and_strict_build_agree(case: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code_expected, edit = BROKEN[case]
    file, needle = edit(project)
    line = text_line(project / file, needle)
    check_code, out = _run(capsys, "check", "--root", str(project))
    build_code, build_out = _run(capsys, "build", "--strict", "--root", str(project), "--out", str(tmp_path / "html"))
    assert (check_code, build_code) == (1, 1)
    # the check names the rule, the file and the line, in Swedish
    assert f"{file}:{line}: {code_expected}" in out or (
        code_expected in ("LIS006", "LIS007") and f"{file}:" in out and code_expected in out
    ), out
    assert any(word in out for word in ("Sidan", "Länken", "Hänvisningen", "Katalogen", "Okänt")), out
    # and the build reports the same finding
    assert code_expected in build_out


@pytest.mark.parametrize(
    "role",
    [
        "{need}`RUT-999`",
        "{need}`RUT-001.finns-inte`",
        "{need}`egen text <RUT-998>`",
        "{need}`[[id]] <RUT-997>`",
        # a text template sphinx-needs cannot render: the check leaves it to sphinx-needs
        "{need}`[[title|finns_inte]] <RUT-001>`",
    ],
)
def test_a_broken_need_role_is_the_same_finding_in_both(
    role: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check looks a role's need up itself (checks/sphinxext/check_builder.py); the
    build renders it with sphinx-needs: the same finding, word for word."""
    file, needle = _append("docs/rutiner.md", f"\nSe {role}.\n")(project)
    line = text_line(project / file, needle)
    _, out = _run(capsys, "check", "--root", str(project))
    _, build_out = _run(capsys, "build", "--strict", "--root", str(project), "--out", str(tmp_path / "html"))
    found = [row.strip() for row in out.splitlines() if row.strip().startswith(f"{file}:{line}: LIS005")]
    assert len(found) == 1, out
    assert found[0] in [row.strip() for row in build_out.splitlines()]
    # one line, in Swedish first: no template error drawn over several lines
    assert "__compiled__" not in out and found[0].split(": LIS005 ")[1].startswith("Hänvisningen")
