"""The agreement statistics equal independent computations: scikit-learn's cohen_kappa_score and
the krippendorff package, on per-character arrays built here from the same intervals."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from graph.agreement.stats import Counts, cohen_kappa, krippendorff_alpha, pair_counts, percent_agreement


def marks(intervals: list[tuple[int, int]], units: int) -> np.ndarray:
    """The reference: one 0/1 value per character, set character by character."""
    a = np.zeros(units, dtype=int)
    for start, end in intervals:
        for i in range(start, end):
            a[i] = 1
    return a


def reference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    return (100.0 * float(np.mean(a == b)), float(cohen_kappa_score(a, b)),
            float(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")))


def random_intervals(rng: np.random.Generator, units: int, n: int) -> list[tuple[int, int]]:
    starts = rng.integers(0, units, n)
    return [(int(s), int(min(units, s + rng.integers(1, 60)))) for s in starts]


@pytest.mark.parametrize("seed", range(8))
def test_random_overlapping_selections_match_sklearn_and_krippendorff(seed: int) -> None:
    rng = np.random.default_rng(seed)
    units = int(rng.integers(200, 3000))
    a, b = random_intervals(rng, units, int(rng.integers(1, 25))), random_intervals(rng, units, int(rng.integers(1, 25)))
    c = pair_counts(np.array(a), np.array(b), units)
    ra, rb = marks(a, units), marks(b, units)
    assert c == Counts(int(((ra == 1) & (rb == 1)).sum()), int(((ra == 1) & (rb == 0)).sum()),
                       int(((ra == 0) & (rb == 1)).sum()), int(((ra == 0) & (rb == 0)).sum()))
    percent, kappa, alpha = reference(ra, rb)
    assert percent_agreement(c) == pytest.approx(percent)
    assert cohen_kappa(c) == pytest.approx(kappa)
    assert krippendorff_alpha(c) == pytest.approx(alpha)


def test_a_table_worked_by_hand() -> None:
    # 20 characters: A codes 0-8 (two overlapping selections), B codes 4-10.
    c = pair_counts(np.array([[0, 5], [3, 8]]), np.array([[4, 10]]), 20)
    assert c == Counts(n11=4, n10=4, n01=2, n00=10)
    assert percent_agreement(c) == pytest.approx(70.0)
    # po = 0.7; pe = 0.4 * 0.3 + 0.6 * 0.7 = 0.54; kappa = 0.16 / 0.46
    assert cohen_kappa(c) == pytest.approx(0.16 / 0.46)
    # n = 40, ones = 14, zeros = 26: alpha = 1 - 39 * 6 / (14 * 26)
    assert krippendorff_alpha(c) == pytest.approx(1 - 39 * 6 / (14 * 26))
    assert cohen_kappa(c) == pytest.approx(cohen_kappa_score(marks([(0, 8)], 20), marks([(4, 10)], 20)))


def test_one_coder_coded_nothing() -> None:
    """Kappa is 0 and alpha a little below 0, as both independent implementations say."""
    units = 100
    c = pair_counts(np.array([[10, 30]]), np.empty((0, 2)), units)
    assert c == Counts(0, 20, 0, 80)
    percent, kappa, alpha = reference(marks([(10, 30)], units), marks([], units))
    assert percent_agreement(c) == pytest.approx(percent) == pytest.approx(80.0)
    assert cohen_kappa(c) == pytest.approx(kappa) == pytest.approx(0.0)
    assert krippendorff_alpha(c) == pytest.approx(alpha)
    assert krippendorff_alpha(c) == pytest.approx(1 - 199 / 180)


def test_perfect_agreement_with_both_values_is_one() -> None:
    sel = [(5, 17), (40, 41), (60, 100)]
    c = pair_counts(np.array(sel), np.array([(5, 12), (12, 17), (40, 41), (60, 100)]), 120)
    assert c.n10 == c.n01 == 0
    percent, kappa, alpha = reference(marks(sel, 120), marks(sel, 120))
    assert (percent_agreement(c), cohen_kappa(c), krippendorff_alpha(c)) == (100.0, pytest.approx(kappa),
                                                                            pytest.approx(alpha))
    assert cohen_kappa(c) == pytest.approx(1.0) and krippendorff_alpha(c) == pytest.approx(1.0)


def test_one_value_everywhere_leaves_kappa_and_alpha_undefined() -> None:
    """Both coders coded every character: agreement is 100%, kappa and alpha are undefined (None),
    where scikit-learn answers nan and krippendorff refuses."""
    c = pair_counts(np.array([[0, 50]]), np.array([[0, 20], [20, 50]]), 50)
    assert c == Counts(50, 0, 0, 0)
    assert percent_agreement(c) == 100.0
    assert cohen_kappa(c) is None and krippendorff_alpha(c) is None
    with pytest.warns(UserWarning):  # scikit-learn: "cohen_kappa_score is undefined"
        assert np.isnan(cohen_kappa_score(np.ones(50, int), np.ones(50, int)))
    with pytest.raises(ValueError):
        krippendorff.alpha(reliability_data=[np.ones(50), np.ones(50)], level_of_measurement="nominal")


def test_a_million_characters_cost_what_their_selections_cost() -> None:
    rng = np.random.default_rng(7)
    units = 1_000_000
    a = np.array(random_intervals(rng, units, 3000))
    b = np.array(random_intervals(rng, units, 3000))
    c = pair_counts(a, b, units)
    assert c.units == units
    ra, rb = np.zeros(units, bool), np.zeros(units, bool)
    for s, e in a:
        ra[s:e] = True
    for s, e in b:
        rb[s:e] = True
    assert c.n11 == int((ra & rb).sum()) and c.n10 == int((ra & ~rb).sum())


def test_intervals_outside_the_text_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        pair_counts(np.array([[5, 21]]), np.empty((0, 2)), 20)
