"""Matchmaking: a buyer's need → suppliers ranked by score, each with its reasons.

Suppliers are the winners of awarded lots (:func:`graph.procurement.lot_records`).
A need is free text (fi/sv/en) with optional CPV codes, NUTS region, budget and
buyer. Three steps, each in its own module:

* **candidates** (:meth:`Features.candidates`): who is considered: a supplier
  sharing a lemma or a third of the need's n-grams, or a CPV code up to the
  division;
* **features** (:mod:`graph.matching.features`): the signals of every candidate
  (text, CPV, region, the buyer's history, similar buyers, innovation,
  recency, volume, SME status, budget …), each documented there;
* **ranker** (:mod:`graph.matching.ranker`): score = Σ weightₛ · valueₛ with
  weights fitted on the store's own awards (time-ordered pairwise logistic
  regression) or, when the history is too thin, the documented defaults.

Each contribution weightₛ · valueₛ cites IRIs in the graph (the supplier's won
lots and their notices, the buyer, green deals, programmes, the supplier), and
the contributions add up to the score.

The index (:mod:`graph.matching.index`) is persisted beside the store with the
store's :meth:`~graph.store.Store.version` as fingerprint; :class:`MatcherHandle`
serves the current matcher and rebuilds a stale one in the background.
:mod:`graph.matching.evaluate` measures the ranking on the store's own later
awards against count baselines (``keino match evaluate``).

>>> from graph.store import Store
>>> Matcher.from_store(Store()).match(Need("sähköbussien latausinfrastruktuuri"))
[]
"""

from graph.matching.features import SIGNALS, Features
from graph.matching.handle import IndexStatus, MatcherHandle
from graph.matching.matcher import Matcher, default_index_dir, ecosystem_links, supplier_sizes
from graph.matching.model import Contribution, Match, Need, NeedMatch, StaleIndexError
from graph.matching.ranker import DEFAULT_WEIGHTS, Ranker, fit_ranker

__all__ = [
    "DEFAULT_WEIGHTS",
    "SIGNALS",
    "Contribution",
    "Features",
    "IndexStatus",
    "Match",
    "Matcher",
    "MatcherHandle",
    "Need",
    "NeedMatch",
    "Ranker",
    "StaleIndexError",
    "default_index_dir",
    "ecosystem_links",
    "fit_ranker",
    "supplier_sizes",
]
