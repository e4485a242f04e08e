"""Build the demo district: ``netmatch/data/demo/{schools,results,resources,organisations,needs,teachers,staff}.csv``.

The demo is a fictional rural district of southern Siberia, the Кебежский муниципальный район,
shaped after a real municipal programme of school partnerships. Every school is designed by
hand below (size, staff, social context, a latent level of results ``q`` on a z-like scale);
the three years of results are drawn from those parameters with a seeded numpy Generator.
The files are written the way a coordinator keeps them: UTF-8, comma separated, Russian
headers (``netmatch._data.headers.RU_HEADERS``), codes by their Russian labels, flags «да»/«нет»,
missing values as empty cells.

Running the script again reproduces the files byte for byte::

    python scripts/build_demo.py            # write the files
    python scripts/build_demo.py --check    # fail if the committed files differ

Design (checked at the end of the run):

* 18 schools: 12 СОШ and a гимназия (13 secondary-level), 3 ООШ, 1 НОШ, 1 вечерняя;
* ШНОР by their data: S09, S12, S16 — at least 30% below the minimum in every ОГЭ and ВПР
  row of 2023–2025 and the lowest means of the district; every other school at most 15%;
* ШНСУ by context: S09 (also ШНОР), S08 (resilient: poor context, good results), S17;
* leaders: S01, S03, S05, S10 — top results, qualified staff, specialists, ``leader_capacity``;
* «Точка роста» at S05 (естественно-научная) and S06 (цифровая); 7 candidate sites for new
  centres, none of them a «Точка роста» host; shifts 1, 2 and 3; S02 at 1.6× its capacity;
* 5 fictional partner organisations (a branch of a pedagogical university, an agrarian-technical
  college, a Дом детского творчества, a sports school, the district library), placed like the
  schools (km from the district centre);
* 15 needs: each ШНОР/ШНСУ school (S08, S09, S12, S16, S17) asks for two things, priority 1 or 2
  (teaching in its weakest subject, psychological help, a resource); five other schools ask for
  career guidance or additional education, priority 2 or 3;
* teachers by subject: for every school and every subject it has results in, how many of its
  teachers teach it — 1 in the small schools, 2 of the core subjects in the larger village
  schools, 2–4 in the district centre's large schools and the гимназия; a school's subject
  teachers never add up to more than its ``teachers``.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netmatch._data.headers import RU_HEADERS  # noqa: E402
from netmatch._data.results import RESULT_COLUMNS  # noqa: E402

OUT = ROOT / "netmatch" / "data" / "demo"
SEED = 20250901
YEARS = (2023, 2024, 2025)
DISTRICT = "Кебежский муниципальный район"
CENTRE_LAT, CENTRE_LON = 53.3512, 92.4187  # the fictional district centre, пгт Кедровогорск
KM_PER_DEG = 111.195  # one degree of latitude (and of longitude at the equator), km

SOO = "НОО, ООО, СОО"
OOO = "НОО, ООО"
ALL_SPECIALISTS = "педагог-психолог; учитель-логопед; учитель-дефектолог; социальный педагог"
THREE_SPECIALISTS = "педагог-психолог; учитель-логопед; социальный педагог"

# Each school by hand. dx, dy: km east and north of the district centre. q: level of results
# on a z-like scale (0 = district average); low: a low-results school (ШНОР) by design.
SCHOOLS: list[dict[str, Any]] = [
    dict(id="S01", name="МБОУ «Кедровогорская гимназия»", settlement="пгт Кедровогорск", urban=True,
         dx=0.0, dy=0.0, kind="гимназия", phases=SOO, students=642, capacity=700, shifts=1, teachers=48,
         hi=0.52, first=0.31, vacancies="", specialists=ALL_SPECIALISTS, languages="русский", internet=100,
         isbsh=1.35, single=0.14, registered=0.004, non_native=0.02, disabled=0.03,
         partners="S16", leader_capacity=3, mentor_hours=6, candidate=False, q=1.6),
    dict(id="S02", name="МБОУ «Кедровогорская СОШ № 1»", settlement="пгт Кедровогорск", urban=True,
         dx=0.9, dy=0.6, kind="СОШ", phases=SOO, students=868, capacity=540, shifts=3, teachers=51,
         hi=0.27, first=0.38, vacancies="начальные классы: 2; английский язык: 1",
         specialists=THREE_SPECIALISTS, languages="русский", internet=100,
         isbsh=0.45, single=0.22, registered=0.012, non_native=0.05, disabled=0.06,
         partners="", leader_capacity=None, mentor_hours=None, candidate=False, q=0.3),
    dict(id="S03", name="МБОУ «Кедровогорская СОШ № 2»", settlement="пгт Кедровогорск", urban=True,
         dx=-0.8, dy=1.2, kind="СОШ", phases=SOO, students=764, capacity=720, shifts=2, teachers=49,
         hi=0.44, first=0.36, vacancies="", specialists=ALL_SPECIALISTS, languages="русский", internet=100,
         isbsh=0.85, single=0.18, registered=0.006, non_native=0.03, disabled=0.05,
         partners="", leader_capacity=3, mentor_hours=5, candidate=False, q=1.2),
    dict(id="S04", name="МБОУ «Кедровогорская вечерняя (сменная) общеобразовательная школа»",
         settlement="пгт Кедровогорск", urban=True, dx=0.5, dy=-0.9, kind="вечерняя", phases="ООО, СОО",
         students=96, capacity=150, shifts=1, teachers=9, hi=0.11, first=0.44, vacancies="",
         specialists="социальный педагог", languages="русский", internet=50,
         isbsh=-0.55, single=0.38, registered=0.07, non_native=0.06, disabled=0.04,
         partners="", leader_capacity=None, mentor_hours=None, candidate=False, q=-0.6),
    dict(id="S05", name="МБОУ «Листвянская СОШ»", settlement="с. Листвянка", urban=False,
         dx=-14.0, dy=9.0, kind="СОШ", phases=SOO, students=410, capacity=520, shifts=1, teachers=34,
         hi=0.41, first=0.41, vacancies="", specialists=THREE_SPECIALISTS, languages="русский",
         internet=50, isbsh=0.6, single=0.19, registered=0.007, non_native=0.03,
         disabled=0.05, partners="S17", leader_capacity=2, mentor_hours=4, candidate=False, q=1.1),
    dict(id="S06", name="МБОУ «Берёзовская СОШ»", settlement="с. Берёзовка", urban=False,
         dx=12.0, dy=15.0, kind="СОШ", phases=SOO, students=265, capacity=320, shifts=1, teachers=24,
         hi=0.25, first=0.46, vacancies="", specialists="педагог-психолог; социальный педагог",
         languages="русский", internet=30, isbsh=0.15, single=0.24, registered=0.011, non_native=0.04,
         disabled=0.07, partners="", leader_capacity=None, mentor_hours=None, candidate=False, q=0.2),
    dict(id="S07", name="МБОУ «Ивановская СОШ»", settlement="с. Ивановка", urban=False,
         dx=20.0, dy=-6.0, kind="СОШ", phases=SOO, students=198, capacity=300, shifts=1, teachers=20,
         hi=0.20, first=0.45, vacancies="физика: 1", specialists="педагог-психолог",
         languages="русский", internet=30, isbsh=-0.1, single=0.26, registered=0.015, non_native=0.05,
         disabled=0.08, partners="", leader_capacity=None, mentor_hours=None, candidate=True, q=-0.1),
    dict(id="S08", name="МБОУ «Тасхыльская СОШ»", settlement="с. Тасхыл", urban=False,
         dx=-22.0, dy=-18.0, kind="СОШ", phases=SOO, students=172, capacity=250, shifts=1, teachers=19,
         hi=0.26, first=0.42, vacancies="английский язык: 1",
         specialists="педагог-психолог; социальный педагог", languages="русский; хакасский", internet=20,
         isbsh=-1.2, single=0.36, registered=0.05,
         non_native=0.38, disabled=0.11, partners="", leader_capacity=None, mentor_hours=None,
         candidate=True, q=0.5),
    dict(id="S09", name="МКОУ «Усть-Кебежская СОШ»", settlement="с. Усть-Кебеж", urban=False,
         dx=8.0, dy=-30.0, kind="СОШ", phases=SOO, students=148, capacity=280, shifts=1, teachers=16,
         hi=0.06, first=0.31, vacancies="математика: 1; физика: 1; английский язык: 1",
         specialists="социальный педагог", languages="русский", internet=10, isbsh=-1.45, single=0.44,
         registered=0.08, non_native=0.12, disabled=0.14, partners="", leader_capacity=None,
         mentor_hours=None, candidate=True, q=-2.4, low=True),
    dict(id="S10", name="МБОУ «Черемшанская СОШ»", settlement="с. Черемшанка", urban=False,
         dx=-26.0, dy=6.0, kind="СОШ", phases=SOO, students=305, capacity=360, shifts=1, teachers=27,
         hi=0.38, first=0.44, vacancies="", specialists=THREE_SPECIALISTS, languages="русский",
         internet=50, isbsh=0.35, single=0.2, registered=0.009, non_native=0.03,
         disabled=0.06, partners="", leader_capacity=2, mentor_hours=4, candidate=False, q=1.0),
    dict(id="S11", name="МБОУ «Таёжнинская СОШ»", settlement="пос. Таёжный", urban=False,
         dx=28.0, dy=8.0, kind="СОШ", phases=SOO, students=380, capacity=320, shifts=2, teachers=29,
         hi=0.18, first=0.45, vacancies="химия: 1", specialists="педагог-психолог; социальный педагог",
         languages="русский", internet=30, isbsh=-0.3, single=0.27, registered=0.018, non_native=0.06,
         disabled=0.07, partners="", leader_capacity=None, mentor_hours=None, candidate=True, q=-0.2),
    dict(id="S12", name="МБОУ «Красноключинская СОШ»", settlement="с. Красный Ключ", urban=False,
         dx=-5.0, dy=22.0, kind="СОШ", phases=SOO, students=214, capacity=300, shifts=1, teachers=19,
         hi=0.11, first=0.37, vacancies="химия: 1; английский язык: 1", specialists="педагог-психолог",
         languages="русский", internet=20, isbsh=-0.35, single=0.28, registered=0.021, non_native=0.05,
         disabled=0.08, partners="", leader_capacity=None, mentor_hours=None, candidate=True, q=-2.2,
         low=True),
    dict(id="S13", name="МБОУ «Новотроицкая СОШ»", settlement="с. Новотроицкое", urban=False,
         dx=15.0, dy=-18.0, kind="СОШ", phases=SOO, students=236, capacity=320, shifts=1, teachers=22,
         hi=0.22, first=0.45, vacancies="", specialists="педагог-психолог; социальный педагог",
         languages="русский", internet=30, isbsh=0.0, single=0.25, registered=0.013, non_native=0.04,
         disabled=0.07, partners="", leader_capacity=None, mentor_hours=None, candidate=False, q=0.0),
    dict(id="S14", name="МБОУ «Знаменская СОШ»", settlement="с. Знаменка", urban=False,
         dx=-8.0, dy=-12.0, kind="СОШ", phases=SOO, students=281, capacity=340, shifts=1, teachers=25,
         hi=0.24, first=0.48, vacancies="", specialists="педагог-психолог; учитель-логопед",
         languages="русский", internet=50, isbsh=0.2, single=0.22, registered=0.01, non_native=0.03,
         disabled=0.06, partners="", leader_capacity=None, mentor_hours=None, candidate=True, q=0.1),
    dict(id="S15", name="МКОУ «Кордонская ООШ»", settlement="пос. Кордон", urban=False,
         dx=30.0, dy=-14.0, kind="ООШ", phases=OOO, students=88, capacity=160, shifts=1, teachers=12,
         hi=0.08, first=0.5, vacancies="", specialists="", languages="русский", internet=10,
         isbsh=-0.45, single=0.3, registered=0.023, non_native=0.05, disabled=0.09, partners="",
         leader_capacity=None, mentor_hours=None, candidate=True, q=-0.3),
    dict(id="S16", name="МКОУ «Озёрновская ООШ»", settlement="с. Озёрное", urban=False,
         dx=-34.0, dy=-6.0, kind="ООШ", phases=OOO, students=96, capacity=180, shifts=1, teachers=12,
         hi=0.0, first=0.33, vacancies="математика: 1; русский язык: 1", specialists="",
         languages="русский", internet=10, isbsh=-0.5, single=0.31, registered=0.025, non_native=0.06,
         disabled=0.1, partners="S01", leader_capacity=None, mentor_hours=None, candidate=False, q=-2.3,
         low=True),
    dict(id="S17", name="МКОУ «Сосновская ООШ»", settlement="д. Сосновка", urban=False,
         dx=-20.0, dy=22.0, kind="ООШ", phases=OOO, students=74, capacity=140, shifts=1, teachers=11,
         hi=0.09, first=0.45, vacancies="физика: 1", specialists="социальный педагог", languages="русский",
         internet=10, isbsh=-1.1, single=0.41, registered=0.06, non_native=0.09, disabled=0.13,
         partners="S05", leader_capacity=None, mentor_hours=None, candidate=False, q=-0.5),
    dict(id="S18", name="МКОУ «Малокебежская НОШ»", settlement="д. Малый Кебеж", urban=False,
         dx=4.0, dy=-20.0, kind="НОШ", phases="НОО", students=31, capacity=60, shifts=1, teachers=3,
         hi=0.0, first=0.67, vacancies="", specialists="", languages="русский", internet=10,
         isbsh=-0.4, single=0.29, registered=0.0, non_native=0.06, disabled=0.06, partners="",
         leader_capacity=None, mentor_hours=None, candidate=False, q=-0.2),
]

RESOURCES: list[dict[str, Any]] = [
    dict(id="TR-S05", host="S05", kind="«Точка роста» естественно-научной и технологической направленностей",
         name="Центр «Точка роста» Листвянской СОШ", seats=15, hours=10, profiles="физика; химия; биология",
         remote=False),
    dict(id="TR-S06", host="S06", kind="«Точка роста» цифрового и гуманитарного профилей",
         name="Центр «Точка роста» Берёзовской СОШ", seats=12, hours=8,
         profiles="информатика; технология; ОБЗР", remote=True),
    dict(id="IT-S01", host="S01", kind="IT-куб", name="«IT-куб. Кедровогорск»", seats=48, hours=20,
         profiles="программирование на Python; мобильная разработка; робототехника", remote=True),
    dict(id="LIB-S01", host="S01", kind="библиотека", name="Информационно-библиотечный центр гимназии",
         seats=30, hours=12, profiles="русский язык; литература; история", remote=True),
    dict(id="CC-S03", host="S03", kind="компьютерный класс", name="Кабинет информатики № 21", seats=13,
         hours=6, profiles="информатика", remote=False),
    dict(id="SH-S02", host="S02", kind="спортивный зал", name="Спортивный зал СОШ № 1", seats=30, hours=3,
         profiles="физическая культура", remote=False),
    dict(id="SH-S05", host="S05", kind="спортивный зал", name="Спортивный зал Листвянской СОШ", seats=25,
         hours=8, profiles="физическая культура", remote=False),
    dict(id="LAB-S10", host="S10", kind="лаборатория", name="Цифровая лаборатория по физике и химии",
         seats=12, hours=6, profiles="физика; химия", remote=False),
]

# Partner organisations beyond schools, placed like the schools (dx, dy: km east and north of the centre).
ORGANISATIONS: list[dict[str, Any]] = [
    dict(id="O1", name="Кедровогорский филиал Южно-Сибирского государственного педагогического университета",
         kind="вуз", settlement="пгт Кедровогорск", dx=0.4, dy=0.3, subjects="математика; физика; химия",
         programmes="психолого-педагогический класс; инженерный класс",
         help="предметная подготовка; методическая помощь; профориентация", capacity=4, leads=True, remote=True),
    dict(id="O2", name="ГБПОУ «Кедровогорский аграрно-технический техникум»", kind="СПО",
         settlement="пгт Кедровогорск", dx=-1.6, dy=-0.8, subjects="химия; биология",
         programmes="агрономия; механизация сельского хозяйства; ветеринария",
         help="профориентация; профильное обучение", capacity=6, leads=False, remote=False),
    dict(id="O3", name="МБУ ДО «Кедровогорский Дом детского творчества»", kind="дом детского творчества",
         settlement="пгт Кедровогорск", dx=0.7, dy=-0.3, subjects="",
         programmes="робототехника; изостудия; театральная студия; краеведение",
         help="дополнительное образование; ресурсы", capacity=5, leads=False, remote=True),
    dict(id="O4", name="МБУ ДО «Кебежская районная детско-юношеская спортивная школа»", kind="ДЮСШ",
         settlement="с. Листвянка", dx=-13.6, dy=9.4, subjects="физическая культура",
         programmes="лыжные гонки; волейбол; вольная борьба", help="спорт; дополнительное образование",
         capacity=4, leads=False, remote=False),
    dict(id="O5", name="МБУК «Кебежская межпоселенческая районная библиотека»", kind="библиотека",
         settlement="пгт Кедровогорск", dx=0.2, dy=0.5, subjects="литература; история",
         programmes="краеведение; литературный клуб", help="культура; дополнительное образование",
         capacity=3, leads=False, remote=True),
]

# The schools' needs: each ШНОР/ШНСУ school asks for two things (its weakest subject in the results,
# psychological help, a resource), priority 1 or 2; five other schools for guidance or clubs, 2 or 3.
NEEDS: list[dict[str, Any]] = [
    dict(school="S08", help="ресурсы", resource="IT-куб", priority=1, pupils=16, hours_per_week=2,
         note="занятия по программированию для 7–9 классов, дистанционно"),
    dict(school="S08", help="профориентация", priority=2, pupils=20, note="выпускники 9 и 11 классов"),
    dict(school="S09", help="предметная подготовка", subject="математика", priority=1, pupils=14,
         note="подготовка к ОГЭ; вакансия учителя математики"),
    dict(school="S09", help="психолого-педагогическая помощь", priority=1,
         note="в школе нет педагога-психолога"),
    dict(school="S12", help="предметная подготовка", subject="математика", priority=1, pupils=22,
         note="подготовка к ОГЭ"),
    dict(school="S12", help="ресурсы", resource="«Точка роста» естественно-научной и технологической направленностей",
         subject="химия", priority=2, pupils=18, hours_per_week=2, note="лабораторные работы по химии"),
    dict(school="S16", help="предметная подготовка", subject="математика", priority=1, pupils=10,
         note="подготовка к ОГЭ"),
    dict(school="S16", help="методическая помощь", subject="русский язык", priority=2,
         note="вакансия учителя русского языка; наставничество"),
    dict(school="S17", help="психолого-педагогическая помощь", priority=1,
         note="в школе нет педагога-психолога"),
    dict(school="S17", help="ресурсы", resource="«Точка роста» естественно-научной и технологической направленностей",
         subject="физика", priority=2, pupils=12, hours_per_week=2, note="вакансия учителя физики"),
    dict(school="S07", help="профориентация", priority=2, pupils=18),
    dict(school="S11", help="дополнительное образование", priority=3, pupils=25, note="робототехника"),
    dict(school="S13", help="профориентация", priority=3, pupils=15),
    dict(school="S14", help="дополнительное образование", priority=2, pupils=20, note="театральная студия"),
    dict(school="S15", help="профориентация", priority=2, pupils=9, note="выбор СПО после 9 класса"),
]

# Teachers per subject in the district centre's large schools and the гимназия (2–4 each); elsewhere
# 2 of each core subject in a village school of 250 pupils or more and 1 of every other subject.
CENTRE_TEACHERS: dict[str, dict[str, int]] = {
    "S01": {"русский язык": 4, "математика": 4, "математика профильная": 3, "физика": 3, "химия": 2,
            "биология": 2, "обществознание": 3, "окружающий мир": 3},
    "S02": {"русский язык": 4, "математика": 4, "математика профильная": 2, "физика": 2, "химия": 2,
            "биология": 2, "обществознание": 2, "окружающий мир": 4},
    "S03": {"русский язык": 4, "математика": 3, "математика профильная": 2, "физика": 2, "химия": 2,
            "биология": 2, "обществознание": 2, "окружающий мир": 3},
}
CORE_SUBJECTS = ("русский язык", "математика", "окружающий мир")  # окружающий мир: the primary classes' teachers
LARGER_VILLAGE = 250  # pupils

# (subject, share of the cohort taking it, base mean, logit of share below minimum, logit of share high)
EGE = [("русский язык", 1.00, 68.0, -4.2, -2.0), ("математика профильная", 0.50, 54.0, -2.9, -3.3),
       ("обществознание", 0.45, 56.0, -2.3, -3.1), ("физика", 0.20, 54.0, -2.9, -3.0),
       ("химия", 0.12, 55.0, -2.6, -2.8), ("биология", 0.18, 50.0, -2.4, -3.3)]
EGE_GYMNASIUM_RATES = {"математика профильная": 0.75, "физика": 0.30, "химия": 0.20, "биология": 0.25}
# (subject, share of the cohort, logit of share of «2», logit of share of «5»)
OGE = [("русский язык", 1.0, -3.3, -1.3), ("математика", 1.0, -2.7, -1.8),
       ("обществознание", 0.55, -2.8, -2.3), ("биология", 0.35, -2.9, -2.4)]
VPR4 = [("русский язык", -3.0, -1.4), ("математика", -3.1, -1.2), ("окружающий мир", -3.6, -1.6)]
VPR58 = [("русский язык", -2.5, -1.9), ("математика", -2.5, -1.9)]
LOW_BUMP = 0.6  # extra logit of failing at a low-results school: weak teaching, not only weak pupils
OTHERS_MAX_BELOW = 0.15  # by design, no other school comes near the low-results ones
LOW_MIN_BELOW = 0.30


# Named teachers (fictional people): the mentors of the leader schools and the teachers of the ШНОР
# who need one. (school, subject, name, category, years, mentor, hours a month for mentoring)
NAMED_TEACHERS: list[tuple[str, str, str, str, int, bool, int | None]] = [
    ("S01", "математика", "Воронцова Елена Андреевна", "высшая", 24, True, 8),
    ("S01", "математика профильная", "Воронцова Елена Андреевна", "высшая", 24, True, 8),
    ("S01", "окружающий мир", "Ершова Наталья Константиновна", "высшая", 21, True, None),
    ("S01", "русский язык", "Полякова Марина Юрьевна", "высшая", 30, True, 8),
    ("S01", "физика", "Гордеев Игорь Васильевич", "высшая", 18, True, 4),
    ("S01", "химия", "Лебедева Светлана Николаевна", "первая", 12, True, None),
    ("S02", "биология", "Кравец Ольга Петровна", "первая", 15, True, 4),
    ("S02", "обществознание", "Носов Дмитрий Алексеевич", "высшая", 19, True, 8),
    ("S05", "биология", "Зуева Людмила Ивановна", "высшая", 28, True, 8),
    ("S05", "математика", "Гришина Анна Викторовна", "высшая", 26, True, 8),
    ("S05", "математика профильная", "Гришина Анна Викторовна", "высшая", 26, True, 8),
    ("S05", "окружающий мир", "Белоусова Ирина Геннадьевна", "первая", 16, True, 4),
    ("S05", "русский язык", "Шестакова Валентина Петровна", "высшая", 31, True, None),
    ("S05", "физика", "Мартынов Олег Игоревич", "первая", 14, True, None),
    ("S05", "химия", "Зуева Людмила Ивановна", "высшая", 28, True, 8),
    ("S08", "обществознание", "Рыбаков Виктор Степанович", "высшая", 22, True, 4),
    ("S09", "биология", "Орлова Екатерина Михайловна", "без категории", 2, False, None),
    ("S09", "математика", "Кузнецова Татьяна Алексеевна", "первая", 9, False, None),
    ("S09", "математика профильная", "Кузнецова Татьяна Алексеевна", "первая", 9, False, None),
    ("S09", "обществознание", "Савин Павел Романович", "без категории", 1, False, None),
    ("S09", "окружающий мир", "Ткаченко Людмила Юрьевна", "соответствие занимаемой должности", 11, False, None),
    ("S09", "русский язык", "Мельникова Галина Ивановна", "первая", 17, False, None),
    ("S09", "физика", "Лаптев Сергей Викторович", "соответствие занимаемой должности", 4, False, None),
    ("S09", "химия", "Орлова Екатерина Михайловна", "без категории", 2, False, None),
    ("S10", "биология", "Соболев Андрей Николаевич", "первая", 13, True, 4),
    ("S10", "математика", "Котова Ольга Сергеевна", "высшая", 20, True, None),
    ("S10", "окружающий мир", "Мухина Татьяна Павловна", "первая", 11, True, None),
    ("S10", "русский язык", "Дьячкова Елена Фёдоровна", "высшая", 25, True, 4),
    ("S12", "биология", "Яковлева Дарья Сергеевна", "первая", 8, False, None),
    ("S12", "математика", "Назарова Ольга Дмитриевна", "соответствие занимаемой должности", 6, False, None),
    ("S12", "математика профильная", "Назарова Ольга Дмитриевна", "соответствие занимаемой должности", 6, False, None),
    ("S12", "обществознание", "Фомин Кирилл Андреевич", "без категории", 2, False, None),
    ("S12", "окружающий мир", "Сергеева Алла Викторовна", "первая", 14, False, None),
    ("S12", "русский язык", "Архипова Нина Васильевна", "первая", 23, False, None),
    ("S12", "физика", "Пестов Антон Игоревич", "без категории", 3, False, None),
    ("S12", "химия", "Яковлева Дарья Сергеевна", "первая", 8, False, None),
    ("S16", "биология", "Тихонов Илья Олегович", "без категории", 2, False, None),
    ("S16", "математика", "Попова Светлана Геннадьевна", "соответствие занимаемой должности", 5, False, None),
    ("S16", "обществознание", "Тихонов Илья Олегович", "без категории", 2, False, None),
    ("S16", "окружающий мир", "Егорова Вера Николаевна", "первая", 19, False, None),
    ("S16", "русский язык", "Егорова Вера Николаевна", "первая", 19, False, None),
    ("S17", "обществознание", "Гусева Марина Олеговна", "первая", 9, True, 4),
]

# The programme's people (fictional): a coordinator, curators (one heads a school), a methodist.
_HOME = "Кебежский муниципальный район"
STAFF: list[dict[str, Any]] = [
    dict(id="K01", name="Соколова Ирина Викторовна", role="муниципальный координатор",
         organisation="Управление образования администрации Кебежского района", head=False, municipality=_HOME,
         hours=40, latitude=53.3548, longitude=92.4201, remote=True),
    dict(id="K02", name="Захарова Наталья Сергеевна", role="куратор", organisation="Муниципальная методическая служба",
         head=False, municipality=_HOME, subjects="математика; физика; химия", max_schools=2, hours=12,
         latitude=53.3548, longitude=92.4201, remote=True),
    dict(id="K03", name="Гришин Алексей Петрович", role="куратор", organisation="МБОУ «Листвянская СОШ»", school="S05",
         head=True, municipality=_HOME, subjects="биология; химия", max_schools=2, hours=16, remote=False),
    dict(id="K04", name="Белова Ольга Николаевна", role="куратор", organisation="МБОУ «Кедровогорская гимназия»",
         school="S01", head=False, municipality=_HOME, subjects="русский язык; окружающий мир; обществознание",
         max_schools=2, remote=True),
    dict(id="K05", name="Фёдоров Денис Игоревич", role="методист", organisation="Институт развития образования",
         head=False, subjects="обществознание; история", hours=20, remote=True),
]


def expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def position(s: dict[str, Any]) -> tuple[float, float]:
    lat = CENTRE_LAT + s["dy"] / KM_PER_DEG
    lon = CENTRE_LON + s["dx"] / (KM_PER_DEG * math.cos(math.radians(CENTRE_LAT)))
    return round(lat, 4), round(lon, 4)


def cohorts(s: dict[str, Any]) -> dict[int, float]:
    """Expected pupils per grade."""
    kind, n = s["kind"], s["students"]
    if kind == "НОШ":
        return {4: n / 4}
    if kind == "ООШ":
        return {g: n / 9 for g in range(4, 10)}
    if kind == "вечерняя":
        return {9: n * 0.22, 11: n * 0.12}
    per_grade = n / 10.1
    senior = 0.75 if s["urban"] else 0.55
    return {**{g: per_grade for g in range(4, 10)}, 11: per_grade * senior}


class _Draws:
    """One school's results: its level plus year and subject effects, and the figures they give."""

    def __init__(self, school: dict[str, Any], rng: np.random.Generator) -> None:
        self.school, self.rng = school, rng
        self.low = bool(school.get("low", False))
        self.year_effect: list[float] = rng.normal(0.0, 0.12, len(YEARS)).tolist()
        self.subject_effect: dict[tuple[str, int, str], float] = {}

    def z(self, key: tuple[str, int, str], y: int) -> float:
        if key not in self.subject_effect:
            self.subject_effect[key] = float(self.rng.normal(0.0, 0.15))
        noise = float(self.rng.normal(0.0, 0.08))
        return float(self.school["q"]) + self.year_effect[y] + self.subject_effect[key] + noise

    def below(self, n: int, a_below: float, z: float, proc: str) -> int:
        """Pupils below the minimum: by design ≥30% (ОГЭ, ВПР) at a low-results school, ≤15% elsewhere."""
        below = round(n * expit(a_below - 0.85 * z + (LOW_BUMP if self.low else 0.0)))
        if self.low and proc != "ЕГЭ":
            return max(below, math.ceil(LOW_MIN_BELOW * n - 1e-9))
        return below if self.low else min(below, math.floor(OTHERS_MAX_BELOW * n + 1e-9))

    def marks(self, n: int, a2: float, a5: float, z: float, proc: str) -> tuple[float, float, float]:
        """Mean mark, share of «2» and share of «5» from whole numbers of pupils."""
        n2 = self.below(n, a2, z, proc)
        n5 = min(round(n * expit(a5 + 1.0 * z)), n - n2)
        n4 = round((n - n2 - n5) * expit(0.1 + 0.8 * z))
        n3 = n - n2 - n5 - n4
        return (2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) / n, n2 / n, n5 / n


