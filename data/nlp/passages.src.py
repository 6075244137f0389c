# ruff: noqa: E501, RUF005, B905
"""Hand-labelled passages for bench/extract_eval.py (see GUIDELINES.md).

Each row: (id, source URL, text, mentions, relations); every third row (the
2nd, 5th, 8th, …) is the test split. Mentions are
(surface as in the text, entity label in the graph); relations are (subject
label, predicate, object label, since, until), subjects and objects given by a
graph label or by "new:<base name>" for an organisation the graph does not know.
`python -m bench.devset_build` turns this file into passages.jsonl. The
sentences restate, in short Finnish sentences of varied shape, what the
cited page says; they are not copies of it.
"""

KEINO = "KEINO-osaamiskeskus"
TEM = "Työ- ja elinkeinoministeriö"
YM = "Ympäristöministeriö"
MOTIVA, VTT, BF, SYKE, HANSEL = (
    "Motiva Oy",
    "Teknologian tutkimuskeskus VTT Oy",
    "Innovaatiorahoituskeskus Business Finland",
    "Suomen ympäristökeskus SYKE",
    "Hansel Oy",
)
KL = "Suomen Kuntaliitto"
AKATEMIA, IA = "KEINO-akatemia", "Innovaatio-akatemia"
AGENTS = "KEINO-muutosagenttitoiminta"
ECO = "Kaupunkien ekosysteemisopimukset"
SENAATTI = "Senaatti-kiinteistöt"
ECO_CITIES = [
    "Helsinki",
    "Espoo",
    "Vantaa",
    "Tampere",
    "Turku",
    "Oulu",
    "Rovaniemi",
    "Vaasa",
    "Joensuu",
    "Kuopio",
    "Jyväskylä",
    "Lappeenranta",
    "Lahti",
    "Pori",
    "Seinäjoki",
    "Mikkeli",
    "Kajaani",
    "Kokkola",
]

U_KEINO_FI = "https://www.hankintakeino.fi/fi/mika-osaamiskeskus/keinon-toiminta"
U_FISU = "https://www.fisunetwork.fi/fi-FI/Tuki_kunnille/Julkiset_hankinnat"
U_ROLES = "https://www.hankintakeino.fi/en/about-keino/keino-organizations-and-roles"
U_MIKA = "https://hankintakeino-content.druid.fi/fi/mika-osaamiskeskus"
U_OLD = "http://www.hankintakeino.fi/mika-on-keino"
U_GD_KEINO = "https://hankintakeino-content.druid.fi/fi/ajankohtaista/uutiset-artikkelit/kohti-paastottomia-tyomaita-vapaaehtoisen-green-deal-sopimuksen"
U_GD_HEL = "https://www.signalsfromhelsinki.fi/fi/ajankohtaista/helsinki-mukana-neuvotteluissa-tyomailla-syntyvien-paastojen-vahentamiseksi"
U_GD_TS = "https://www.ts.fi/uutiset/paikalliset/4942635/Turku+mukana+tyomaiden+paastoja+vahentavassa+green+deal+hankkeessa"
U_ECO = "https://tem.fi/ekosysteemisopimukset"
U_ECO_NEWS = "https://www.biotalous.fi/valtion-ja-kaupunkien-sopimusyhteistyolla-vauhditetaan-vahahiilisia-digitaalisia-ja-hyvinvointia-edistavia-innovaatioita/"
U_ECO_2020 = "https://vnk.fi/fi/eu/pressmeddelanden/-/asset_publisher/1410877/innovaatiotoimintaa-vahvistavat-sopimukset-solmitaan-kaupunkien-kanssa"
U_AK_HVA = "https://www.hankintakeino.fi/fi/ajankohtaista/uutiset-artikkelit/hyvinvointialueille-suunnattuun-keino-akatemiaan-valittiin-mukaan"
U_AK_2021 = "https://www.hankintakeino.fi/fi/ajankohtaista/uutiset-artikkelit/hankintojensa-vaikuttavuuden-johtamista-lahtee-kehittamaan-14"
U_HANSEL_AR = "https://annualreport2023.hansel.fi/renewing-procurement-2023/keino-academy-focused-on-the-development-of-procurement-skills/"
U_AGENTS = "https://www.hankintakeino.fi/en/about-keino/change-agents"
U_VALONIA = "https://valonia.fi/hanke/kestavien-ja-innovatiivisten-hankintojen-alueellinen-yhteistyo-ja-tuki/"
U_KOSEK = "https://www.kosek.fi/ajankohtaista/9441/julkishankintojen-muutosagentteja-on-suomessa-nyt-15-maakunn/"
U_OHJAUS = "https://hankintakeino-content.druid.fi/fi/mika-osaamiskeskus/KEINO-osaamiskeskuksen-toiminta/keino-osaamiskeskuksen-toiminnan-ohjaus"
U_SEED_004 = "data/documents/004_131e57731311c652.txt"
U_6AIKA = "https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi=A70202"

U_KL_HS = "https://www.kuntaliitto.fi/laki/hankinta-suomi-julkiset-hankinnat-vaikuttavammiksi"
U_HANSEL_2020 = "https://vuosikertomus2020.hansel.fi/uudistuva-hankintatoimi-2020/julkisiin-hankintoihin-yhteinen-tahtotila/"
U_KL_YK = "https://www.kuntaliitto.fi/yleiskirjeet/2021/kansallinen-julkisen-hallinnon-strategia-ja-kansallinen-julkisten-hankintojen"
U_HEL_2023 = (
    "https://paatokset.hel.fi/fi/asia/hel-2022-013346?paatos=36e82c90-d440-45e8-9648-9c47073717f0"
)
U_HEL_2022 = "https://www.hel.fi/static/public/hela/Kaupunginhallituksen_elinkeinojaosto/Suomi/Paatos/2021/Keha_2021-11-29_Eja_9_Pk/4D73D8FC-273D-CE80-9E9F-7D80C7300001/Kaynnissa_olevien_innovaatiorahastosta_rahoitettuj.html"
U_HEL_2021 = (
    "https://paatokset.hel.fi/en/case/hel-2020-010749?decision=f046d356-d0d4-457e-a7e7-a7473d121e34"
)
U_HEL_NO = (
    "https://paatokset.hel.fi/fi/asia/hel-2021-012878?paatos=9d3b74e5-c3a3-401a-ab99-0ca084533548"
)
HS = "Hankinta-Suomi"
VM = "Valtiovarainministeriö"
HVA = [
    "Etelä-Savon hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Keski-Suomen hyvinvointialue",
    "Kymenlaakson hyvinvointialue",
    "Lapin hyvinvointialue",
    "Pirkanmaan hyvinvointialue",
    "Pohjois-Savon hyvinvointialue",
    "Satakunnan hyvinvointialue",
    "Varsinais-Suomen hyvinvointialue",
]
IA_ALL = [
    "Turun kaupunki",
    "Kuopion kaupungin tilapalvelut",
    "DigiFinland Oy",
    "Valtori",
    "KEHA-keskus",
    "Maanmittauslaitos",
]
IA_KEYS = [
    "Turku",
    "Kuopion kaupungin tilapalvelut",
    "DigiFinland Oy",
    "Valtori",
    "KEHA-keskus",
    "Maanmittauslaitos",
]

