"""Which engine modules run compiled, and the switch between the compiled and the pure-Python engine.

`pip install .` compiles the engine's own .py modules with Cython (setup.py) where a C compiler is
there; each extension sits beside the .py it was built from, and the build writes
`_compiled.json`: the SHA-256 of every source it compiled. An import finder placed first on
`sys.meta_path` (by `figures/__init__.py`, before any engine module is imported) chooses per module:

* `FIGURES_PURE=1` (any value but empty or 0): the .py source, even where an extension is installed
  (`FIGURES_PURE=rules,matcher`: those modules only);
* an extension whose .py or .pxd changed since the build (an editable install whose developer edited
  the source and did not rebuild), or that the build did not record: the .py, with one warning naming
  them all (`StaleBuildWarning`);
* an extension whose .pxd cimports another engine module (rules.pxd takes matcher's `Doc` as a C
  struct) runs as Python whenever that module does: it cannot use the Python class in its place;
* otherwise the extension.

A module without an extension beside it is left to the ordinary import machinery. `figures.compiled()`
says, per compiled module, which one runs.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import re
import sys
import warnings
from pathlib import Path

PACKAGE = __name__.rpartition(".")[0] or "figures"
HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "_compiled.json"
ENV = "FIGURES_PURE"
_KNOWN = {p.stem for p in HERE.glob("*.py")}


class StaleBuildWarning(UserWarning):
    """A compiled module is older than its .py source: the .py runs (rebuild to run compiled)."""


def pure_requested(name: str | None = None) -> bool:
    """FIGURES_PURE: 1 (any value but empty, 0 or a list) runs every module as Python; a comma list
    of module names ("rules,matcher") runs those as Python and the rest compiled (to find which
    module a difference or a gain comes from). `name=None`: is any module asked for as Python."""
    value = os.environ.get(ENV, "").strip()
    if value in ("", "0"):
        return False
    names = {v.strip() for v in value.split(",")}
    if not names <= _KNOWN:
        return True  # "1", "yes", "all", ...: every module
    return name is None or name in names


def _extension(name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = HERE / (name + suffix)
        if path.is_file():
            return path
    return None


def _recorded() -> dict[str, dict]:
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
        return {str(k): dict(v) for k, v in data.get("modules", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


_CIMPORT = re.compile(r"^\s*(?:from\s+\w+\.(\w+)\s+cimport|cimport\s+\w+\.(\w+))", re.M)


def _cimports(name: str) -> set[str]:
    """The engine modules module `name`'s .pxd cimports (their C layout is built into it)."""
    try:
        text = (HERE / f"{name}.pxd").read_text(encoding="utf-8")
    except OSError:
        return set()
    return {a or b for a, b in _CIMPORT.findall(text)} - {name}


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class _Finder:
    """Meta-path finder for `figures.<module>` where an extension of that module exists."""

    def __init__(self) -> None:
        recorded = _recorded()
        self.built: dict[str, Path] = {}  # module -> its extension file
        self.stale: dict[str, str] = {}  # module -> why its extension is not used
        self.recorded = recorded
        names = {p.name.split(".", 1)[0] for p in HERE.iterdir() if p.suffix in (".so", ".pyd")} | set(recorded)
        for name in sorted(names):
            ext = _extension(name)
            if ext is None or not (HERE / f"{name}.py").is_file():
                continue
            self.built[name] = ext
            want = recorded.get(name, {})
            if want.get("py") is None:
                self.stale[name] = "not recorded by the last build"
            elif want["py"] != _sha256(HERE / f"{name}.py") or want.get("pxd") != _sha256(HERE / f"{name}.pxd"):
                self.stale[name] = "source changed since the build"
        self.cimports = {name: _cimports(name) for name in self.built}
        for name in self._follow(set(self.stale)):
            self.stale.setdefault(name, "cimports a module whose source changed since the build")
        stale = sorted(n for n in self.stale if not pure_requested(n))
        if stale:
            warnings.warn(
                f"figures: {len(stale)} compiled module(s) older than their source run as Python: "
                f"{', '.join(stale)} (rebuild: `pip install .`, or `python setup.py build_ext "
                "--inplace` for an editable install)", StaleBuildWarning, stacklevel=3)

    def _follow(self, python: set[str]) -> set[str]:
        """`python` and every module that cimports one of them (directly or not)."""
        out = set(python)
        grew = True
        while grew:
            grew = False
            for name, needs in self.cimports.items():
                if name not in out and needs & out:
                    out.add(name)
                    grew = True
        return out

    def as_python(self, name: str) -> bool:
        """Whether module `name` runs from its .py: asked for (FIGURES_PURE), stale, or it cimports one."""
        if name in self.stale or pure_requested(name):
            return True
        return name in self._follow({n for n in self.built if pure_requested(n)})

    def find_spec(self, fullname: str, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in self.built:
            return None
        if self.as_python(name):
            return importlib.util.spec_from_file_location(fullname, HERE / f"{name}.py")
        return importlib.util.spec_from_file_location(fullname, self.built[name])

    def invalidate_caches(self) -> None:
        pass


_FINDER: _Finder | None = None


def install() -> None:
    """Put the finder first on sys.meta_path (once per process)."""
    global _FINDER
    if _FINDER is None:
        _FINDER = _Finder()
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def compiled() -> dict[str, str]:
    """Each module the installed build compiled -> what runs: "compiled", "pure" (FIGURES_PURE is set)
    or "stale" (its source changed since the build: the .py runs). Empty for a pure-Python install.

    A module already imported is reported as it was imported; one not imported yet, as it would be.
    """
    finder = _FINDER or _Finder()
    out = {}
    for name in finder.built:
        module = sys.modules.get(f"{PACKAGE}.{name}")
        if module is not None:
            loader = getattr(module.__spec__, "loader", None)
            running = isinstance(loader, importlib.machinery.ExtensionFileLoader)
            out[name] = "compiled" if running else "stale" if name in finder.stale else "pure"
        else:
            out[name] = "stale" if name in finder.stale else "pure" if finder.as_python(name) else "compiled"
    return out


def fingerprint() -> bytes:
    """What the compiled part of the running code is (for keys of caches that pickle engine objects)."""
    state = compiled()
    finder = _FINDER or _Finder()
    return json.dumps({n: finder.recorded.get(n) for n, s in sorted(state.items()) if s == "compiled"},
                      sort_keys=True).encode()
