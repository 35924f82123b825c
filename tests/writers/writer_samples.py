"""Hand-built bilingual trees for the writer tests and the benchmark (no deal, no assembly)."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

from docgen.tree import (
    Bi,
    Cell,
    Clause,
    Cover,
    DocMeta,
    Document,
    Figure,
    ListBlock,
    Para,
    Run,
    Section,
    Signatory,
    SignatureBlock,
    Table,
    TermUse,
    Toc,
    XRef,
)

NASTY = "<script>alert(1)</script> {{ deal.plan }} A & B"

SVG = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="120pt" viewBox="0 0 400 120">'
    '<rect x="10" y="20" width="60" height="80" fill="#1f4e79"/>'
    '<rect x="80" y="50" width="60" height="50" fill="#c0504d"/>'
    '<text x="160" y="60" font-family="Noto Sans CJK SC" font-size="14">图形文字 ChartText</text>'
    "</svg>"
).encode()


def tiny_png(w: int = 8, h: int = 4) -> bytes:
    """A small solid-blue PNG, written by hand."""
    raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


@lru_cache(maxsize=1)
def furniture():
    """docgen's page furniture, as assembly puts it into every tree (contents title, footer …)."""
    from docgen.assembly.furniture import furniture as read
    from docgen.assembly.library import load_library
    from docgen.resources import library_root

    return read(load_library(library_root()))


def meta(**kw) -> DocMeta:
    base = dict(
        deal_id="HX-2024-01", document="asset-purchase-agreement", layout="bilingual",
        title="资产买卖协议 Asset Purchase Agreement",
        running_header="华兴供热 资产买卖协议 / Huaxing Heating – Asset Purchase Agreement",
        date="2024-03-05", inputs_hash="abc123def4567890", version="0.1.0",
        title_bi=Bi("资产买卖协议", "Asset Purchase Agreement"),
        running_header_bi=Bi("华兴供热 资产买卖协议", "Huaxing Heating – Asset Purchase Agreement"),
        footer=furniture().footer, draft_label=furniture().draft,
    )
    base.update(kw)
    return DocMeta(**base)


def P(zh: str, en: str):
    return Para((Run(zh),)), Para((Run(en),))


def body(*pairs) -> Bi:
    """Bilingual body from (zh_block, en_block) pairs; a single shared block is put in both."""
    zh, en = [], []
    for p in pairs:
        if isinstance(p, tuple):
            zh.append(p[0])
            en.append(p[1])
        else:
            zh.append(p)
            en.append(p)
    return Bi(tuple(zh), tuple(en))


def money_table(tid: str = "t.cash", n: int = 5, caption=None) -> Table:
    rows = []
    for i in range(1, n + 1):
        rows.append((Cell(f"{i}"), Cell(f"2025-{(i - 1) % 12 + 1:02d}-25"), Cell(f"{i * 1234567.89:,.2f}"),
                     Cell(f"{i * 1000000:,.2f}"), Cell(f"{1.2 + i / 100:.2f}")))
    total = (Bi(Cell("合计", bold=True, colspan=2), Cell("Total", bold=True, colspan=2)),
             Cell(f"{sum(i * 1234567.89 for i in range(1, n + 1)):,.2f}"),
             Cell(f"{sum(i * 1000000 for i in range(1, n + 1)):,.2f}"), Cell(""))
    header = ((Bi(Cell("期数"), Cell("Period")), Bi(Cell("兑付日"), Cell("Payment Date")),
               Bi(Cell("预测现金流入（元）"), Cell("Forecast Inflow (RMB)")),
               Bi(Cell("应付金额（元）"), Cell("Amount Due (RMB)")), Bi(Cell("覆盖倍数"), Cell("Coverage"))),)
    return Table(id=tid, caption=caption or Bi("预测现金流表", "Forecast Cash Flow"), header=header,
                 rows=tuple(rows) + (total,), align=("c", "c", "r", "r", "r"), widths=(1, 2, 3, 3, 2),
                 total_rows=1, note=Bi("注：金额单位为元。", "Note: amounts in RMB."))


def figure() -> Figure:
    return Figure(id="f.inflow", caption=Bi("现金流入图", "Cash Inflow Chart"), svg=SVG, png=tiny_png(), width_mm=120)


