"""The social context of ШНСУ from more of the registry's indicators (issue 18, item 2, in part).

Parents with higher education (a favourable indicator: it counts the other way round), unemployed
parents, and a count of pupils on the КДН/ПДН register turned into a share of the pupils; the
index of social well-being (ИСБШ), when given, still decides alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import netmatch as nm
from netmatch import identify
from tests.test_catalog import latin_words


def schools(**extra: list[Any]) -> list[dict[str, Any]]:
    out = [{"id": f"S{k}", "name": f"S{k}"} for k in range(10)]
    for key, values in extra.items():
        for school, value in zip(out, values, strict=True):
            school[key] = value
    return out


def test_parents_higher_education_counts_the_other_way_round() -> None:
    higher = [0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.1]  # S9: the fewest educated parents
    ident = identify(nm.Registry(schools=schools(share_parents_higher_education=higher)))
    assert ident.unfavourable == ("S8", "S9")  # the bottom 20% of ten: the two with the fewest
    (reason,) = [r for r in ident.reasons_of("S9") if r.rule == "composite"]
    assert "доля родителей с высшим образованием 10%" in reason.text("ru")
    assert "share of parents with higher education 10%" in reason.text("en")
    assert not latin_words(reason.text("ru"))  # the indicator is named in words, not by its field
    # the other way round: the most educated parents are never the disadvantaged ones
    ident = identify(nm.Registry(schools=schools(share_parents_higher_education=[1 - x for x in higher])))
    assert "S9" not in ident.unfavourable


def test_unemployment_and_the_register_count_join_the_composite() -> None:
    unemployed = [0.02] * 9 + [0.4]
    ident = identify(nm.Registry(schools=schools(share_unemployed_parents=unemployed)))
    assert "S9" in ident.unfavourable
    # 30 of 150 pupils on the register: 20%, as if the share were given
    counted = identify(nm.Registry(schools=schools(registered_count=[*range(9), 30], students=[150] * 10)))
    given = identify(nm.Registry(schools=schools(share_registered=[k / 150 for k in range(9)] + [0.2])))
    assert counted.unfavourable == given.unfavourable == ("S8", "S9")
    assert counted.context.tolist() == given.context.tolist()
    # a share given wins over the count
    both = identify(nm.Registry(schools=schools(share_registered=[0.01] * 10, registered_count=[1] * 9 + [30],
                                                students=[150] * 10)))
    assert both.unfavourable == ()


def test_the_index_decides_where_it_is_given() -> None:
    index = [1.0] * 9 + [None]
    ident = identify(nm.Registry(schools=schools(social_wellbeing_index=index,
                                                 share_unemployed_parents=[0.9] * 9 + [0.0])))
    # the nine with an index are judged by it alone (all equal: the bottom 20% of equals is none below)
    assert set(ident.unfavourable) <= {"S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"}
    assert all(r.rule != "composite" for sid in ident.ids[:9] for r in ident.reasons_of(sid))


def test_the_new_indicators_are_read_and_written_with_russian_headers(tmp_path: Path) -> None:
    reg = nm.Registry(schools=schools(share_parents_higher_education=[0.5] * 10, share_unemployed_parents=[0.1] * 10,
                                      registered_count=list(range(10))))
    path = tmp_path / "r.csv"
    nm.write_registry(reg, path, headers="ru")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Доля родителей с высшим образованием" in header and "На учёте КДН/ПДН, чел." in header
    back = nm.read_registry(path)
    assert [s.registered_count for s in back.schools] == list(range(10))
    assert back.schools[0].share_parents_higher_education == 0.5 and back.schools[0].share_unemployed_parents == 0.1
