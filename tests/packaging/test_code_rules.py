"""House rules of the code itself (issue 11): every printed word lives in the clause library, so Python
outside docgen/format holds no Chinese; modules stay small enough to be read in one sitting."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "docgen"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # ideographs, not punctuation
MAX_LINES = 500


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "_data":  # the clause library and templates, linked in as package data
            continue
        yield rel, path.read_text("utf-8")


def test_there_are_modules_to_check():
    assert sum(1 for _ in modules()) > 50


def test_no_chinese_in_python_outside_docgen_format():
    found = [f"{rel}:{n}: {line.strip()}" for rel, text in modules() if rel.parts[0] != "format"
             for n, line in enumerate(text.splitlines(), 1) if CJK.search(line)]
    assert not found, "Chinese belongs in clauses/ (label files) or docgen/format:\n" + "\n".join(found)


def test_no_module_over_500_lines():
    long = [f"{rel}: {text.count(chr(10))} lines" for rel, text in modules() if text.count("\n") > MAX_LINES]
    assert not long, "split these by job:\n" + "\n".join(long)
