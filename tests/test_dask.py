"""figures.dask on a real two-process LocalCluster gives the table of the local run."""
from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

import figures
from figures import table

from conftest import news_texts

pytestmark = pytest.mark.slow  # starts a two-process Dask cluster
dd = pytest.importorskip("dask.dataframe", reason="the `dask` extra (dask[dataframe], distributed) is not installed")
distributed = pytest.importorskip("distributed", reason="the `dask` extra (distributed) is not installed")


@pytest.fixture(scope="module")
def client(dask_cluster):
    with distributed.Client(dask_cluster) as c:
        yield c


def _frame() -> pd.DataFrame:
    texts = news_texts(16)
    return pd.DataFrame({"body": texts, "n": range(len(texts))},
                        index=pd.Index([f"doc{i:02d}" for i in range(len(texts))], name="id"))


def test_same_table_as_the_local_run(client):
    import figures.dask

    pdf = _frame()
    ddf = dd.from_pandas(pdf, npartitions=4)
    lazy = figures.dask.extract(ddf, "body", lang="en")
    assert list(lazy.columns) == figures.COLUMNS
    assert dict(lazy.dtypes) == dict(table.empty_frame().dtypes)  # meta
    got = table.coerce(lazy.compute())
    want = figures.extract_many(list(zip(pdf.index, pdf["body"])), lang="en")
    pdt.assert_frame_equal(got, want)
    assert set(got["doc_id"]) <= set(pdf.index)


def test_missing_texts_are_errors_not_figures(client):
    import figures.dask

    pdf = pd.DataFrame({"body": ["killed 5 people", None, "about 20 miles"]}, index=[10, 11, 12])
    ddf = dd.from_pandas(pdf, npartitions=2)
    got = figures.dask.extract(ddf, "body").compute()
    assert list(got["doc_id"]) == ["10", "12"]
    errs = figures.dask.errors(ddf, "body").compute()
    assert list(errs["doc_id"]) == ["11"] and list(errs["stage"]) == ["read"]


def test_unknown_column():
    import figures.dask

    ddf = dd.from_pandas(pd.DataFrame({"a": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="body"):
        figures.dask.extract(ddf, "body")