def signatures() -> SignatureBlock:
    return SignatureBlock(
        signatories=(
            Signatory(role=Bi("甲方（卖方）", "Party A (Seller)"), name=Bi("华兴热力有限公司", "Huaxing Heating Co., Ltd."),
                      signer_label=furniture().signer),
            Signatory(role=Bi("乙方（买方）", "Party B (Purchaser)"), name=Bi("中信证券股份有限公司", "CITIC Securities Co., Ltd."),
                      signer_label=Bi("授权代表（签字）：", "Authorised Representative (Signature):")),
        ),
        note=Bi("（以下无正文，为签署页）", "(The remainder of this page is intentionally left blank; signature page follows.)"),
        date_label=Bi("签署日期：", "Date of signing:"),
        seal_label=furniture().seal,
    )


def cover() -> Cover:
    return Cover(title=Bi("资产买卖协议", "Asset Purchase Agreement"),
                 subtitle=Bi("华兴供热收费收益权资产支持专项计划", "Huaxing Heating Fee ABS Plan"),
                 lines=(Bi("甲方：华兴热力有限公司", "Party A: Huaxing Heating Co., Ltd."),
                        Bi("乙方：中信证券股份有限公司", "Party B: CITIC Securities Co., Ltd."),
                        Bi("二〇二四年三月", "March 2024")))


def tiny(draft: bool = False) -> Document:
    """One of everything: cover, contents, recitals, clauses, table, figure, xref, signatures."""
    c1 = Clause(
        id="apa.definitions", level=1, number=Bi("第一条", "Article 1"), title=Bi("定义与释义", "Definitions"),
        body=Bi((Para((TermUse("assets", "“基础资产”", defining=True), Run("指原始权益人享有的供热收费收益权。"))),),
                (Para((TermUse("assets", "“Underlying Assets”", defining=True),
                       Run(" means the heating fee revenue right of the Originator."))),)),
    )
    c2 = Clause(
        id="apa.price", level=1, number=Bi("第二条", "Article 2"), title=Bi("购买价款", "Purchase Price"),
        body=Bi(
            (Para((Run("购买价款按照"), XRef("apa.law", "第三条"), Run("的约定支付。"))), money_table(), figure()),
            (Para((Run("The Purchase Price is paid as set out in "), XRef("apa.law", "Article 3"), Run("."))),
             money_table(), figure()),
        ),
        children=(
            Clause(id="apa.price.a", level=2, number=Bi("2.1", "2.1"), title=None,
                   body=body(P("价款以人民币支付。", "The price is paid in RMB."))),
            Clause(id="apa.price.b", level=2, number=Bi("2.2", "2.2"), title=None,
                   body=body(P(f"特殊字符：{NASTY}", f"Special characters: {NASTY}"))),
        ),
    )
    c3 = Clause(
        id="apa.law", level=1, number=Bi("第三条", "Article 3"), title=Bi("法律适用", "Governing Law"),
        body=body(P("本协议适用中华人民共和国法律。", "This Agreement is governed by the laws of the PRC."),
                  P("中英文文本如有歧义，以中文文本为准。", "If the Chinese and English texts differ, the Chinese text prevails."),
                  (ListBlock(((Para((Run("第一项"),)),), (Para((Run("第二项"),)),))),
                   ListBlock(((Para((Run("item one"),)),), (Para((Run("item two"),)),))))),
    )
    recitals = Section(id="apa.recitals", title=Bi("鉴于", "Recitals"), kind="recitals", in_toc=False,
                       body=body(P("甲方拥有供热收费收益权。", "Party A owns the heating fee revenue right.")))
    blocks = (cover(), Toc(furniture().contents), recitals, c1, c2, c3, signatures())
    return Document(meta=meta(draft=draft), blocks=blocks,
                    attachments=(("deal.yaml", b"plan: {id: HX-2024-01}\n"), ("projection.csv", b"period,inflow\n1,100\n")))


ZH_SENT = "原始权益人应当按照本协议的约定将回收款划转至专项计划账户，并保证供热服务的持续稳定。"
EN_SENT = ("The Originator shall transfer the Collections to the Plan Account as agreed herein "
           "and ensure continuous and stable heat supply. ")
ZH_NUM = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    if n < 10:
        return ZH_NUM[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ZH_NUM[tens]) + "十" + (ZH_NUM[ones] if ones else "")


