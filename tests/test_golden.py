"""The golden test: the demo and a 3,000-school region give the same outputs as the commit the layout was moved from.

``tests/golden/outputs.json`` holds a digest of every file ``netmatch demo`` and ``netmatch plan`` write (plan.json
and the CSVs byte for byte, the workbook's cell values sheet by sheet, the report's visible text) and of what the
command prints. It was generated on commit f29fd62, before the move into packages by role, with
``python -m tests.test_golden``; regenerate it only when an output is meant to change, and say so in the commit.

Floats in plan.json and in the workbook are digested at 9 significant digits: numpy's vectorised ``exp``, ``sin``
and ``cos`` differ in the last bit between CPUs (with and without AVX-512), which moved 53 of the region's 66,190
floats by one ulp (4e-16) and no decision; the digest is about outputs, not about the machine's SIMD kernels.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden") / "outputs.json"
REGION = {"n": 3000, "seed": 7}


class _Text(html.parser.HTMLParser):
    """The text a reader sees: everything outside <style> and <script>, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _rounded(value: object) -> object:
    """``value`` with every float at 9 significant digits (see the module's docstring), recursively."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def _digest_file(path: Path) -> str:
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        cells = {ws.title: [_rounded(list(row)) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
        wb.close()
        return _sha(json.dumps(cells, ensure_ascii=False, default=str).encode())
    if path.suffix == ".json":
        data = _rounded(json.loads(path.read_text(encoding="utf-8")))
        return _sha(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    if path.suffix == ".html":  # what a reader sees, and the data its map and long tables are drawn from
        parser = _Text()
        page = path.read_text(encoding="utf-8")
        parser.feed(page)
        data = re.search(r'<script type="application/json" id="nm-data"[^>]*>(.*?)</script>', page, re.S)
        return _sha(("\n".join(parser.parts) + "\n" + (data.group(1) if data else "")).encode())
    return _sha(path.read_bytes())


def _run(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-m", "netmatch", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout


def outputs(work: Path) -> dict[str, str]:
    """Run the demo (ru and en) and a plan of the synthetic region in ``work``; digest everything written."""
    import netmatch as nm

    digests: dict[str, str] = {}
    work.mkdir(parents=True, exist_ok=True)
    registry = nm.datasets.make_region(REGION["n"], seed=REGION["seed"])
    nm.write_registry(registry, work / "region.csv", headers="ru")
    runs = {
        "demo-ru": ["demo", "--out", "demo-ru", "--no-progress"],
        "demo-en": ["--lang", "en", "demo", "--out", "demo-en", "--no-progress"],
        "region": ["plan", "region.csv", "--out", "region", "--no-progress"],
    }
    for name, args in runs.items():
        printed = _run(args, work).replace(str(work), "<work>")
        digests[f"{name}/stdout"] = _sha(printed.encode())
        for path in sorted((work / name).iterdir()):
            if path.is_dir():  # the drafts: one digest of every file's name and bytes, in order
                parts = [f"{p.name}:{_digest_file(p)}" for p in sorted(path.iterdir())]
                digests[f"{name}/{path.name}/"] = _sha("\n".join(parts).encode())
            else:
                digests[f"{name}/{path.name}"] = _digest_file(path)
    return digests


def test_outputs_match_the_golden_digests(tmp_path: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = outputs(tmp_path)
    changed = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
    assert not changed, f"outputs differ from the golden run: {changed}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = outputs(Path(tmp))
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(result)} digests to {GOLDEN}")
