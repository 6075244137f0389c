"""A seeded synthetic procurement market for the matchmaking benches.

The model, chosen so that each signal the matcher uses has something real to
find and no signal alone suffices:

* **Regions**: the Finnish NUTS-3 regions of the bundled code list; a region's
  share of buyers and suppliers falls as 1/rank (Zipf), so a few regions are busy.
* **Sectors**: ``n_sectors`` CPV classes (4 significant digits, at least four
  sub-codes with Finnish labels), drawn once; sector popularity is Zipf too.
* **Suppliers**: each has a home region, one sector (20 % a second one), one to
  three *specialities* (sub-codes of its sector), a size drawn from a Pareto
  law (α 1.3: a few large firms win much), an innovativeness and a greenness
  drawn from Beta(1, 4) and Beta(1, 3). A fifth of them work nationally.
* **Buyers**: ``n_buyers`` municipalities or agencies, each in a region.
* **Lots**: published uniformly over 2019–2024. A buyer (by region weight)
  needs one sub-code of a sector (by popularity) with an estimated value
  (log-normal). The winner is drawn among the sector's suppliers with
  probability ∝ exp(Σ βₖ · featureₖ), a *hidden winner model* whose weights
  β are themselves drawn at random for every market (:class:`WinnerModel`):
  speciality in the sub-code (what the text tells), home region (half for the
  same NUTS-2, a national firm half everywhere), incumbency (log(1 + earlier
  wins from this buyer)), innovativeness, price level (cheaper wins more),
  SME status and size; with a drawn small probability a random firm wins
  instead (noise). So a ranker is judged on markets it was not written for.
* **Size**: a supplier with size below the 85th percentile is an SME; the size
  code is stated (as eForms BT-165 would) for 70 % of suppliers
  (:attr:`Market.sizes`). The awarded value is the estimate × the winner's
  price level.
* **What the notice shows**: the title is the Finnish CPV label of the sub-code,
  sometimes followed by the sector's label and a routine phrase; the stated CPV
  is the sub-code (50 %), only the sector class (35 %) or a wrong sibling
  (15 %), as buyers classify coarsely and sometimes wrongly. So the text knows
  more than the CPV code, and region and size still matter.
* **Flags**: a lot is flagged innovative with probability 0.05 + 0.6 ×
  innovativeness of its winner, green with 0.1 + 0.5 × greenness; a quarter of
  lots state no flags at all (as in Hilma).

``generate(...)`` returns time-ordered :class:`~graph.procurement.LotRecord`
objects; :func:`write` puts them into a store through
:func:`graph.procurement.record_triples`, the notice mapper's own RDF shape.

**Market shape** (:class:`Shape`). The counts and shares above (suppliers,
sectors, buyers, the Zipf skew of sector popularity, the share of lots stating
only the sector class or a wrong sibling, the share of national firms and of
second sectors) are a *shape*; :meth:`Shape.fixed` is the shape described above
(600 suppliers in 20 sectors: many sector pools hold fewer than ten firms, so
any CPV rule finds the winner) and :meth:`Shape.draw` draws one at random per
market, from ranges that span that saturated regime and the much harder one of
a held-out Finnish market written as eForms award notices (a CPV + region
winner-count baseline at HR@10 ≈ 0.47 there, ≈ 0.82 on the fixed shape).

Run ``python -m bench.market --suppliers 200 --lots 2000`` to print a sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from graph.codes import cpv_codes, cpv_label, nuts_codes
from graph.iris import ID_BASE, graph_iri
from graph.namespaces import KEINO
from graph.procurement import LotRecord, OrgRef, lot_iri, notice_iri, record_triples
from graph.rdf import lit, triple

START, END = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
PHRASES = (
    "puitejärjestely",
    "hankinta vuosille 2025–2027",
    "kilpailutus",
    "optiovuosineen",
    "kunnan tarpeisiin",
    "toimitus ja asennus",
)


@dataclass(frozen=True)
class WinnerModel:
    """The hidden weights (log-odds per unit) of who wins a lot; drawn per market."""

    speciality: float
    region: float
    incumbency: float
    innovation: float
    price: float
    sme: float
    size: float
    noise: float  # share of lots won by a firm drawn at random

    @classmethod
    def draw(cls, rng: np.random.Generator) -> WinnerModel:
        """Weights from wide ranges: any of them may dominate or hardly matter."""
        return cls(
            speciality=float(rng.uniform(0.3, 3.0)),
            region=float(rng.uniform(0.0, 3.0)),
            incumbency=float(rng.uniform(0.0, 2.5)),
            innovation=float(rng.uniform(0.0, 3.0)),
            price=float(rng.uniform(0.0, 2.0)),
            sme=float(rng.uniform(-1.5, 1.5)),
            size=float(rng.uniform(0.0, 1.5)),
            noise=float(rng.uniform(0.01, 0.08)),
        )

    def describe(self) -> str:
        return " ".join(f"{k} {v:+.2f}" for k, v in vars(self).items())


@dataclass(frozen=True)
class Shape:
    """How big and how legible a market is; :meth:`draw` draws one per market."""

    suppliers: int = 600
    buyers: int = 120
    sectors: int = 20
    sector_skew: float = 1.0  # Zipf exponent of sector popularity (and pool size)
    coarse_cpv: float = 0.35  # share of lots stating only the sector class
    wrong_cpv: float = 0.15  # share stating a wrong sibling sub-code
    national: float = 0.2  # share of suppliers working nationally
    second_sector: float = 0.2  # share of suppliers in a second sector
    size_tail: float = 1.3  # Pareto α of firm size: low, a few large firms win much

    @classmethod
    def fixed(cls) -> Shape:
        """The shape of the earlier benches (600 suppliers, 120 buyers, 20 sectors)."""
        return cls()

    @classmethod
    def draw(cls, rng: np.random.Generator) -> Shape:
        """A shape from ranges wide enough to hold both a saturated market and a hard one.

        * suppliers 400–6,000 (log-uniform): a Finnish region's or one field's
          market (a few hundred winners) up to a national slice; Hilma shows some
          tens of thousands of distinct winners over all fields in five years, so
          the top of the range is still a part of the country;
        * sectors 8–60: one buyer type's purchases (a few CPV classes) up to a
          broad mix; with the suppliers this makes the mean sector pool range
          from about 7 firms (any CPV rule hits) to a few hundred (a count rule
          alone misses often, as on the held-out market, HR@10 ≈ 0.47);
        * buyers 60–400: the Finnish municipalities (about 300) and agencies of
          a region or the whole country;
        * sector skew 0.6–1.2: from evenly sized fields to a few dominant ones;
        * coarse CPV 0.2–0.6 and wrong CPV 0.05–0.25 of lots: buyers in Hilma
          often state only a class (or a division), and sometimes a wrong code;
        * national firms 0.05–0.35 and second sectors 0.1–0.4 of suppliers;
        * size tail (Pareto α) 1.1–2.2: from a market a few large firms dominate
          to one where wins spread over many small ones, as in Hilma, where most
          winners win once or twice in five years (then who won most tells little).
        """
        return cls(
            suppliers=round(float(np.exp(rng.uniform(np.log(400), np.log(6000))))),
            buyers=int(rng.integers(60, 401)),
            sectors=int(rng.integers(8, 61)),
            sector_skew=float(rng.uniform(0.6, 1.2)),
            coarse_cpv=float(rng.uniform(0.2, 0.6)),
            wrong_cpv=float(rng.uniform(0.05, 0.25)),
            national=float(rng.uniform(0.05, 0.35)),
            second_sector=float(rng.uniform(0.1, 0.4)),
            size_tail=float(rng.uniform(1.1, 2.2)),
        )

    def describe(self) -> str:
        return (
            f"{self.suppliers} suppliers, {self.buyers} buyers, {self.sectors} sectors "
            f"(skew {self.sector_skew:.2f}); CPV coarse {self.coarse_cpv:.2f} wrong "
            f"{self.wrong_cpv:.2f}; national {self.national:.2f}, second sector "
            f"{self.second_sector:.2f}; size tail {self.size_tail:.2f}"
        )


@dataclass(frozen=True)
class Market:
    """The generated market: its records (time order), who is who, and how winners were drawn."""

    records: list[LotRecord]
    suppliers: list[OrgRef]
    buyers: list[OrgRef]
    sizes: dict[str, str]  # supplier IRI → "sme" | "large", where stated
    model: WinnerModel
    shape: Shape = field(default_factory=Shape)
    odds: dict[str, tuple[np.ndarray, np.ndarray]] | None = None  # lot → (pool, weights)
    parts: dict[str, dict[str, np.ndarray]] | None = None  # lot → component → log-weights

    def oracle(self, lot: str, k: int = 10, without: str | None = None) -> list[str]:
        """The ``k`` suppliers the hidden model favoured most for ``lot`` (needs ``odds``);
        ``without`` names a component (:data:`COMPONENTS`) the ranking ignores, so the
        loss shows how much that component decides (an ablation of the oracle)."""
        assert self.odds is not None, "generate(..., keep_odds=True)"
        pool, weights = self.odds[lot]
        if without is not None:
            assert self.parts is not None
            weights = np.log(np.maximum(weights, 1e-300)) - self.parts[lot][without]
        best = np.argsort(-weights, kind="stable")[:k]
        return [self.suppliers[int(pool[i])].iri for i in best]


COMPONENTS = ("speciality", "region", "incumbency", "innovation", "price", "sme", "size")


def _sectors(rng: np.random.Generator, n: int) -> list[tuple[str, list[str]]]:
    """``n`` CPV classes with their labelled sub-codes."""
    codes = cpv_codes()
    children: dict[str, list[str]] = {}
    for code, entry in codes.items():
        if entry.parent and cpv_label(code):
            children.setdefault(entry.parent, []).append(code)
    classes = sorted(
        c
        for c in codes
        if len(c.rstrip("0")) == 4 and len(children.get(c, [])) >= 4 and cpv_label(c)
    )
    picked = rng.choice(len(classes), size=min(n, len(classes)), replace=False)
    return [(classes[i], sorted(children[classes[i]])) for i in sorted(picked)]


def _zipf(n: int, skew: float = 1.0) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** skew
    return w / w.sum()


def generate(
    n_suppliers: int = 2000, n_lots: int = 20000, *, n_buyers: int = 300, n_sectors: int = 40,
    seed: int = 7, model: WinnerModel | None = None, keep_odds: bool = False,
    shape: Shape | None = None,
) -> Market:  # fmt: skip
    """A market of ``n_suppliers`` firms and ``n_lots`` awarded lots (seeded, repeatable).

    ``model`` None draws the hidden winner model from the seed too; ``keep_odds``
    keeps every lot's drawing weights (for an oracle that knows the hidden model).
    ``shape`` (:class:`Shape`) overrides ``n_suppliers``, ``n_buyers`` and
    ``n_sectors`` and sets the shares; None is the fixed shape with those counts.
    """
    shape = shape or Shape(suppliers=n_suppliers, buyers=n_buyers, sectors=n_sectors)
    n_suppliers, n_buyers, n_sectors = shape.suppliers, shape.buyers, shape.sectors
    rng = np.random.default_rng(seed)
    model = model or WinnerModel.draw(rng)
    regions = sorted(c for c in nuts_codes() if c.startswith("FI") and len(c) == 5 and c != "FIZZZ")
    region_w = _zipf(len(regions))[rng.permutation(len(regions))]
    sectors = _sectors(rng, n_sectors)
    sector_w = _zipf(len(sectors), shape.sector_skew)
    home = rng.choice(len(regions), size=n_suppliers, p=region_w)
    national = rng.random(n_suppliers) < shape.national
    sector = rng.choice(len(sectors), size=n_suppliers, p=sector_w)
    second = np.where(
        rng.random(n_suppliers) < shape.second_sector, rng.choice(len(sectors), n_suppliers), -1
    )
    size = rng.pareto(shape.size_tail, n_suppliers) + 1.0
    innov, green = rng.beta(1, 4, n_suppliers), rng.beta(1, 3, n_suppliers)
    price = np.exp(rng.normal(0.0, 0.3, n_suppliers))
    sme = size < np.quantile(size, 0.85)
    stated = rng.random(n_suppliers) < 0.7
    special = [
        set(rng.choice(sectors[sector[s]][1], size=int(rng.integers(1, 4)), replace=True))
        for s in range(n_suppliers)
    ]
    members: dict[int, list[int]] = {}
    specialists: dict[str, list[int]] = {}
    for s in range(n_suppliers):
        for sec in {int(sector[s]), int(second[s])} - {-1}:
            members.setdefault(sec, []).append(s)
        for code in special[s]:
            specialists.setdefault(str(code), []).append(s)
    pools = {sec: np.array(sorted(ids)) for sec, ids in members.items()}
    experts = {code: np.isin(np.arange(n_suppliers), ids) for code, ids in specialists.items()}
    nuts2 = np.unique([r[:4] for r in regions], return_inverse=True)[1]
    base = (  # the need-independent part of every supplier's log-weight
        model.innovation * 4 * innov
        - model.price * np.log(price) / 0.3
        + model.sme * np.where(sme, 1.0, -1.0)
        + model.size * np.log(size)
    )
    firms = _Firms(home, nuts2[home], nuts2, national, base, model)
    static = {  # the parts of ``base``, kept apart for the oracle's ablation
        "innovation": model.innovation * 4 * innov,
        "price": -model.price * np.log(price) / 0.3,
        "sme": model.sme * np.where(sme, 1.0, -1.0),
        "size": model.size * np.log(size),
    }
    parts: dict[str, dict[str, np.ndarray]] = {}
    suppliers = [
        OrgRef(f"{ID_BASE}org/name/fi/synteettinen-toimittaja-{s:06d}", f"Toimittaja {s} Oy",
               nuts=regions[home[s]])
        for s in range(n_suppliers)
    ]  # fmt: skip
    sizes = {suppliers[s].iri: "sme" if sme[s] else "large" for s in np.flatnonzero(stated)}
    buyer_region = rng.choice(len(regions), size=n_buyers, p=region_w)
    buyers = [
        OrgRef(f"{ID_BASE}org/name/fi/synteettinen-hankkija-{b:04d}", f"Hankkija {b}",
               nuts=regions[buyer_region[b]], kind="la")
        for b in range(n_buyers)
    ]  # fmt: skip
    days = np.sort(rng.integers(START.toordinal(), END.toordinal() + 1, size=n_lots))
    lot_buyer = rng.integers(n_buyers, size=n_lots)
    lot_sector = rng.choice(len(sectors), size=n_lots, p=sector_w)
    noise = rng.random(n_lots) < model.noise
    history: dict[int, dict[int, int]] = {}  # buyer → supplier → earlier wins
    odds: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    records = []
    for i in range(n_lots):
        b, sec = int(lot_buyer[i]), int(lot_sector[i])
        code = sectors[sec][1][int(rng.integers(len(sectors[sec][1])))]
        pool = (
            np.array([rng.integers(n_suppliers)])
            if noise[i]
            else pools.get(sec, np.arange(n_suppliers))
        )
        past = history.setdefault(b, {})
        w = firms.weights(pool, experts.get(code), int(buyer_region[b]), past)
        cumulative = np.cumsum(w)
        winner = int(pool[int(np.searchsorted(cumulative, rng.random() * cumulative[-1]))])
        past[winner] = past.get(winner, 0) + 1
        records.append(
            _record(rng, i, seed, dt.date.fromordinal(int(days[i])), buyers[b], suppliers[winner],
                    code, sectors[sec], innov[winner], green[winner], float(price[winner]), shape)
        )  # fmt: skip
        if keep_odds:
            odds[records[-1].lot] = (pool, w)
            parts[records[-1].lot] = {
                **firms.parts(pool, experts.get(code), int(buyer_region[b]), past, winner),
                **{name: values[pool] for name, values in static.items()},
            }
    return Market(records, suppliers, buyers, sizes, model, shape, odds if keep_odds else None,
                  parts if keep_odds else None)  # fmt: skip


@dataclass(frozen=True)
class _Firms:
    """What the winner draw needs of every supplier, as arrays."""

    home: np.ndarray  # region index
    home_nuts2: np.ndarray
    nuts2: np.ndarray  # region index → NUTS-2 index
    national: np.ndarray
    base: np.ndarray  # need-independent log-weight
    model: WinnerModel

    def weights(
        self, pool: np.ndarray, experts: np.ndarray | None, region: int, past: dict[int, int]
    ) -> np.ndarray:
        """exp(hidden log-weight) of each supplier of ``pool`` (sorted ids) for one lot.

        ``experts`` marks (over all suppliers) who specialises in the lot's sub-code;
        ``past`` holds this buyer's earlier wins per supplier.
        """
        m = self.model
        logw = self.base[pool].copy()
        if experts is not None:
            logw += m.speciality * experts[pool]
        same_nuts2 = self.home_nuts2[pool] == self.nuts2[region]
        local = np.where(self.home[pool] == region, 1.0, np.where(same_nuts2, 0.5, 0.0))
        logw += m.region * np.where(self.national[pool], 0.5, local)
        if past:
            who = np.fromiter(past, dtype=np.int64, count=len(past))
            at = np.searchsorted(pool, who).clip(0, len(pool) - 1)
            hit = pool[at] == who
            wins = np.fromiter(past.values(), dtype=np.float64, count=len(past))
            logw[at[hit]] += m.incumbency * np.log1p(wins[hit])
        return np.exp(logw - logw.max())

    def parts(
        self, pool: np.ndarray, experts: np.ndarray | None, region: int, past: dict[int, int],
        winner: int,
    ) -> dict[str, np.ndarray]:  # fmt: skip
        """The need-dependent parts of :meth:`weights` (speciality, region, incumbency)
        for ``pool``, as they were when the lot was drawn (``past`` already holds the
        ``winner``'s new win, which is taken back out)."""
        m = self.model
        out = {"speciality": m.speciality * experts[pool] if experts is not None
               else np.zeros(len(pool))}  # fmt: skip
        same_nuts2 = self.home_nuts2[pool] == self.nuts2[region]
        local = np.where(self.home[pool] == region, 1.0, np.where(same_nuts2, 0.5, 0.0))
        out["region"] = m.region * np.where(self.national[pool], 0.5, local)
        earlier = dict(past)
        earlier[winner] -= 1
        wins = np.array([earlier.get(int(s), 0) for s in pool], dtype=np.float64)
        out["incumbency"] = m.incumbency * np.log1p(wins)
        return out


def _record(
    rng: np.random.Generator, i: int, seed: int, day: dt.date, buyer: OrgRef, winner: OrgRef,
    code: str, sector: tuple[str, list[str]], innov: float, green: float, price: float,
    shape: Shape,
) -> LotRecord:  # fmt: skip
    title = cpv_label(code) or code
    if rng.random() < 0.5:
        title += ", " + (cpv_label(sector[0]) or "")
    if rng.random() < 0.5:
        title += " – " + str(rng.choice(PHRASES))
    draw = rng.random()
    exact = 1.0 - shape.coarse_cpv - shape.wrong_cpv
    stated = (code if draw < exact else sector[0] if draw < exact + shape.coarse_cpv
              else str(rng.choice(sector[1])))  # fmt: skip
    flags = {}
    if rng.random() < 0.75:
        flags = {"innovative": bool(rng.random() < 0.05 + 0.6 * innov),
                 "green": bool(rng.random() < 0.1 + 0.5 * green)}  # fmt: skip
    notice = notice_iri(f"synteettinen-{seed}-{i:07d}")
    estimate = float(np.round(np.exp(rng.normal(11.5, 1.2)), -2))
    awarded = float(np.round(estimate * price, -2))
    return LotRecord(
        lot=lot_iri(notice, "LOT-0001"), notice=notice, published=day, titles={"fi": title},
        descriptions={}, cpv=(stated,), nuts=(buyer.nuts or "FI",), buyers=(buyer,),
        winners=(winner,), estimated_value=estimate, awarded_value=awarded, currency="EUR",
        notice_kind="result", flags=flags,
    )  # fmt: skip


def notice_format(record: LotRecord) -> str:
    """The source format the synthetic notice states (``keino:noticeFormat``): TED XML
    until eForms became mandatory on 25 October 2023, eForms after."""
    assert record.published is not None
    return "eforms" if record.published >= dt.date(2023, 10, 25) else "ted-xml"


def write(store: object, records: Sequence[LotRecord], name: str = "synthetic-market") -> int:
    """Put ``records`` into the named graph ``kg:notices/{name}``; returns its triple count."""
    triples = [t for rec in records for t in record_triples(rec)]
    triples += [triple(rec.notice, KEINO.noticeFormat, lit(notice_format(rec))) for rec in records]
    run = store.replace_graph(graph_iri(f"notices/{name}"), triples, source=name, inputs=[])  # type: ignore[attr-defined]
    return int(run.triple_count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--lots", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    market = generate(args.suppliers, args.lots, seed=args.seed)
    for rec in market.records[:5]:
        print(rec.published, rec.cpv, rec.nuts, rec.titles["fi"], "→", rec.winners[0].label)
    print(
        f"{len(market.records)} lots, {len(market.suppliers)} suppliers, "
        f"{len(market.buyers)} buyers; hidden winner model: {market.model.describe()}"
    )


if __name__ == "__main__":
    main()
