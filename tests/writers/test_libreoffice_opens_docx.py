"""An independent consumer: LibreOffice opens every layout's DOCX and prints its Chinese text in a CJK font.

One `soffice` call converts all files (≈1–2 s each), with a throw-away user profile.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from writer_readback import contains, pdf_texts, pdffonts

from docgen.layout import LAYOUTS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_every_docx_with_its_chinese_text(renders, tmp_path):
    files = [renders.docx("tiny", layout) for layout in LAYOUTS] + [renders.docx("medium", "parallel")]
    out = tmp_path / "lo"
    cmd = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=240)
    for f in files:
        pdf = out / (f.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {f.name}"
        texts = pdf_texts(pdf)  # whole pages and each half: the parallel columns read apart
        if "-en" not in f.stem:
            assert contains(texts, "指原始权益人享有的供热收费收益权") or contains(texts, "条款标题40"), f.name
            assert contains(texts, "第二条") or contains(texts, "第四十条"), f.name
        if "-zh" not in f.stem:
            assert contains(texts, "Definitions") or contains(texts, "Clause Title 40"), f.name
        fonts = pdffonts(pdf)
        assert any("CJK" in x["name"] for x in fonts), (f.name, fonts)
        assert all(x["emb"] == "yes" for x in fonts), (f.name, fonts)
