"""The DOCX as a lawyer edits it in Word: list numbering, heading styles, REF fields, house fonts and
languages, things kept together, draft and execution versions — read from the parsed XML parts, and the
numbering checked through LibreOffice after an article is inserted or deleted."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from copy import deepcopy
from dataclasses import replace
from functools import lru_cache

import docx
import pytest
from lxml import etree
from writer_samples import tiny

from docgen.assembly.numbering import own
from docgen.layout import LAYOUTS, apply_layout
from docgen.tree import Bi, Clause, Para, Run, XRef
from docgen.writers.docx import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ARTICLES = ("第一条", "第二条", "第三条")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


ITEMS = (("以现金支付；", "in cash;"), ("以银行转账支付。", "by bank transfer."))


def with_items(doc):
    """The sample tree with two title-less items under clause 2.1, numbered as assembly numbers them."""
    def add(c):
        if not isinstance(c, Clause) or c.id != "apa.price.a":
            return replace(c, children=tuple(add(x) for x in c.children)) if isinstance(c, Clause) else c
        items = tuple(Clause(id=f"apa.price.a.{k}", level=3, number=own().label("contract", (2, 1, k)), title=None,
                             body=Bi((Para((Run(zh),)),), (Para((Run(en),)),)))
                      for k, (zh, en) in enumerate(ITEMS, start=1))
        return replace(c, children=items)
    return replace(doc, blocks=tuple(add(b) for b in doc.blocks))


@lru_cache(maxsize=None)
def render(layout: str, *, final: bool = False, draft: bool = False) -> bytes:
    """The sample tree with docgen's own numbering labels in it, as assembly puts them."""
    doc = with_items(tiny(draft=draft))
    doc = replace(doc, meta=replace(doc.meta, numbering=own().word_patterns("contract"), final=final))
    return write_docx(apply_layout(doc, layout))


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def style_of(p) -> str | None:
    s = p.find(f"{q('pPr')}/{q('pStyle')}")
    return s.get(q("val")) if s is not None else None


def style_numbering(data: bytes) -> dict[str, tuple[str, str]]:
    out = {}
    for s in part(data, "word/styles.xml").iter(q("style")):
        n = s.find(f"{q('pPr')}/{q('numPr')}")
        if n is not None and n.find(q("ilvl")) is not None:
            out[s.get(q("styleId"))] = (n.find(q("numId")).get(q("val")), n.find(q("ilvl")).get(q("val")))
    return out


def levels(data: bytes, num_id: str) -> list[tuple[str, str, bool]]:
    numbering = part(data, "word/numbering.xml")
    num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
    aid = num.find(q("abstractNumId")).get(q("val"))
    a = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{aid}']", namespaces=NS)[0]
    return [(lvl.find(q("lvlText")).get(q("val")), lvl.find(q("numFmt")).get(q("val")),
             lvl.find(q("isLgl")) is not None) for lvl in a.findall(q("lvl"))]


# ----------------------------------------------------------------------------- numbering
def test_the_lists_follow_the_numbering_labels():
    data = render("parallel")
    nums = style_numbering(data)
    zh, en = nums["Heading1"][0], nums["Heading1English"][0]
    assert zh != en  # each language its own list: each counts its own articles
    # clauses/labels/numbering.yaml: Chinese drafting 第{cn}条, {top}.{n}, （{cn}）, {n}., （{n}）
    assert levels(data, zh)[:5] == [("第%1条", "chineseCounting", False), ("%1.%2", "decimal", True),
                                    ("（%3）", "chineseCounting", False), ("%4.", "decimal", False),
                                    ("（%5）", "decimal", False)]
    # English drafting: Article {n}, {top}.{n}, ({letter}), ({roman}), ({n})
    assert levels(data, en)[:5] == [("Article %1", "decimal", False), ("%1.%2", "decimal", True),
                                    ("(%3)", "lowerLetter", False), ("(%4)", "lowerRoman", False),
                                    ("(%5)", "decimal", False)]
    assert nums["Heading2"] == (zh, "1") and nums["Heading2English"] == (en, "1")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_article_headings_are_numbered_through_their_style_and_carry_no_typed_number(layout):
    data = render(layout)
    nums = style_numbering(data)
    body = part(data, "word/document.xml")
    heads = [p for p in body.iter(q("p")) if (style_of(p) or "").startswith("Heading1")
             and style_of(p) not in ("Heading1Unlisted", "Heading1Unnumbered")]
    titles = [text(p) for p in heads]
    want = {"parallel": 6, "sequential": 6, "zh": 3, "en": 3}[layout]
    assert len(heads) == want, titles
    for p in heads:
        assert style_of(p) in nums and nums[style_of(p)][1] == "0"  # level 1 of a list, through the style
    if layout != "en":
        assert "定义与释义" in titles and "法律适用" in titles
    if layout != "zh":
        assert "Definitions" in titles and "Governing Law" in titles
    typed = re.compile(r"^(第[一二三四五六七八九十百]+条|Article \d+|\d+\.\d+ |（[一二三四五六七八九十]+）|\([a-z]+\) )")
    # no paragraph but the contents' (the field's last result, which Word rebuilds) starts with a typed number
    assert not [text(p) for p in body.iter(q("p")) if typed.match(text(p)) and style_of(p) not in ("TOC1", "TOC2")]


