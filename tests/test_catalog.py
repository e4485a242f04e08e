"""The one catalog of words (netmatch._words): every entry in both languages, nothing a user meets untranslated."""

from __future__ import annotations

import ast
import importlib
import re
import string
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmatch
import netmatch._people
import netmatch._sharing  # registers its section of the catalog, as a plan does on first use
import netmatch.cli
import netmatch.cli.messages
import netmatch.report
from netmatch import write_registry
from netmatch._data.models import EXPECTED
from netmatch._data.results import _BOUNDS
from netmatch._words import CATALOG, Catalog, placeholders, translate
from netmatch.cli import main
from netmatch.datasets import load_demo

PACKAGE = Path(netmatch.__file__).parent

#: Latin words a Russian text may hold: names of programs, formats and Python values a user types.
ALLOWED = {
    "netmatch", "pip", "pandas", "networkx", "numpy", "python", "excel", "csv", "json", "toml", "html", "xlsx", "xls",
    "pdf", "utf", "none", "true", "false", "str", "os", "pathlike", "dataframe", "mapping", "list", "of", "id",
    "mbit", "it", "highs", "openstreetmap", "openpyxl", "calamine", "dict", "ru", "en", "windows", "graphml",
    "rapidfuzz", "ctrl", "libreoffice", "koi", "xml", "doctype", "entity", "null", "unicode", "nfkc", "xlsxwriter",
    *(name.lower() for name in netmatch.__all__),
}
# what may stand in Latin letters: quoted or «» values, options, paths and file names, identifiers in code
_QUOTED = re.compile(r"netmatch \w+|pip install|\b[\w.]+=\S*|«[^»]*»"
                     r"|'[^']*'|\"[^\"]*\"|`[^`]*`|--[\w-]+|\S*[/\\]\S*|\S+\.[A-Za-z]{2,4}\b|\{[^{}]*\}"
                     r"|\b\w+_\w+\b|\b\w+\.\w+\b|\[[\w.]+\]")
_LATIN = re.compile(r"\b[A-Za-z]{2,}\b")


def latin_words(text: str, values: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The English words of a Russian text: Latin words outside quotes, options, paths and identifiers.

    >>> latin_words("получено «abc»; ожидалось: a year")
    ['year', 'a']
    """
    bare = _QUOTED.sub(" ", text)
    return [w for w in _LATIN.findall(bare) if w.lower() not in ALLOWED and w not in values and len(w) > 1
            and w.lower() != "a"] + (["a"] if re.search(r"(?<![\w-])a (?=[a-z])", bare) else [])


def test_latin_words_finds_english_and_passes_values() -> None:
    assert latin_words("строка 4: получено «95»; ожидалось: a latitude in degrees") == ["latitude", "in", "degrees",
                                                                                           "a"]
    assert latin_words("Файл «S01.csv»: --columns map.toml, поле «id», см. netmatch columns") == []
    assert latin_words("см. columns") == ["columns"]
    assert latin_words("код школы S01 из реестра", values={"S01"}) == []


def test_every_entry_has_both_languages_and_the_same_placeholders() -> None:
    entries = list(CATALOG.entries())
    assert len(entries) > 250  # every section registered: inputs, parameters, cli, report, sharing, pairing
    sections = {e.section for e in entries}
    assert {"inputs", "parameters", "cli", "cli.help", "report", "sharing", "pairing.roles"} <= sections
    for e in entries:
        assert bool(e.ru) == bool(e.en), e  # both or (a deliberate blank) neither
        assert placeholders(e.ru) == placeholders(e.en), e


def test_no_russian_entry_is_left_in_english() -> None:
    for e in CATALOG.entries():
        if e.section == "cli.help" and e.key in {"lang"}:
            continue
        assert not latin_words(e.ru), (e.section, e.key, e.ru, latin_words(e.ru))


def test_every_english_entry_renders() -> None:
    for e in CATALOG.entries():
        values = {name: "7" for name in placeholders(e.en)}
        assert e.en.format(**values) if values else e.en is not None
        assert e.ru.format(**values) if values else e.ru is not None


# --- the messages raised in English are all in the catalog --------------------------------------------------------

_SAMPLE = "7"


def _template(node: ast.AST, module: Any) -> str | None:
    """A message's text with every computed part replaced by a sample value (None when it is not text)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else _template(v, module) or _SAMPLE
                       for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _template(node.value, module) if node.conversion == -1 else None
    if isinstance(node, ast.Name) and isinstance(getattr(module, node.id, None), str):
        return str(getattr(module, node.id))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left, module), _template(node.right, module)
        return None if left is None or right is None else left + right
    return None


