"""The ranker: how the signals of :mod:`graph.matching.features` add up to a score.

score = Σₛ wₛ · valueₛ, so each signal's contribution wₛ · valueₛ is exact and
the contributions add up to the score. The weights are *fitted on the store's
own awards* when there are enough of them, else the documented defaults below.

Fitting (:func:`fit_ranker`), time-ordered so that nothing from the future
leaks into the past:

1. sort the awarded lots by publication date; the oldest 70 % are the
   *history*, the newer 30 % the *questions*, split again in time into a fit
   part (the older two thirds) and a validation part (the newest third);
2. build a match index from the history alone, and ask every question (its
   text, CPV codes, place, estimated value and buyer) of it;
3. for every question whose real winner is among the candidates, a listwise
   model learns the weights: a conditional logit, i.e. the probability that
   the winner is the one picked is the softmax of the candidates' scores
   Σ wₛ · valueₛ, maximised over w (L2-regularised; SciPy's L-BFGS). A linear
   score keeps every contribution exact; the softmax over the whole candidate
   list (up to :data:`MAX_LIST` drawn at random) is what ranking asks for. The
   strength of the L2 penalty is chosen among :data:`L2_GRID` by MRR@10 on the
   validation questions (a market with few, noisy awards wants a stronger one);
4. on the validation questions compare MRR@10 of the fitted weights with the
   defaults: the fitted weights are used only when they do at least as well;
   they are then refitted on all the questions with the chosen penalty. Weights are scaled so that
   Σ|wₛ| = 1 (a scale does not change a ranking).

Fewer than :data:`MIN_QUESTIONS` answerable questions (or fewer than
:data:`MIN_HISTORY` awarded lots) is too thin a history: the defaults are used,
and every answer says which weights are in use and why.

**Registry signals** (``bridge``, ``line_text``, ``funding``; see
:mod:`graph.matching.registry`). A company that never won has no award to learn
from, so their weights can only be learnt from winners that are also registry
companies (a TOL main line, Business Finland funding). They are fitted with the
rest only when at least :data:`MIN_REGISTRY_QUESTIONS` fit questions have a
candidate with a non-zero registry signal; otherwise they keep their documented
defaults (:data:`REGISTRY_DEFAULTS`) beside the fitted winner weights, and the
ranker's ``details["registry_weights"]`` says which ("fitted" or "default", and why).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import optimize

from graph.bridge import StoredMapping
from graph.matching import index as ix
from graph.matching.features import SIGNALS, Features, Query
from graph.matching.model import Need
from graph.matching.registry import CompanyRecord
from graph.procurement import LotRecord

# Used when the history is too thin to fit: text first (a need's words are its
# most specific description), then the buyer's own classification (CPV), then
# who has delivered to this buyer and buyers like it, place, and the supplier's
# record. They sum to 1, so a default score lies in [0, 1].
DEFAULT_WEIGHTS = {
    "text": 0.20,
    "text_parts": 0.08,
    "similar_lots": 0.10,
    "cpv": 0.14,
    "cpv_share": 0.06,
    "cpv_wins": 0.0,  # fitted: how far a long record in the code goes beyond ``cpv``
    "region": 0.04,
    "home": 0.02,
    "cpv_region": 0.08,
    "buyer": 0.06,
    "incumbency": 0.0,  # ``buyer`` carries incumbency by default; fitted, this says its shape
    "buyer_share": 0.04,
    "similar_buyers": 0.04,
    "innovation": 0.04,
    "innovative": 0.0,  # neutral until the store's awards say how much flags matter
    "price": 0.0,  # the same: cheaper wins more only where the awards show it
    "reach": 0.0,
    "recency": 0.03,
    "volume": 0.04,
    "sme": 0.0,  # neutral until the store's own awards say which way size tips
    "budget": 0.03,
}
# The registry signals, on top of the winner weights above (which sum to 1). A
# declared main line is weaker evidence than won lots, so ``bridge`` weighs a little
# less than ``cpv`` (0.14) and ``line_text`` half of ``text`` (0.20) less; ``funding``
# as much as ``text_parts``. A never-won company can thus reach about 0.3: beside
# winners that fit by code alone, below winners whose own lots say what the need says.
REGISTRY_DEFAULTS = {"bridge": 0.12, "line_text": 0.06, "funding": 0.08}
DEFAULT_WEIGHTS.update(REGISTRY_DEFAULTS)
MIN_REGISTRY_QUESTIONS = 50  # fit questions with a registry signal among their candidates
MIN_HISTORY = 200  # awarded lots
MIN_QUESTIONS = 100  # questions whose winner was a candidate
HISTORY_SHARE = 0.7
FIT_SHARE = 2 / 3  # of the questions; the rest validate
MAX_QUESTIONS = 2500  # spread evenly over the question period (keeps refits quick)
MAX_LIST = 1000  # candidates per question the fit looks at, besides the winners
# Ridge penalties tried on the validation questions, weakest first (on the first
# tie the weaker wins); per question, the losses of thousands of questions dwarf 1.
L2_GRID = (0.1, 1.0, 10.0, 100.0)


@dataclass
class Ranker:
    """Weights per signal and where they come from (``fitted`` or ``default``)."""

    weights: dict[str, float]
    kind: str = "default"
    reason: str = "no history fitted"
    details: dict[str, Any] = field(default_factory=dict)

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(s, 0.0) for s in SIGNALS])

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ranker:
        """Back from :meth:`as_dict`; the defaults when ``data`` is empty."""
        return cls(**data) if data else default_ranker("no fitted weights stored")


def default_ranker(reason: str) -> Ranker:
    details = {"registry_weights": "default: no fit"}
    return Ranker(dict(DEFAULT_WEIGHTS), "default", reason, details)


def need_of_record(rec: LotRecord) -> Need:
    """What a buyer would have asked for a lot: text, CPV, place, estimate, buyer."""
    return Need(
        rec.text,
        tuple(rec.cpv),
        rec.nuts[0] if rec.nuts else None,
        rec.estimated_value if rec.estimated_value and rec.estimated_value > 0 else None,
        rec.buyers[0].iri if rec.buyers else None,
    )


@dataclass
class _Question:
    x: np.ndarray  # candidates × signals: the winners and at most MAX_LIST others
    winners: np.ndarray  # bool per candidate


def _questions(features: Features, records: Sequence[LotRecord]) -> tuple[list[_Question], int]:
    """Each record asked of the index; those whose winner is no candidate are counted out.

    Each question keeps the rows of its winners and of all other candidates, or of
    :data:`MAX_LIST` of them drawn at random when there are more (seeded, in question
    order: a refit is repeatable). The draw is made here, as each question is asked,
    so the candidates' full matrices (thousands of rows per question at 100,000
    suppliers) are never held all at once: the questions' memory is bounded by
    MAX_QUESTIONS × (MAX_LIST + winners) rows, whatever the size of the market.
    The validation MRR@10 and the count of questions with a registry signal read
    the same kept rows (a winner's rank among them when the list was drawn).
    """
    supplier = {iri: i for i, iri in enumerate(features.index.suppliers)}
    rng = np.random.default_rng(0)
    out, missed = [], 0
    for rec in records:
        q: Query = features.prepare(need_of_record(rec))
        ids, full = features.candidates(q)
        truth = {supplier[w.iri] for w in rec.winners if w.iri in supplier}
        won = np.isin(ids, list(truth))
        if not won.any():
            missed += 1
            continue
        rows = _kept_rows(won, rng)
        out.append(_Question(features.matrix(q, ids[rows], full), won[rows]))
    return out, missed


def _kept_rows(won: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Rows a question keeps: its winners first, then every other candidate, or
    :data:`MAX_LIST` of them drawn with ``rng`` (in candidate order) when there are more."""
    others = np.flatnonzero(~won)
    if len(others) > MAX_LIST:
        others = np.sort(rng.choice(others, MAX_LIST, replace=False))
    return np.concatenate([np.flatnonzero(won), others])


def _lists(questions: list[_Question]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The questions' candidates stacked: values, question number per row, winner mask.

    The questions hold at most :data:`MAX_LIST` other candidates each already
    (:func:`_questions`), so every row is kept; the winners come first.
    """
    xs, groups, wins = [], [], []
    for n, q in enumerate(questions):
        rows = np.concatenate([np.flatnonzero(q.winners), np.flatnonzero(~q.winners)])
        xs.append(q.x[rows])
        groups.append(np.full(len(rows), n))
        wins.append(q.winners[rows])
    return np.concatenate(xs), np.concatenate(groups), np.concatenate(wins)


def _fit(questions: list[_Question], l2: float = 1.0) -> np.ndarray:
    """Weights (Σ|w| = 1) maximising the likelihood that each question's winner is
    the one picked by a softmax over its candidates' scores (conditional logit,
    i.e. listwise learning to rank with a linear score), with ridge penalty ``l2``."""
    return _fitter(questions)(l2)


def _fitter(questions: list[_Question]) -> Callable[[float], np.ndarray]:
    """:func:`_fit` of ``questions`` for any penalty: the candidate lists are stacked
    once, and the winners' mean rows (the constant part of the gradient) are summed
    once, not on every step of the optimiser."""
    x, group, won = _lists(questions)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    n_wins = np.bincount(group, weights=won)
    winners_mean = (x * (won / n_wins[group])[:, None]).sum(axis=0)

    def fit(l2: float) -> np.ndarray:
        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            s = x @ w
            top = np.maximum.reduceat(s, starts)[group]
            e = np.exp(s - top)
            z = np.add.reduceat(e, starts)
            p = e / z[group]
            mean_win = np.bincount(group, weights=s * won) / n_wins
            value = float(np.sum(np.log(z) + top[starts] - mean_win)) + l2 * float(w @ w)
            return value, x.T @ p - winners_mean + 2 * l2 * w

        start = np.array([DEFAULT_WEIGHTS[s] for s in SIGNALS]) * 10
        w = optimize.minimize(loss, start, jac=True, method="L-BFGS-B").x
        total = float(np.abs(w).sum())
        return w / total if total > 0 else w

    return fit


def mrr_at_10(questions: list[_Question], w: np.ndarray) -> float:
    """Mean reciprocal rank of the best-placed winner within the first 10 (0 beyond)."""
    total = 0.0
    for q in questions:
        scores = q.x @ w
        best = float(scores[q.winners].max())
        rank = 1 + int((scores[~q.winners] > best).sum())
        total += 1.0 / rank if rank <= 10 else 0.0
    return total / max(len(questions), 1)


def fit_ranker(
    records: Sequence[LotRecord],
    *,
    sizes: dict[str, str] | None = None,
    ecosystem: dict[str, list[str]] | None = None,
    companies: Sequence[CompanyRecord] = (),
    mappings: Sequence[StoredMapping] = (),
) -> Ranker:
    """Weights fitted on the awarded lots of ``records`` (time-ordered), or the defaults.

    ``companies`` and ``mappings`` (the registry and the bridge) let the fit see the
    registry signals of winners that are registry companies; funding decided after
    the history's last year is left out of the fit.

    The fit's history index and question lists are the build's largest transient
    memory; once they are freed, the heap's free pages go back to the system
    (:func:`trim_heap`), so a server rebuilding in the background does not keep
    them beside the index it serves.
    """
    try:
        return _fit_ranker(records, sizes, ecosystem, companies, mappings)
    finally:
        trim_heap()


def trim_heap() -> bool:
    """Hand the C heap's free memory back to the system (glibc's ``malloc_trim``);
    False where there is no such call (another C library, another system)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def _fit_ranker(
    records: Sequence[LotRecord],
    sizes: dict[str, str] | None,
    ecosystem: dict[str, list[str]] | None,
    companies: Sequence[CompanyRecord],
    mappings: Sequence[StoredMapping],
) -> Ranker:
    awarded = sorted((r for r in records if r.winners), key=_when)
    if len(awarded) < MIN_HISTORY:
        return default_ranker(f"{len(awarded)} awarded lots, fewer than {MIN_HISTORY} to fit on")
    cut = int(len(awarded) * HISTORY_SHARE)
    history, asked = awarded[:cut], awarded[cut:]
    step = max(1, math.ceil(len(asked) / MAX_QUESTIONS))
    asked = asked[::step]
    until = history[-1].published.year if history[-1].published else None
    features = Features(ix.build_index(history, fingerprint="fit", ecosystem=ecosystem,
                                       sizes=sizes, companies=companies, mappings=mappings,
                                       funding_until=until))  # fmt: skip
    questions, missed = _questions(features, asked)
    split = int(len(questions) * FIT_SHARE)
    fit_on, validate_on = questions[:split], questions[split:]
    details: dict[str, Any] = {
        "history_lots": len(history),
        "history_until": str(history[-1].published),
        "questions": len(asked),
        "answerable": len(questions),
        "winner_not_a_candidate": missed,
    }
    details["registry_weights"] = "default: no fit"
    if len(questions) < MIN_QUESTIONS:
        return Ranker(dict(DEFAULT_WEIGHTS), "default",
                      f"{len(questions)} answerable questions, fewer than {MIN_QUESTIONS}",
                      details)  # fmt: skip
    default = np.array([DEFAULT_WEIGHTS[s] for s in SIGNALS])
    l2, by_l2 = _choose_l2(fit_on, validate_on)
    details["l2"] = {"chosen": l2, "validation_mrr10": by_l2}
    details["validation_mrr10"] = {
        "fitted": by_l2[str(l2)],
        "default": round(mrr_at_10(validate_on, default), 4),
        "questions": len(validate_on),
    }
    if details["validation_mrr10"]["fitted"] < details["validation_mrr10"]["default"]:
        return Ranker(dict(DEFAULT_WEIGHTS), "default",
                      "fitted weights did worse than the defaults on the newest awards",
                      details)  # fmt: skip
    final = _fit(questions, l2)
    weights = {s: round(float(v), 6) for s, v in zip(SIGNALS, final, strict=True)}
    details["registry_weights"] = _registry_weights(weights, fit_on)
    return Ranker(weights, "fitted", f"fitted on {len(questions)} later awards", details)