def results(rng: np.random.Generator) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for s in SCHOOLS:
        draws = _Draws(s, rng)
        grades = cohorts(s)
        evening = s["kind"] == "вечерняя"
        for y, year in enumerate(YEARS):
            size = {g: c * math.exp(rng.normal(0.0, 0.08)) for g, c in grades.items()}
            # ЕГЭ, grade 11 (the evening school has no ЕГЭ graduates in 2024)
            if 11 in size and not (evening and year == 2024):
                for subject, rate, base, a_below, a_high in EGE:
                    if evening and subject not in ("русский язык", "обществознание"):
                        continue
                    rate = EGE_GYMNASIUM_RATES.get(subject, rate) if s["kind"] == "гимназия" else rate
                    rate = 0.3 if evening and subject == "обществознание" else rate
                    n = round(size[11] * rate * 0.97)
                    if n == 0:
                        continue
                    z = draws.z(("ЕГЭ", 11, subject), y)
                    nb = draws.below(n, a_below, z, "ЕГЭ")
                    nh = min(round(n * expit(a_high + 1.0 * z)), n - nb)
                    mean = base + 7.0 * z - (4.0 if draws.low else 0.0) + float(rng.normal(0.0, 1.0))
                    rows.append(dict(school=s["id"], year=year, procedure="ЕГЭ", grade=11, subject=subject,
                                     participants=n, mean_score=round(mean, 1),
                                     share_below_minimum=round(nb / n, 3), share_high=round(nh / n, 3)))
            # ОГЭ, grade 9
            if 9 in size:
                for subject, rate, a2, a5 in OGE:
                    if evening and subject not in ("русский язык", "математика"):
                        continue
                    n = round(size[9] * rate * 0.97)
                    if n == 0:
                        continue
                    mean, s2, s5 = draws.marks(n, a2, a5, draws.z(("ОГЭ", 9, subject), y), "ОГЭ")
                    rows.append(dict(school=s["id"], year=year, procedure="ОГЭ", grade=9, subject=subject,
                                     participants=n, mean_score=round(mean, 2),
                                     share_below_minimum=round(s2, 3), share_high=round(s5, 3)))
            # ВПР: grade 4 where there is НОО, grades 5–8 where there is ООО; none at the evening school
            if not evening:
                for grade in (4, 5, 6, 7, 8):
                    if grade not in size:
                        continue
                    for subject, a2, a5 in VPR4 if grade == 4 else VPR58:
                        n = round(size[grade] * 0.93)
                        if n == 0:
                            continue
                        mean, s2, s5 = draws.marks(n, a2, a5, draws.z(("ВПР", grade, subject), y), "ВПР")
                        rows.append(dict(school=s["id"], year=year, procedure="ВПР", grade=grade,
                                         subject=subject, participants=n, mean_score=round(mean, 2),
                                         share_below_minimum=round(s2, 3), share_high=round(s5, 3)))
    return rows


