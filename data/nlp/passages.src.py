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
        [
            ("Valonia", "Valonia"),
            ("Varsinais-Suomen", "Varsinais-Suomi"),
            ("KEINO-osaamiskeskuksen", KEINO),
        ],
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
        [("Valonia", "Valonia"), ("KEINO-muutosagenttitoimintaan", AGENTS)],
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

# ------------------------------------------------------------------ second round
# Restated from public pages read for this round; their split is drawn at random
# (bench.devset_build, seed SPLIT_SEED) before the extractor is run on them.
U_TEM_KEINO = "https://tem.fi/keino"
U_KEINO_TEST = "https://hankintakeino-test.druid.fi/fi/mika-osaamiskeskus/keinon-toiminta"
U_FISU_2018 = "https://fisu-verkosto.fi/fi-FI/Tuki_kunnille/Julkiset_hankinnat"
U_BIO_2022 = "https://www.biotalous.fi/keino-osaamiskeskuksen-toiminta-uudistuu-%E2%88%92-painopisteina-vahahiilisyys-kiertotalous-ja-digitalisaation-edistaminen/"
U_IA_2021 = "https://www.hankintakeino.fi/fi/ajankohtaista/uutiset-artikkelit/suomen-ensimmaiseen-hankintojen-innovaatio-akatemiaan-valittiin"
U_AG_15 = "https://www.hankintakeino.fi/fi/ajankohtaista/uutiset-artikkelit/julkishankintojen-muutosagentteja-suomessa-nyt-15-maakunnassa"
U_AG_100 = (
    "https://www.hankintakeino.fi/fi/ajankohtaista/2019/100-paivaa-keino-muutosagenttipioneerina"
)
U_AG_REG = "https://www.hankintakeino.fi/en/cooperation-and-networking/keino-regional-support-change-agents"
U_VALONIA_2 = "https://www.valonia.fi/fi/kuluttaminen/kiertotalous-ajankohtaista/583473-kunnille-apua-kestaevien-ja-innovatiivisten-hankintojen-edistaemiseen"
U_YM_2020 = "https://ym.fi/-/ymparistoministerio-ja-kaupungit-tavoittelevat-vapaaehtoista-sopimusta-tyomaiden-paastojen-vahentamiseksi"
U_MDI = "https://www.mdi.fi/kestavien-ja-innovatiivisten-hankintojen-osaamiskeskus-keino-kokoaa-onnistuneesti-keskeisia-toimijoita-ja-osaamista-yhteen/"
U_ECO_EN = "https://tem.fi/en/ecosystem-agreements"
U_VNK_EN = "https://vnk.fi/en/article/-/asset_publisher/1410877/innovaatiotoimintaa-vahvistavat-sopimukset-solmitaan-kaupunkien-kanssa"
U_BROAD = "https://www.broadscope.fi/2020/05/20/tyo-ja-elinkeinoministerio-innovaatiotoimintaa-vahvistavat-sopimukset-solmitaan-kaupunkien-kanssa/"
U_JKL = "https://jyvaskyla.cloudnc.fi/fi-FI/content/494/12433"
U_VALTIOLLA = "https://www.valtiolla.fi/hankinta-suomi-toimintaohjelman-tavoitteena-lisata-julkisten-hankintojen-vaikuttavuutta/"
U_VM_2020 = "https://vm.fi/-/hankinta-suomen-strategiatyo-etenee-kolmas-johdon-foorumin-tapaaminen-keskittyi-strategian-tahtotiloihin-ja-tavoitteisiin"
U_AURORA = "https://valtioneuvosto.fi/-/10623/kansallinen-tekoalyohjelma-auroraai-alkaa-tavoitteena-saada-ihmiset-ja-palvelut-kohtaamaan-paremmin-tekoalyn-avulla"
U_AURORA_VM = "https://vm.fi/tekoalyohjelma-auroraai"
AURORA = "AuroraAI-ohjelma"