def test_a_title_less_clause_is_a_numbered_paragraph_without_its_typed_number():
    data = render("parallel")
    body = part(data, "word/document.xml")
    paras = {text(p): p for p in body.iter(q("p"))}
    for t, style, ilvl in (("价款以人民币支付。", "ClauseText2", "1"), ("The price is paid in RMB.", "ClauseText2English", "1"),
                           ("以现金支付；", "ClauseText3", "2"), ("in cash;", "ClauseText3English", "2")):
        p = paras[t]  # no "2.1 " or "（一）" / "(a) " in front: Word prints it
        assert style_of(p) == style
        assert p.find(f"{q('pPr')}/{q('numPr')}/{q('ilvl')}").get(q("val")) == ilvl


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_chinese_and_english_items_are_numbered_item_by_item_each_by_its_own_convention(layout):
    data = render(layout)
    body = part(data, "word/document.xml")
    nums = style_numbering(data)
    zh = [text(p) for p in body.iter(q("p")) if style_of(p) == "ClauseText3"]
    en = [text(p) for p in body.iter(q("p")) if style_of(p) == "ClauseText3English"]
    assert zh == [z for z, _ in ITEMS] and en == [e for _, e in ITEMS]  # same count, same order
    # the Chinese items count in their list's third level as （一）, the English ones as (a)
    assert levels(data, nums["ClauseText3"][0])[2] == ("（%3）", "chineseCounting", False)
    assert levels(data, nums["ClauseText3English"][0])[2] == ("(%3)", "lowerLetter", False)


# ----------------------------------------------------------------------------- cross-references
@pytest.mark.parametrize("layout", ["parallel", "sequential", "zh", "en"])
def test_cross_references_are_ref_fields_to_bookmarks_on_the_numbered_headings(layout):
    data = render(layout)
    body = part(data, "word/document.xml")
    marks = {b.get(q("name")): b for b in body.iter(q("bookmarkStart"))}
    refs = [t.text.split() for t in body.iter(q("instrText")) if t.text.split()[0] == "REF"]
    assert len(refs) == {"parallel": 2, "sequential": 2, "zh": 1, "en": 1}[layout]
    for instr in refs:
        assert instr[2:] == ["\\r", "\\h"] and instr[1] in marks  # the article's number, as numbered
        p = marks[instr[1]].getparent()
        assert (style_of(p) or "").startswith("Heading1") and text(p) in ("法律适用", "Governing Law")
    assert not [h for h in body.iter(q("hyperlink")) if text(h) in ("第三条", "Article 3")]  # no typed link


@pytest.mark.parametrize("layout", ["parallel", "sequential", "zh"])
def test_a_reference_to_an_item_is_the_sub_clause_field_and_the_item_field(layout):
    ref = own().reference("contract", (2, 1, 2))  # 第2.1条第（二）项 / Clause 2.1(b)
    doc = with_items(tiny())
    see = Clause(id="apa.see", level=1, number=own().label("contract", (4,)), title=Bi("参见", "See"),
                 body=Bi((Para((Run("见"), XRef("apa.price.a.2", ref.zh), Run("。"))),),
                         (Para((Run("See "), XRef("apa.price.a.2", ref.en), Run("."))),)))
    doc = replace(doc, blocks=doc.blocks[:-1] + (see, doc.blocks[-1]),
                  meta=replace(doc.meta, numbering=own().word_patterns("contract"), final=True))
    body = part(write_docx(apply_layout(doc, layout)), "word/document.xml")
    marks = {b.get(q("name")): b.getparent() for b in body.iter(q("bookmarkStart"))}
    para = next(p for p in body.iter(q("p")) if text(p).startswith("见"))
    instr = [t.text.split() for t in para.iter(q("instrText"))]
    # 第 {REF 2.1 in full} 条第 {REF the item's own number} 项: both follow a renumbering in Word
    assert [i[2] for i in instr] == ["\\w", "\\n"] and text(para) == "见" + ref.zh + "。"
    assert [text(marks[i[1]]) for i in instr] == ["价款以人民币支付。", "以银行转账支付。"]
    if layout != "zh":
        para = next(p for p in body.iter(q("p")) if text(p).startswith("See "))
        instr = [t.text.split() for t in para.iter(q("instrText"))]
        assert [i[2] for i in instr] == ["\\w"] and text(marks[instr[0][1]]) == "by bank transfer."


