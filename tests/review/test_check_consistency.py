"""`docgen check` finds each kind of inconsistency planted in a pack: a term defined two ways, a time limit
printed two ways, an institution named two ways, a role name never defined, a paragraph repeated, an English
paragraph whose figures or party names differ from the Chinese it faces.

The faults are planted in DOCX files built here (python-docx, the parallel layout's facing cells) and in
extracted PDF text, never by rendering: each test costs milliseconds."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import docx
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model import load_deal
from docgen.review import (check_bilingual, check_institutions, check_periods, check_repeats, check_roles,
                           check_terms)
from docgen.review.check_text import DocText, Unit, docx_doc

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "heating-sweep-guaranteed.yaml"


def build_docx(rows: list[tuple[str, str]], paragraphs: tuple[str, ...] = (), table: list[tuple[str, ...]] = ()) -> bytes:
    """A DOCX as the parallel layout writes one: free paragraphs, then facing Chinese | English cells,
    then a data table."""
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if rows:
        t = d.add_table(rows=0, cols=2)
        for zh, en in rows:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = zh, en
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        for r in table:
            for c, text in zip(t.add_row().cells, r):
                c.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def doc(name: str, *units: tuple[str, str, str]) -> DocText:
    """Extracted PDF text: (lang, text, page)."""
    document, layout = name.rsplit(".", 1)[0].rsplit("-", 1)
    return DocText(name, document, f"{layout}.pdf", [Unit(lang, text, where) for lang, text, where in units])


def messages(rule, docs, deal=None) -> list[tuple[str, str, str]]:
    return list(rule.check(docs, deal))


# ------------------------------------------------------------------------------------------ term-definition
def test_a_term_defined_two_ways_is_found_and_a_contract_naming_itself_is_not():
    st = docx_doc("standard-terms-parallel.docx", build_docx([
        ("“差额资金”：指应付金额超过可分配资金的差额。", '"Shortfall Amount" means the excess of the Amounts Due over the Available Funds.'),
        ("“不可抗力”：指不能预见、不能避免且不能克服的客观情况，致使本合同无法履行。", '"Force Majeure" means … that make this Contract impossible to perform.')]))
    om = docx_doc("offering-memorandum-parallel.docx", build_docx([
        ("“差额资金”：指应付金额与回售资金之和超过可分配资金的差额。", '"Shortfall Amount" means the excess of the Amounts Due over the Available Funds.')]))
    apa = docx_doc("asset-purchase-agreement-parallel.docx", build_docx([
        ("“不可抗力”：指不能预见、不能避免且不能克服的客观情况，致使本协议无法履行。", '"Force Majeure" means … that make this Agreement impossible to perform.')]))
    found = messages(check_terms, [st, om, apa])
    assert [(f, r) for f, r, _ in found] == [("offering-memorandum-parallel.docx", "term-definition")]
    message = found[0][2]
    assert "‘差额资金’ is defined differently (paragraph 1)" in message
    assert "与回售资金之和" in message and "standard-terms (paragraph 1)" in message


def test_a_one_column_pdf_reads_a_definition_whole_over_a_page_break():
    # a table cell right of the page's middle must not be read into the sentence that wraps onto the next page
    from weasyprint import HTML

    from docgen.review.check_text import pdf_doc

    cell = "<table style='width:100%'><tr><td>Bank</td><td style='padding-left:60%'>Collection Account, number:</td></tr></table><p>Accounts.</p>"
    words = " ".join(["the Servicer fails to transfer the Collections in full"] * 12)
    html = (f"<style>@page {{ size: 120mm 80mm; margin: 10mm }} body {{ font-size: 10pt }}</style>{cell}"
            f"<p>“Perfection Event” means any of the following events: {words} and does not cure the failure.</p>")
    data = HTML(string=html).write_pdf()
    doc = pdf_doc("standard-terms-sequential.pdf", data)
    definition = next(u.text for u in doc.units if u.text.startswith("“Perfection Event”"))
    assert definition.endswith("and does not cure the failure.") and "Collection Account" not in definition


# --------------------------------------------------------------------------------------------- time-limit
def test_a_disclosure_deadline_printed_two_ways_is_found():
    om = doc("offering-memorandum-parallel.pdf",
             ("zh", "违约事件发生后，计划管理人应于2个交易日内披露，并于10个工作日内召集持有人会议。", "p. 40"),
             ("zh", "触发事件发生后，计划管理人应在5个工作日内披露，并按照标准条款处理。", "p. 18"))
    st = doc("standard-terms-parallel.pdf", ("zh", "计划管理人应在知悉后2个交易日内披露临时报告。", "p. 7"))
    found = messages(check_periods, [om, st])
    assert {(f, r) for f, r, _ in found} == {("offering-memorandum-parallel.pdf", "time-limit"),
                                             ("standard-terms-parallel.pdf", "time-limit")}
    odd = [m for f, _, m in found if "5 business" in m.split("here")[0]]
    assert len(odd) == 1 and "event disclosure" in odd[0] and "p. 18" in odd[0]
    assert "2 trading in offering-memorandum (p. 40), standard-terms (p. 7)" in odd[0]


def test_a_cure_period_in_the_trigger_table_in_other_units_than_the_definitions_is_found():
    # the OM's trigger table said 3日 while the event definitions say 3个工作日
    condition = "资产服务机构未按约定将回收款划转至专项计划账户"
    st = docx_doc("standard-terms-parallel.docx", build_docx([(f"（5）{condition}，且未在3个工作日内纠正；", "(5) …")]))
    om = docx_doc("offering-memorandum-parallel.docx", build_docx(
        [], table=[("类别", "触发条件", "补救期", "触发后果"), ("权利完善事件", condition, "3日", "转为直接归集")]))
    found = messages(check_periods, [st, om])
    assert {f for f, _, _ in found} == {"standard-terms-parallel.docx", "offering-memorandum-parallel.docx"}
    assert all("cure period of ‘资产服务机构未按约定将回收款划转至专项计划账户’" in m for _, _, m in found)
    # the same units everywhere: clean
    om_ok = docx_doc("offering-memorandum-parallel.docx", build_docx(
        [], table=[("类别", "触发条件", "补救期", "触发后果"), ("权利完善事件", condition, "3个工作日", "转为直接归集")]))
    assert messages(check_periods, [st, om_ok]) == []


# -------------------------------------------------------------------------------------------- institution
def test_a_depository_named_two_ways_is_found():
    st = doc("standard-terms-parallel.pdf", ("zh", "“登记托管机构”：指中国证券登记结算有限责任公司上海分公司。", "p. 4"))
    om = doc("offering-memorandum-parallel.pdf",
             ("zh", "登记托管机构 华夏证券登记结算有限责任公司上海分公司 上海市浦东新区", "p. 31"),
             ("zh", "向中国证券登记结算有限责任公司披露。", "p. 33"))  # the head office beside its branch is fine
    found = messages(check_institutions, [st, om])
    assert {(f, r) for f, r, _ in found} == {("standard-terms-parallel.pdf", "institution"),
                                             ("offering-memorandum-parallel.pdf", "institution")}
    assert "‘华夏证券登记结算有限责任公司上海分公司’ in offering-memorandum (p. 31)" in found[0][2]
    head_office = doc("offering-memorandum-parallel.pdf", ("zh", "向中国证券登记结算有限责任公司披露。", "p. 33"))
    assert messages(check_institutions, [st, head_office]) == []


# ----------------------------------------------------------------------------------------- undefined-role
def test_a_role_name_never_defined_is_found():
    apa = docx_doc("asset-purchase-agreement-parallel.docx", build_docx([
        ("卖方应于交割日向买方交付基础资产清单。", "The Seller shall deliver the list to the Purchaser."),
        ("甲方应配合乙方办理登记。", "Party A shall assist Party B with the registration.")]))
    found = messages(check_roles, [apa])
    assert [m.split(" is used")[0] for _, _, m in found] == ["‘乙方’", "‘甲方’", "‘Party A’", "‘Party B’"]
    assert "(paragraph 3: “甲方应配合乙方办理登记。”)" in found[1][2]
    defined = docx_doc("asset-purchase-agreement-parallel.docx", build_docx([
        ("燕山瑞泰热力有限公司（以下简称“甲方”）", 'Yanshan Ruitai Heating Co., Ltd. ("Party A")'),
        ("甲方应配合办理登记。", "Party A shall assist with the registration.")]))
    assert messages(check_roles, [defined]) == []


# ------------------------------------------------------------------------------------- repeated-paragraph
def test_a_paragraph_printed_twice_is_found_but_table_cells_are_not():
    text = "原始权益人有权于2030年4月26日调整自该日起适用的预期收益率，并应不晚于回售登记期开始前5个工作日书面通知计划管理人。"
    om = docx_doc("offering-memorandum-parallel.docx", build_docx(
        [(text, "The Originator may reset the expected yield."), ("其他约定。", "Other terms."),
         (text, "The Originator may reset the expected yield.")],
        table=[("情景", "结果", "备注"), ("A", "降至0%仍不低于1.00倍，回收款全部为零时仍由差额支付承诺人全额补足", "—"),
               ("B", "降至0%仍不低于1.00倍，回收款全部为零时仍由差额支付承诺人全额补足", "—")]))
    found = messages(check_repeats, [om])
    assert len(found) == 1
    assert found[0][:2] == ("offering-memorandum-parallel.docx", "repeated-paragraph")
    assert found[0][2].startswith("printed 2 times (paragraph 1, paragraph 5)")


# -------------------------------------------------------------------------------------------------- bilingual
def test_an_english_paragraph_with_other_figures_or_names_is_found():
    deal = load_deal(DEAL)
    originator = deal.parties["ruitai"].name
    su = docx_doc("shortfall-undertaking-parallel.docx", build_docx([
        # the same figures, printed each language's way: clean
        (f"{originator.zh}应于2028年4月26日前支付13,700.00万元，即3.50%。",
         f"{originator.en} shall pay RMB 137.00 million, being 3.50%, by 26 April 2028."),
        # a different rate and date in English
        ("违约金按日0.050%计算，自2028年4月26日起算。", "Default interest accrues at 0.05% a day from 27 April 2028."),
        # the party named in Chinese, another name in English
        (f"{originator.zh}承担费用。", "Huaxia Heating Co., Ltd. bears the costs.")]))
    found = messages(check_bilingual, [su], deal)
    assert [m.split(":")[0] for _, _, m in found] == ["paragraph 3", "paragraph 5"]
    assert "date 2028-04-26 only in Chinese; date 2028-04-27 only in English" in found[0][2]
    assert f"‘{originator.zh}’ is named only in the Chinese paragraph" in found[1][2]


def test_an_amount_in_yi_yuan_reads_as_its_english_millions():
    deal = load_deal(DEAL)
    om = docx_doc("offering-memorandum-parallel.docx", build_docx([
        ("次级资产支持证券规模为0.50亿元，募集资金总额为9.75亿元。",
         "The Subordinated Securities are RMB 50.00 million; subscriptions total RMB 975.00 million."),
        ("次级资产支持证券规模为0.60亿元。", "The Subordinated Securities are RMB 50.00 million.")]))
    found = messages(check_bilingual, [om], deal)
    assert [m.split(":")[0] for _, _, m in found] == ["paragraph 3"]
    assert "amount 60000000 only in Chinese; amount 50000000 only in English" in found[0][2]


# ------------------------------------------------------------------------------------- through `docgen check`
def test_docgen_check_reports_the_consistency_findings_of_a_pack(tmp_path):
    """A pack whose two documents define one term two ways and repeat a paragraph: exit 3, both found."""
    pack = tmp_path / "heating-sweep-guaranteed"
    pack.mkdir()
    shutil.copy(DEAL, pack / "deal.yaml")
    files = {
        "standard-terms-parallel.docx": build_docx([("“兑付日”：指每年4月26日。", '"Payment Date" means 26 April of each year.')]),
        "offering-memorandum-parallel.docx": build_docx([
            ("“兑付日”：指每年4月25日。", '"Payment Date" means 25 April of each year.'),
            ("计划管理人应当勤勉尽责地管理专项计划资产，维护资产支持证券持有人的合法权益。", "The Plan Manager manages the assets diligently."),
            ("计划管理人应当勤勉尽责地管理专项计划资产，维护资产支持证券持有人的合法权益。", "The Plan Manager manages the assets diligently.")]),
    }
    manifest = {"deal_id": "heating-sweep-guaranteed", "files": {},
                "sources": {"deal.yaml": hashlib.sha256((pack / "deal.yaml").read_bytes()).hexdigest()}}
    for name, data in files.items():
        (pack / name).write_bytes(data)
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest()}
    (pack / "manifest.json").write_text(json.dumps(manifest))
    result = CliRunner().invoke(app, ["check", str(pack), "--format", "json"])
    assert result.exit_code == 3
    found = {(f["file"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("offering-memorandum-parallel.docx", "term-definition") in found
    assert ("offering-memorandum-parallel.docx", "repeated-paragraph") in found
