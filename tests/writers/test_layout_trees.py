"""apply_layout: plain strings only, the right shape for each layout."""

from __future__ import annotations

import dataclasses

import pytest
from writer_samples import meta, medium, money_table, tiny

from docgen.layout import EN_SUFFIX, LAYOUTS, apply_layout
from docgen.tree import Bi, Cell, Clause, Document, Para, Parallel, Run, Section, Table


def walk(x):
    """Every object reachable from a tree node."""
    yield x
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            yield from walk(getattr(x, f.name))
    elif isinstance(x, (tuple, list)):
        for y in x:
            yield from walk(y)


def find(doc, kind):
    return [x for x in walk(doc.blocks) if isinstance(x, kind)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_tree_holds_no_bilingual_values(layout):
    for doc in (tiny(), medium(8, 5)):
        out = apply_layout(doc, layout)
        assert not [x for x in walk(out) if isinstance(x, Bi)]
        assert out.meta.layout == layout
        assert out.meta.title_bi is None and out.meta.running_header_bi is None


def test_unknown_layout_is_an_error():
    with pytest.raises(ValueError, match="unknown layout"):
        apply_layout(tiny(), "columns")


def test_parallel_rows_and_full_width_tables():
    out = apply_layout(tiny(), "parallel")
    price = next(c for c in find(out, Clause) if c.id == "apa.price")
    head = price.body[0]
    assert isinstance(head, Parallel) and head.heading == 1
    assert head.zh[0].text == "第二条\u3000购买价款" and head.en[0].text == "Article 2 Purchase Price"
    row = price.body[1]
    assert isinstance(row, Parallel) and row.heading == 0
    assert "购买价款按照" in row.zh[0].text and "The Purchase Price" in row.en[0].text
    # the table and the figure once, full width, with bilingual labels
    tables = [b for b in price.body if isinstance(b, Table)]
    assert len(tables) == 1
    t = tables[0]
    assert t.caption == "预测现金流表 / Forecast Cash Flow"
    assert t.header[0][1].text == "兑付日 / Payment Date"
    assert t.rows[0][2] == Cell("1,234,567.89")  # numeric cells untouched
    assert t.rows[-1][0].text == "合计 / Total" and t.rows[-1][0].colspan == 2
    assert price.toc_label == "第二条\u3000购买价款\nArticle 2 Purchase Price"


def test_parallel_runs_in_the_number_of_an_untitled_clause():
    out = apply_layout(tiny(), "parallel")
    sub = next(c for c in find(out, Clause) if c.id == "apa.price.a")
    row = sub.body[0]
    assert isinstance(row, Parallel) and not row.heading
    assert row.zh[0].runs[0] == Run("2.1 ", bold=True)
    assert row.en[0].text == "2.1 The price is paid in RMB."


def test_parallel_unequal_paragraph_counts_keep_every_paragraph():
    c = Clause(id="x", level=1, number=Bi("第一条", "Article 1"), title=Bi("标题", "Title"),
               body=Bi((Para((Run("甲"),)), Para((Run("乙"),)), Para((Run("丙"),))),
                       (Para((Run("A"),)), Para((Run("B"),)))))
    out = apply_layout(Document(meta(), (c,)), "parallel")
    rows = [b for b in out.blocks[0].body if isinstance(b, Parallel) and not b.heading]
    assert [[p.text for p in r.zh] for r in rows] == [["甲"], ["乙", "丙"]]
    assert [[p.text for p in r.en] for r in rows] == [["A"], ["B"]]


def test_sequential_puts_the_english_clause_after_the_chinese():
    out = apply_layout(tiny(), "sequential")
    law = next(c for c in find(out, Clause) if c.id == "apa.law")
    assert law.number == "第三条" and law.title == "法律适用"
    twin = law.body[-1]
    assert isinstance(twin, Clause) and twin.id == "apa.law" + EN_SUFFIX and not twin.in_toc
    assert twin.number == "Article 3" and twin.title == "Governing Law"
    assert "governed by the laws" in twin.body[0].text
    price = next(c for c in find(out, Clause) if c.id == "apa.price")
    # the table once (in the Chinese text, bilingual labels), not again in the English text
    assert len([b for b in price.body if isinstance(b, Table)]) == 1
    assert not [b for b in price.body[-1].body if isinstance(b, Table)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_single_language_has_no_bilingual_labels(lang):
    out = apply_layout(tiny(), lang)
    assert not find(out, Parallel)
    t = find(out, Table)[0]
    assert t.caption == ("预测现金流表" if lang == "zh" else "Forecast Cash Flow")
    assert " / " not in t.header[0][1].text
    assert out.meta.running_header == ("华兴供热 资产买卖协议" if lang == "zh"
                                       else "Huaxing Heating – Asset Purchase Agreement")
    assert out.meta.lang == ("zh-CN" if lang == "zh" else "en")
    texts = " ".join(p.text for p in find(out, Para))
    assert ("供热" in texts) == (lang == "zh")
    assert ("Originator" in texts) == (lang == "en")


def test_annex_number_and_title_form_the_heading():
    out = apply_layout(medium(2, 3), "zh")
    annex = find(out, Section)[-1]
    assert annex.number == "附件一" and annex.title == "预测现金流"
    out = apply_layout(medium(2, 3), "parallel")
    annex = [s for s in find(out, Section) if s.kind == "annex"][0]
    assert annex.body[0].heading == 1 and annex.body[0].en[0].text == "Annex 1 Forecast Cash Flow"


def test_a_table_only_one_language_names_is_still_printed_once():
    t = money_table("only.zh", 2)
    c = Clause(id="x", level=1, number=Bi("第一条", "Article 1"), title=Bi("标", "T"),
               body=Bi((Para((Run("甲"),)), t), (Para((Run("A"),)),)))
    out = apply_layout(Document(meta(), (c,)), "parallel")
    assert len([b for b in out.blocks[0].body if isinstance(b, Table)]) == 1


def test_writers_refuse_a_bilingual_tree():
    from docgen.writers.docx import write_docx
    from docgen.writers.html import to_html

    for write in (to_html, write_docx):
        with pytest.raises(ValueError, match="apply_layout"):
            write(tiny())


def test_every_text_node_records_the_language_placed_in_it():
    from docgen.tree import LANG_TAGS, Cover, Figure, SignatureBlock, Toc

    def text_nodes(doc):
        return [x for x in walk(doc.blocks) if isinstance(x, (Para, Table, Figure, SignatureBlock, Cover, Toc,
                                                               Clause, Section))]

    for layout in ("zh", "en"):
        out = apply_layout(tiny(), layout)
        assert {x.lang for x in text_nodes(out)} == {layout}
        assert out.meta.lang == LANG_TAGS[layout]
    par = apply_layout(tiny(), "parallel")
    rows = find(par, Parallel)
    assert {p.lang for r in rows for p in r.zh if isinstance(p, Para)} == {"zh"}
    assert {p.lang for r in rows for p in r.en if isinstance(p, Para)} == {"en"}
    assert find(par, Table)[0].lang == "zh"  # joined labels: Chinese first, the document's language
    seq = apply_layout(tiny(), "sequential")
    law = next(c for c in find(seq, Clause) if c.id == "apa.law")
    twin = law.body[-1]
    assert (law.lang, twin.id, twin.lang) == ("zh", "apa.law" + EN_SUFFIX, "en")
    assert {p.lang for p in find(Document(seq.meta, law.body[:-1]), Para)} == {"zh"}
    assert {p.lang for p in find(Document(seq.meta, twin.body), Para)} == {"en"}


def test_page_furniture_is_picked_or_joined_like_every_label():
    from docgen.tree import PageField, SignatureBlock, Toc

    zh, en, par = (apply_layout(tiny(draft=True), k) for k in ("zh", "en", "parallel"))
    assert find(zh, Toc)[0].title == "目录" and find(en, Toc)[0].title == "Contents"
    assert find(par, Toc)[0].title == "目录 / Contents"
    assert find(en, SignatureBlock)[0].seal_label == "(Seal)"
    assert find(par, SignatureBlock)[0].seal_label == "（盖章）\n(Seal)"
    assert en.meta.footer == ("Page ", PageField("PAGE"), " of ", PageField("NUMPAGES"))
    assert par.meta.footer[:5] == zh.meta.footer and par.meta.footer[5:] == (" / ",) + en.meta.footer
    assert zh.meta.draft_label == en.meta.draft_label == "草稿 DRAFT"  # the stamp in both languages, always