def test_drafts_give_the_page_after_a_reference_and_the_execution_version_does_not():
    def pagerefs(data):
        body = part(data, "word/document.xml")
        return [t.text for t in body.iter(q("instrText")) if t.text.split()[0] == "PAGEREF"
                and "TOC" not in etree.tostring(t.getparent().getparent(), encoding="unicode")]

    draft, final = render("zh"), render("zh", final=True)
    body = part(draft, "word/document.xml")
    assert "（第" in "".join(text(p) for p in body.iter(q("p"))) and pagerefs(draft)
    toc_entries = len(part(final, "word/document.xml").xpath("//w:pStyle[@w:val='TOC1']", namespaces=NS))
    assert len([t for t in part(final, "word/document.xml").iter(q("instrText")) if "PAGEREF" in t.text]) == toc_entries


# ----------------------------------------------------------------------------- fonts and languages
def test_runs_carry_the_language_the_tree_gives_them():
    body = part(render("parallel"), "word/document.xml")
    lang = {}
    for r in body.iter(q("r")):
        t = "".join(x.text or "" for x in r.iter(q("t")))
        la = r.find(f"{q('rPr')}/{q('lang')}")
        if t and la is not None:
            lang[t] = (la.get(q("val")), la.get(q("eastAsia")))
    assert lang["本协议适用中华人民共和国法律。"] == ("zh-CN", "zh-CN")
    assert lang["This Agreement is governed by the laws of the PRC."] == ("en-US", "zh-CN")


def test_latin_words_in_a_chinese_block_are_tagged_english_so_they_break_at_spaces():
    from docgen.writers import ooxml

    para = ooxml.el("w:p")
    for words in ("本协议适用中华人民共和国法律。", "监管账户（Collection Account）", "第3.2条"):
        run = ooxml.sub(para, "w:r")
        ooxml.sub(run, "w:t").text = words
    ooxml.set_lang(para, "zh-CN")
    tags = [(r.find(f"{q('rPr')}/{q('lang')}").get(q("val")), text(r)) for r in para.iter(q("r"))]
    assert tags == [("zh-CN", "本协议适用中华人民共和国法律。"), ("en-US", "监管账户（Collection Account）"), ("zh-CN", "第3.2条")]


# ----------------------------------------------------------------------------- keeping together
def test_headings_and_captions_keep_with_next_and_rows_do_not_split():
    data = render("parallel")
    styles = part(data, "word/styles.xml")
    for sid in ("Heading1", "Heading2", "Heading3", "Caption"):
        st = styles.xpath(f"w:style[@w:styleId='{sid}']", namespaces=NS)[0]
        assert st.find(f"{q('pPr')}/{q('keepNext')}") is not None, sid
    body = part(data, "word/document.xml")
    par = [t for t in body.iter(q("tbl")) if t.find(f"{q('tblPr')}/{q('tblStyle')}").get(q("val")) == "ParallelTable"]
    rows = [r for t in par for r in t.findall(q("tr"))]
    assert rows and all(r.find(f"{q('trPr')}/{q('cantSplit')}") is not None for r in rows)


def test_parallel_list_items_stand_side_by_side_item_by_item():
    body = part(render("parallel"), "word/document.xml")
    rows = [r for r in body.iter(q("tr")) if "第一项" in text(r) or "第二项" in text(r)]
    assert len(rows) == 2
    first, second = ([text(c) for c in r.findall(q("tc"))] for r in rows)
    assert first == ["1.\t第一项", "1.\titem one"] and second == ["2.\t第二项", "2.\titem two"]


def test_the_line_after_the_signatures_keeps_with_them():
    doc = tiny()
    from docgen.tree import Para, Run

    doc = replace(doc, blocks=doc.blocks + (Para((Run("签署日期：2024年3月5日"),), style="right"),))
    body = part(write_docx(apply_layout(doc, "zh")), "word/document.xml")
    date = next(p for p in body.iter(q("p")) if text(p) == "签署日期：2024年3月5日")
    table = date.getprevious()
    assert table.tag == q("tbl")
    last = table.findall(q("tr"))[-1]
    assert all(p.find(f"{q('pPr')}/{q('keepNext')}") is not None for p in last.iter(q("p")))


