"""Word lists -> compact regex alternations.

Packs hold long word lists (number words in every case, unit surfaces,
qualifier phrases). Turning a list into a trie-shaped alternation keeps the
compiled rules small and fast, and sorting longest-first is not needed
because the trie always tries the longer continuation before stopping.
"""
from __future__ import annotations

import regex


def trie_pattern(words, *, space: str = r"\s+") -> str:
    """An alternation matching any of `words`; spaces inside a phrase match any whitespace run."""
    root: dict = {}
    for word in {w for w in words if w}:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not root:
        return r"(?!)"
    return _emit(root, space)


def _emit(node: dict, space: str) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = space if ch == " " else regex.escape(ch)
        branches.append(piece + _emit(node[ch], space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?"
    return body


def phrase_key(text: str) -> str:
    """How a matched surface is looked up in a pack dictionary: lower case, single spaces."""
    return " ".join(text.lower().split())
