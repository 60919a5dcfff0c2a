"""The compiled engine: Cython builds the engine's own .py modules (pure-Python mode) as extension modules.

Everything else about the package is in pyproject.toml; this file only adds `ext_modules`.

* The sources stay plain Python: each listed module is compiled from figures/<name>.py as it is, with
  the optional figures/<name>.pxd beside it adding C types (cdef classes, typed locals). The .py is
  the pure-Python path, so both paths give the same tables by construction (tests/test_compiled.py).
* Every extension is optional: without Cython, a C compiler or the Python headers the build warns
  and installs the pure-Python package, which runs unchanged.
* The build records each compiled source's SHA-256 in figures/_compiled.json beside the modules;
  figures/_compiled.py runs the .py instead of an extension whose source changed since (a stale
  in-tree build after an editable install), and FIGURES_PURE=1 runs the .py sources always.
* FIGURES_NO_COMPILE=1 at install time builds no extension (a pure-Python install on purpose).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
#: The engine modules compiled: the token layer and the per-figure loop (tokens, lexicon lookups,
#: numerals, rule sequences, the overlap policy). text, context, nouns, frames and clauses were
#: measured compiled too and gained nothing (their time is in `regex` calls): they stay Python, which
#: also keeps the build about 40 % shorter (benchmarks/README.md, "Compiled engine").
MODULES = ["tokens", "lexicon", "sequences", "prefilter", "matcher", "rules", "numbers", "digits", "compounds",
           "resolve"]
MANIFEST = "_compiled.json"
DIRECTIVES = {
    "language_level": 3,
    # Annotations are documentation for mypy, never C types: `x: float` would turn an int into a
    # double and `-> list` would reject a subclass. C types come from the .pxd files only.
    "annotation_typing": False,
    "binding": True,
}


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class BuildExt(build_ext):
    """Cythonize at build time (not whenever setup.py is read), in parallel; record what was built."""

    def initialize_options(self) -> None:
        super().initialize_options()
        self._built: dict[str, dict] = {}

    def finalize_options(self) -> None:
        # before setuptools' own finalize_options, which prepares each extension it is given
        self.distribution.ext_modules = self._cythonize(self.distribution.ext_modules or [])
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def _cythonize(self, extensions: list[Extension]) -> list[Extension]:
        if os.environ.get("FIGURES_NO_COMPILE"):
            return []
        if not any(ext.sources[0].endswith(".py") for ext in extensions):
            return extensions  # cythonized already (this command was finalized before)
        try:
            from Cython.Build import cythonize
        except ImportError:
            self.warn("Cython is not installed: the pure-Python engine is installed (no compiled modules)")
            return []
        options = dict(compiler_directives=DIRECTIVES, build_dir="build/cython", quiet=True)
        out: list[Extension] = []
        # one module per job (Cython is pure Python: processes, not threads), so that a module Cython
        # rejects leaves the others compiled
        with ProcessPoolExecutor(max_workers=min(len(extensions), os.cpu_count() or 1)) as pool:
            jobs = [(ext, pool.submit(cythonize, [ext], **options)) for ext in extensions]
            for ext, job in jobs:
                try:
                    built = job.result()
                    for e in built:
                        e.optional = True  # cythonize's copy forgets it: a module that fails to compile stays .py
                    out += built
                except Exception as e:  # noqa: BLE001  Cython's CompileError and friends: that module stays .py
                    self.warn(f"Cython could not compile {ext.name} ({e}): it runs as Python")
        return out

    def run(self) -> None:
        super().run()
        self._write_manifest()

    def build_extension(self, ext: Extension) -> None:
        if self.compiler.compiler_type == "unix" and "-g0" not in ext.extra_compile_args:
            ext.extra_compile_args.append("-g0")  # no debug information: a third less compile time
        super().build_extension(ext)  # raises on failure; an optional extension's error is caught above us
        base = HERE / ext.name.replace(".", "/")
        pxd = base.with_suffix(".pxd")
        self._built[ext.name.rsplit(".", 1)[1]] = {
            "py": source_hash(base.with_suffix(".py")), "pxd": source_hash(pxd) if pxd.is_file() else None}

    def _write_manifest(self) -> None:
        """figures/_compiled.json beside the built modules: {module: SHA-256 of the .py (and .pxd) it was built from}."""
        target = Path(self.get_ext_fullpath("figures.tokens")).parent / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self.extensions:
            target.unlink(missing_ok=True)
            return
        data = {"python": sys.implementation.cache_tag, "modules": dict(sorted(self._built.items()))}
        target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


setup(
    ext_modules=[Extension(f"figures.{m}", [f"figures/{m}.py"], optional=True) for m in MODULES],
    cmdclass={"build_ext": BuildExt},
)