def medium(n_clauses: int = 40, n_rows: int = 60, n_tables: int = 1, draft: bool = False) -> Document:
    """`n_clauses` articles of two or three paragraphs (some with sub-clauses) and `n_tables` long tables."""
    clauses = []
    for i in range(1, n_clauses + 1):
        paras = [P(f"{ZH_SENT * (1 + i % 3)}（条{i}段{k}）", f"{EN_SENT * (1 + i % 3)}(clause {i} para {k})")
                 for k in range(1, 2 + i % 3)]
        if i > 1:
            paras.append((Para((Run("参见"), XRef(f"m.c{i - 1}", f"第{zh_number(i - 1)}条"), Run("。"))),
                          Para((Run("See "), XRef(f"m.c{i - 1}", f"Article {i - 1}"), Run(".")))))
        children = ()
        if i % 4 == 0:
            children = tuple(
                Clause(id=f"m.c{i}.{j}", level=2, number=Bi(f"{i}.{j}", f"{i}.{j}"), title=None,
                       body=body(P(f"{ZH_SENT}（子条{i}.{j}）", f"{EN_SENT}(sub-clause {i}.{j})")))
                for j in (1, 2))
        clauses.append(Clause(id=f"m.c{i}", level=1, number=Bi(f"第{zh_number(i)}条", f"Article {i}"),
                              title=Bi(f"条款标题{i}", f"Clause Title {i}"), body=body(*paras), children=children))
    annexes = []
    for t in range(n_tables):
        tbl = money_table(f"m.t{t}", n_rows, caption=Bi(f"预测现金流表{t + 1}", f"Forecast Cash Flow {t + 1}"))
        annexes.append(Section(id=f"m.annex{t}", title=Bi("预测现金流", "Forecast Cash Flow"),
                               number=Bi(f"附件{zh_number(t + 1)}", f"Annex {t + 1}"), kind="annex",
                               page_break_before=True, body=body(tbl)))
    blocks = (cover(), Toc(furniture().contents), *clauses, *annexes, signatures())
    return Document(meta=meta(draft=draft), blocks=blocks)


def chapters(prefix: str, n: int, *, subs: int = 0, tables: tuple[int, ...] = (), figures: int = 0,
             word: str = "条") -> tuple:
    """`n` level-1 clauses like `medium`, each with `subs` titled level-2 sections; `tables[k]` rows of a
    table in clause k; `figures` charts spread over the first clauses."""
    out = []
    for i in range(1, n + 1):
        paras = [P(f"{ZH_SENT * (1 + i % 3)}（{prefix}{i}段{k}）", f"{EN_SENT * (1 + i % 3)}({prefix} {i} para {k})")
                 for k in range(1, 3 + i % 2)]
        if i > 1:
            paras.append((Para((Run("参见"), XRef(f"{prefix}.c{i - 1}", f"第{zh_number(i - 1)}{word}"), Run("。"))),
                          Para((Run("See "), XRef(f"{prefix}.c{i - 1}", f"Article {i - 1}"), Run(".")))))
        if i - 1 < len(tables) and tables[i - 1]:
            paras.append(money_table(f"{prefix}.t{i}", tables[i - 1],
                                     caption=Bi(f"现金流表{i}", f"Cash Flow Table {i}")))
        if i <= figures:
            paras.append(Figure(id=f"{prefix}.f{i}", caption=Bi(f"图{i}", f"Chart {i}"), svg=SVG, png=tiny_png(),
                                width_mm=150))
        kids = tuple(
            Clause(id=f"{prefix}.c{i}.{j}", level=2, number=Bi(f"{i}.{j}", f"{i}.{j}"),
                   title=Bi(f"小节{i}.{j}", f"Section {i}.{j}"), in_toc=True,
                   body=body(P(f"{ZH_SENT * 2}（{prefix}{i}.{j}）", f"{EN_SENT * 2}({prefix} {i}.{j})")))
            for j in range(1, subs + 1))
        out.append(Clause(id=f"{prefix}.c{i}", level=1, number=Bi(f"第{zh_number(i)}{word}", f"Article {i}"),
                          title=Bi(f"标题{i}", f"Title {i}"), body=body(*paras), children=kids,
                          page_break_before=word == "章"))
    return tuple(out)


def pack() -> dict[str, Document]:
    """A synthetic pack of the four documents, sized like a real heating-ABS pack."""
    def doc(name, blocks):
        return Document(meta=meta(document=name), blocks=(cover(), Toc(furniture().contents), *blocks, signatures()))

    return {
        "asset-purchase-agreement": doc("asset-purchase-agreement", chapters("apa", 22, tables=(0,) * 20 + (40, 24))),
        "pledge-contract": doc("pledge-contract", chapters("pl", 17)),
        "shortfall-undertaking": doc("shortfall-undertaking", chapters("su", 18, tables=(0,) * 17 + (12,))),
        "offering-memorandum": doc("offering-memorandum", chapters(
            "om", 19, subs=3, tables=(0, 12, 8, 20, 0, 60, 40, 24, 6), figures=2, word="章")),
    }