def _messages() -> list[tuple[str, int, str, bool]]:
    """Every English message at its source: (module, line, text, is it a part of a message)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":  # importing it runs the command line
            continue
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            texts: list[tuple[ast.AST, bool]] = []
            if func == "Problem" and "expected_ru" not in keywords:
                texts += [(node.args[1], False)] if len(node.args) > 1 else []
                texts += [(keywords["fix"], False)] if "fix" in keywords and "fix_ru" not in keywords else []
            elif func == "fail" and len(node.args) > 1:
                texts.append((node.args[1], True))
            elif func in ("message", "invalid") and len(node.args) > 2:
                texts.append((node.args[2], True))
            elif func == "InvalidInputError" and node.args and isinstance(node.args[0], ast.List):
                texts += [(e, False) for e in node.args[0].elts]  # a Russian/English choice (IfExp) is no entry
            elif func == "append" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "notes" and name != "netmatch._identify.notes":
                texts.append((node.args[0], False))  # a plan's, a pairing's or a sharing's notes, shown in the report
            elif func == "of" and "text" in keywords:
                texts.append((keywords["text"], True))
            elif func == "ValueError" and node.args and name.startswith(("netmatch._data", "netmatch._base",
                                                                         "netmatch.graph", "netmatch._sharing")):
                texts.append((node.args[0], True))
            for arg, part in texts:
                text = _template(arg, module)
                # a bare class name ("IdentificationRules") is code, the same in both languages
                if text is not None and re.search(r"[A-Za-z]{3}", text) and not text.isidentifier():
                    found.append((name, node.lineno, text, part))
    return found


def test_the_source_scan_finds_the_messages() -> None:
    texts = {t for _, _, t, _ in _messages()}
    assert "the id of a school in the registry" in texts
    assert f"an int in the range [0, {_SAMPLE}] (the number of candidate sites)" in texts
    assert len(texts) > 60


def test_every_message_raised_in_english_has_its_russian() -> None:
    missing = [(m, line, t) for m, line, t, part in _messages() if not CATALOG.knows(t, part=part)]
    assert not missing, missing


def test_every_field_expectation_has_its_russian() -> None:
    texts = set(EXPECTED.values()) | {b[3] for b in _BOUNDS.values()}
    assert not [t for t in texts if not CATALOG.knows(t)]


def test_parameter_errors_read_in_russian() -> None:
    with pytest.raises(netmatch.InvalidInputError) as info:
        netmatch.build_graph(load_demo(), constraints={"max_km": -1, "min_partners": 3})
    ru = info.value.lines("ru")
    assert ru and not any(latin_words(line) for line in ru), ru


# --- the catalog itself ----------------------------------------------------------------------------------------


def test_templates_match_the_most_specific_entry_and_parts_stay_parts() -> None:
    c = Catalog()
    c.messages("t", {"The {name} must be {what}.": "{name}: ожидается {what}."})
    c.messages("t", {"{a} or {b}": "{a} или {b}", "at least {n}": "не меньше {n}", "a number {b}": "число {b}"},
               parts=True)
    ru = c.translate("The 'k' must be a number at least 3 or None.", "ru")
    assert ru == "'k': ожидается число не меньше 3 или None."
    assert c.translate("yes or no", "ru") == "yes or no"  # a fragment never translates a whole message
    assert c.translate("yes or no", "ru", part=True) == "yes или no"


@given(st.integers(min_value=-10**6, max_value=10**6), st.text(alphabet=string.ascii_letters + "'", min_size=1))
def test_a_translated_template_keeps_its_values(n: int, name: str) -> None:
    ru = translate(f"The {name!r} parameter of share_resources must be at least {n}. Got {n - 1} instead.", "ru")
    assert ru == f"Параметр {name!r} функции share_resources: ожидается не меньше {n}; получено {n - 1}."


# --- the command line in Russian on bad registries ----------------------------------------------------------------


def _bad_registries(tmp: Path) -> dict[str, Path]:
    """The demo registry written with Russian headers, then damaged as a careless hand would."""
    base = tmp / "base"
    write_registry(load_demo(), base, headers="ru")
    schools = pd.read_csv(base / "schools.csv", dtype=str)
    results = pd.read_csv(base / "results.csv", dtype=str)
    cases: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    s = schools.copy()
    s.loc[2, "Широта"] = "95"
    s.loc[3, "Сменность"] = "4"
    s.loc[4, "Тип ОО"] = "???"
    s.loc[5, "Уровни образования"] = "колледж"
    s.loc[6, "ШНОР"] = "может быть"
    s.loc[7, "Специалисты"] = "астролог"
    cases["cells"] = (s, results)
    cases["no_latitude"] = (schools.drop(columns=["Широта"]), results)
    s = schools.copy()
    s["Адрес"], s["Широто"] = "ул. Ленина, 1", "1"
    cases["headers"] = (s, results)
    s = schools.copy()
    s.loc[3, "Код ОО"] = s.loc[4, "Код ОО"]
    cases["duplicate"] = (s, results)
    r = results.copy()
    r.loc[2, "Код ОО"], r.loc[3, "Процедура"], r.loc[4, "Год"], r.loc[5, "Средний балл"] = "XXX", "ЕГЭЭ", "20x", "-5"
    r.loc[6, "Доля высоких результатов"], r.loc[7, "Класс"] = "1.7", "13"
    cases["results"] = (schools, r)
    out = {}
    for name, (s, r) in cases.items():
        folder = tmp / name
        folder.mkdir()
        s.to_csv(folder / "schools.csv", index=False)
        r.to_csv(folder / "results.csv", index=False)
        (folder / "resources.csv").write_bytes((base / "resources.csv").read_bytes())
        out[name] = folder
    return out


def _values_in(folder: Path) -> set[str]:
    words: set[str] = set()
    for file in folder.glob("*.csv"):
        words |= set(_LATIN.findall(file.read_text(encoding="utf-8-sig")))
    return words


def test_the_command_line_speaks_russian_on_bad_registries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, folder in _bad_registries(tmp_path).items():
        for args in (["validate", str(folder)], ["plan", str(folder), "--out", str(tmp_path / f"out-{name}")],
                     ["site", str(folder), "--k", "99"], ["plan", str(folder), "--set", "siting.clients=everyone"]):
            code = main(args)
            out = capsys.readouterr()
            text = out.out + out.err
            assert code != 0 or name == "headers", (args, text)
            english = latin_words(text, _values_in(folder))
            assert not english, (args, english, text)
