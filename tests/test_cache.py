"""The compiled-pack cache (figures/cache.py): nobody else's pickle is ever loaded; one compile
for many cold threads; stale entries go."""
from __future__ import annotations

import os
import pickle
import stat
import threading
import time

import pytest

from figures import cache, packs


class Payload:
    """A pickle that runs code when loaded: writes a marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(path))
    monkeypatch.delenv("FIGURES_CACHE", raising=False)
    return path


def test_the_folder_is_created_private_even_under_a_loose_umask(folder):
    old = os.umask(0o002)
    try:
        assert cache.trusted_folder() == folder
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_loose_existing_folder_of_ours_is_tightened(folder):
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    assert cache.trusted_folder() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_default_folder_comes_from_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv("FIGURES_CACHE_DIR", raising=False)
    monkeypatch.delenv("FIGURES_CACHE", raising=False)
    assert str(cache.folder()) == platformdirs.user_cache_dir("figures", appauthor=False)


def _plant(folder, tmp_path, name):
    cache.trusted_folder()
    marker = tmp_path / "owned"
    path = folder / name
    path.write_bytes(pickle.dumps(Payload(marker)))
    return path, marker


def test_a_group_writable_entry_is_refused_and_removed(folder, tmp_path):
    path, marker = _plant(folder, tmp_path, "pack-en-" + "0" * 32 + ".pickle")
    os.chmod(path, 0o664)
    assert cache.read("pack", "0" * 32, object, tag="en") is None
    assert not marker.exists() and not path.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another uid needs root")
def test_an_entry_owned_by_another_user_is_refused(folder, tmp_path):
    path, marker = _plant(folder, tmp_path, "pack-en-" + "1" * 32 + ".pickle")
    os.chmod(path, 0o600)
    os.chown(path, 54321, 54321)
    assert cache.read("pack", "1" * 32, object, tag="en") is None
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another uid needs root")
def test_a_folder_owned_by_another_user_is_not_used(folder, tmp_path):
    folder.mkdir(mode=0o700)
    os.chown(folder, 54321, 54321)
    assert cache.trusted_folder() is None
    cache.write("pack", "2" * 32, {"a": 1}, tag="en")
    assert list(folder.iterdir()) == []


def test_a_symlinked_entry_is_not_followed(folder, tmp_path):
    cache.trusted_folder()
    marker = tmp_path / "owned"
    elsewhere = tmp_path / "elsewhere.pickle"
    elsewhere.write_bytes(pickle.dumps(Payload(marker)))
    (folder / ("pack-en-" + "3" * 32 + ".pickle")).symlink_to(elsewhere)
    assert cache.read("pack", "3" * 32, object, tag="en") is None and not marker.exists()


def test_a_planted_pack_is_recompiled_not_loaded(folder, tmp_path):
    key = packs._cache_key("en", packs.patterns_dir())
    path, marker = _plant(folder, tmp_path, f"pack-en-{key}.pickle")
    os.chmod(path, 0o666)
    pack = packs._load.__wrapped__("en", str(packs.patterns_dir()))
    assert isinstance(pack, packs.Pack) and not marker.exists()
    st = path.stat()  # replaced by our own compile
    assert st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o600
    assert isinstance(cache.read("pack", key, packs.Pack, tag="en"), packs.Pack)


def test_stale_entries_and_dead_temp_files_are_removed(folder):
    cache.trusted_folder()
    dead = folder / ".pack-abc.tmp"
    dead.write_bytes(b"half")
    os.utime(dead, (time.time() - 2 * cache.STALE_TMP,) * 2)
    legacy = folder / ("pack-" + "a" * 32 + ".pickle")
    legacy.write_bytes(b"old")
    other = folder / ("pack-hr-" + "b" * 32 + ".pickle")
    other.write_bytes(pickle.dumps(1))
    for i in range(cache.KEEP + 2):
        cache.write("pack", f"{i:032x}", {"i": i}, tag="en")
        os.utime(folder / f"pack-en-{i:032x}.pickle", (1000 + i,) * 2)
    cache.write("pack", "f" * 32, {"i": "new"}, tag="en")
    names = {p.name for p in folder.iterdir()}
    ens = sorted(n for n in names if n.startswith("pack-en-"))
    assert len(ens) == cache.KEEP and f"pack-en-{'f' * 32}.pickle" in ens
    assert dead.name not in names and legacy.name not in names and other.name in names


def test_sixteen_cold_threads_compile_a_pack_once(tmp_path, monkeypatch):
    root = tmp_path / "patterns"
    root.mkdir()
    monkeypatch.setattr(packs, "patterns_dir", lambda: root)
    monkeypatch.setenv("FIGURES_CACHE", "0")
    built = []

    def slow_pack(lang, folder):
        built.append(lang)
        time.sleep(0.3)  # a compile takes a while: every thread arrives while it runs
        return object()

    monkeypatch.setattr(packs, "Pack", slow_pack)
    monkeypatch.setattr(packs.units_mod, "warm", lambda pack: None)
    barrier = threading.Barrier(16)
    got = []

    def worker():
        barrier.wait()
        got.append(packs.load("zz"))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    packs._load.cache_clear()
    assert built == ["zz"] and len(got) == 16 and len({id(g) for g in got}) == 1
