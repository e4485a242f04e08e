"""Data to try netmatch on: a bundled demo district and synthetic regions of any size.

* :func:`load_demo` — a small fictional rural district of southern Siberia (18 schools, five
  partner organisations, the schools' needs and their teachers by subject), shaped after a real
  municipal programme of school partnerships, read from the CSV files a coordinator would keep
  (``netmatch/data/demo``).
* :func:`make_region` — a realistic synthetic region of any size, deterministic for a seed,
  for experiments and benchmarks at regional or national scale.

Names, villages and coordinates in both are fictional.
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import numpy as np

from netmatch._base.params import Checks
from netmatch._data import (
    Phase,
    Registry,
    Resource,
    ResourceKind,
    ResultTable,
    School,
    SchoolKind,
    SettlementType,
    Specialist,
)

__all__ = ["DEMO_NAME", "load_demo", "make_region"]

#: The name of the bundled demo district.
DEMO_NAME = "Кебежский муниципальный район"


def load_demo() -> Registry:
    """The bundled demo district: 18 schools of a fictional district of southern Siberia, its partners, needs.

    The Кебежский муниципальный район (district centre пгт Кедровогорск) is shaped after a
    real municipal programme of school partnerships; its names, villages and coordinates are
    fictional. It holds three years (2023–2025) of ЕГЭ, ОГЭ and ВПР results and is read with
    :func:`netmatch.read_registry` from the CSV files a coordinator keeps — Russian headers,
    codes by their Russian labels, «да»/«нет» — in ``netmatch/data/demo`` (regenerate them
    with ``scripts/build_demo.py``).

    What is in it, by design:

    * 18 schools: 12 СОШ and a гимназия in the district centre (13 secondary-level schools),
      3 ООШ, 1 НОШ and 1 вечерняя (сменная) школа; four in the district centre, the others
      in villages 10–65 km apart;
    * three low-results schools (ШНОР: S09, S12, S16), declared as such and in the «500+»
      project: at least 30% of participants below the minimum threshold in every ОГЭ and ВПР
      result of every year, and the lowest mean results of the district; every other school
      stays at or below 15%;
    * three schools in clearly unfavourable social conditions (ШНСУ, ИСБШ of −1.1 and lower):
      S09 (also low-results), S08 (resilient: poor context, good results; teaching in Russian
      and Khakas) and S17;
    * four leader schools (S01, S03, S05, S10): top results all three years, most teachers of
      the highest or first category, specialists on staff and ``leader_capacity`` of 2–3;
    * two «Точка роста» centres (S05 естественно-научная, S06 цифровая) and six other
      resources — an IT-куб and a library at the гимназия, a computer class, two sports halls
      and a digital laboratory; seven candidate sites for new centres (``centre_candidate``),
      none of them a «Точка роста» host;
    * schools on one, two (S03, S11) and three shifts (S02, at 1.6× its design capacity), and
      existing partnerships S01–S16 and S05–S17;
    * five fictional partner organisations (``organisations.csv``): a branch of a pedagogical
      university in the district centre (O1: mathematics, physics, chemistry; subject teaching,
      methodical help and career guidance; ready to lead an association, works at a distance,
      takes 4 schools), an agrarian-technical college (O2, СПО: career guidance and profile
      classes, 6 schools), a Дом детского творчества (O3: additional education and resources,
      5), a sports school in с. Листвянка (O4, ДЮСШ, 4) and the district library (O5, culture, 3);
    * 15 needs of ten schools (``needs.csv``): each ШНОР/ШНСУ school (S08, S09, S12, S16, S17)
      asks for two things with priority 1 or 2 — teaching in its weakest subject (mathematics
      for S09, S12 and S16), psychological help (S09, S17), methodical help (S16), career
      guidance (S08) or a resource (an IT-куб for S08, a «Точка роста» for chemistry at S12 and
      physics at S17, with pupils and hours a week); S07, S11, S13, S14 and S15 ask for career
      guidance or additional education with priority 2 or 3;
    * 139 rows of teachers by subject (``teachers.csv``): for every school and every subject it
      has results in, how many of its teachers teach it — 1 in the small village schools (and
      the evening school), 2 of русский язык, математика and окружающий мир in the village
      schools of 250 pupils or more (S05, S06, S10, S11, S14), 2–4 of each subject in the
      district centre's large schools S02 and S03 and the гимназия S01; no school's subject
      teachers add up to more than its ``teachers``; 42 of these rows name a teacher (fictional
      people) with category, years and whether a mentor: the mentors of the leader schools S01,
      S05 and S10 and of S02, S08 and S17 (with hours a month for mentoring), and every teacher
      of the ШНОР S09, S12 and S16 — a subject whose teachers are all named has no counting row;
    * five programme staff (``staff.csv``, fictional people): the municipal coordinator, three
      curators (one from the methodical service, the head of S05, a teacher of S01) with their
      subjects, maximum schools and hours a month, and a methodist.

    Returns
    -------
    Registry
        Named after the district.

    Examples
    --------
    >>> reg = load_demo()
    >>> reg.name, len(reg), len(reg.resources)
    ('Кебежский муниципальный район', 18, 8)
    >>> len(reg.organisations), len(reg.needs)
    (5, 15)
    >>> reg.organisation("O1").kind.label_ru, sorted({n.school for n in reg.needs if n.rank == 1})
    ('вуз', ['S08', 'S09', 'S12', 'S16', 'S17'])
    >>> len(reg.teachers), reg.teachers_of("S01", "математика"), reg.teachers_of("S17", "математика")
    (139, 4, 1)
    >>> sorted(p.role.value for p in reg.staff)
    ['coordinator', 'curator', 'curator', 'curator', 'methodist']
    >>> [s.id for s in reg.schools if s.declared_low_results]
    ['S09', 'S12', 'S16']
    >>> sorted({int(y) for y in reg.results.year})
    [2023, 2024, 2025]
    """
    from importlib.resources import as_file, files

    from netmatch._data import read_registry

    with as_file(files("netmatch") / "data" / "demo") as folder:
        return read_registry(folder, name=DEMO_NAME)


# --- synthetic regions -----------------------------------------------------------------------

_KM_PER_DEG = 111.195
_KM2_PER_SCHOOL = 150.0  # a region's area per school, as in a typical Russian oblast
_YEARS = (2023, 2024, 2025)
_URBAN_SHARE = 0.4  # of schools; most schools are rural, most pupils urban
_LOW_SHARE = 0.10
_STRONG_SHARE = 0.07
_CANDIDATE_SHARE = 0.05
_LOW_BUMP = 0.8  # extra logit of failing at a low-results school

_TOWN_STEMS = (
    "Кедров", "Берёзов", "Соснов", "Черемхов", "Заречен", "Светлогор", "Каменогор", "Краснолес",
    "Белояр", "Ключев", "Озёр", "Лесогор", "Камышлов", "Луговск", "Листвен", "Медногор",
    "Солнечногор", "Ивановск", "Петров", "Никольск", "Михайлов", "Покровск", "Троицк", "Рудногор",
    "Шахтёр", "Приозёр", "Сосногор", "Таёжн", "Елов", "Ольхов", "Рябинов", "Черноречен",
    "Белоречен", "Быстроречен", "Горнозавод", "Лесозавод", "Новоселов", "Кедрогор", "Калинов", "Ясногор",
)
_TOWN_PREFIXES = ("", "Ново", "Верхне", "Нижне", "Старо", "Усть-")
_VILLAGES = (
    "с. Берёзовка", "с. Сосновка", "с. Ивановка", "с. Михайловка", "с. Николаевка", "с. Петровка",
    "с. Александровка", "с. Покровка", "с. Троицкое", "с. Успенка", "с. Знаменка", "с. Каменка",
    "д. Кедровка", "д. Ольховка", "д. Рябиновка", "с. Озёрное", "с. Луговое", "с. Полевое",
    "с. Заречное", "с. Подгорное", "с. Красный Ключ", "с. Белый Яр", "д. Черемшанка", "пос. Таёжный",
    "пос. Майский", "с. Новоселово", "с. Юдино", "с. Васильевка", "с. Дмитриевка", "с. Ключи",
    "д. Малиновка", "с. Вознесенка", "с. Садовое", "с. Степное", "пос. Весёлый", "с. Новотроицкое",
    "с. Листвянка", "с. Тасхыл", "д. Малый Кебеж", "с. Усть-Кебеж", "пос. Кордон", "с. Ермолаевка",
    "с. Краснополье", "с. Сухая Балка", "д. Верхняя Подгорная", "с. Нижний Ключ", "с. Курья",
    "с. Большая Речка", "д. Малая Речка", "с. Сергеевка", "с. Григорьевка", "пос. Лесной",
    "пос. Горный", "с. Шишкино", "с. Кузнецово", "с. Журавлёво", "пос. Кедровый", "с. Ильинка",
)
_MINORITY_LANGUAGES = ("татарский", "башкирский", "чувашский", "якутский", "бурятский", "хакасский",
                       "алтайский", "тувинский", "удмуртский", "марийский")
_VACANCY_SUBJECTS = ("математика", "русский язык", "физика", "химия", "английский язык", "информатика",
                     "начальные классы", "биология")

# Kinds, in code order; urban and rural mixes.
_KINDS = (SchoolKind.SECONDARY, SchoolKind.GYMNASIUM, SchoolKind.LYCEUM, SchoolKind.EDUCATION_CENTRE,
          SchoolKind.BASIC, SchoolKind.PRIMARY, SchoolKind.EVENING)
_SOSH, _GYM, _LYC, _CO, _OOSH, _NOSH, _EVE = range(len(_KINDS))
_KIND_P_URBAN = np.array([0.72, 0.09, 0.07, 0.02, 0.04, 0.03, 0.03])
_KIND_P_RURAL = np.array([0.58, 0.0, 0.0, 0.0, 0.27, 0.13, 0.02])
_ALL3 = (Phase.PRIMARY, Phase.BASIC, Phase.SECONDARY)
_PHASES = (_ALL3, _ALL3, _ALL3, _ALL3, (Phase.PRIMARY, Phase.BASIC), (Phase.PRIMARY,),
           (Phase.BASIC, Phase.SECONDARY))
_LABELS = ("СОШ", "Гимназия", "Лицей", "Центр образования", "ООШ", "НОШ", "Вечерняя (сменная) школа")
_STUDENTS_URBAN = np.array([820.0, 950.0, 780.0, 900.0, 320.0, 180.0, 140.0])
_STUDENTS_RURAL = np.array([210.0, 210.0, 210.0, 210.0, 65.0, 18.0, 60.0])
_SPREAD_URBAN = np.array([0.35, 0.3, 0.3, 0.35, 0.4, 0.4, 0.35])
_SPREAD_RURAL = np.array([0.55, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4])
_SPECIALIST_COMBOS = tuple(
    tuple(sp for bit, sp in enumerate(Specialist) if mask >> bit & 1) for mask in range(1 << len(Specialist))
)

# Results: one template row per (procedure, grade, subject). Columns: procedure, grade, subject,
# share of the cohort taking it, base mean (ЕГЭ points), logit of share below minimum, of share high.
_TEMPLATE = (
    ("ege", 11, "русский язык", 1.00, 68.0, -4.2, -2.0),
    ("ege", 11, "математика профильная", 0.50, 54.0, -2.9, -3.3),
    ("ege", 11, "обществознание", 0.45, 56.0, -2.3, -3.1),
    ("ege", 11, "физика", 0.20, 54.0, -2.9, -3.0),
    ("ege", 11, "химия", 0.12, 55.0, -2.6, -2.8),
    ("ege", 11, "биология", 0.18, 50.0, -2.4, -3.3),
    ("oge", 9, "русский язык", 1.0, 0.0, -3.3, -1.3),
    ("oge", 9, "математика", 1.0, 0.0, -2.7, -1.8),
    ("oge", 9, "обществознание", 0.55, 0.0, -2.8, -2.3),
    ("oge", 9, "биология", 0.35, 0.0, -2.9, -2.4),
    ("vpr", 4, "русский язык", 0.93, 0.0, -3.0, -1.4),
    ("vpr", 4, "математика", 0.93, 0.0, -3.1, -1.2),
    ("vpr", 4, "окружающий мир", 0.93, 0.0, -3.6, -1.6),
    *(("vpr", g, s, 0.93, 0.0, -2.5, -1.9) for g in (5, 6, 7, 8) for s in ("русский язык", "математика")),
)
_GRADES = (4, 5, 6, 7, 8, 9, 11)  # grades with results; index into the cohort matrix


def _check_parameters(n_schools: object, seed: object, name: object) -> None:
    checks = Checks("make_region")
    if isinstance(n_schools, bool) or not isinstance(n_schools, Integral) or n_schools < 1:
        checks.fail("n_schools", "a positive integer", n_schools)
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        checks.fail("seed", "a non-negative integer", seed)
    if name is not None and not isinstance(name, str):
        checks.fail("name", "a str or None", name)
    checks.done()


def _expit(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


def _counts(rng: np.random.Generator, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial counts of ``n`` trials with probability ``p``, by the normal approximation.

    Rounded and clipped to ``0..n``; several times faster than ``Generator.binomial`` on
    millions of rows, and close enough for school-sized groups.
    """
    mean = n * p
    spread = np.sqrt(mean * (1.0 - p))
    counts: np.ndarray = np.clip(np.rint(mean + spread * rng.standard_normal(len(n))), 0, n).astype(np.int64)
    return counts