MEMBERS6 = [MOTIVA, VTT, BF, SYKE, HANSEL]


def members(names, whole=KEINO, since=None, until=None):
    return [(n, "memberOf", whole, since, until) for n in names]


def eco(cities, since=None):
    return [(c, "participatesIn", ECO, since, None) for c in cities]


P = [
    # --- steering and funding of KEINO (restated from U_FISU, U_KEINO_FI, U_VALONIA)
    (
        "s-ohjaus-1",
        U_FISU,
        "Työ- ja elinkeinoministeriö ohjaa ja rahoittaa KEINO-osaamiskeskusta.",
        [("Työ- ja elinkeinoministeriö", TEM), ("KEINO-osaamiskeskusta", KEINO)],
        [(KEINO, "steeredBy", TEM, None, None), (KEINO, "fundedBy", TEM, None, None)],
    ),
    (
        "s-ohjaus-2",
        U_FISU,
        "KEINO-osaamiskeskusta rahoittaa työ- ja elinkeinoministeriö, joka myös ohjaa sen toimintaa.",
        [("KEINO-osaamiskeskusta", KEINO), ("työ- ja elinkeinoministeriö", TEM)],
        [(KEINO, "fundedBy", TEM, None, None), (KEINO, "steeredBy", TEM, None, None)],
    ),
    (
        "s-ohjaus-3",
        U_KEINO_FI,
        "Työ- ja elinkeinoministeriön rahoittama KEINO-osaamiskeskus tukee julkisia hankkijoita.",
        [("Työ- ja elinkeinoministeriön", TEM), ("KEINO-osaamiskeskus", KEINO)],
        [(KEINO, "fundedBy", TEM, None, None)],
    ),
    (
        "s-ohjaus-4",
        U_VALONIA,
        "Muutosagenttien työ on osa KEINO-osaamiskeskuksen toimintaa, jota rahoittaa työ- ja elinkeinoministeriö.",
        [("KEINO-osaamiskeskuksen", KEINO), ("työ- ja elinkeinoministeriö", TEM)],
        [(KEINO, "fundedBy", TEM, None, None)],
    ),
    (
        "s-ohjaus-5",
        U_OHJAUS,
        "KEINO-osaamiskeskuksen ohjausryhmän asetti työ- ja elinkeinoministeriö, ja ryhmän toimikautta jatkettiin 31.12.2021 saakka.",
        [("KEINO-osaamiskeskuksen", KEINO), ("työ- ja elinkeinoministeriö", TEM)],
        [],
    ),
    (
        "s-ohjaus-6",
        U_VALONIA,
        "Valonia on Varsinais-Suomen kestävän kehityksen keskus, ja sen muutosagentti toimii KEINO-osaamiskeskuksen alueellisena yhteyspisteenä.",
        [("Varsinais-Suomen", "Varsinais-Suomi"), ("KEINO-osaamiskeskuksen", KEINO)],
        [],
    ),
    (
        "s-ohjaus-7",
        U_FISU,
        "KEINOn toimintaa ei rahoita Business Finland vaan työ- ja elinkeinoministeriö.",
        [("KEINOn", KEINO), ("Business Finland", BF), ("työ- ja elinkeinoministeriö", TEM)],
        [(KEINO, "fundedBy", TEM, None, None)],
    ),
    (
        "s-ohjaus-8",
        U_AGENTS,
        "Alueellisten KEINO-muutosagenttien työtä rahoittaa KEINO-osaamiskeskus.",
        [("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    # --- consortium membership (U_FISU, U_MIKA, U_OLD, U_KEINO_FI)
    (
        "s-konsortio-1",
        U_FISU,
        "KEINO-konsortioon kuuluvat Motiva Oy, Teknologian tutkimuskeskus VTT Oy, Innovaatiorahoituskeskus Business Finland, Suomen ympäristökeskus SYKE ja Hansel Oy.",
        [
            ("KEINO-konsortioon", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Teknologian tutkimuskeskus VTT Oy", VTT),
            ("Innovaatiorahoituskeskus Business Finland", BF),
            ("Suomen ympäristökeskus SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        members(MEMBERS6),
    ),
    (
        "s-konsortio-2",
        U_MIKA,
        "Motiva Oy, Suomen Kuntaliitto, VTT, Business Finland, SYKE ja Hansel Oy ovat KEINO-osaamiskeskuksen jäseniä.",
        [
            ("Motiva Oy", MOTIVA),
            ("Suomen Kuntaliitto", KL),
            ("VTT", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel Oy", HANSEL),
            ("KEINO-osaamiskeskuksen", KEINO),
        ],
        members([MOTIVA, KL, VTT, BF, SYKE, HANSEL]),
    ),
    (
        "s-konsortio-3",
        U_MIKA,
        "Hansel Oy on KEINO-osaamiskeskuksen jäsen.",
        [("Hansel Oy", HANSEL), ("KEINO-osaamiskeskuksen", KEINO)],
        members([HANSEL]),
    ),
    (
        "s-konsortio-4",
        U_MIKA,
        "Suomen ympäristökeskus SYKE on yksi KEINO-konsortion jäsenistä.",
        [("Suomen ympäristökeskus SYKE", SYKE), ("KEINO-konsortion", KEINO)],
        members([SYKE]),
    ),
    (
        "s-konsortio-5",
        U_OLD,
        "Osaamiskeskuksen toteuttamisesta vastaa konsortio, jonka jäseniä ovat Motiva Oy, Suomen Kuntaliitto ry, VTT Oy, Business Finland, SYKE ja Hansel Oy sekä KL-Kuntahankinnat Oy ja Sitra.",
        [
            ("Motiva Oy", MOTIVA),
            ("Suomen Kuntaliitto ry", KL),
            ("VTT Oy", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        [],
    ),
    (
        "s-konsortio-6",
        U_OLD,
        "KEINO-osaamiskeskukseen kuului vuosina 2018–2021 myös KL-Kuntahankinnat Oy.",
        [("KEINO-osaamiskeskukseen", KEINO)],
        [("new:KL-Kuntahankinnat Oy", "memberOf", KEINO, "2018", "2021")],
    ),
    (
        "s-konsortio-7",
        U_MIKA,
        "Motiva Oy, joka on KEINO-konsortion jäsen, tuo osaamiskeskukseen kestävien hankintojen asiantuntemusta.",
        [("Motiva Oy", MOTIVA), ("KEINO-konsortion", KEINO)],
        members([MOTIVA]),
    ),
    (
        "s-konsortio-8",
        U_MIKA,
        "Teknologian tutkimuskeskus VTT Oy kuuluu KEINO-osaamiskeskukseen.",
        [("Teknologian tutkimuskeskus VTT Oy", VTT), ("KEINO-osaamiskeskukseen", KEINO)],
        members([VTT]),
    ),
    (
        "s-konsortio-9",
        U_MIKA,
        "Business Finland ja Hansel Oy ovat KEINOn jäseniä, mutta Sitra ei enää ole.",
        [("Business Finland", BF), ("Hansel Oy", HANSEL), ("KEINOn", KEINO)],
        members([BF, HANSEL]),
    ),
    (
        "s-konsortio-10",
        U_KEINO_FI,
        "KEINO on konsortio, jonka toteuttamisesta vastaavat Motiva Oy, VTT, Business Finland, SYKE sekä Hansel Oy.",
        [
            ("KEINO", KEINO),
            ("Motiva Oy", MOTIVA),
            ("VTT", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        members(MEMBERS6),
    ),
    # --- strategic partnership (U_KEINO_FI)
    (
        "s-kumppani-1",
        U_KEINO_FI,
        "Suomen Kuntaliitto on maaliskuusta 2022 alkaen ollut KEINO-osaamiskeskuksen strateginen kumppani.",
        [("Suomen Kuntaliitto", KL), ("KEINO-osaamiskeskuksen", KEINO)],
        [(KL, "strategicPartnerOf", KEINO, "2022-03", None)],
    ),
    (
        "s-kumppani-2",
        U_KEINO_FI,
        "Kuntaliitto siirtyi maaliskuussa 2022 KEINO-verkoston jäsenestä sen strategiseksi kumppaniksi.",
        [("Kuntaliitto", KL), ("KEINO-verkoston", KEINO)],
        [
            (KL, "memberOf", KEINO, None, "2022-03"),
            (KL, "strategicPartnerOf", KEINO, "2022-03", None),
        ],
    ),
    (
        "s-kumppani-3",
        U_KEINO_FI,
        "KEINO-osaamiskeskuksen strategisena kumppanina toimii Suomen Kuntaliitto.",
        [("KEINO-osaamiskeskuksen", KEINO), ("Suomen Kuntaliitto", KL)],
        [(KL, "strategicPartnerOf", KEINO, None, None)],
    ),
    (
        "s-kumppani-4",
        U_KEINO_FI,
        "Kuntaliitto ei ole enää KEINOn jäsen.",
        [("Kuntaliitto", KL), ("KEINOn", KEINO)],
        [],
    ),
    # --- coordination (U_ROLES, U_AK_HVA, U_HANSEL_AR, U_KOSEK)
    (
        "s-koord-1",
        U_ROLES,
        "KEINO-osaamiskeskusta koordinoi Motiva Oy.",
        [("KEINO-osaamiskeskusta", KEINO), ("Motiva Oy", MOTIVA)],
        [(MOTIVA, "coordinates", KEINO, None, None)],
    ),
    (
        "s-koord-2",
        U_ROLES,
        "Motiva Oy, KEINO-osaamiskeskuksen koordinaattori, vastaa viime kädessä keskuksen palveluista.",
        [("Motiva Oy", MOTIVA), ("KEINO-osaamiskeskuksen", KEINO)],
        [(MOTIVA, "coordinates", KEINO, None, None)],
    ),
    (
        "s-koord-3",
        U_ROLES,
        "Työ- ja elinkeinoministeriö rahoittaa KEINO-osaamiskeskusta, jota koordinoi Motiva Oy.",
        [
            ("Työ- ja elinkeinoministeriö", TEM),
            ("KEINO-osaamiskeskusta", KEINO),
            ("Motiva Oy", MOTIVA),
        ],
        [(KEINO, "fundedBy", TEM, None, None), (MOTIVA, "coordinates", KEINO, None, None)],
    ),
    (
        "s-koord-4",
        U_ROLES,
        "Suomen Kuntaliitto ja Motiva Oy koordinoivat yhdessä KEINO-muutosagenttitoimintaa.",
        [
            ("Suomen Kuntaliitto", KL),
            ("Motiva Oy", MOTIVA),
            ("KEINO-muutosagenttitoimintaa", AGENTS),
        ],
        [(KL, "coordinates", AGENTS, None, None), (MOTIVA, "coordinates", AGENTS, None, None)],
    ),
    (
        "s-koord-5",
        U_ROLES,
        "Suomen Kuntaliitto koordinoi KEINO-akatemiaa sekä osaamiskeskuksen viestintää.",
        [("Suomen Kuntaliitto", KL), ("KEINO-akatemiaa", AKATEMIA)],
        [(KL, "coordinates", AKATEMIA, None, None)],
    ),
    (
        "s-koord-6",
        U_AK_HVA,
        "KEINO-akatemian toteutuksesta vastaa Hansel Oy, ja akatemiaa toteuttamassa ovat myös Motiva, SYKE ja VTT.",
        [
            ("KEINO-akatemian", AKATEMIA),
            ("Hansel Oy", HANSEL),
            ("Motiva", MOTIVA),
            ("SYKE", SYKE),
            ("VTT", VTT),
        ],
        [
            (HANSEL, "coordinates", AKATEMIA, None, None),
            (MOTIVA, "participatesIn", AKATEMIA, None, None),
            (SYKE, "participatesIn", AKATEMIA, None, None),
            (VTT, "participatesIn", AKATEMIA, None, None),
        ],
    ),
    (
        "s-koord-7",
        U_HANSEL_AR,
        "Vuonna 2023 KEINO-akatemiaa koordinoi Hansel Oy.",
        [("KEINO-akatemiaa", AKATEMIA), ("Hansel Oy", HANSEL)],
        [(HANSEL, "coordinates", AKATEMIA, "2023", None)],
    ),
    (
        "s-koord-8",
        U_HANSEL_AR,
        "Hyvinvointialueille suunnattu KEINO-akatemia, jota koordinoi Hansel Oy, kesti toukokuusta marraskuuhun 2023.",
        [("KEINO-akatemia", AKATEMIA), ("Hansel Oy", HANSEL)],
        [(HANSEL, "coordinates", AKATEMIA, "2023", None)],
    ),
    (
        "s-koord-9",
        U_KOSEK,
        "KEINO-muutosagenttien toiminnasta vastaava asiantuntija työskentelee Suomen Kuntaliitossa.",
        [("Suomen Kuntaliitossa", KL)],
        [],
    ),
    (
        "s-koord-10",
        U_ROLES,
        "Motiva ei koordinoi KEINO-akatemiaa.",
        [("Motiva", MOTIVA), ("KEINO-akatemiaa", AKATEMIA)],
        [],
    ),
    (
        "s-koord-11",
        U_ROLES,
        "VTT osallistuu laajasti KEINO-osaamiskeskuksen toimintaan.",
        [("VTT", VTT), ("KEINO-osaamiskeskuksen", KEINO)],
        [(VTT, "participatesIn", KEINO, None, None)],
    ),
    # --- KEINO-akatemia and Innovaatio-akatemia participants (U_AK_2021, seeds)
    (
        "s-akatemia-1",
        U_AK_2021,
        "Rauman kaupunki osallistuu lokakuussa 2021 alkavaan KEINO-akatemiaan.",
        [("Rauman kaupunki", "Rauma"), ("KEINO-akatemiaan", AKATEMIA)],
        [("Rauma", "participatesIn", AKATEMIA, "2021-10", None)],
    ),
    (
        "s-akatemia-2",
        U_AK_2021,
        "KEINO-akatemiaan valittiin 14 organisaatiota, ja mukana on esimerkiksi Rauman kaupunki.",
        [("KEINO-akatemiaan", AKATEMIA), ("Rauman kaupunki", "Rauma")],
        [("Rauma", "participatesIn", AKATEMIA, None, None)],
    ),
    (
        "s-akatemia-3",
        U_AK_2021,
        "Rauma haki KEINO-akatemiaan saadakseen tukea hankintastrategian laatimiseen.",
        [("Rauma", "Rauma"), ("KEINO-akatemiaan", AKATEMIA)],
        [],
    ),
    (
        "s-akatemia-4",
        U_AK_HVA,
        "KEINO-akatemia on KEINO-osaamiskeskuksen maksuton kehittämisohjelma.",
        [("KEINO-akatemia", AKATEMIA), ("KEINO-osaamiskeskuksen", KEINO)],
        [(AKATEMIA, "partOf", KEINO, None, None)],
    ),
    (
        "s-akatemia-5",
        U_AK_HVA,
        "Innovaatio-akatemia on osa KEINO-osaamiskeskusta.",
        [("Innovaatio-akatemia", IA), ("KEINO-osaamiskeskusta", KEINO)],
        [(IA, "partOf", KEINO, None, None)],
    ),
    (
        "s-akatemia-6",
        U_AK_HVA,
        "Hankintaluotsi on osa KEINO-akatemiaa.",
        [("Hankintaluotsi", "Hankintaluotsi"), ("KEINO-akatemiaa", AKATEMIA)],
        [("Hankintaluotsi", "partOf", AKATEMIA, None, None)],
    ),
    (
        "s-akatemia-7",
        U_SEED_004,
        "Innovaatio-akatemiaan osallistuvat Valtori, Maanmittauslaitos ja DigiFinland Oy.",
        [
            ("Innovaatio-akatemiaan", IA),
            ("Valtori", "Valtori"),
            ("Maanmittauslaitos", "Maanmittauslaitos"),
            ("DigiFinland Oy", "DigiFinland Oy"),
        ],
        [
            ("Valtori", "participatesIn", IA, None, None),
            ("Maanmittauslaitos", "participatesIn", IA, None, None),
            ("DigiFinland Oy", "participatesIn", IA, None, None),
        ],
    ),
    (
        "s-akatemia-8",
        U_SEED_004,
        "Turun kaupunki, Kuopion kaupungin tilapalvelut ja KEHA-keskus osallistuivat Innovaatio-akatemiaan vuonna 2021.",
        [
            ("Turun kaupunki", "Turku"),
            ("Kuopion kaupungin tilapalvelut", "Kuopion kaupungin tilapalvelut"),
            ("KEHA-keskus", "KEHA-keskus"),
            ("Innovaatio-akatemiaan", IA),
        ],
        [
            ("Turku", "participatesIn", IA, "2021", None),
            ("Kuopion kaupungin tilapalvelut", "participatesIn", IA, "2021", None),
            ("KEHA-keskus", "participatesIn", IA, "2021", None),
        ],
    ),
    (
        "s-akatemia-9",
        U_SEED_004,
        "Innovaatio-akatemiaa koordinoi Teknologian tutkimuskeskus VTT Oy yhdessä Hansel Oy:n kanssa.",
        [
            ("Innovaatio-akatemiaa", IA),
            ("Teknologian tutkimuskeskus VTT Oy", VTT),
            ("Hansel Oy:n", HANSEL),
        ],
        [(VTT, "coordinates", IA, None, None), (HANSEL, "coordinates", IA, None, None)],
    ),
    # --- green deal of zero-emission construction sites (U_GD_KEINO, U_GD_HEL, U_GD_TS): the deal is not in the graph
    (
        "s-gd-1",
        U_GD_KEINO,
        "Ympäristöministeriö, Senaatti-kiinteistöt sekä Espoon, Helsingin, Turun ja Vantaan kaupungit allekirjoittivat 9.9.2020 sopimuksen työmaiden päästöjen vähentämiseksi.",
        [
            ("Ympäristöministeriö", YM),
            ("Senaatti-kiinteistöt", SENAATTI),
            ("Espoon", "Espoo"),
            ("Helsingin", "Helsinki"),
            ("Turun", "Turku"),
            ("Vantaan kaupungit", "Vantaa"),
        ],
        [],
    ),
    (
        "s-gd-2",
        U_GD_HEL,
        "Ympäristöministeriö sekä Helsingin, Espoon, Vantaan ja Turun kaupungit neuvottelevat green deal -sopimuksesta.",
        [
            ("Ympäristöministeriö", YM),
            ("Helsingin", "Helsinki"),
            ("Espoon", "Espoo"),
            ("Vantaan", "Vantaa"),
            ("Turun kaupungit", "Turku"),
        ],
        [],
    ),
    (
        "s-gd-3",
        U_GD_TS,
        "Ympäristöministeriön tukena sopimuksen toimeenpanossa toimii KEINO-osaamiskeskus.",
        [("Ympäristöministeriön", YM), ("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    (
        "s-gd-4",
        U_GD_KEINO,
        "KEINO-osaamiskeskus oli mukana valmistelemassa päästöttömien työmaiden green dealia.",
        [("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    (
        "s-gd-5",
        U_GD_TS,
        "Turun kaupunki ei ole vielä allekirjoittanut sopimusta.",
        [("Turun kaupunki", "Turku")],
        [],
    ),
    # --- ecosystem agreements (U_ECO, U_ECO_NEWS, U_ECO_2020)
    (
        "s-eko-1",
        U_ECO,
        "Ekosysteemisopimuksiin osallistuvat Helsinki, Espoo, Vantaa, Tampere, Turku, Oulu, Rovaniemi, Vaasa, Joensuu, Kuopio, Jyväskylä, Lappeenranta, Lahti, Pori, Seinäjoki, Mikkeli, Kajaani ja Kokkola.",
        [("Ekosysteemisopimuksiin", ECO)] + [(c, c) for c in ECO_CITIES],
        eco(ECO_CITIES),
    ),
    (
        "s-eko-2",
        U_ECO_NEWS,
        "Helsinki, Espoo, Vantaa, Tampere, Turku ja Oulu osallistuivat 9.2.2021 ekosysteemisopimuksiin.",
        [(c, c) for c in ECO_CITIES[:6]] + [("ekosysteemisopimuksiin", ECO)],
        eco(ECO_CITIES[:6], "2021-02-09"),
    ),
    (
        "s-eko-3",
        U_ECO_NEWS,
        "Rovaniemi, Vaasa, Joensuu, Kuopio, Jyväskylä ja Lappeenranta solmivat ekosysteemisopimukset valtion kanssa helmikuussa 2021.",
        [(c, c) for c in ECO_CITIES[6:12]] + [("ekosysteemisopimukset", ECO)],
        eco(ECO_CITIES[6:12], "2021-02"),
    ),
    (
        "s-eko-4",
        U_ECO_NEWS,
        "Myös Lahti, Pori, Seinäjoki, Mikkeli, Kajaani ja Kokkola osallistuvat ekosysteemisopimuksiin vuoden 2027 loppuun saakka.",
        [(c, c) for c in ECO_CITIES[12:]] + [("ekosysteemisopimuksiin", ECO)],
        [(c, "participatesIn", ECO, None, "2027") for c in ECO_CITIES[12:]],
    ),
    (
        "s-eko-5",
        U_ECO_2020,
        "Toukokuussa 2020 valtio ja yliopistokaupungit neuvottelivat ekosysteemisopimuksista, joihin Tampere, Turku ja Oulu aikovat osallistua.",
        [
            ("ekosysteemisopimuksista", ECO),
            ("Tampere", "Tampere"),
            ("Turku", "Turku"),
            ("Oulu", "Oulu"),
        ],
        [],
    ),
    (
        "s-eko-6",
        U_ECO,
        "Lappeenranta osallistuu ekosysteemisopimuksiin yhdessä Imatran kanssa.",
        [("Lappeenranta", "Lappeenranta"), ("ekosysteemisopimuksiin", ECO), ("Imatran", "Imatra")],
        [
            ("Lappeenranta", "participatesIn", ECO, None, None),
            ("Imatra", "participatesIn", ECO, None, None),
        ],
    ),
    (
        "s-eko-7",
        U_ECO,
        "Kajaani osallistuu ekosysteemisopimuksiin, ja mukana on myös Sotkamo.",
        [("Kajaani", "Kajaani"), ("ekosysteemisopimuksiin", ECO), ("Sotkamo", "Sotkamo")],
        [
            ("Kajaani", "participatesIn", ECO, None, None),
            ("Sotkamo", "participatesIn", ECO, None, None),
        ],
    ),
    (
        "s-eko-8",
        U_ECO,
        "Ekosysteemisopimukset ovat osa EU:n alue- ja rakennepolitiikan ohjelmaa 2021–2027.",
        [("Ekosysteemisopimukset", ECO)],
        [],
    ),
    (
        "s-eko-9",
        U_ECO_NEWS,
        "Ekosysteemisopimuksiin osallistuvat pääkaupunkiseudulta Helsingin, Espoon ja Vantaan kaupungit.",
        [
            ("Ekosysteemisopimuksiin", ECO),
            ("Helsingin", "Helsinki"),
            ("Espoon", "Espoo"),
            ("Vantaan kaupungit", "Vantaa"),
        ],
        eco(["Helsinki", "Espoo", "Vantaa"]),
    ),
    (
        "s-eko-10",
        U_ECO_NEWS,
        "Tampereen kaupunki ja Oulun kaupunki osallistuvat ekosysteemisopimuksiin.",
        [
            ("Tampereen kaupunki", "Tampere"),
            ("Oulun kaupunki", "Oulu"),
            ("ekosysteemisopimuksiin", ECO),
        ],
        eco(["Tampere", "Oulu"]),
    ),
    # --- 6Aika (U_6AIKA): the strategy is not in the graph; Y-tunnus candidates
    (
        "s-6aika-1",
        U_6AIKA,
        "Hankkeen hakijana oli Oulun kaupunki (0187690-1), ja osatoteuttajina toimivat Forum Virium Helsinki Oy sekä Turku Science Park Oy Ab.",
        [("Oulun kaupunki", "Oulu")],
        [],
    ),
    (
        "s-6aika-2",
        U_6AIKA,
        "Kuutoskaupungit Helsinki, Espoo, Vantaa, Tampere, Turku ja Oulu toteuttavat yhdessä kestävän kaupunkikehityksen strategiaa.",
        [(c, c) for c in ECO_CITIES[:6]],
        [],
    ),
    # --- change agents (U_AGENTS, U_KOSEK, U_VALONIA)
    (
        "s-agentit-1",
        U_KOSEK,
        "KEINO-muutosagenttitoiminta on osa KEINO-osaamiskeskusta.",
        [("KEINO-muutosagenttitoiminta", AGENTS), ("KEINO-osaamiskeskusta", KEINO)],
        [(AGENTS, "partOf", KEINO, None, None)],
    ),
    (
        "s-agentit-2",
        U_KOSEK,
        "Tammikuussa 2020 KEINO-osaamiskeskus valitsi muutosagentit yhdeksään uuteen maakuntaan, muun muassa Etelä-Karjalaan ja Kainuuseen.",
        [
            ("KEINO-osaamiskeskus", KEINO),
            ("Etelä-Karjalaan", "Etelä-Karjala"),
            ("Kainuuseen", "Kainuu"),
        ],
        [],
    ),
    (
        "s-agentit-3",
        U_AGENTS,
        "Ensimmäiset muutosagentit aloittivat joulukuussa 2018 Pirkanmaalla, Pohjois-Pohjanmaalla ja Varsinais-Suomessa.",
        [
            ("Pirkanmaalla", "Pirkanmaa"),
            ("Pohjois-Pohjanmaalla", "Pohjois-Pohjanmaa"),
            ("Varsinais-Suomessa", "Varsinais-Suomi"),
        ],
        [],
    ),
    (
        "s-agentit-4",
        U_KOSEK,
        "Muutosagenttitoimintaa varten KEINO-osaamiskeskus myöntää avustusta agenttien työnantajille.",
        [("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    # --- Hankinta-Suomi (U_KL_HS, U_HANSEL_2020, U_KL_YK)
    (
        "s-hs-1",
        U_KL_HS,
        "Valtiovarainministeriö asetti syyskuussa 2019 Hankinta-Suomen yhdessä Suomen Kuntaliiton kanssa.",
        [("Valtiovarainministeriö", VM), ("Hankinta-Suomen", HS), ("Suomen Kuntaliiton", KL)],
        [(VM, "coordinates", HS, "2019-09", None), (KL, "coordinates", HS, "2019-09", None)],
    ),
    (
        "s-hs-2",
        U_KL_YK,
        "Hankinta-Suomea koordinoivat valtiovarainministeriö ja Suomen Kuntaliitto.",
        [("Hankinta-Suomea", HS), ("valtiovarainministeriö", VM), ("Suomen Kuntaliitto", KL)],
        [(VM, "coordinates", HS, None, None), (KL, "coordinates", HS, None, None)],
    ),
    (
        "s-hs-3",
        U_HANSEL_2020,
        "Hansel Oy osallistuu Hankinta-Suomeen ja sen kaikkiin teemaryhmiin.",
        [("Hansel Oy", HANSEL), ("Hankinta-Suomeen", HS)],
        [(HANSEL, "participatesIn", HS, None, None)],
    ),
    (
        "s-hs-4",
        U_HANSEL_2020,
        "Kansallinen hankintastrategia valmisteltiin Hankinta-Suomessa, jonka asettivat valtiovarainministeriö ja Kuntaliitto.",
        [
            ("Kansallinen hankintastrategia", HS),
            ("Hankinta-Suomessa", HS),
            ("valtiovarainministeriö", VM),
            ("Kuntaliitto", KL),
        ],
        [(VM, "coordinates", HS, None, None), (KL, "coordinates", HS, None, None)],
    ),
    (
        "s-hs-5",
        U_KL_YK,
        "Valtiovarainministeriö ja Kuntaliitto koordinoivat Hankinta-Suomea, ja Hansel Oy osallistuu siihen.",
        [
            ("Valtiovarainministeriö", VM),
            ("Kuntaliitto", KL),
            ("Hankinta-Suomea", HS),
            ("Hansel Oy", HANSEL),
        ],
        [
            (VM, "coordinates", HS, None, None),
            (KL, "coordinates", HS, None, None),
            (HANSEL, "participatesIn", HS, None, None),
        ],
    ),
    # --- KEINO-akatemia for the wellbeing services counties, 2023 (U_AK_HVA, U_HANSEL_AR)
    (
        "s-hva-1",
        U_AK_HVA,
        "KEINO-akatemiaan osallistuivat vuonna 2023 "
        + ", ".join(HVA[:-1])
        + " ja "
        + HVA[-1]
        + ".",
        [("KEINO-akatemiaan", AKATEMIA)] + [(h, h) for h in HVA],
        [(h, "participatesIn", AKATEMIA, "2023", None) for h in HVA],
    ),
    (
        "s-hva-2",
        U_AK_HVA,
        "Etelä-Savon hyvinvointialue ja Lapin hyvinvointialue osallistuvat KEINO-akatemiaan.",
        [(h, h) for h in ("Etelä-Savon hyvinvointialue", "Lapin hyvinvointialue")]
        + [("KEINO-akatemiaan", AKATEMIA)],
        [
            (h, "participatesIn", AKATEMIA, None, None)
            for h in ("Etelä-Savon hyvinvointialue", "Lapin hyvinvointialue")
        ],
    ),
    (
        "s-hva-3",
        U_AK_HVA,
        "Pirkanmaan hyvinvointialue, Satakunnan hyvinvointialue ja Varsinais-Suomen hyvinvointialue osallistuivat toukokuussa 2023 alkaneeseen KEINO-akatemiaan.",
        [
            (h, h)
            for h in (
                "Pirkanmaan hyvinvointialue",
                "Satakunnan hyvinvointialue",
                "Varsinais-Suomen hyvinvointialue",
            )
        ]
        + [("KEINO-akatemiaan", AKATEMIA)],
        [
            (h, "participatesIn", AKATEMIA, "2023-05", None)
            for h in (
                "Pirkanmaan hyvinvointialue",
                "Satakunnan hyvinvointialue",
                "Varsinais-Suomen hyvinvointialue",
            )
        ],
    ),
    (
        "s-hva-4",
        U_AK_HVA,
        "Kanta-Hämeen hyvinvointialue osallistuu KEINO-akatemiaan, jota koordinoi Hansel Oy.",
        [
            ("Kanta-Hämeen hyvinvointialue", "Kanta-Hämeen hyvinvointialue"),
            ("KEINO-akatemiaan", AKATEMIA),
            ("Hansel Oy", HANSEL),
        ],
        [
            ("Kanta-Hämeen hyvinvointialue", "participatesIn", AKATEMIA, None, None),
            (HANSEL, "coordinates", AKATEMIA, None, None),
        ],
    ),
    (
        "s-hva-5",
        U_AK_HVA,
        "Keski-Suomen hyvinvointialue, Kymenlaakson hyvinvointialue ja Pohjois-Savon hyvinvointialue osallistuvat KEINO-akatemiaan.",
        [
            (h, h)
            for h in (
                "Keski-Suomen hyvinvointialue",
                "Kymenlaakson hyvinvointialue",
                "Pohjois-Savon hyvinvointialue",
            )
        ]
        + [("KEINO-akatemiaan", AKATEMIA)],
        [
            (h, "participatesIn", AKATEMIA, None, None)
            for h in (
                "Keski-Suomen hyvinvointialue",
                "Kymenlaakson hyvinvointialue",
                "Pohjois-Savon hyvinvointialue",
            )
        ],
    ),
    (
        "s-hva-6",
        U_AK_HVA,
        "Puolet Suomen hyvinvointialueista lähti mukaan kehittämään hankintojaan KEINO-akatemiassa.",
        [("KEINO-akatemiassa", AKATEMIA)],
        [],
    ),
    (
        "s-hva-7",
        U_AK_HVA,
        "KEINO-akatemiaa toteuttavat Hansel Oy:n lisäksi Motiva, SYKE ja VTT.",
        [
            ("KEINO-akatemiaa", AKATEMIA),
            ("Hansel Oy:n", HANSEL),
            ("Motiva", MOTIVA),
            ("SYKE", SYKE),
            ("VTT", VTT),
        ],
        [(n, "participatesIn", AKATEMIA, None, None) for n in (HANSEL, MOTIVA, SYKE, VTT)],
    ),
    # --- Helsinki's innovation fund (U_HEL_2023, U_HEL_2022, U_HEL_2021, U_HEL_NO)
    (
        "s-hel-1",
        U_HEL_2023,
        "Helsingin kaupunki myönsi Metropolia Ammattikorkeakoulu Oy:lle rahoitusta innovaatiorahastosta vuonna 2023.",
        [("Helsingin kaupunki", "Helsinki")],
        [("new:Metropolia Ammattikorkeakoulu Oy", "fundedBy", "Helsinki", "2023", None)],
    ),
    (
        "s-hel-2",
        U_HEL_2022,
        "Helsingin kaupunki rahoittaa Forum Virium Helsinki Oy:tä, Haaga-Helia ammattikorkeakoulu Oy:tä ja Startup Maria Oy:tä.",
        [("Helsingin kaupunki", "Helsinki")],
        [
            ("new:" + n, "fundedBy", "Helsinki", None, None)
            for n in (
                "Forum Virium Helsinki Oy",
                "Haaga-Helia ammattikorkeakoulu Oy",
                "Startup Maria Oy",
            )
        ],
    ),
    (
        "s-hel-3",
        U_HEL_2021,
        "Helsingin kaupungin rahoittama Helsinki Games Capital ry kehittää peliekosysteemiä.",
        [("Helsingin kaupungin", "Helsinki")],
        [("new:Helsinki Games Capital ry", "fundedBy", "Helsinki", None, None)],
    ),
    (
        "s-hel-4",
        U_HEL_NO,
        "Helsingin kaupunki ei myöntänyt rahoitusta Herizon ry:lle eikä SILTA Ventures ry:lle.",
        [("Helsingin kaupunki", "Helsinki")],
        [],
    ),
    (
        "s-hel-5",
        U_HEL_2022,
        "Forum Virium Helsinki Oy:tä rahoittaa Helsingin kaupunki.",
        [("Helsingin kaupunki", "Helsinki")],
        [("new:Forum Virium Helsinki Oy", "fundedBy", "Helsinki", None, None)],
    ),
    (
        "s-hel-6",
        U_HEL_2022,
        "Helsingin kaupunki myönsi vuodelle 2022 rahoitusta Startup Maria Oy:lle ja Haaga-Helia ammattikorkeakoulu Oy:lle.",
        [("Helsingin kaupunki", "Helsinki")],
        [
            ("new:" + n, "fundedBy", "Helsinki", "2022", None)
            for n in ("Startup Maria Oy", "Haaga-Helia ammattikorkeakoulu Oy")
        ],
    ),
    # --- the consortium of 2018–2021 (U_OLD)
    (
        "s-vanha-1",
        U_OLD,
        "KEINO-osaamiskeskukseen kuuluivat Motiva Oy, Suomen Kuntaliitto ry, Teknologian tutkimuskeskus VTT Oy, Business Finland, SYKE, Hansel Oy, KL-Kuntahankinnat Oy ja Sitra.",
        [
            ("KEINO-osaamiskeskukseen", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Suomen Kuntaliitto ry", KL),
            ("Teknologian tutkimuskeskus VTT Oy", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        members([MOTIVA, KL, VTT, BF, SYKE, HANSEL, "new:KL-Kuntahankinnat Oy", "new:Sitra"]),
    ),
    (
        "s-vanha-2",
        U_OLD,
        "KL-Kuntahankinnat Oy ja Hansel Oy olivat KEINO-konsortion jäseniä.",
        [("Hansel Oy", HANSEL), ("KEINO-konsortion", KEINO)],
        members(["new:KL-Kuntahankinnat Oy", HANSEL]),
    ),
    (
        "s-vanha-3",
        U_OLD,
        "Motiva Oy ja Suomen Kuntaliitto ry kuuluivat KEINO-konsortioon jo vuonna 2018.",
        [("Motiva Oy", MOTIVA), ("Suomen Kuntaliitto ry", KL), ("KEINO-konsortioon", KEINO)],
        members([MOTIVA, KL], since="2018"),
    ),
    # --- Innovaatio-akatemia in more shapes (seed 004)
    (
        "s-ia-1",
        U_SEED_004,
        "Innovaatio-akatemiaan valitut Turun kaupunki, Kuopion kaupungin tilapalvelut, DigiFinland Oy, Valtori, KEHA-keskus ja Maanmittauslaitos aloittivat 19.10.2021.",
        [("Innovaatio-akatemiaan", IA)] + list(zip(IA_ALL, IA_KEYS)),
        [(k, "participatesIn", IA, "2021-10-19", None) for k in IA_KEYS],
    ),
    (
        "s-ia-2",
        U_SEED_004,
        "Innovaatio-akatemiaan osallistuvat Turun kaupunki, Kuopion kaupungin tilapalvelut ja DigiFinland Oy.",
        [("Innovaatio-akatemiaan", IA)] + list(zip(IA_ALL[:3], IA_KEYS[:3])),
        [(k, "participatesIn", IA, None, None) for k in IA_KEYS[:3]],
    ),
    (
        "s-ia-3",
        U_SEED_004,
        "Valtori, KEHA-keskus ja Maanmittauslaitos osallistuvat Innovaatio-akatemiaan, jota koordinoi VTT.",
        list(zip(IA_ALL[3:], IA_KEYS[3:])) + [("Innovaatio-akatemiaan", IA), ("VTT", VTT)],
        [(k, "participatesIn", IA, None, None) for k in IA_KEYS[3:]]
        + [(VTT, "coordinates", IA, None, None)],
    ),
    (
        "s-ia-4",
        U_SEED_004,
        "Innovaatio-akatemia, jota koordinoivat VTT ja Hansel Oy, on osa KEINO-osaamiskeskusta.",
        [
            ("Innovaatio-akatemia", IA),
            ("VTT", VTT),
            ("Hansel Oy", HANSEL),
            ("KEINO-osaamiskeskusta", KEINO),
        ],
        [
            (VTT, "coordinates", IA, None, None),
            (HANSEL, "coordinates", IA, None, None),
            (IA, "partOf", KEINO, None, None),
        ],
    ),
    (
        "s-ia-5",
        U_SEED_004,
        "DigiFinland Oy ei osallistu KEINO-akatemiaan vaan Innovaatio-akatemiaan.",
        [
            ("DigiFinland Oy", "DigiFinland Oy"),
            ("KEINO-akatemiaan", AKATEMIA),
            ("Innovaatio-akatemiaan", IA),
        ],
        [("DigiFinland Oy", "participatesIn", IA, None, None)],
    ),
    (
        "s-ia-6",
        U_SEED_004,
        "Kuusi organisaatiota, muun muassa Valtori ja Maanmittauslaitos, osallistuu Innovaatio-akatemiaan.",
        [
            ("Valtori", "Valtori"),
            ("Maanmittauslaitos", "Maanmittauslaitos"),
            ("Innovaatio-akatemiaan", IA),
        ],
        [
            ("Valtori", "participatesIn", IA, None, None),
            ("Maanmittauslaitos", "participatesIn", IA, None, None),
        ],
    ),
    # --- ecosystem agreements in more shapes (U_ECO, U_ECO_NEWS)
    (
        "s-eko-11",
        U_ECO_NEWS,
        "Ekosysteemisopimukset, joihin osallistuvat Tampere, Turku ja Oulu, ovat voimassa vuoden 2027 loppuun.",
        [
            ("Ekosysteemisopimukset", ECO),
            ("Tampere", "Tampere"),
            ("Turku", "Turku"),
            ("Oulu", "Oulu"),
        ],
        eco(["Tampere", "Turku", "Oulu"]),
    ),
    (
        "s-eko-12",
        U_ECO_NEWS,
        "Valtio solmi 9.2.2021 ekosysteemisopimukset Jyväskylän, Kuopion ja Joensuun kanssa.",
        [
            ("ekosysteemisopimukset", ECO),
            ("Jyväskylän", "Jyväskylä"),
            ("Kuopion", "Kuopio"),
            ("Joensuun", "Joensuu"),
        ],
        eco(["Jyväskylä", "Kuopio", "Joensuu"], "2021-02-09"),
    ),
    (
        "s-eko-13",
        U_ECO,
        "Ekosysteemisopimuksiin ovat sitoutuneet myös Vaasa, Seinäjoki ja Kokkola.",
        [
            ("Ekosysteemisopimuksiin", ECO),
            ("Vaasa", "Vaasa"),
            ("Seinäjoki", "Seinäjoki"),
            ("Kokkola", "Kokkola"),
        ],
        eco(["Vaasa", "Seinäjoki", "Kokkola"]),
    ),
    (
        "s-eko-14",
        U_ECO,
        "Pori, Mikkeli ja Rovaniemi osallistuvat ekosysteemisopimuksiin.",
        [
            ("Pori", "Pori"),
            ("Mikkeli", "Mikkeli"),
            ("Rovaniemi", "Rovaniemi"),
            ("ekosysteemisopimuksiin", ECO),
        ],
        eco(["Pori", "Mikkeli", "Rovaniemi"]),
    ),
    (
        "s-eko-15",
        U_ECO,
        "Lahden kaupunki ja Lappeenrannan kaupunki osallistuvat ekosysteemisopimuksiin.",
        [
            ("Lahden kaupunki", "Lahti"),
            ("Lappeenrannan kaupunki", "Lappeenranta"),
            ("ekosysteemisopimuksiin", ECO),
        ],
        eco(["Lahti", "Lappeenranta"]),
    ),
    (
        "s-eko-16",
        U_ECO,
        "Espoon kaupunki osallistuu ekosysteemisopimuksiin yhdessä Helsingin ja Vantaan kanssa.",
        [
            ("Espoon kaupunki", "Espoo"),
            ("ekosysteemisopimuksiin", ECO),
            ("Helsingin", "Helsinki"),
            ("Vantaan", "Vantaa"),
        ],
        eco(["Espoo", "Helsinki", "Vantaa"]),
    ),
    (
        "s-eko-17",
        U_ECO_2020,
        "Kajaani ja Kokkola eivät osallistu ekosysteemisopimuksiin ennen vuotta 2021.",
        [("Kajaani", "Kajaani"), ("Kokkola", "Kokkola"), ("ekosysteemisopimuksiin", ECO)],
        [],
    ),
    (
        "s-eko-18",
        U_ECO,
        "Työ- ja elinkeinoministeriö vastaa ekosysteemisopimuksista, joihin osallistuu 16 kaupunkiseutua.",
        [("Työ- ja elinkeinoministeriö", TEM), ("ekosysteemisopimuksista", ECO)],
        [(TEM, "coordinates", ECO, None, None)],
    ),
    # --- change agents, regional hosts (U_VALONIA, U_KOSEK)
    (
        "s-agentit-5",
        U_VALONIA,
        "Valonia osallistuu KEINO-muutosagenttitoimintaan vuodesta 2019 alkaen.",
        [("KEINO-muutosagenttitoimintaan", AGENTS)],
        [("new:Valonia", "participatesIn", AGENTS, "2019", None)],
    ),
    (
        "s-agentit-6",
        U_ROLES,
        "KEINO-muutosagenttitoimintaa koordinoi Suomen Kuntaliitto yhdessä Motiva Oy:n kanssa.",
        [
            ("KEINO-muutosagenttitoimintaa", AGENTS),
            ("Suomen Kuntaliitto", KL),
            ("Motiva Oy:n", MOTIVA),
        ],
        [(KL, "coordinates", AGENTS, None, None), (MOTIVA, "coordinates", AGENTS, None, None)],
    ),
    (
        "s-agentit-7",
        U_KOSEK,
        "KEINO-muutosagenttitoiminta, jota koordinoi Suomen Kuntaliitto, laajeni helmikuussa 2020 yhdeksään uuteen maakuntaan.",
        [("KEINO-muutosagenttitoiminta", AGENTS), ("Suomen Kuntaliitto", KL)],
        [(KL, "coordinates", AGENTS, None, None)],
    ),
]
