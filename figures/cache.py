"""The on-disk cache of compiled packs (and language profiles): pickles that only we can have written.

Loading a pickle runs whatever code it names, so an entry is trusted only
when nobody else could have put it there:

- the folder (`$FIGURES_CACHE_DIR`, else platformdirs' user cache folder) is
  created 0700; an existing one must be owned by us, and is made 0700 if it
  is group- or other-writable (what was planted before must then pass the
  entry check);
- an entry is read through a descriptor that does not follow symlinks and
  must be a regular file owned by us and not group- or other-writable;
  anything else is refused, removed when we can, and compiled afresh.

Entries are named `<kind>-<tag>-<key>.pickle` (the key hashes the pack files,
the code and the library versions); writing one removes older entries of
the same kind and tag beyond the newest KEEP, and temp files a killed process
left. `FIGURES_CACHE=0` turns the cache off.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import stat
import tempfile
import threading
import time
from pathlib import Path

KEEP = 2  # entries per kind and tag (e.g. two patterns folders of one language)
STALE_TMP = 3600  # seconds after which a temp file is a dead writer's


def folder() -> Path | None:
    """Where the cache lives, or None when it is switched off (nothing is created here)."""
    if os.environ.get("FIGURES_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    if os.environ.get("FIGURES_CACHE_DIR"):
        return Path(os.environ["FIGURES_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("figures", appauthor=False))


def _ours(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (always true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_folder() -> Path | None:
    """The cache folder, created 0700 and checked (see the module docstring), or None."""
    path = folder()
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None  # someone else's folder: never read from it
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            os.chmod(path, 0o700)
    except OSError:
        return None
    return path


def _name(kind: str, tag: str, key: str) -> str:
    return f"{kind}-{tag}-{key}.pickle" if tag else f"{kind}-{key}.pickle"


def read(kind: str, key: str, cls: type, tag: str = ""):
    """A cached object of type `cls`, or None (missing, refused, unreadable or from another build)."""
    base = trusted_folder()
    if base is None:
        return None
    path = base / _name(kind, tag, key)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # missing, or a symlink
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not _ours(st):
            fh.close()
            with contextlib.suppress(OSError):
                path.unlink()  # planted or loosened: never loaded, compiled afresh
            return None
        try:
            obj = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError,
                ValueError, IndexError):
            return None  # from an incompatible build: compiled afresh and overwritten
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the clean-up
    return obj if isinstance(obj, cls) else None


def write(kind: str, key: str, obj, tag: str = "") -> None:
    """Store `obj` (a private temp file, then `os.replace`) and remove stale entries; never raises."""
    base = trusted_folder()
    if base is None:
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=base, prefix=f".{kind}-", suffix=".tmp")  # 0600
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, base / _name(kind, tag, key))
        tmp = None
        _clean(base, kind, tag)
    except (OSError, pickle.PicklingError):
        return  # a read-only or full disk is not an error: the pack is simply compiled next time too
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _clean(base: Path, kind: str, tag: str) -> None:
    """Keep the newest KEEP entries of this kind and tag; drop dead writers' temp files."""
    now = time.time()
    entries = []
    for path in base.iterdir():
        name = path.name
        try:
            mtime = path.lstat().st_mtime
        except OSError:
            continue
        if name.startswith(".") and name.endswith(".tmp"):
            if now - mtime > STALE_TMP:
                with contextlib.suppress(OSError):
                    path.unlink()
        elif tag and name.startswith(f"{kind}-{tag}-") and name.endswith(".pickle"):
            entries.append((mtime, path))
        elif _legacy(name, kind):
            with contextlib.suppress(OSError):
                path.unlink()
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()


def _legacy(name: str, kind: str) -> bool:
    """An entry named by an earlier version (`pack-<32 hex>.pickle`, no tag): never read again."""
    stem = name[len(kind) + 1:-len(".pickle")] if name.startswith(f"{kind}-") and name.endswith(".pickle") else ""
    return len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def lock(name: str):
    """One lock per name, so threads that all meet a cold pack compile it once."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(name, threading.RLock())
