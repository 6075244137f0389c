"""TOL 2008, Statistics Finland's standard industrial classification, as a SKOS scheme.

TOL 2008 is NACE Rev. 2 with a fifth, national digit: a code such as ``62010``
sits under class ``6201``, group ``620``, division ``62`` and section ``J``.
The hierarchy follows from the code alone; sections come from the NACE Rev. 2
division ranges (:data:`SECTIONS`). Labels come only from the sources that give
them: the registry's descriptions of a company's main line (Finnish in the PRH
extract; Finnish, Swedish and English in the v3 answers). A level that no source
describes carries its notation and no label, rather than an invented one.

``00000`` ("Toimiala tuntematon", industry unknown) is the registry's own code
for a missing line; it is a top concept of its own, outside the sections.

>>> tol_chain("62010")
['J', '62', '620', '6201', '62010']
>>> tol_chain("451")
['G', '45', '451']
>>> tol_chain("00000")
['00000']
>>> tol_iri("J")
'https://w3id.org/keino/id/tol2008/j'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from rdflib.namespace import DCTERMS, SKOS

from graph.iris import entity_iri
from graph.rdf import Triple, a, lit, triple

SCHEME = entity_iri("tol2008")
UNKNOWN = "00000"
_CODE = re.compile(r"^\d{2,5}$")

#: NACE Rev. 2 sections and the divisions (two-digit codes) each spans.
SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39),
    "F": (41, 43), "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63),
    "K": (64, 66), "L": (68, 68), "M": (69, 75), "N": (77, 82), "O": (84, 84),
    "P": (85, 85), "Q": (86, 88), "R": (90, 93), "S": (94, 96), "T": (97, 98),
    "U": (99, 99),
}  # fmt: skip

Labels = Mapping[str, str]  # language → label


#: why a level has no label: the bundled sources name only the companies' own lines
UNLABELLED = (
    "No bundled source gives this TOL 2008 level's name (the registry files label only "
    "the 5-digit lines their companies have); it is known by its notation."
)


def is_tol_code(code: str) -> bool:
    """Whether ``code`` is a TOL 2008 code of division level or below (or ``00000``).

    >>> is_tol_code("62010"), is_tol_code("04"), is_tol_code("6201x")
    (True, False, False)
    """
    if code == UNKNOWN:
        return True
    return bool(_CODE.match(code)) and section_of(code[:2]) is not None


def section_of(division: str) -> str | None:
    """The section letter of a two-digit division, or None if no section spans it."""
    number = int(division)
    return next((s for s, (lo, hi) in SECTIONS.items() if lo <= number <= hi), None)


def tol_chain(code: str) -> list[str]:
    """The code and every code above it, broadest first (section, division, …)."""
    if code == UNKNOWN:
        return [code]
    section = section_of(code[:2])
    if section is None:
        raise ValueError(f"{code!r} is not in any TOL 2008 section")
    return [section] + [code[:n] for n in range(2, len(code) + 1)]


def tol_iri(code: str) -> str:
    """IRI of a TOL 2008 concept (section letters in lower case)."""
    return entity_iri("tol2008", code)


def scheme_triples(source: str) -> list[Triple]:
    """The concept scheme itself; ``source`` is where its labels were read."""
    return [
        a(SCHEME, str(SKOS.ConceptScheme)),
        triple(SCHEME, SKOS.prefLabel, lit("Toimialaluokitus TOL 2008", lang="fi")),
        triple(SCHEME, SKOS.prefLabel, lit("Näringsgrensindelning TOL 2008", lang="sv")),
        triple(
            SCHEME, SKOS.prefLabel, lit("Standard Industrial Classification TOL 2008", lang="en")
        ),
        triple(SCHEME, DCTERMS.publisher, lit("Tilastokeskus / Statistics Finland")),
        triple(SCHEME, DCTERMS.source, source),
    ]


def tol_triples(labels: Mapping[str, Labels]) -> Iterator[Triple]:
    """Concepts for every code in ``labels`` and every code above them (pure).

    ``labels`` maps a code to its labels by language (possibly none).
    """
    seen: set[str] = set()
    for code in sorted(labels):
        chain = tol_chain(code)
        for depth, level in enumerate(chain):
            if level not in seen:
                seen.add(level)
                yield from _concept(level, chain[depth - 1] if depth else None)
        for lang, label in sorted(labels[code].items()):
            yield triple(tol_iri(code), SKOS.prefLabel, lit(label, lang=lang))
    for code in sorted(seen - {c for c, found in labels.items() if found}):
        yield triple(tol_iri(code), SKOS.editorialNote, lit(UNLABELLED, lang="en"))


def _concept(code: str, broader: str | None) -> Iterator[Triple]:
    concept = tol_iri(code)
    yield a(concept, str(SKOS.Concept))
    yield triple(concept, SKOS.inScheme, SCHEME)
    yield triple(concept, SKOS.notation, lit(code))
    if broader is None:
        yield triple(concept, SKOS.topConceptOf, SCHEME)
        yield triple(SCHEME, SKOS.hasTopConcept, concept)
    else:
        yield triple(concept, SKOS.broader, tol_iri(broader))
        yield triple(tol_iri(broader), SKOS.narrower, concept)


def merge_labels(
    into: dict[str, dict[str, str]], code: str, found: Iterable[tuple[str, str]]
) -> None:
    """Add (language, label) pairs for ``code``; the first label of a language wins."""
    slot = into.setdefault(code, {})
    for lang, label in found:
        if label and lang not in slot:
            slot[lang] = label
