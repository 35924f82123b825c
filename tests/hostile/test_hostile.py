"""The hostile-input corpus (cases.yaml): every input or fault ends in its documented exit status and
message, without a traceback, without a hang (each case has a timeout) and without losing a file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"
REFERENCE = ROOT / "templates" / "style" / "reference.docx"
SMALL = ["--format", "docx", "--docs", "shortfall-undertaking", "--layout", "parallel", "--jobs", "1"]
TIMEOUT = 60  # seconds per case: a hang fails the case instead of blocking the run
CASES = YAML(typ="safe").load((Path(__file__).with_name("cases.yaml")).read_text("utf-8"))


class Hang(Exception):
    pass


@pytest.fixture(scope="session")
def rendered_pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile-pack")
    r = subprocess.run([sys.executable, "-m", "docgen.cli", "render", str(DEAL), "-o", str(out), *SMALL],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return out


# ----------------------------------------------------------------------------- hostile reference DOCX files
def _reference_parts() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(REFERENCE) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def _zip(parts) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return buf.getvalue()


def _with_prolog(parts, name: str, prolog: bytes) -> list:
    out = []
    for n, data in parts:
        if n == name:
            body = data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data
            data = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog + body
        out.append((n, data))
    return out


LAUGHS = (b'<!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n')
EXTERNAL_ENTITY = b'<!DOCTYPE w:settings [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
ATTACHED = (b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'attachedTemplate" Target="file:///etc/templates/firm.dotm" TargetMode="External"/>')


def hostile_docx(kind: str) -> bytes:
    parts = _reference_parts()
    if kind == "text":
        return "这不是一个DOCX文件 / not a DOCX\n".encode()
    if kind == "no-content-types":
        return _zip([(n, d) for n, d in parts if n != "[Content_Types].xml"])
    if kind == "entities":
        return _zip(_with_prolog(parts, "word/styles.xml", LAUGHS))
    if kind == "external-entity":
        return _zip(_with_prolog(parts, "word/settings.xml", EXTERNAL_ENTITY))
    if kind == "bad-xml":
        return _zip([(n, d[: len(d) // 2] if n == "word/styles.xml" else d) for n, d in parts])
    if kind == "damaged":
        data = _zip(parts)
        return data[: len(data) // 2] + b"\0" * 64 + data[len(data) // 2 + 64:]
    if kind == "bomb":
        return _zip(parts + [("word/media/bomb.bin", b"\0" * (130 * 1024 * 1024))])
    if kind == "external-rel":  # an attached template (settings.xml) and a stray link, both outside the file
        out = []
        for n, d in parts:
            if n == "word/_rels/document.xml.rels":
                d = d.replace(b"</Relationships>", ATTACHED.replace(b"rIdT", b"rIdX") + b"</Relationships>")
            if n == "word/settings.xml":
                d = d.replace(b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom', 1)
            out.append((n, d))
        out.append(("word/_rels/settings.xml.rels", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    + ATTACHED + b"</Relationships>"))
        return _zip(out)
    raise ValueError(kind)


# ----------------------------------------------------------------------------- set-up steps
def setup(tmp: Path, steps: list, pack: Path) -> None:
    for step in steps or []:
        (kind, arg), = step.items()
        if kind == "deal":
            text = DEAL.read_text("utf-8")
            for old, new in arg.get("replace", []):
                assert old in text, old
                text = text.replace(old, new, 1)
            _put(tmp / arg["path"], text.encode("utf-8"))
        elif kind == "file":
            _put(tmp / arg["path"], arg["text"].encode("utf-8"))
        elif kind == "dir":
            (tmp / arg).mkdir(parents=True, exist_ok=True)
        elif kind == "fifo":
            (tmp / arg).parent.mkdir(parents=True, exist_ok=True)
            if (tmp / arg).exists():
                (tmp / arg).unlink()
            os.mkfifo(tmp / arg)
        elif kind == "symlink":
            link = tmp / arg["path"]
            if arg.get("replace"):
                link.unlink()
            link.symlink_to(arg["to"].format(tmp=tmp))
        elif kind == "docx":
            _put(tmp / arg["path"], hostile_docx(arg["kind"]))
        elif kind == "pack":
            shutil.copytree(pack, tmp / arg)
        elif kind == "patch":
            path = tmp / arg["path"]
            m = json.loads(path.read_text("utf-8"))
            exec(arg["code"], {}, {"m": m})  # noqa: S102 — the corpus's own edit of a copied file
            path.write_text(json.dumps(m), "utf-8")
        elif kind == "staging":
            from docgen.render.output import MARKER

            _put(tmp / arg / MARKER, b"")
            _put(tmp / arg / "half.docx", b"half a file")
        elif kind == "readonly":
            (tmp / arg).chmod(0o555)
        else:
            raise ValueError(kind)


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


# ----------------------------------------------------------------------------- running a case
def _alarm(signum, frame):
    raise Hang(f"no answer within {TIMEOUT} s")


def run_cli(args: list[str], case: dict) -> tuple[int, str]:
    if case.get("mode") == "subprocess":
        stdout = open(case["stdout"], "w") if case.get("stdout") else subprocess.PIPE
        try:
            r = subprocess.run([sys.executable, "-m", "docgen.cli", *args], cwd=ROOT, stdout=stdout,
                               stderr=subprocess.PIPE, text=True, timeout=TIMEOUT,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
        finally:
            if stdout is not subprocess.PIPE:
                stdout.close()
        return r.returncode, (r.stdout or "") + r.stderr
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result.exit_code, result.output


def sandbox_case(case: dict) -> tuple[int, str]:
    from docgen.assembly import sandbox
    from docgen.assembly.spec import Library, Src

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        sandbox.render(Library(root=ROOT), Src(case["sandbox"], "clauses/hostile.yaml", 7, "text", "hostile"), {})
    except sandbox.RenderFailure as e:
        return 2, str(e)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return 0, ""


def _as_user_cannot_write(tmp: Path, case: dict, monkeypatch) -> None:
    """root writes through chmod 555: emulate what the OS says to a user for the folders made read-only."""
    ro = [tmp / s["readonly"] for s in case.get("setup") or [] if "readonly" in s]
    if ro and os.geteuid() == 0:
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) in ro and mode & os.W_OK
                            else real(p, mode, *a, **k))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case, tmp_path, rendered_pack, monkeypatch):
    setup(tmp_path, case.get("setup"), rendered_pack)
    kept = {k: _digest(tmp_path / k) for k in case.get("kept", [])}
    assert "missing" not in kept.values()
    if "sandbox" in case:
        code, output = sandbox_case(case)
        assert code == 2, "the sandbox accepted it"
    else:
        _as_user_cannot_write(tmp_path, case, monkeypatch)
        args = []
        for a in case["cmd"]:
            args += SMALL if a == "SMALL" else [a.format(tmp=tmp_path, deal=DEAL)]
        code, output = run_cli(args, case)
        assert "Traceback" not in output
        assert code == case["exit"], output
    message = case.get("message", "").format(tmp=tmp_path) if case.get("message") else ""
    assert message in output, output
    for raw in case.get("not_printed", []):
        assert raw not in output
    assert {k: _digest(tmp_path / k) for k in kept} == kept, "a file was changed or lost"
    for p in case.get("absent", []):
        assert not (tmp_path / p).exists() and not (tmp_path / p).is_symlink(), p
    for p in case.get("exists", []):
        assert (tmp_path / p).exists(), p
    if case.get("no_external"):
        with zipfile.ZipFile(tmp_path / case["no_external"]) as z:
            rels = b"".join(z.read(n) for n in z.namelist() if n.endswith(".rels"))
            settings = z.read("word/settings.xml")
        assert b"External" not in rels and b"firm.dotm" not in rels and b"attachedTemplate" not in settings


def test_corpus_counts_at_least_150_inputs_and_faults():
    bad = [p for p in (ROOT / "tests" / "data" / "bad").glob("*.yaml") if p.name != "expected.yaml"]
    assert len(CASES) + len(bad) + 3 >= 150  # + the two signals and the summary test below
    assert len({c["id"] for c in CASES}) == len(CASES)