# ----------------------------------------------------------------------------- draft and execution versions
def test_a_draft_header_says_its_date_and_version_and_the_execution_version_does_not():
    def header(data):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [n for n in z.namelist() if n.startswith("word/header")]
            return " ".join(text(p) for n in names for p in etree.fromstring(z.read(n)).iter(q("p")))

    draft, final = header(render("zh", draft=True)), header(render("zh", final=True))
    assert "2024-03-05" in draft and "0.1.0" in draft and "草稿" in draft
    assert "华兴供热 资产买卖协议" in final and "2024-03-05" not in final and "0.1.0" not in final
    assert render("zh", final=True) == render.__wrapped__("zh", final=True)  # no clock


# ----------------------------------------------------------------------------- Word's numbering at work
def _insert_article(data: bytes, before_zh: str, before_en: str, zh: str, en: str) -> bytes:
    """A new article heading (the same style) before the given ones, as a lawyer adds one in Word."""
    d = docx.Document(io.BytesIO(data))
    for p in d.element.body.iter(q("p")):
        if text(p) in (before_zh, before_en):
            new = deepcopy(p)
            for child in list(new):
                if child.tag != q("pPr"):
                    new.remove(child)
            r = etree.SubElement(new, q("r"))
            etree.SubElement(r, q("t")).text = zh if text(p) == before_zh else en
            p.addprevious(new)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _delete_article(data: bytes, titles: tuple[str, ...]) -> bytes:
    d = docx.Document(io.BytesIO(data))
    for p in list(d.element.body.iter(q("p"))):
        if text(p) in titles:
            p.getparent().remove(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_inserting_or_deleting_an_article_in_word_renumbers_the_rest_in_both_languages(tmp_path):
    data = render("parallel")
    (tmp_path / "inserted.docx").write_bytes(_insert_article(data, "购买价款", "Purchase Price", "新增条款", "New Article"))
    (tmp_path / "deleted.docx").write_bytes(_delete_article(data, ("购买价款", "Purchase Price")))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "inserted.docx"), str(tmp_path / "deleted.docx")],
                   check=True, capture_output=True, timeout=240)

    def pdf_text(name):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / name), "-"], check=True,
                             capture_output=True, text=True).stdout
        return re.sub(r"\s+", "", out)

    ins, dele = pdf_text("inserted.pdf"), pdf_text("deleted.pdf")
    for t in ("第二条新增条款", "第三条购买价款", "第四条法律适用", "Article2NewArticle", "Article3PurchasePrice",
              "Article4GoverningLaw"):
        assert t in ins, t
    # the reference to the governing-law article follows it
    assert "按照第四条" in ins and "setoutinArticle4" in ins
    # items by each language's drafting convention, side by side: （一） beside (a), （二） beside (b)
    assert "（一）以现金支付；(a)incash;（二）以银行转账支付。(b)bybanktransfer." in ins
    for t in ("第二条法律适用", "Article2GoverningLaw"):
        assert t in dele, t
    assert "按照第二条" in dele and "setoutinArticle2" in dele  # (the contents keep their last result)


def test_docs_list_every_style_a_house_reference_must_define():
    from pathlib import Path

    from docgen.writers.docx_styles import STYLE_NAMES

    doc = (Path(__file__).parents[2] / "docs" / "word-styles.md").read_text("utf-8")
    missing = [f"{name} (`{sid}`" for sid, name in STYLE_NAMES.items() if f"{name} (`{sid}`" not in doc]
    assert not missing


def test_a_firm_reference_without_numbered_headings_still_gets_word_numbering():
    buf = io.BytesIO()
    docx.Document().save(buf)  # python-docx's blank document: its Heading 1 has no list
    doc = tiny()
    doc = replace(doc, meta=replace(doc.meta, numbering=own().word_patterns("contract")))
    data = write_docx(apply_layout(doc, "zh"), reference_docx=buf.getvalue())
    body = part(data, "word/document.xml")
    head = next(p for p in body.iter(q("p")) if text(p) == "法律适用")
    assert style_of(head) == "Heading1"  # the firm's style, numbered directly from docgen's list
    num = head.find(f"{q('pPr')}/{q('numPr')}")
    assert num.find(q("ilvl")).get(q("val")) == "0"
    assert levels(data, num.find(q("numId")).get(q("val")))[0] == ("第%1条", "chineseCounting", False)
