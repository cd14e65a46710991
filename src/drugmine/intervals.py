"""Overlap tests in (near) linear time for the candidate layers.

Every layer keeps or drops a span by whether it overlaps spans chosen before; a scan of
all of them per span is quadratic in the page length (minutes on a 1M-character page).
Spans are half-open character spans ``[start, end)``; the tests agree exactly with
``start < e and s < end`` over the spans compared against.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class SpanIndex:
    """A fixed set of spans: starts in order with the running maximum of their ends, so
    "does [start, end) overlap any?" is one bisect."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(spans)
        self._starts = [s for s, _ in pairs]
        self._max_end = list(accumulate((e for _, e in pairs), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # the spans that start before `end`
        return i > 0 and self._max_end[i - 1] > start


class Occupied:
    """Characters taken by a greedy selection of non-empty spans: a test and a mark cost
    the span's own length. Two non-empty spans overlap iff they share a character."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) >= 0

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)


class Enclosing:
    """A fixed set of spans: "is [start, end) inside one of them, and not that span itself"
    (``s <= start and end <= e and (s, e) != (start, end)``) in one bisect."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(spans)
        self._starts = [s for s, _ in pairs]
        self._max_end = list(accumulate((e for _, e in pairs), max))
        self._first_start: dict[int, int] = {}  # end -> the smallest start ending there
        for s, e in pairs:
            self._first_start.setdefault(e, s)

    def strictly_contains(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, start + 1)  # the spans that start at or before `start`
        if i and self._max_end[i - 1] > end:
            return True
        return self._first_start.get(end, start) < start