def _choose_l2(
    fit_on: list[_Question], validate_on: list[_Question]
) -> tuple[float, dict[str, float]]:
    """The penalty of :data:`L2_GRID` whose weights, fitted on ``fit_on``, rank best
    (MRR@10) on ``validate_on`` (the weakest on a tie), and every penalty's MRR@10."""
    fit = _fitter(fit_on)
    scores = {str(l2): round(mrr_at_10(validate_on, fit(l2)), 4) for l2 in L2_GRID}
    best = max(L2_GRID, key=lambda l2: (scores[str(l2)], -l2))
    return best, scores


def _registry_weights(weights: dict[str, float], questions: list[_Question]) -> str:
    """Keep the fitted registry weights only when enough questions could teach them;
    else put the documented defaults in their place (in ``weights``). Says which."""
    columns = [SIGNALS.index(s) for s in REGISTRY_DEFAULTS]
    taught = sum(1 for q in questions if np.any(q.x[:, columns] != 0))
    if taught >= MIN_REGISTRY_QUESTIONS:
        return f"fitted: {taught} fit questions had a candidate with a registry signal"
    weights.update(REGISTRY_DEFAULTS)
    return (f"default: {taught} fit questions had a candidate with a registry signal, "
            f"fewer than {MIN_REGISTRY_QUESTIONS}")  # fmt: skip


def _when(rec: LotRecord) -> tuple[int, str]:
    return (rec.published.toordinal() if rec.published else 0, rec.lot)