P2 = [
    # --- the consortium (U_TEM_KEINO, U_KEINO_TEST, U_FISU_2018, U_BIO_2022)
    (
        "r2-konsortio-1",
        U_TEM_KEINO,
        "KEINO-osaamiskeskus on viiden toimijan konsortio, jonka jäseniä ovat Motiva Oy, Teknologian tutkimuskeskus VTT Oy, Innovaatiorahoituskeskus Business Finland, Suomen ympäristökeskus SYKE ja Hansel Oy.",
        [
            ("KEINO-osaamiskeskus", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Teknologian tutkimuskeskus VTT Oy", VTT),
            ("Innovaatiorahoituskeskus Business Finland", BF),
            ("Suomen ympäristökeskus SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        members(MEMBERS6),
    ),
    (
        "r2-konsortio-2",
        U_TEM_KEINO,
        "Työ- ja elinkeinoministeriö rahoittaa KEINO-osaamiskeskusta 28.2.2024 asti.",
        [("Työ- ja elinkeinoministeriö", TEM), ("KEINO-osaamiskeskusta", KEINO)],
        [(KEINO, "fundedBy", TEM, None, "2024-02-28")],
    ),
    (
        "r2-konsortio-3",
        U_TEM_KEINO,
        "KEINOn konsortioon kuuluvat Motiva, VTT, Business Finland, SYKE ja Hansel.",
        [
            ("KEINOn", KEINO),
            ("Motiva", MOTIVA),
            ("VTT", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel", HANSEL),
        ],
        members(MEMBERS6),
    ),
    (
        "r2-konsortio-4",
        U_TEM_KEINO,
        "KEINO-osaamiskeskus aloitti toimintansa 1.3.2018.",
        [("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    (
        "r2-konsortio-5",
        U_KEINO_TEST,
        "Työ- ja elinkeinoministeriön ohjaama ja rahoittama KEINO-osaamiskeskus tukee julkisia hankkijoita.",
        [("Työ- ja elinkeinoministeriön", TEM), ("KEINO-osaamiskeskus", KEINO)],
        [(KEINO, "steeredBy", TEM, None, None), (KEINO, "fundedBy", TEM, None, None)],
    ),
    (
        "r2-konsortio-6",
        U_KEINO_TEST,
        "Maaliskuussa 2022 Suomen Kuntaliitto siirtyi KEINO-osaamiskeskuksen jäsenestä sen strategiseksi kumppaniksi.",
        [("Suomen Kuntaliitto", KL), ("KEINO-osaamiskeskuksen", KEINO)],
        [
            (KL, "memberOf", KEINO, None, "2022-03"),
            (KL, "strategicPartnerOf", KEINO, "2022-03", None),
        ],
    ),
    (
        "r2-konsortio-7",
        U_KEINO_TEST,
        "Konsortion osa-alueita toteuttavat KEINO-osaamiskeskuksen jäseninä Hansel Oy, Motiva Oy ja Suomen ympäristökeskus SYKE.",
        [
            ("KEINO-osaamiskeskuksen", KEINO),
            ("Hansel Oy", HANSEL),
            ("Motiva Oy", MOTIVA),
            ("Suomen ympäristökeskus SYKE", SYKE),
        ],
        members([HANSEL, MOTIVA, SYKE]),
    ),
    (
        "r2-konsortio-8",
        U_FISU_2018,
        "Vuosina 2018–2021 KEINO-osaamiskeskuksen konsortioon kuuluivat Motiva Oy, Suomen Kuntaliitto, VTT, Business Finland, SYKE, Hansel Oy, KL-Kuntahankinnat Oy ja Sitra.",
        [
            ("KEINO-osaamiskeskuksen", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Suomen Kuntaliitto", KL),
            ("VTT", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
            ("Hansel Oy", HANSEL),
        ],
        members(
            [MOTIVA, KL, VTT, BF, SYKE, HANSEL, "new:KL-Kuntahankinnat Oy", "new:Sitra"],
            since="2018",
            until="2021",
        ),
    ),
    (
        "r2-konsortio-9",
        U_BIO_2022,
        "Vuodesta 2018 alkaen KEINO-osaamiskeskuksessa ovat toimineet Motiva Oy, Hansel Oy, Suomen Kuntaliitto, VTT Oy, Business Finland ja SYKE.",
        [
            ("KEINO-osaamiskeskuksessa", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Hansel Oy", HANSEL),
            ("Suomen Kuntaliitto", KL),
            ("VTT Oy", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
        ],
        members([MOTIVA, HANSEL, KL, VTT, BF, SYKE], since="2018"),
    ),
    (
        "r2-konsortio-10",
        U_BIO_2022,
        "Jatkossa KEINOa toteuttaa viisi organisaatiota, sillä Kuntaliitosta tulee maaliskuussa 2022 KEINOn strateginen kumppani.",
        [("KEINOa", KEINO), ("Kuntaliitosta", KL), ("KEINOn", KEINO)],
        [(KL, "strategicPartnerOf", KEINO, "2022-03", None)],
    ),
    (
        "r2-konsortio-11",
        U_BIO_2022,
        "Kuntaliitto ei ole enää KEINOn jäsen vaan sen strateginen kumppani.",
        [("Kuntaliitto", KL), ("KEINOn", KEINO)],
        [(KL, "strategicPartnerOf", KEINO, None, None)],
    ),
    # --- roles (U_ROLES, restated from the English page)
    (
        "r2-roolit-1",
        U_ROLES,
        "Motiva Oy toimii KEINO-osaamiskeskuksen koordinaattorina ja vastaa sen palveluista.",
        [("Motiva Oy", MOTIVA), ("KEINO-osaamiskeskuksen", KEINO)],
        [(MOTIVA, "coordinates", KEINO, None, None)],
    ),
    (
        "r2-roolit-2",
        U_ROLES,
        "Suomen Kuntaliitto koordinoi KEINO-akatemiaa sekä KEINOn viestintää.",
        [("Suomen Kuntaliitto", KL), ("KEINO-akatemiaa", AKATEMIA), ("KEINOn", KEINO)],
        [(KL, "coordinates", AKATEMIA, None, None)],
    ),
    (
        "r2-roolit-3",
        U_ROLES,
        "KEINO-muutosagenttitoiminnan koordinoinnissa Kuntaliittoa avustaa Motiva.",
        [("KEINO-muutosagenttitoiminnan", AGENTS), ("Kuntaliittoa", KL), ("Motiva", MOTIVA)],
        [(KL, "coordinates", AGENTS, None, None), (MOTIVA, "coordinates", AGENTS, None, None)],
    ),
    (
        "r2-roolit-4",
        U_ROLES,
        "Hansel kehittää työkaluja, joita pilotoidaan KEINO-akatemiassa.",
        [("Hansel", HANSEL), ("KEINO-akatemiassa", AKATEMIA)],
        [],
    ),
    # --- Innovaatio-akatemia 2021 (U_IA_2021)
    (
        "r2-ia-1",
        U_IA_2021,
        "Innovaatio-akatemiaan valittiin Turun kaupunki, Kuopion kaupungin tilapalvelut, DigiFinland, Valtori, KEHA-keskus ja Maanmittauslaitos.",
        [
            ("Innovaatio-akatemiaan", IA),
            ("Turun kaupunki", "Turku"),
            ("Kuopion kaupungin tilapalvelut", "Kuopion kaupungin tilapalvelut"),
            ("DigiFinland", "DigiFinland Oy"),
            ("Valtori", "Valtori"),
            ("KEHA-keskus", "KEHA-keskus"),
            ("Maanmittauslaitos", "Maanmittauslaitos"),
        ],
        [(k, "participatesIn", IA, None, None) for k in IA_KEYS],
    ),
    (
        "r2-ia-2",
        U_IA_2021,
        "Innovaatio-akatemia on KEINO-osaamiskeskuksen uusi kehitysohjelma.",
        [("Innovaatio-akatemia", IA), ("KEINO-osaamiskeskuksen", KEINO)],
        [(IA, "partOf", KEINO, None, None)],
    ),
    (
        "r2-ia-3",
        U_IA_2021,
        "Lokakuusta 2021 alkaen Innovaatio-akatemiaan osallistuvat muun muassa Valtori ja Maanmittauslaitos.",
        [
            ("Innovaatio-akatemiaan", IA),
            ("Valtori", "Valtori"),
            ("Maanmittauslaitos", "Maanmittauslaitos"),
        ],
        [
            ("Valtori", "participatesIn", IA, "2021-10", None),
            ("Maanmittauslaitos", "participatesIn", IA, "2021-10", None),
        ],
    ),
    (
        "r2-ia-4",
        U_IA_2021,
        "Teknologian tutkimuskeskus VTT Oy on yksi Innovaatio-akatemian koordinaattoreista.",
        [("Teknologian tutkimuskeskus VTT Oy", VTT), ("Innovaatio-akatemian", IA)],
        [(VTT, "coordinates", IA, None, None)],
    ),
    (
        "r2-ia-5",
        U_IA_2021,
        "Innovaatio-akatemiassa on mukana sekä kuntia että valtion toimijoita, kuten Turun kaupunki ja KEHA-keskus.",
        [
            ("Innovaatio-akatemiassa", IA),
            ("Turun kaupunki", "Turku"),
            ("KEHA-keskus", "KEHA-keskus"),
        ],
        [
            ("Turku", "participatesIn", IA, None, None),
            ("KEHA-keskus", "participatesIn", IA, None, None),
        ],
    ),
    (
        "r2-ia-6",
        U_IA_2021,
        "DigiFinland Oy:n, Valtorin ja Maanmittauslaitoksen edustajat osallistuvat Innovaatio-akatemiaan.",
        [
            ("DigiFinland Oy:n", "DigiFinland Oy"),
            ("Valtorin", "Valtori"),
            ("Maanmittauslaitoksen", "Maanmittauslaitos"),
            ("Innovaatio-akatemiaan", IA),
        ],
        [
            (k, "participatesIn", IA, None, None)
            for k in ("DigiFinland Oy", "Valtori", "Maanmittauslaitos")
        ],
    ),
    (
        "r2-ia-7",
        U_IA_2021,
        "Kuopion kaupungin tilapalvelut, joka valittiin Innovaatio-akatemiaan, laatii akatemiassa toimenpidesuunnitelman innovatiivisille hankinnoille.",
        [
            ("Kuopion kaupungin tilapalvelut", "Kuopion kaupungin tilapalvelut"),
            ("Innovaatio-akatemiaan", IA),
        ],
        [("Kuopion kaupungin tilapalvelut", "participatesIn", IA, None, None)],
    ),
    (
        "r2-ia-8",
        U_IA_2021,
        "Innovaatio-akatemian järjestää KEINO-osaamiskeskus, ja sen koordinaattoreihin kuuluu VTT.",
        [("Innovaatio-akatemian", IA), ("KEINO-osaamiskeskus", KEINO), ("VTT", VTT)],
        [(VTT, "coordinates", IA, None, None)],
    ),
    # --- change agents (U_AGENTS, U_AG_15, U_AG_100, U_AG_REG, U_VALONIA_2)
    (
        "r2-agentit-1",
        U_AGENTS,
        "KEINO-muutosagenttitoimintaa rahoittaa KEINO-osaamiskeskus, mutta agentit työskentelevät omien työnantajiensa palveluksessa.",
        [("KEINO-muutosagenttitoimintaa", AGENTS), ("KEINO-osaamiskeskus", KEINO)],
        [(AGENTS, "fundedBy", KEINO, None, None)],
    ),
    (
        "r2-agentit-2",
        U_AG_REG,
        "KEINO-muutosagenttitoiminta on KEINO-osaamiskeskuksen alueellista tukea julkisille hankkijoille.",
        [("KEINO-muutosagenttitoiminta", AGENTS), ("KEINO-osaamiskeskuksen", KEINO)],
        [(AGENTS, "partOf", KEINO, None, None)],
    ),
    (
        "r2-agentit-3",
        U_AG_100,
        "Ensimmäiset KEINO-muutosagentit aloittivat tammikuussa 2019 Varsinais-Suomessa, Pohjois-Pohjanmaalla ja Pirkanmaalla.",
        [
            ("Varsinais-Suomessa", "Varsinais-Suomi"),
            ("Pohjois-Pohjanmaalla", "Pohjois-Pohjanmaa"),
            ("Pirkanmaalla", "Pirkanmaa"),
        ],
        [],
    ),
    (
        "r2-agentit-4",
        U_AG_15,
        "Helmikuussa 2020 muutosagentit aloittivat Etelä-Savossa, Kanta-Hämeessä, Keski-Suomessa ja Uudellamaalla.",
        [
            ("Etelä-Savossa", "Etelä-Savo"),
            ("Kanta-Hämeessä", "Kanta-Häme"),
            ("Keski-Suomessa", "Keski-Suomi"),
            ("Uudellamaalla", "Uusimaa"),
        ],
        [],
    ),
    (
        "r2-agentit-5",
        U_AG_15,
        "KEINO-osaamiskeskus ei palkkaa muutosagentteja itse, vaan myöntää avustusta heidän työnantajilleen.",
        [("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    (
        "r2-agentit-6",
        U_VALONIA_2,
        "Valonia toimii Varsinais-Suomessa KEINO-muutosagenttitoiminnan paikallisena yhteyspisteenä.",
        [
            ("Valonia", "Valonia"),
            ("Varsinais-Suomessa", "Varsinais-Suomi"),
            ("KEINO-muutosagenttitoiminnan", AGENTS),
        ],
        [("new:Valonia", "participatesIn", AGENTS, None, None)],
    ),
    (
        "r2-agentit-7",
        U_VALONIA_2,
        "Työ- ja elinkeinoministeriön ohjaama KEINO on osa hallitusohjelman toteutusta.",
        [("Työ- ja elinkeinoministeriön", TEM), ("KEINO", KEINO)],
        [(KEINO, "steeredBy", TEM, None, None)],
    ),
    # --- the zero-emission sites deal (U_YM_2020): the deal is not in the graph, so no relation is gold
    (
        "r2-gd-1",
        U_YM_2020,
        "Ympäristöministeriö sekä Espoon, Helsingin, Vantaan ja Turun kaupungit neuvottelevat green deal -sopimuksesta.",
        [
            ("Ympäristöministeriö", YM),
            ("Espoon", "Espoo"),
            ("Helsingin", "Helsinki"),
            ("Vantaan", "Vantaa"),
            ("Turun kaupungit", "Turku"),
        ],
        [],
    ),
    (
        "r2-gd-2",
        U_YM_2020,
        "Ympäristöministeriötä tukee sopimuksen toimeenpanossa KEINO-osaamiskeskus.",
        [("Ympäristöministeriötä", YM), ("KEINO-osaamiskeskus", KEINO)],
        [],
    ),
    # --- KEINO's evaluation (U_MDI)
    (
        "r2-mdi-1",
        U_MDI,
        "Työ- ja elinkeinoministeriö aikoo käynnistää KEINO-osaamiskeskuksen kehittämisen syksyllä 2021.",
        [("Työ- ja elinkeinoministeriö", TEM), ("KEINO-osaamiskeskuksen", KEINO)],
        [],
    ),
    # --- ecosystem agreements (U_ECO_EN, U_VNK_EN, U_BROAD, U_JKL)
    (
        "r2-eko-1",
        U_ECO_EN,
        "Ekosysteemisopimuksiin osallistuvat Helsinki, Espoo, Vantaa, Tampere, Turku ja Oulu.",
        [
            ("Ekosysteemisopimuksiin", ECO),
            ("Helsinki", "Helsinki"),
            ("Espoo", "Espoo"),
            ("Vantaa", "Vantaa"),
            ("Tampere", "Tampere"),
            ("Turku", "Turku"),
            ("Oulu", "Oulu"),
        ],
        eco(["Helsinki", "Espoo", "Vantaa", "Tampere", "Turku", "Oulu"]),
    ),
    (
        "r2-eko-2",
        U_ECO_EN,
        "Mukana ekosysteemisopimuksissa ovat myös Rovaniemi, Vaasa, Joensuu, Kuopio ja Jyväskylä.",
        [
            ("ekosysteemisopimuksissa", ECO),
            ("Rovaniemi", "Rovaniemi"),
            ("Vaasa", "Vaasa"),
            ("Joensuu", "Joensuu"),
            ("Kuopio", "Kuopio"),
            ("Jyväskylä", "Jyväskylä"),
        ],
        eco(["Rovaniemi", "Vaasa", "Joensuu", "Kuopio", "Jyväskylä"]),
    ),
    (
        "r2-eko-3",
        U_ECO_EN,
        "Lappeenranta, Lahti, Pori, Seinäjoki, Mikkeli, Kajaani ja Kokkola ovat solmineet valtion kanssa ekosysteemisopimuksen.",
        [
            ("Lappeenranta", "Lappeenranta"),
            ("Lahti", "Lahti"),
            ("Pori", "Pori"),
            ("Seinäjoki", "Seinäjoki"),
            ("Mikkeli", "Mikkeli"),
            ("Kajaani", "Kajaani"),
            ("Kokkola", "Kokkola"),
            ("ekosysteemisopimuksen", ECO),
        ],
        eco(["Lappeenranta", "Lahti", "Pori", "Seinäjoki", "Mikkeli", "Kajaani", "Kokkola"]),
    ),
    (
        "r2-eko-4",
        U_ECO_EN,
        "Lappeenrannan sopimukseen kuuluu myös Imatra ja Kajaanin sopimukseen Sotkamo.",
        [
            ("Lappeenrannan", "Lappeenranta"),
            ("Imatra", "Imatra"),
            ("Kajaanin", "Kajaani"),
            ("Sotkamo", "Sotkamo"),
        ],
        [],
    ),
    (
        "r2-eko-5",
        U_JKL,
        "Jyväskylän kaupunki allekirjoitti vuonna 2021 ekosysteemisopimuksen valtion kanssa.",
        [("Jyväskylän kaupunki", "Jyväskylä"), ("ekosysteemisopimuksen", ECO)],
        [("Jyväskylä", "participatesIn", ECO, "2021", None)],
    ),
    (
        "r2-eko-6",
        U_VNK_EN,
        "Toukokuussa 2020 ekosysteemisopimukset oli tarkoitus solmia Tampereen, Turun ja Oulun kanssa.",
        [
            ("ekosysteemisopimukset", ECO),
            ("Tampereen", "Tampere"),
            ("Turun", "Turku"),
            ("Oulun", "Oulu"),
        ],
        [],
    ),
    (
        "r2-eko-7",
        U_BROAD,
        "Työ- ja elinkeinoministeriön mukaan ekosysteemisopimuksia ollaan solmimassa myös Vaasan ja Kokkolan kanssa.",
        [
            ("Työ- ja elinkeinoministeriön", TEM),
            ("ekosysteemisopimuksia", ECO),
            ("Vaasan", "Vaasa"),
            ("Kokkolan", "Kokkola"),
        ],
        [],
    ),
    (
        "r2-eko-8",
        U_ECO_EN,
        "Pääkaupunkiseudun kaupungit Helsinki, Espoo ja Vantaa osallistuvat yhteiseen ekosysteemisopimukseen.",
        [
            ("Helsinki", "Helsinki"),
            ("Espoo", "Espoo"),
            ("Vantaa", "Vantaa"),
            ("ekosysteemisopimukseen", ECO),
        ],
        eco(["Helsinki", "Espoo", "Vantaa"]),
    ),
    (
        "r2-eko-9",
        U_JKL,
        "Ekosysteemisopimuksen Jyväskylän kaupungin kanssa solmi työ- ja elinkeinoministeriö.",
        [
            ("Ekosysteemisopimuksen", ECO),
            ("Jyväskylän kaupungin", "Jyväskylä"),
            ("työ- ja elinkeinoministeriö", TEM),
        ],
        [("Jyväskylä", "participatesIn", ECO, None, None)],
    ),
    # --- Hankinta-Suomi (U_VALTIOLLA, U_VM_2020)
    (
        "r2-hs-1",
        U_VALTIOLLA,
        "Valtiovarainministeriö asetti Hankinta-Suomi-toimenpideohjelman, jota johdetaan yhdessä Suomen Kuntaliiton kanssa.",
        [("Valtiovarainministeriö", VM), ("Hankinta-Suomi", HS), ("Suomen Kuntaliiton", KL)],
        [(VM, "coordinates", HS, None, None), (KL, "coordinates", HS, None, None)],
    ),
    (
        "r2-hs-2",
        U_VALTIOLLA,
        "Hankinta-Suomea johtavat valtiovarainministeriö ja Kuntaliitto.",
        [("Hankinta-Suomea", HS), ("valtiovarainministeriö", VM), ("Kuntaliitto", KL)],
        [(VM, "coordinates", HS, None, None), (KL, "coordinates", HS, None, None)],
    ),
    (
        "r2-hs-3",
        U_VM_2020,
        "Hankinta-Suomen johdon foorumi kokoontui helmikuussa 2020 työstämään kansallista strategiaa.",
        [("Hankinta-Suomen", HS)],
        [],
    ),
    # --- AuroraAI (U_AURORA, U_AURORA_VM)
    (
        "r2-aurora-1",
        U_AURORA,
        "Valtiovarainministeriö asetti AuroraAI-ohjelman 6.2.2020.",
        [("Valtiovarainministeriö", VM), ("AuroraAI-ohjelman", AURORA)],
        [(VM, "coordinates", AURORA, "2020-02-06", None)],
    ),
    (
        "r2-aurora-2",
        U_AURORA_VM,
        "AuroraAI-ohjelmaa, jonka valtiovarainministeriö käynnisti vuonna 2020, ei jatketa vuoden 2022 jälkeen.",
        [("AuroraAI-ohjelmaa", AURORA), ("valtiovarainministeriö", VM)],
        [(VM, "coordinates", AURORA, "2020", None)],
    ),
    # --- KEINO-akatemia for wellbeing services counties (U_AK_HVA), new sentence shapes
    (
        "r2-akatemia-1",
        U_AK_HVA,
        "Pirkanmaan, Satakunnan ja Varsinais-Suomen hyvinvointialueet kehittävät hankintojaan KEINO-akatemiassa.",
        [
            ("Pirkanmaan", "Pirkanmaan hyvinvointialue"),
            ("Satakunnan", "Satakunnan hyvinvointialue"),
            ("Varsinais-Suomen hyvinvointialueet", "Varsinais-Suomen hyvinvointialue"),
            ("KEINO-akatemiassa", AKATEMIA),
        ],
        [
            (h, "participatesIn", AKATEMIA, None, None)
            for h in (
                "Pirkanmaan hyvinvointialue",
                "Satakunnan hyvinvointialue",
                "Varsinais-Suomen hyvinvointialue",
            )
        ],
    ),
    (
        "r2-akatemia-2",
        U_AK_HVA,
        "Hansel Oy:n vastuulla oleva KEINO-akatemia on maksuton kehittämisohjelma, jonka toteuttajiin kuuluu myös SYKE.",
        [("Hansel Oy:n", HANSEL), ("KEINO-akatemia", AKATEMIA), ("SYKE", SYKE)],
        [
            (HANSEL, "coordinates", AKATEMIA, None, None),
            (SYKE, "participatesIn", AKATEMIA, None, None),
        ],
    ),
    (
        "r2-akatemia-3",
        U_AK_HVA,
        "Lapin hyvinvointialue ja Kymenlaakson hyvinvointialue, jotka valittiin KEINO-akatemiaan, aloittavat toukokuussa.",
        [
            ("Lapin hyvinvointialue", "Lapin hyvinvointialue"),
            ("Kymenlaakson hyvinvointialue", "Kymenlaakson hyvinvointialue"),
            ("KEINO-akatemiaan", AKATEMIA),
        ],
        [
            (h, "participatesIn", AKATEMIA, None, None)
            for h in ("Lapin hyvinvointialue", "Kymenlaakson hyvinvointialue")
        ],
    ),
    (
        "r2-konsortio-12",
        U_BIO_2022,
        "Maaliskuusta 2022 alkaen KEINOn jäseniä ovat Motiva Oy, Hansel Oy, VTT Oy, Business Finland ja SYKE.",
        [
            ("KEINOn", KEINO),
            ("Motiva Oy", MOTIVA),
            ("Hansel Oy", HANSEL),
            ("VTT Oy", VTT),
            ("Business Finland", BF),
            ("SYKE", SYKE),
        ],
        members([MOTIVA, HANSEL, VTT, BF, SYKE], since="2022-03"),
    ),
    (
        "r2-konsortio-13",
        U_BIO_2022,
        "Sitra ei enää kuulu KEINOn konsortioon.",
        [("KEINOn", KEINO)],
        [],
    ),
    (
        "r2-eko-10",
        U_ECO_EN,
        "Ekosysteemisopimus on solmittu myös Seinäjoen ja Mikkelin kanssa.",
        [("Ekosysteemisopimus", ECO), ("Seinäjoen", "Seinäjoki"), ("Mikkelin", "Mikkeli")],
        eco(["Seinäjoki", "Mikkeli"]),
    ),
    (
        "r2-ia-9",
        U_IA_2021,
        "Turun kaupungin lisäksi Innovaatio-akatemiaan osallistuu DigiFinland Oy.",
        [
            ("Turun kaupungin", "Turku"),
            ("Innovaatio-akatemiaan", IA),
            ("DigiFinland Oy", "DigiFinland Oy"),
        ],
        [
            ("Turku", "participatesIn", IA, None, None),
            ("DigiFinland Oy", "participatesIn", IA, None, None),
        ],
    ),
]
