"""Matchmaking: a buyer's need → suppliers ranked by score, each with its reasons.

Suppliers are the winners of awarded lots (:func:`graph.procurement.lot_records`).
A need is free text (fi/sv/en) with optional CPV codes, NUTS region, budget and
buyer. Each signal below gives every supplier a value in [0, 1]; the score is

    score = Σ wₛ · valueₛ / Σ wₛ        (over the signals the need makes applicable)

so it lies in [0, 1] and the contributions ``wₛ · valueₛ / Σ wₛ`` in each
explanation add up to it. Text and innovation always apply; CPV, region,
budget and buyer apply when the need gives them. A supplier is a candidate
when it shares a lemma with the need, or at least 30 % of the need's n-grams
(idf-weighted), or a CPV code up to the division: region, size or innovation
alone never put a supplier on the list.

======================  ======  ============================================================
signal                  weight  value for one supplier
======================  ======  ============================================================
``text``                0.40    0.6 · L/max L + 0.4 · C · G/max G: BM25 (k1 1.2, b 0.75)
                                of the need's lemmas (L) and of the 4-character n-grams of
                                those lemmas (G) against one document per supplier holding
                                all its won lots' titles and descriptions, each divided by
                                the best supplier's so the two mix on one scale; C is the
                                idf-weighted share of the need's n-grams found in the
                                supplier's wins, so a few stray n-grams count little
``cpv``                 0.25    max over the need's codes and their ancestors of
                                level · (1 − 0.5ⁿ), n = the supplier's lots under that code;
                                level 1 for a lot within the asked code, 0.8 same category
                                (5 digits), 0.6 same class (4), 0.4 same group (3), 0.2 same
                                division (2)
``innovation``          0.15    0.30 innovative + 0.20 green + 0.20 ecosystem
                                + 0.15 recency + 0.15 breadth, where innovative and green
                                are 1 − 0.5ⁿ of the lots so flagged (green includes
                                low-carbon), ecosystem 1 − 0.5ⁿ of green deals signed and
                                KEINO programmes joined, recency 0.5^(days since the latest
                                win / 730), breadth 0.5 · min(1, CPV divisions won / 5)
                                + 0.5 · log(1 + wins) / log(1 + most wins of any supplier)
``region``              0.10    like cpv over NUTS: 1 same region, 0.6 same NUTS-2, 0.3 same
                                NUTS-1, 0.1 same country; the registered address counts as
                                one more lot there
``budget``              0.05    max(0, 1 − |log₁₀(budget / typical lot value)| / 2), typical
                                = geometric mean of the supplier's won-lot values
``buyer``               0.05    1 − 0.5ⁿ, n = lots the supplier won from this buyer
======================  ======  ============================================================

Why these numbers: text carries most weight because a need's words are its most
specific description, while CPV codes are chosen from a coarse list and often
at a broad level; innovation potential is what a broker looks for beyond fit,
but must not outrank fit; region matters in Finnish procurement (local
services) without deciding it. 1 − 0.5ⁿ makes a single win count half and each
further win halve what remains, so many small wins do not swamp one good fit.
The evaluation (``bench/match_eval.py``) checks the weights against baselines.

Evidence: each contribution cites IRIs in the graph: the supplier's won lots
and their notices (text: most shared lemmas; cpv/region/buyer: the lots under
the matched code, region or buyer, newest first; budget: closest in value;
innovation: flagged lots, green deals, programmes), the buyer itself, and the
supplier for a region matched by its address.

The index (:mod:`graph.matching.index`) is persisted beside the store with a
fingerprint of the store's ingest runs (``kg:provenance``);
:meth:`Matcher.load` refuses a stale one (:class:`StaleIndexError`) and
:meth:`Matcher.load_or_build` rebuilds it.

>>> from graph.store import Store
>>> Matcher.from_store(Store()).match(Need("sähköbussien latausinfrastruktuuri"))
[]
"""

from graph.matching.matcher import (
    WEIGHTS,
    Matcher,
    default_index_dir,
    ecosystem_links,
    store_fingerprint,
)
from graph.matching.model import Contribution, Match, Need, NeedMatch, StaleIndexError

__all__ = [
    "WEIGHTS",
    "Contribution",
    "Match",
    "Matcher",
    "Need",
    "NeedMatch",
    "StaleIndexError",
    "default_index_dir",
    "ecosystem_links",
    "store_fingerprint",
]
