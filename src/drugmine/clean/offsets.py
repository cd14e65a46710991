"""Cleaned text that remembers, for every character, which raw characters it came from."""

from __future__ import annotations

from array import array
from dataclasses import dataclass


@dataclass
class CleanText:
    """Cleaned text plus per-character raw spans: char i came from raw[starts[i]:ends[i]]."""

    text: str
    starts: array
    ends: array

    @classmethod
    def identity(cls, raw: str) -> CleanText:
        n = len(raw)
        return cls(raw, array("l", range(n)), array("l", range(1, n + 1)))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean [start, end); end is exclusive, start < end."""
        return self.starts[start], self.ends[end - 1]


class TextBuilder:
    """Appends pieces of text with their raw provenance and yields a CleanText."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.starts = array("l")
        self.ends = array("l")
        self._last_end = 0

    def __len__(self) -> int:
        return len(self.starts)

    def add(self, text: str, raw_start: int, raw_end: int) -> None:
        """Add text taken from raw[raw_start:raw_end]; same length maps 1:1, else all-to-span."""
        if not text:
            return
        self._parts.append(text)
        if len(text) == raw_end - raw_start:
            self.starts.extend(range(raw_start, raw_end))
            self.ends.extend(range(raw_start + 1, raw_end + 1))
        else:
            self.starts.extend([raw_start] * len(text))
            self.ends.extend([raw_end] * len(text))
        self._last_end = raw_end

    def add_mapped(self, text: str, starts, ends) -> None:
        """Add text whose characters already carry raw spans (from another CleanText)."""
        if not text:
            return
        self._parts.append(text)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self._last_end = ends[-1]

    def add_synthetic(self, text: str) -> None:
        """Add separator text (newlines) that stands for no raw character."""
        if not text:
            return
        self._parts.append(text)
        self.starts.extend([self._last_end] * len(text))
        self.ends.extend([self._last_end] * len(text))

    def tail(self, n: int) -> str:
        """The last n characters built so far (for separator decisions)."""
        out = ""
        for part in reversed(self._parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:]

    def build(self) -> CleanText:
        return CleanText("".join(self._parts), self.starts, self.ends)
