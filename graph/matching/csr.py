"""Rows of ids in compressed-row form: what the match index's arrays are made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Csr:
    """Rows of ids (and optional values) in compressed-row form."""

    ptr: np.ndarray  # int64, len rows + 1
    idx: np.ndarray  # int32
    val: np.ndarray | None = None  # float32, same length as idx

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[int]]) -> Csr:
        """Rows of ids → Csr (no values).

        >>> Csr.from_rows([[1, 2], [], [0]]).row(0).tolist()
        [1, 2]
        """
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        ptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=ptr[1:])
        idx = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(ptr[-1]))
        return cls(ptr, idx)

    def row(self, i: int) -> np.ndarray:
        return self.idx[self.ptr[i] : self.ptr[i + 1]]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids of ``rows`` concatenated, and for each id its position in ``rows``.

        >>> ids, owner = Csr.from_rows([[1, 2], [], [0]]).gather(np.array([2, 0]))
        >>> ids.tolist(), owner.tolist()
        ([0, 1, 2], [0, 1, 1])
        """
        lengths = self.ptr[rows + 1] - self.ptr[rows]  # not np.diff: rows are few, ptr is long
        total = int(lengths.sum())
        starts = np.repeat(self.ptr[rows], lengths)
        offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        owner = np.repeat(np.arange(len(rows)), lengths)
        return self.idx[starts + offsets], owner

    def values(self, i: int) -> np.ndarray:
        assert self.val is not None
        return self.val[self.ptr[i] : self.ptr[i + 1]]
