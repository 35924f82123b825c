"""The per-user cache stays under its size limit, dropping the entries used longest ago."""

import os
import time

from docgen.assembly import diskcache


def test_the_cache_folder_stays_under_its_limit_and_keeps_what_was_used_last(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    old = time.time() - 1000
    for i in range(20):  # 20 entries of 100 kB, each older than the next
        diskcache.store("figure", f"k{i:02}", b"x" * 100_000)
        os.utime(tmp_path / "figure" / f"k{i:02}.bin", (old + i, old + i))
    assert diskcache.load("figure", "k00") is not None  # a hit: k00 is now the entry used last
    diskcache.prune(tmp_path, limit=1_000_000)
    left = sorted(p.stem for p in (tmp_path / "figure").iterdir())
    assert sum(p.stat().st_size for p in (tmp_path / "figure").iterdir()) <= 750_000
    assert "k00" in left and "k19" in left  # used last, written last
    assert "k01" not in left and "k02" not in left  # used longest ago


def test_a_folder_under_the_limit_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    for i in range(5):
        diskcache.store("jinja", f"k{i}", b"y" * 1000)
    diskcache.prune(tmp_path, limit=1_000_000)
    assert len(list((tmp_path / "jinja").iterdir())) == 5


def test_the_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_MAX_MB", "2")
    assert diskcache.max_bytes() == 2 * 1024 * 1024
    monkeypatch.setenv("DOCGEN_CACHE_MAX_MB", "lots")
    assert diskcache.max_bytes() == diskcache.DEFAULT_MAX_MB * 1024 * 1024
