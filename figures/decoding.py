"""Bytes to text: which encoding a document is in, and what was lost reading it.

News archives mix UTF-8 with the legacy code pages of their region: Windows-1252
for English and Western text (its 0x80-0x9F bytes are the euro sign and curly
quotes, which latin-1 reads as control characters), Windows-1250 and ISO-8859-2
for Croatian and Bosnian, Windows-1251 for Serbian Cyrillic. Byte order marks
and UTF-8 are decided here by rule; between the legacy code pages a real
detector (charset-normalizer, restricted to LEGACY) chooses, because telling
them apart needs letter statistics, not byte rules.
"""
from __future__ import annotations

import codecs
import warnings
from dataclasses import dataclass

import regex

#: The legacy code pages a BOM-less, non-UTF-8 document may be in, in the order that breaks a tie.
LEGACY = ("cp1252", "cp1250", "iso8859_2", "cp1251")

_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1 = regex.compile(r"[\x80-\x9f]")  # control codes: a code page that yields them read the bytes wrong


class DecodeError(ValueError):
    """A file that cannot be read as text (binary, or broken Unicode after a BOM)."""

    def __init__(self, path: object, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


class DecodeWarning(UnicodeWarning):
    """A document was read, but some of its bytes were not valid text and became U+FFFD."""


@dataclass(frozen=True)
class Decoded:
    """A decoded document: its text, the encoding used, and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences read as U+FFFD (one character each)

    @property
    def note(self) -> str | None:
        """What a user should know about the reading, or None when it was clean."""
        if not self.replaced:
            return None
        return (f"{self.replaced} invalid {self.encoding} byte sequence(s) read as U+FFFD "
                "(offsets count each as one character)")


def has_bom(head: bytes) -> bool:
    return any(head.startswith(bom) for bom, _ in _BOMS)


def decode(data: bytes, name: object = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode a document; raises DecodeError when it is not text.

    0. An explicit `encoding` is used as given (undecodable bytes become U+FFFD,
       counted in `replaced`); an unknown name is a DecodeError.
    1. A byte order mark decides (UTF-8, UTF-16, UTF-32); broken Unicode after
       it is a DecodeError.
    2. NUL bytes without a BOM: UTF-16 when they sit on every other byte of a
       text that then decodes cleanly (BOM-less UTF-16), else a binary file.
    3. Strict UTF-8.
    4. UTF-8 with a few broken sequences (a truncated or spliced file; at least as
       many valid multi-byte characters as broken sequences): each broken
       sequence read as U+FFFD, counted in `replaced`.
    5. Otherwise one of the LEGACY code pages, chosen by charset-normalizer
       (see `legacy`).
    """
    if encoding is not None:
        return _explicit(data, name, encoding)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as err:
                raise DecodeError(name, f"invalid {enc} after its byte order mark ({err.reason})") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise DecodeError(name, f"binary file (NUL byte at offset {nul}), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if good and good >= bad:
        return Decoded(text, "utf-8", bad)
    return legacy(data)


def legacy(data: bytes) -> Decoded:
    """`data` in the LEGACY code page charset-normalizer finds most plausible.

    Its readings are ranked by its "mess" (chaos) first. A reading with C1
    control codes is dropped (ISO-8859-2 reads cp1250's š, ž, Š, Ž that way),
    and one with symbols glued to letters ranks lower (cp1250 reads
    ISO-8859-2's "Šibenik" as "©ibenik").
    Short texts often leave the detector undecided between code pages that
    share the ASCII letters, so before its language fit (coherence) comes a
    byte-level cue: a right reading keeps a text's accented letters in one
    Unicode block (Croatian č, š, ž are all Latin Extended-A; French é, à, û
    all Latin-1), a wrong one mixes blocks (cp1252 reads Croatian "čak" as
    "èak" beside its "š"). Remaining ties go to the order of LEGACY, with
    ISO-8859-2 before cp1250 when no byte is in 0x80-0x9F (where cp1250 keeps
    š, ž, ś, ź, ť and their capitals). When no candidate reads the bytes,
    cp1252 with U+FFFD for the bytes it does not define.
    """
    from charset_normalizer import from_bytes

    order = list(LEGACY)
    if not _HIGH_C1.search(data):
        order.remove("iso8859_2")
        order.insert(order.index("cp1250"), "iso8859_2")
    found = []
    for match in from_bytes(data, cp_isolation=list(LEGACY)):
        text = str(match)
        same = [enc for enc in order if enc in (match.could_be_from_charset or [match.encoding])]
        if same and not _C1.search(text):  # `same`: code pages giving this very text (English: cp1252, cp1250)
            key = (round(match.chaos, 2), len(_GLUED.findall(text)), _blocks(text), -round(match.coherence, 2),
                   order.index(same[0]))
            found.append((key, same[0], text))
    if found:
        _, enc, text = min(found)
        return Decoded(text, _LABELS.get(enc, enc))
    text = data.decode("cp1252", "replace")
    return Decoded(text, "cp1252", text.count("\ufffd"))  # cp1252 bytes cannot hold U+FFFD itself


_HIGH_C1 = regex.compile(rb"[\x80-\x9f]")
_GLUED = regex.compile(r"(?<=\p{L})[\p{S}\p{No}]|[\p{S}\p{No}](?=\p{L})")  # "©ibeniku", "®epči", "¹ezdeset"
_BLOCKS = ((0x00C0, 0x0100), (0x0100, 0x0180), (0x0180, 0x0250), (0x0370, 0x0400), (0x0400, 0x0530))


def _blocks(text: str) -> int:
    """How many Unicode blocks the text's non-ASCII letters come from (Latin-1, Latin Extended-A/B,
    Greek, Cyrillic; anything else counts as one more)."""
    seen = set()
    for ch in set(regex.findall(r"[^\x00-\x7f]", text)):
        if ch.isalpha():
            code = ord(ch)
            seen.add(next((i for i, (lo, hi) in enumerate(_BLOCKS) if lo <= code < hi), -1))
    return len(seen)


_LABELS = {"iso8859_2": "iso-8859-2"}


def _explicit(data: bytes, name: object, encoding: str) -> Decoded:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(name, f"unknown encoding {encoding!r}") from None
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, "replace")
        return Decoded(text, encoding, text.count("\ufffd") - data.count("\ufffd".encode("utf-8")))


def decode_bytes(data: bytes, name: object = "<bytes>", encoding: str | None = None) -> str:
    """The text of a document (see `decode`); warns with DecodeWarning when bytes were replaced."""
    decoded = decode(data, name, encoding)
    if decoded.replaced:
        warnings.warn(f"{name}: {decoded.note}", DecodeWarning, stacklevel=2)
    return decoded.text


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte order mark: NULs on one parity only, and clean text once decoded."""
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return None
    encoding = "utf-16-be" if even else "utf-16-le"
    if max(even, odd) < len(data) // 8:  # mostly non-Latin text has few NULs; too few to tell
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return Decoded(text, encoding)