def cell(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def table(fields: list[str], headers: dict[str, str], records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([headers[f] for f in fields])
    for r in records:
        writer.writerow([cell(r.get(f)) for f in fields])
    return buf.getvalue()


def school_records() -> list[dict[str, Any]]:
    out = []
    for s in SCHOOLS:
        lat, lon = position(s)
        out.append(dict(
            id=s["id"], name=s["name"], municipality=DISTRICT, settlement=s["settlement"],
            settlement_type="город" if s["urban"] else "село", latitude=lat, longitude=lon,
            phases=s["phases"], kind=s["kind"], students=s["students"], design_capacity=s["capacity"],
            shifts=s["shifts"], teachers=s["teachers"], share_highest_category=s["hi"],
            share_first_category=s["first"], vacancies=s["vacancies"], specialists=s["specialists"],
            languages=s["languages"], internet_mbps=s["internet"], social_wellbeing_index=s["isbsh"],
            share_single_parent=s["single"], share_registered=s["registered"],
            share_non_native=s["non_native"], share_disabled=s["disabled"],
            declared_low_results=bool(s.get("low", False)), program_500plus=bool(s.get("low", False)),
            partners=s["partners"], leader_capacity=s["leader_capacity"], mentor_hours=s["mentor_hours"],
            centre_candidate=s["candidate"],
        ))
    return out


def organisation_records() -> list[dict[str, Any]]:
    out = []
    for o in ORGANISATIONS:
        lat, lon = position(o)
        out.append(dict(o, municipality=DISTRICT, latitude=lat, longitude=lon))
    return out


def teacher_records(result_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each school and each subject it has results in, how many of its teachers teach it, and who.

    A school's named teachers follow the subject's counting row, or replace it when all are named.
    """
    subjects: dict[str, set[str]] = {}
    for r in result_rows:
        subjects.setdefault(r["school"], set()).add(r["subject"])
    out = []
    for s in SCHOOLS:
        larger = not s["urban"] and s["students"] >= LARGER_VILLAGE
        counts = {subject: CENTRE_TEACHERS.get(s["id"], {}).get(
            subject, 2 if larger and subject in CORE_SUBJECTS else 1) for subject in sorted(subjects[s["id"]])}
        if sum(counts.values()) > s["teachers"]:
            raise SystemExit(f"{s['id']}: {sum(counts.values())} subject teachers, more than its {s['teachers']}")
        for subject, n in counts.items():
            named = [dict(school=s["id"], subject=subject, name=name, category=category, years=years,
                          mentor=mentor, hours=hours)
                     for school, subj, name, category, years, mentor, hours in NAMED_TEACHERS
                     if (school, subj) == (s["id"], subject)]
            # a subject whose every teacher is named needs no counting row
            out += named if len(named) == n else [dict(school=s["id"], subject=subject, teachers=n), *named]
    return out


def build() -> dict[str, str]:
    """The seven files' contents."""
    rng = np.random.default_rng(SEED)
    resource_records = [dict(r, hours_per_week=r["hours"]) for r in RESOURCES]
    # Only the official ШНОР list is kept; the other declared statuses are left out, and so are indicators
    # of conditions of the demo's own (it has none)
    school_fields = [f for f in RU_HEADERS["schools"]
                     if f not in ("declared_unfavourable", "declared_leader", "context_indicators")]
    # the results carry the school code: the name columns (school_name, ...) are for registries without one;
    # the demo gives no mean percentage nor quality of marks (its indicator of ОГЭ quality says what it needs)
    result_fields = [f for f in RU_HEADERS["results"] if f in RESULT_COLUMNS
                     and f not in ("mean_percent", "share_quality")]
    result_rows = results(rng)
    return {
        "schools.csv": table(school_fields, RU_HEADERS["schools"], school_records()),
        "results.csv": table(result_fields, RU_HEADERS["results"], result_rows),
        "resources.csv": table(list(RU_HEADERS["resources"]), RU_HEADERS["resources"], resource_records),
        "organisations.csv": table(list(RU_HEADERS["organisations"]), RU_HEADERS["organisations"],
                                   organisation_records()),
        "needs.csv": table(list(RU_HEADERS["needs"]), RU_HEADERS["needs"], NEEDS),
        # no further training in the demo: its indicator says which column it needs
        "teachers.csv": table([f for f in RU_HEADERS["teachers"] if f != "trained"], RU_HEADERS["teachers"],
                              teacher_records(result_rows)),
        "staff.csv": table(list(RU_HEADERS["staff"]), RU_HEADERS["staff"], STAFF),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files; write nothing")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [name for name, text in files.items()
                 if not (OUT / name).exists() or (OUT / name).read_bytes() != text.encode("utf-8")]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python scripts/build_demo.py", file=sys.stderr)
            return 1
        print("demo files are up to date")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_bytes(text.encode("utf-8"))
        print(f"wrote {OUT / name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
