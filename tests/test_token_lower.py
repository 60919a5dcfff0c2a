"""The token layer lower-cases through a memo; its `low` must be `str.lower` of each token, for any string."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from figures.tokens import tokenize

_alphabet = st.sampled_from(list("aZ. -5İIı\n") + ["ß", "ǅ", "Σ", "ς", "Ж", "\u0301", "ﬁ", "😀", "\ud800", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_alphabet)))
def test_low_is_str_lower_of_each_token(text):
    toks = tokenize(text)
    assert toks.low == [t.lower() for t in toks.raw]
    assert tokenize(text).low == toks.low  # the second time from the memo
