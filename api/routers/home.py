"""The site root: what is in the graph and where each kind of user starts.

``/`` shows the landing page (``home.html``): entities per kind, the latest
ingest of each source, and entry points for KEINO experts, innovation brokers
and researchers; ``?format=json`` gives the same figures as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import DerivedDep
from api.routers.explorer import TEXT, choose_lang, render
from graph.derived import Derived
from graph.overview import Overview, overview

router = APIRouter(include_in_schema=False)

#: the kinds' names on the page (Finnish, English), in the order of graph.overview
KIND_LABELS = {
    "organisations": ("organisaatiota", "organisations"),
    "ministries": ("ministeriötä", "ministries"),
    "procurement_units": ("hankintayksikköä", "procurement units"),
    "programmes": ("ohjelmaa tai suunnitelmaa", "programmes and plans"),
    "measures": ("toimenpidettä", "measures"),
    "green_deals": ("Green Deal -sopimusta", "green deals"),
    "goals": ("tavoitetta tai mittaria", "goals and indicators"),
    "notices": ("hankintailmoitusta", "procurement notices"),
    "lots": ("hankinnan osa-aluetta", "lots"),
    "documents": ("lähdeasiakirjaa", "source documents"),
    "events": ("tapahtumaa", "events"),
}


def landing_figures(derived: Derived) -> Overview:
    """What the landing page shows (:func:`graph.overview.overview`), remembered per
    store state; the server computes it while warming up."""
    return derived.remember(("overview",), lambda: overview(derived.store, derived.snapshot()))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, derived: DerivedDep, format: str = "") -> Response:
    """The landing page: counts per kind, latest ingests, entry points."""
    lang = choose_lang(request)
    found = landing_figures(derived)
    if format == "json":
        return Response(
            json.dumps(asdict(found), ensure_ascii=False), media_type="application/json"
        )
    names = {k: v[1] if lang == "en" else v[0] for k, v in KIND_LABELS.items()}
    return render(request, "home.html", overview=found, kind_names=names, home_text=TEXT[lang])
