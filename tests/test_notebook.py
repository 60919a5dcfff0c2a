"""examples/quickstart.ipynb: committed with its outputs, on the installed package, and still runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_committed_with_outputs_and_without_path_edits():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = _code_cells(nb)
    counts = [c.get("execution_count") for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "run all cells top to bottom before committing"
    silent = [c for c in cells if not c.get("outputs")]  # only the offsets check prints nothing
    assert [_source(c).split()[0] for c in silent] == ["assert"]
    assert not [o for c in cells for o in c["outputs"] if o.get("output_type") == "error"]
    sources = "\n".join(_source(c) for c in cells)
    assert "sys.path" not in sources and "os.chdir" not in sources  # the installed package, as a user has it
    assert "figures.tolls(" in sources and '.agg(["count", "sum"])' not in sources  # totals by §9, not sums
    outputs = json.dumps([c["outputs"] for c in cells])
    assert "/work/" not in outputs and "/home/" not in outputs  # no machine paths committed


@pytest.mark.slow  # starts a Jupyter kernel
def test_quickstart_notebook_executes():
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (test extra)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (test extra)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (test extra)")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError naming the failing cell
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<mark id=" in h for h in html), "the highlight cell should display marked figures"
    assert any('class="figures-ex"' in h and "<table>" in h for h in html), "explain() should show tables"