def _top_k(keys: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` eligible items with the largest keys (ties: lower index first)."""
    k = min(k, int(eligible.sum()))
    chosen = np.zeros(len(keys), dtype=bool)
    if k > 0:
        order = np.argsort(np.where(eligible, -keys, np.inf), kind="stable")
        chosen[order[:k]] = True
    return chosen


def _first_in_group(group: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Index of the item with the largest ``key`` in each group present (ties: lower index)."""
    order = np.lexsort((-key, group))
    g = group[order]
    return order[np.r_[True, g[1:] != g[:-1]]]


def _towns(n_urban: int, half: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Town sizes (biggest first), town centres and the coordinates of the urban schools.

    The regional capital holds a smaller share of a bigger region; the other towns have skewed
    sizes (a few large ones, many small ones); urban schools spread around their town's centre.
    """
    if n_urban:
        capital = max(1, round(n_urban * 0.45 / (1 + n_urban / 4000)))
        others = 1 + np.floor(rng.lognormal(math.log(3.0), 1.0, size=n_urban)).astype(np.int64)
        sizes = np.r_[capital, np.minimum(others, capital)]
        n_towns = int(np.searchsorted(np.cumsum(sizes), n_urban)) + 1
        sizes = sizes[:n_towns]
        sizes[-1] -= int(sizes.sum()) - n_urban
        sizes = -np.sort(-sizes, kind="stable")
    else:
        sizes = np.zeros(0, dtype=np.int64)
        n_towns = 0
    town_xy = rng.uniform(-half, half, size=(n_towns, 2))
    town_of_urban = np.repeat(np.arange(n_towns), sizes)
    spread = 0.5 + 0.6 * np.sqrt(sizes[town_of_urban])
    urban_xy = town_xy[town_of_urban] + rng.normal(size=(n_urban, 2)) * spread[:, None]
    return sizes, town_xy, urban_xy


def _villages(n_rural: int, half: float, sizes: np.ndarray, town_xy: np.ndarray,
              rng: np.random.Generator) -> dict[str, Any]:
    """Villages with one school (sometimes two), most clustered around towns; rural schools' places."""
    n_towns = len(sizes)
    per_village = 1 + (rng.random(n_rural) < 0.12).astype(np.int64)
    n_villages = int(np.searchsorted(np.cumsum(per_village), n_rural)) + 1 if n_rural else 0
    per_village = per_village[:n_villages]
    if n_villages:
        per_village[-1] -= int(per_village.sum()) - n_rural
    village_xy = rng.uniform(-half, half, size=(n_villages, 2))
    if n_towns:
        near_town = rng.random(n_villages) < 0.75
        weight = np.sqrt(sizes.astype(np.float64))
        parent = rng.choice(n_towns, size=n_villages, p=weight / weight.sum())
        reach = 8.0 + 0.45 * half / math.sqrt(n_towns)
        around = town_xy[parent] + rng.normal(size=(n_villages, 2)) * reach
        village_xy = np.where(near_town[:, None], around, village_xy)
    village_xy = np.clip(village_xy, -half, half)
    village_of_rural = np.repeat(np.arange(n_villages), per_village)
    rural_xy = village_xy[village_of_rural] + rng.normal(size=(n_rural, 2)) * 0.4 * (
        per_village[village_of_rural] > 1)[:, None]
    village_name = rng.integers(len(_VILLAGES), size=n_villages)
    first_in_village = np.r_[0, np.cumsum(per_village)[:-1]] if n_villages else np.zeros(0, np.int64)
    return dict(rural_xy=rural_xy, per_village=per_village, village_of_rural=village_of_rural,
                village_name=village_name,
                number_in_village=np.arange(n_rural) - first_in_village[village_of_rural] + 1)


def _town_names(n_towns: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """Town names (prefix + stem + "ск") and their districts ("<town>ский район")."""
    combos = rng.permutation(len(_TOWN_STEMS) * len(_TOWN_PREFIXES))
    town_names, district_names = [], []
    for k in range(max(n_towns, 1)):
        c = int(combos[k % len(combos)])
        prefix, stem = _TOWN_PREFIXES[c % len(_TOWN_PREFIXES)], _TOWN_STEMS[c // len(_TOWN_PREFIXES)]
        base = prefix + (stem if prefix in ("", "Усть-") else stem.lower())
        base = base.removesuffix("ск")
        lap = f"-{k // len(combos) + 1}" if k >= len(combos) else ""
        town_names.append(f"{base}ск{lap}")
        district_names.append(f"{base}ский район{lap}")
    return town_names, district_names


def _lat_lon(xy: np.ndarray, half: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Degrees of a region centred somewhere in Russia (46–66° N, 32–140° E) that fits in it."""
    lat0_lo, lat0_hi = 46.0, 66.0
    half_lat = half / _KM_PER_DEG
    lat0 = float(rng.uniform(min(lat0_lo + half_lat, 56.0), max(lat0_hi - half_lat, 56.0)))
    half_lon = half / (_KM_PER_DEG * math.cos(math.radians(lat0)))
    lon0 = float(rng.uniform(min(32.0 + half_lon, 90.0), max(140.0 - half_lon, 90.0)))
    lat = np.round(lat0 + xy[:, 1] / _KM_PER_DEG, 5)
    lon = np.round(lon0 + xy[:, 0] / (_KM_PER_DEG * math.cos(math.radians(lat0))), 5)
    return lat, lon


def _geography(n: int, rng: np.random.Generator) -> dict[str, Any]:
    """Towns and villages: coordinates, settlements, districts."""
    n_urban = round(_URBAN_SHARE * n)
    n_rural = n - n_urban
    half = 0.5 * math.sqrt(_KM2_PER_SCHOOL * n)  # km; the region grows with n, density stays put
    sizes, town_xy, urban_xy = _towns(n_urban, half, rng)
    n_towns = len(sizes)
    town_of_urban = np.repeat(np.arange(n_towns), sizes)
    rural = _villages(n_rural, half, sizes, town_xy, rng)
    xy = np.concatenate([urban_xy, rural["rural_xy"]])
    urban = np.arange(n) < n_urban
    # Districts: every town heads one; a village belongs to the nearest town.
    if n_towns:
        from scipy.spatial import cKDTree

        dist, nearest = cKDTree(town_xy).query(xy)
        district = np.where(urban, np.r_[town_of_urban, np.zeros(n_rural, np.int64)], nearest)
        remote = np.where(urban, 0.0, dist)
    else:
        district = np.zeros(n, dtype=np.int64)
        remote = np.hypot(xy[:, 0], xy[:, 1])
    town_names, district_names = _town_names(n_towns, rng)
    # Number the schools of each town.
    start = np.r_[0, np.cumsum(sizes)[:-1]] if n_towns else np.zeros(0, np.int64)
    number_in_town = np.arange(n_urban) - start[town_of_urban] + 1 if n_urban else np.zeros(0, np.int64)
    lat, lon = _lat_lon(xy, half, rng)
    return dict(
        n_urban=n_urban, urban=urban, xy=xy, lat=lat, lon=lon, district=district, remote=remote,
        town_size=np.r_[sizes[town_of_urban], np.zeros(n_rural, np.int64)],
        town_of_urban=town_of_urban, number_in_town=number_in_town, town_names=town_names,
        district_names=district_names, village_of_rural=rural["village_of_rural"],
        village_name=rural["village_name"], number_in_village=rural["number_in_village"],
        per_village=rural["per_village"], n_districts=max(n_towns, 1),
    )


def _results(n: int, kind: np.ndarray, urban: np.ndarray, students: np.ndarray, quality: np.ndarray,
             low: np.ndarray, ids: np.ndarray, rng: np.random.Generator) -> ResultTable:
    """Three years of ЕГЭ, ОГЭ and ВПР results, built column-wise."""
    tpl_proc = np.array([t[0] for t in _TEMPLATE], dtype=object)
    tpl_grade = np.array([t[1] for t in _TEMPLATE], dtype=np.int64)
    tpl_subject = np.array([t[2] for t in _TEMPLATE], dtype=object)
    tpl_rate, tpl_base, tpl_below, tpl_high = (np.array([t[i] for t in _TEMPLATE]) for i in range(3, 7))
    n_tpl, n_years = len(_TEMPLATE), len(_YEARS)
    is_ege = tpl_proc == "ege"

    # Which template rows each kind has: ЕГЭ with СОО, ОГЭ and ВПР 5–8 with ООО, ВПР 4 with НОО.
    has = np.zeros((len(_KINDS), n_tpl), dtype=bool)
    for k, phases in enumerate(_PHASES):
        has[k] = ((is_ege & (Phase.SECONDARY in phases))
                  | (~is_ege & (tpl_grade >= 5) & (Phase.BASIC in phases))
                  | ((tpl_grade == 4) & (Phase.PRIMARY in phases)))
    has[_EVE] &= np.isin(tpl_subject, ["русский язык", "математика", "обществознание",
                                       "математика профильная"]) & (tpl_proc != "vpr")

    # Pupils per grade (grades 4–9 and 11), then per year.
    per_grade = np.select([kind == _OOSH, kind == _NOSH, kind == _EVE], [students / 9.0, students / 4.0,
                                                                          students * 0.22], students / 10.1)
    senior = np.select([kind == _EVE, np.isin(kind, [_GYM, _LYC]), urban], [students * 0.12, per_grade * 0.85,
                                                                          per_grade * 0.75], per_grade * 0.55)
    cohort = np.repeat(per_grade[:, None], len(_GRADES), axis=1)
    cohort[:, -1] = senior
    cohort = cohort[:, None, :] * np.exp(rng.normal(0.0, 0.08, size=(n, n_years, len(_GRADES))))
    cohort = np.rint(cohort).astype(np.int64)
    if (kind == _EVE).any():  # evening schools miss whole years now and then
        gap = (rng.random((n, n_years)) < 0.25) & (kind == _EVE)[:, None]
        cohort[gap] = 0

    # The full grid school x year x template, then only the rows that exist.
    s = np.repeat(np.arange(n), n_years * n_tpl)
    y = np.tile(np.repeat(np.arange(n_years), n_tpl), n)
    t = np.tile(np.arange(n_tpl), n * n_years)
    grade_col = np.searchsorted(np.array(_GRADES), tpl_grade)
    rate = np.where(is_ege & np.isin(kind, [_GYM, _LYC])[:, None], np.maximum(tpl_rate, 0.3 + tpl_rate / 2),
                    tpl_rate)  # gymnasia and lyceums send more pupils to profile exams
    participants = _counts(rng, cohort[s, y, grade_col[t]], (rate[s, t] * 0.97).clip(0, 1))
    keep = has[kind[s], t] & (participants > 0)
    s, y, t, participants = s[keep], y[keep], t[keep], participants[keep]

    year_effect = rng.normal(0.0, 0.12, size=(n, n_years))
    subject_effect = rng.normal(0.0, 0.2, size=(n, n_tpl))
    z = quality[s] + year_effect[s, y] + subject_effect[s, t] + rng.normal(0.0, 0.08, size=len(s))
    lows = low[s]
    p_below = _expit(tpl_below[t] - 0.85 * z + _LOW_BUMP * lows)
    p_high = _expit(tpl_high[t] + 1.0 * z)
    n_below = _counts(rng, participants, p_below)
    rest = participants - n_below
    n_high = _counts(rng, rest, (p_high / (1.0 - p_below)).clip(0, 1))
    # ОГЭ and ВПР: the mean mark of «2»…«5»; ЕГЭ: mean test points.
    n_four = _counts(rng, rest - n_high, _expit(0.1 + 0.8 * z))
    n_three = rest - n_high - n_four
    marks = (2 * n_below + 3 * n_three + 4 * n_four + 5 * n_high) / participants
    ege = is_ege[t]
    noise = rng.normal(0.0, 1.0, size=len(s)) * 6.0 / np.sqrt(participants)
    points = tpl_base[t] + 7.0 * z - 4.0 * lows + noise
    mean = np.where(ege, np.round(points.clip(5.0, 100.0), 1), np.round(marks, 2))
    columns = {
        "school": ids[s],
        "year": np.array(_YEARS, dtype=np.int64)[y],
        "procedure": tpl_proc[t],
        "grade": tpl_grade[t].astype(np.float64),
        "subject": tpl_subject[t],
        "participants": participants.astype(np.float64),
        "mean_score": mean,
        "mean_percent": np.full(len(s), np.nan),
        "share_below_minimum": np.round(n_below / participants, 3),
        "share_high": np.round(n_high / participants, 3),
    }
    return ResultTable.from_columns(columns, validate=False)


def _resources(n: int, geo: dict[str, Any], kind: np.ndarray, students: np.ndarray, shifts: np.ndarray,
               ids: list[str], rng: np.random.Generator) -> tuple[list[Resource], np.ndarray]:
    """Shareable resources; also returns the mask of «Точка роста» hosts."""
    urban = geo["urban"]
    rural_school = ~urban & np.isin(kind, [_SOSH, _OOSH])
    growth = rural_school & (rng.random(n) < 0.5)
    science = rng.random(n) < 0.55
    hosts: list[np.ndarray] = []
    kinds: list[np.ndarray] = []

    def add(mask_or_index: np.ndarray, code: int) -> None:
        index = np.flatnonzero(mask_or_index) if mask_or_index.dtype == bool else mask_or_index
        hosts.append(index)
        kinds.append(np.full(len(index), code))

    add(growth & science, 0)
    add(growth & ~science, 1)
    n_urban = geo["n_urban"]
    if n_urban:
        town, size = geo["town_of_urban"], geo["town_size"][:n_urban]
        biggest = _first_in_group(town, students[:n_urban].astype(np.float64))
        it_towns = (size[biggest] >= 8) & (rng.random(len(biggest)) < 0.7)
        add(biggest[it_towns], 2)
        some = _first_in_group(town, rng.random(n_urban) + np.isin(kind[:n_urban], [_GYM, _LYC]))
        add(some[(size[some] >= 4) & (rng.random(len(some)) < 0.4)], 3)
    add((students >= 100) & (rng.random(n) < 0.35), 4)
    add((students >= 60) & (rng.random(n) < 0.45), 5)
    add((students >= 60) & (rng.random(n) < 0.3), 6)
    add(urban & (rng.random(n) < 0.06), 7)
    host = np.concatenate(hosts)
    code = np.concatenate(kinds)
    order = np.lexsort((code, host))
    host, code = host[order], code[order]
    m = len(host)
    seats = np.select([code <= 1, code == 2, code == 3], [rng.integers(12, 17, m), rng.integers(24, 49, m),
                                                           rng.integers(16, 25, m)], rng.integers(10, 31, m))
    hours = np.select([code <= 1, code <= 3], [rng.integers(6, 15, m), rng.integers(10, 25, m)],
                      rng.integers(2, 11, m))
    # free hours as the host declares them; the sharing step reduces them for 2-3 shifts
    hours = np.maximum(1, hours)
    remote = rng.random(m) < np.select([code <= 1, code <= 2, code == 4], [0.3, 0.5, 0.4], 0.0)
    table = (
        (ResourceKind.GROWTH_POINT_SCIENCE, "Центр «Точка роста»", ("физика", "химия", "биология")),
        (ResourceKind.GROWTH_POINT_DIGITAL, "Центр «Точка роста»", ("информатика", "технология", "ОБЗР")),
        (ResourceKind.IT_CUBE, "IT-куб", ("программирование", "робототехника", "сетевое администрирование")),
        (ResourceKind.QUANTORIUM, "Школьный Кванториум", ("физика", "химия", "биология", "технология")),
        (ResourceKind.LIBRARY, "Библиотека", ("русский язык", "литература")),
        (ResourceKind.SPORTS_HALL, "Спортивный зал", ("физическая культура",)),
        (ResourceKind.COMPUTER_CLASS, "Компьютерный класс", ("информатика",)),
        (ResourceKind.LABORATORY, "Цифровая лаборатория", ("физика", "химия")),
    )
    out = []
    for h, c, st, hw, rm in zip(host.tolist(), code.tolist(), seats.tolist(), hours.tolist(), remote.tolist(),
                                strict=True):
        rk, label, profiles = table[c]
        out.append(Resource.model_construct(id=f"{ids[h]}:{rk.value}", host=ids[h], kind=rk, name=label,
                                            seats=st, hours_per_week=float(hw), profiles=profiles,
                                            remote=rm))
    return out, growth


def make_region(n_schools: int, *, seed: int = 0, name: str | None = None) -> Registry:
    """A realistic synthetic region of ``n_schools`` schools, the same for the same seed.

    Towns of heavy-tailed sizes with many urban schools, and villages with one or two schools
    mostly clustered around them, spread over an area that grows with ``n_schools`` (about
    150 km² per school) somewhere in Russia. About 60% of schools are rural. Kinds: СОШ
    mostly, ООШ and НОШ in villages, гимназии, лицеи and центры образования in towns, a few
    вечерние школы. Schools run one shift, or two or three when crowded (mostly in towns).

    Results of ЕГЭ (grade 11), ОГЭ (grade 9) and ВПР (grades 4–8) for 2023–2025 follow the
    social context (ИСБШ and its components: single-parent families, КДН/ПДН, non-native
    speakers, ОВЗ), with participants drawn from each school's cohorts. About 10% of schools
    are persistently low-results (ШНОР: 30–60% of participants below the minimum threshold
    in ОГЭ and ВПР, bottom means), mostly in poor contexts; 7% are strong schools with
    qualified staff and a ``leader_capacity``. «Точка роста» centres stand in about half the
    rural СОШ and ООШ, IT-кубы and Кванториумы in towns, libraries, sports halls and computer
    classes here and there; 5% of schools are candidate sites for new centres. Some declared
    low-results schools in the «500+» project already partner a nearby strong school.

    Names, settlements and coordinates are fictional.

    Parameters
    ----------
    n_schools : int
        How many schools (1 or more); ids are ``"R000001"``, ``"R000002"``, ...
    seed : int
        Seed of the ``numpy.random.Generator`` that draws everything (never the global RNG).
    name : str, optional
        The region's name; by default one that names the size and seed.

    Returns
    -------
    Registry

    Raises
    ------
    InvalidInputError
        If ``n_schools`` is not a positive integer or ``seed`` not a non-negative integer.

    Examples
    --------
    >>> reg = make_region(500, seed=1)
    >>> len(reg), reg.schools[0].id, reg.name
    (500, 'R000001', 'Синтетический регион (500 ОО, seed 1)')
    >>> sorted(set(reg.results.procedure)), sorted({int(y) for y in reg.results.year})
    (['ege', 'oge', 'vpr'], [2023, 2024, 2025])
    >>> make_region(500, seed=1) == reg, make_region(500, seed=2) == reg
    (True, False)
    >>> try:
    ...     make_region(0)
    ... except ValueError as err:  # an InvalidInputError
    ...     print(err)
    The 'n_schools' parameter of make_region must be a positive integer. Got 0 instead.
    """
    _check_parameters(n_schools, seed, name)
    n = int(n_schools)
    rng = np.random.default_rng(int(seed))
    geo = _geography(n, rng)
    size = _sizes(n, geo, rng)
    social = _context(n, geo, size["kind"], rng)
    level = _levels(n, geo["urban"], size, social["context"], rng)
    staff = _staff(n, geo["urban"], size, level, social["minority"], rng)
    ids = [f"R{i:06d}" for i in range(1, n + 1)]
    ids_array = np.empty(n, dtype=object)
    ids_array[:] = ids
    results = _results(n, size["kind"], geo["urban"], size["students"], level["quality"], level["low"], ids_array,
                       rng)
    resources, growth = _resources(n, geo, size["kind"], size["students"], size["shifts"], ids, rng)
    status = _statuses(n, geo, size, level, staff["internet"], growth, ids, rng)
    columns = {"id": ids, **_places(n, geo, size["kind"]), **_columns(n, size, social, staff, status)}
    fields = tuple(columns)
    # Every value above is already of the type validation produces; model_construct skips re-parsing.
    schools = [School.model_construct(**dict(zip(fields, row, strict=True)))
               for row in zip(*columns.values(), strict=True)]
    return Registry(schools=schools, results=results, resources=resources,
                    name=name if name is not None else f"Синтетический регион ({n} ОО, seed {seed})")


def _sizes(n: int, geo: dict[str, Any], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Kinds, pupils, design capacity, crowding, shifts and teachers of every school."""
    urban = geo["urban"]
    n_urban = geo["n_urban"]
    kind = np.empty(n, dtype=np.int64)
    kind[urban] = rng.choice(len(_KINDS), size=n_urban, p=_KIND_P_URBAN)
    kind[~urban] = rng.choice(len(_KINDS), size=n - n_urban, p=_KIND_P_RURAL)
    median = np.where(urban, _STUDENTS_URBAN[kind], _STUDENTS_RURAL[kind])
    spread = np.where(urban, _SPREAD_URBAN[kind], _SPREAD_RURAL[kind])
    students = np.maximum(3, np.rint(median * np.exp(rng.normal(size=n) * spread))).astype(np.int64)
    occupancy = np.exp(rng.normal(size=n) * np.where(urban, 0.22, 0.25)) * np.where(urban, 0.95, 0.62)
    capacity = np.maximum(20, np.rint(students / occupancy / 10) * 10).astype(np.int64)
    crowding = students / capacity
    shifts = (1 + (crowding > 1.08) + ((crowding > 1.45) & urban & (rng.random(n) < 0.35))
              + (~urban & (crowding > 0.9) & (crowding <= 1.08) & (rng.random(n) < 0.05)))
    pupils_per_teacher = np.select([urban, kind == _SOSH, kind == _OOSH], [16.0, 9.0, 7.0], 10.0)
    teachers = np.maximum(np.where(kind == _NOSH, 1, 4), np.rint(
        students / pupils_per_teacher * np.exp(rng.normal(size=n) * 0.12))).astype(np.int64)
    return dict(kind=kind, students=students, capacity=capacity, crowding=crowding, shifts=shifts,
                teachers=teachers)


def _context(n: int, geo: dict[str, Any], kind: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Social context from the district, town life and remoteness; ИСБШ and its components follow it."""
    urban, district = geo["urban"], geo["district"]
    district_effect = rng.normal(0.0, 0.35, size=geo["n_districts"])
    minority_district = rng.random(geo["n_districts"]) < 0.15
    context = (district_effect[district] + 0.35 * urban + 0.08 * np.log1p(geo["town_size"])
               - np.minimum(0.004 * geo["remote"], 0.5) + 0.4 * np.isin(kind, [_GYM, _LYC])
               - 0.5 * (kind == _EVE) + rng.normal(0.0, 0.45, size=n) - 0.2)
    minority = minority_district[district] & ~urban
    return dict(
        context=context, minority=minority, wellbeing=np.round(context + rng.normal(0.0, 0.1, size=n), 2),
        single_parent=_expit(-1.15 - 0.55 * context + rng.normal(0, 0.25, n) + 0.5 * (kind == _EVE)),
        registered=_expit(-4.3 - 0.8 * context + rng.normal(0, 0.35, n) + 1.2 * (kind == _EVE)),
        non_native=_expit(-3.3 - 0.25 * context + rng.normal(0, 0.6, n) + 2.8 * minority),
        disabled=_expit(-2.8 - 0.25 * context + rng.normal(0, 0.3, n)))


def _levels(n: int, urban: np.ndarray, size: dict[str, np.ndarray], context: np.ndarray,
            rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Results level: follows the context; ~10% low-results and ~7% strong schools stand apart."""
    kind, students = size["kind"], size["students"]
    base = (0.55 * context + 0.45 * np.isin(kind, [_GYM, _LYC]) - 0.4 * (kind == _EVE) + 0.1 * urban
            + rng.normal(0.0, 0.5, size=n))
    gumbel = rng.gumbel(size=(2, n))
    low = _top_k(-1.8 * base + gumbel[0], np.isin(kind, [_SOSH, _OOSH, _CO]) & (students >= 60),
                 round(_LOW_SHARE * n))
    strong = _top_k(2.0 * base + np.isin(kind, [_GYM, _LYC]) + gumbel[1],
                    np.isin(kind, [_SOSH, _GYM, _LYC, _CO]) & (students >= 150) & ~low,
                    round(_STRONG_SHARE * n))
    quality = np.select([low, strong], [-2.1 + 0.25 * rng.normal(size=n), 1.5 + 0.3 * rng.normal(size=n)],
                        base.clip(-1.3, 1.2))
    return dict(low=low, strong=strong, quality=quality)


def _staff(n: int, urban: np.ndarray, size: dict[str, np.ndarray], level: dict[str, np.ndarray],
           minority: np.ndarray, rng: np.random.Generator) -> dict[str, Any]:
    """Qualified teachers follow results; vacancies where schools are weak or remote; languages, internet."""
    teachers, students, low = size["teachers"], size["students"], level["low"]
    n_highest = rng.binomial(teachers, (0.2 + 0.06 * level["quality"] + 0.05 * urban).clip(0.0, 0.7))
    n_first = rng.binomial(teachers - n_highest, 0.5)
    share_highest = np.round(n_highest / teachers, 3)
    share_first = np.minimum(np.round(n_first / teachers, 3), np.round(1.0 - share_highest, 3))
    has_vacancy = rng.random(n) < np.where(urban, 0.15, 0.3) + 0.25 * low
    vacancy_subjects = rng.integers(len(_VACANCY_SUBJECTS), size=(n, 2))
    two_vacancies = rng.random(n) < 0.3
    p_spec = np.stack([0.2 + students / 600, 0.1 + students / 900, 0.02 + students / 3000,
                       0.3 + students / 1000 + 0.2 * low], axis=1).clip(0.0, 0.95)
    spec_mask = ((rng.random((n, 4)) < p_spec) * (1 << np.arange(4))).sum(axis=1)
    language = _MINORITY_LANGUAGES[int(rng.integers(len(_MINORITY_LANGUAGES)))]
    bilingual = minority & (rng.random(n) < 0.5)
    internet = np.where(urban, rng.choice([50.0, 100.0, 100.0, 200.0], size=n),
                        rng.choice([2.0, 5.0, 10.0, 10.0, 20.0, 30.0, 50.0, 100.0], size=n))
    vacancies: list[dict[str, int]] = [{} for _ in range(n)]
    for i, (a, b), two in zip(np.flatnonzero(has_vacancy).tolist(), vacancy_subjects[has_vacancy].tolist(),
                              two_vacancies[has_vacancy].tolist(), strict=True):
        vacancies[i] = {_VACANCY_SUBJECTS[a]: 1} if not two or a == b else {
            _VACANCY_SUBJECTS[a]: 1, _VACANCY_SUBJECTS[b]: 1}
    only_russian, with_minority = ("русский",), ("русский", language)
    return dict(share_highest=share_highest, share_first=share_first, vacancies=vacancies, spec_mask=spec_mask,
                languages=[with_minority if b else only_russian for b in bilingual.tolist()], internet=internet)


def _statuses(n: int, geo: dict[str, Any], size: dict[str, np.ndarray], level: dict[str, np.ndarray],
              internet: np.ndarray, growth: np.ndarray, ids: list[str], rng: np.random.Generator) -> dict[str, Any]:
    """Declared statuses, leaders' capacity and hours, existing partnerships, candidate sites."""
    low, strong, kind = level["low"], level["strong"], size["kind"]
    declared_low = low & (rng.random(n) < 0.85)
    in_500 = declared_low & (rng.random(n) < 0.6)
    leader_capacity = np.clip(np.rint(size["students"] / 300), 1, 4).astype(np.int64)
    mentor_hours = rng.integers(2, 9, size=n).astype(np.float64)
    partners: list[list[str]] = [[] for _ in range(n)]
    seeking = np.flatnonzero(in_500 & (rng.random(n) < 0.5))
    strong_index = np.flatnonzero(strong)
    if len(seeking) and len(strong_index):
        from scipy.spatial import cKDTree

        dist, nearest = cKDTree(geo["xy"][strong_index]).query(geo["xy"][seeking], distance_upper_bound=60.0)
        for a, d, j in zip(seeking.tolist(), dist.tolist(), nearest.tolist(), strict=True):
            if d < math.inf:
                b = int(strong_index[j])
                partners[a].append(ids[b])
                partners[b].append(ids[a])
    candidate = _top_k(1.0 * ~geo["urban"] + 0.5 * (internet >= 20) + 0.5 * (size["crowding"] < 0.9)
                       + rng.gumbel(size=n), np.isin(kind, [_SOSH, _OOSH, _CO]) & ~growth,
                       round(_CANDIDATE_SHARE * n))
    is_strong = strong.tolist()
    return {
        "declared_low_results": declared_low.tolist(), "declared_unfavourable": [None] * n,
        "declared_leader": [None] * n, "program_500plus": in_500.tolist(),
        "partners": [tuple(p) for p in partners],
        "leader_capacity": [c if s else None for c, s in zip(leader_capacity.tolist(), is_strong, strict=True)],
        "mentor_hours": [h if s else None for h, s in zip(mentor_hours.tolist(), is_strong, strict=True)],
        "centre_candidate": candidate.tolist(),
    }


def _places(n: int, geo: dict[str, Any], kind: np.ndarray) -> dict[str, list[Any]]:
    """Names, municipalities, settlements and coordinates of the schools."""
    town_names, district_names = geo["town_names"], geo["district_names"]
    municipality = [district_names[d] for d in geo["district"].tolist()]
    settlement: list[str] = []
    school_name: list[str] = []
    kind_list = kind.tolist()
    n_urban = geo["n_urban"]
    for i, (t, k) in enumerate(zip(geo["town_of_urban"].tolist(), geo["number_in_town"].tolist(), strict=True)):
        settlement.append(f"г. {town_names[t]}")
        school_name.append(f"МБОУ «{_LABELS[kind_list[i]]} № {k}», г. {town_names[t]}")
        if geo["town_size"][i] >= 10:  # a big town is its own городской округ
            municipality[i] = f"городской округ {town_names[t]}"
    several = geo["per_village"][geo["village_of_rural"]] > 1
    for j, (v, k, two) in enumerate(zip(geo["village_of_rural"].tolist(), geo["number_in_village"].tolist(),
                                        several.tolist(), strict=True)):
        place = _VILLAGES[int(geo["village_name"][v])]
        settlement.append(place)
        number = f" № {k}" if two else ""
        school_name.append(f"МКОУ «{_LABELS[kind_list[n_urban + j]]}{number} {place}»")
    return {
        "name": school_name, "municipality": municipality, "settlement": settlement,
        "settlement_type": [SettlementType.URBAN if u else SettlementType.RURAL for u in geo["urban"].tolist()],
        "latitude": geo["lat"].tolist(), "longitude": geo["lon"].tolist(),
        "phases": [_PHASES[k] for k in kind_list], "kind": [_KINDS[k] for k in kind_list],
    }


def _columns(n: int, size: dict[str, np.ndarray], social: dict[str, np.ndarray], staff: dict[str, Any],
             status: dict[str, Any]) -> dict[str, list[Any]]:
    """The remaining School fields, in the order of the model, as lists."""
    return {
        "students": size["students"].tolist(),
        "design_capacity": size["capacity"].tolist(),
        "shifts": size["shifts"].tolist(),
        "teachers": size["teachers"].tolist(),
        "share_highest_category": staff["share_highest"].tolist(),
        "share_first_category": staff["share_first"].tolist(),
        "vacancies": staff["vacancies"],
        "specialists": [_SPECIALIST_COMBOS[m] for m in staff["spec_mask"].tolist()],
        "languages": staff["languages"],
        "internet_mbps": staff["internet"].tolist(),
        "social_wellbeing_index": social["wellbeing"].tolist(),
        "share_single_parent": np.round(social["single_parent"], 3).tolist(),
        "share_registered": np.round(social["registered"], 3).tolist(),
        "share_non_native": np.round(social["non_native"], 3).tolist(),
        "share_disabled": np.round(social["disabled"], 3).tolist(),
        **status,
    }
