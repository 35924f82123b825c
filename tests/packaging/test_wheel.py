"""The wheel is the product: built, installed into a fresh venv and run from another folder, it
renders a document with its own clause library, outlines and styles (no checkout needed)."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # from a clean copy of the source: a stale build/ folder of an earlier build must not fill the gaps
    src = tmp / "src"
    shutil.copytree(REPO, src, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", ".venv", "build", "output", "*.egg-info", "__pycache__", ".hypothesis"))
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("docgen-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    # The dependencies (not docgen) come from this venv: a path entry is not a site dir, so the
    # editable install's .pth hook there is not run and only the wheel's docgen is importable.
    purelib = Path(subprocess.check_output([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                           text=True).strip())
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["DOCGEN_CACHE_DIR"] = "off"
    return subprocess.run([str(env_dir / "bin" / "docgen"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_installed_wheel_carries_the_library_and_renders_from_another_folder(installed, tmp_path):
    where = subprocess.check_output([str(installed / "bin" / "python"), "-c", "import docgen; print(docgen.__file__)"],
                                    cwd=tmp_path, text=True).strip()
    assert where.startswith(str(installed)), where
    deal = tmp_path / "deal.yaml"
    deal.write_bytes((REPO / "deals" / "heating-sweep-guaranteed.yaml").read_bytes())
    r = run(installed, "render", "deal.yaml", "-o", "out", "--docs", "shortfall-undertaking", "--layout", "zh",
            "--format", "pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text("utf-8"))
    assert list(manifest["files"]) == ["shortfall-undertaking-zh.pdf"]
    assert manifest["files"]["shortfall-undertaking-zh.pdf"]["pages"] > 1
    lint = run(installed, "lint", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
