"""The built wheel works on its own: a non-editable install finds the bundled article.

Builds the wheel, installs it (without dependencies) into a throwaway venv that sees
this environment's packages through a .pth file, and runs the installed ``cubatui``
from a folder outside the repo. Deselect with ``-m "not slow"``.
"""

from __future__ import annotations

import json
import os
import zipfile
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from paths import ROOT, SEED

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, venv cubatui script, a cwd outside the repo, env) of a fresh install."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    build = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT], tmp, env)
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp / "dist").glob("cubatui-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, env)
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    venv_site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          tmp, env).stdout.strip())
    # Install before the venv can see this environment: pip would otherwise find the
    # cubatui installed here and call the requirement already satisfied.
    install = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel], tmp, env)
    assert install.returncode == 0, install.stderr
    # The venv's own site-packages comes first, so ITS cubatui wins over the one here;
    # dependencies (spaCy, the model, ...) come from this environment, not reinstalled.
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (venv_site / "_outer_env.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")
    outside = tmp / "elsewhere"
    outside.mkdir()
    return python, bindir / "cubatui", outside, venv, env, wheel


def test_the_installed_package_is_the_wheel(installed):
    python, _, cwd, venv, env, _ = installed
    probe = _run([python, "-c", "import cubatui, cubatui.locations as l; "
                  "print(cubatui.__file__); print(l.default_article())"], cwd, env)
    assert probe.returncode == 0, probe.stderr
    module_file, article = (Path(line) for line in probe.stdout.splitlines())
    assert module_file.is_relative_to(venv)
    assert article.is_relative_to(venv) and article.is_file()


def test_installed_cubatui_analyzes_the_bundled_article(installed):
    _, script, cwd, venv, env, _ = installed
    run = _run([script, "analyze"], cwd, env)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["article"]["text"] == SEED.read_text(encoding="utf-8")
    assert Path(data["article"]["source"]).is_relative_to(venv)


def test_installed_version(installed):
    python, _, cwd, _, env, _ = installed
    from cubatui import __version__

    run = _run([python, "-m", "cubatui", "--version"], cwd, env)
    assert run.returncode == 0 and run.stdout.strip() == f"cubatui {__version__}"


def test_wheel_holds_every_package_file_and_asset(installed):
    """Data files (stylesheets, lexicons, articles) ship too, not only the .py files."""
    *_, wheel = installed
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    expected = set()
    for top, prefix in ((ROOT / "cubatui", "cubatui"), (ROOT / "assets", "cubatui/assets")):
        for path in top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                expected.add(f"{prefix}/{path.relative_to(top).as_posix()}")
    assert expected - names == set()
