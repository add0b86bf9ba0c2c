"""Agreement statistics of two coders on binary units, computed from counts.

A unit is one character (or one character of one code, for the overall figure); each coder
gives it 1 (coded) or 0. With N units, n11 coded by both, n10 by A only, n01 by B only and
n00 by neither:

    percent agreement   100 (n11 + n00) / N
    Cohen's kappa       (po - pe) / (1 - pe), po = (n11 + n00) / N,
                        pe = pA pB + (1 - pA)(1 - pB), pA = (n11 + n10) / N, pB = (n11 + n01) / N
    Krippendorff alpha  1 - (n - 1)(n10 + n01) / (n0 n1), nominal, two coders, no missing values:
                        n = 2N pairable values, n1 = 2 n11 + n10 + n01 ones, n0 = 2 n00 + n10 + n01 zeros

Both are undefined (None) when every unit got the same value from both coders (pe = 1; one
value only): agreement is then perfect, percent agreement says so, and chance agreement cannot
be told from it. When one coder coded nothing and the other something, kappa is 0 and alpha a
little below 0.

Coverage is counted by interval arithmetic over the coders' selections (`pair_counts`), never
character by character, so a million characters cost what their few thousand selections cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Counts", "pair_counts", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]


@dataclass(frozen=True, slots=True)
class Counts:
    """A 2x2 table of units: coded by both, by A only, by B only, by neither."""

    n11: int
    n10: int
    n01: int
    n00: int

    @property
    def units(self) -> int:
        return self.n11 + self.n10 + self.n01 + self.n00

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.n11 + other.n11, self.n10 + other.n10, self.n01 + other.n01, self.n00 + other.n00)


def _covered(points: np.ndarray, intervals: np.ndarray) -> np.ndarray:
    """For each elementary interval [points[i], points[i+1]), whether any of `intervals` covers it."""
    n = len(points)
    delta = (np.bincount(np.searchsorted(points, intervals[:, 0]), minlength=n)
             - np.bincount(np.searchsorted(points, intervals[:, 1]), minlength=n))
    return np.cumsum(delta)[:-1] > 0


def pair_counts(a: np.ndarray, b: np.ndarray, units: int) -> Counts:
    """The 2x2 counts of `units` positions 0..units-1, where coder A marks those inside any of the
    half-open intervals `a` (an (k, 2) array of start, end) and coder B those inside `b`.

    Raises ValueError if an interval leaves 0..units or ends before it starts.
    """
    a = np.asarray(a, dtype=np.int64).reshape(-1, 2)
    b = np.asarray(b, dtype=np.int64).reshape(-1, 2)
    both = np.concatenate([a, b])
    if len(both) and (both.min() < 0 or both.max() > units or (both[:, 1] < both[:, 0]).any()):
        raise ValueError(f"an interval lies outside 0..{units} or ends before it starts")
    points = np.unique(np.concatenate([both.ravel(), [0, units]]))
    lengths = np.diff(points)
    in_a, in_b = _covered(points, a), _covered(points, b)
    n11 = int(lengths[in_a & in_b].sum())
    n_a, n_b = int(lengths[in_a].sum()), int(lengths[in_b].sum())
    return Counts(n11, n_a - n11, n_b - n11, units - n_a - n_b + n11)


def percent_agreement(c: Counts) -> float | None:
    """100 times the share of units both coders gave the same value (None without units)."""
    return 100.0 * (c.n11 + c.n00) / c.units if c.units else None


def cohen_kappa(c: Counts) -> float | None:
    """Cohen's kappa of the table, or None when undefined (every unit one value from both coders)."""
    n = c.units
    if not n:
        return None
    po = (c.n11 + c.n00) / n
    pa, pb = (c.n11 + c.n10) / n, (c.n11 + c.n01) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe >= 1 else (po - pe) / (1 - pe)


def krippendorff_alpha(c: Counts) -> float | None:
    """Krippendorff's alpha (nominal, two coders, no missing values), or None when the units hold one value only."""
    n = 2 * c.units
    ones = 2 * c.n11 + c.n10 + c.n01
    zeros = 2 * c.n00 + c.n10 + c.n01
    if not ones or not zeros:
        return None
    return 1 - (n - 1) * (c.n10 + c.n01) / (ones * zeros)
