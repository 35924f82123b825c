"""Rule `time-limit`: the same obligation printed with two time limits (different numbers or units).

Time limits print through one formatter (`period()`: 3个工作日 / 3 Business Days), so the obligations are
recognised by their wording: an event disclosed within N, a meeting convened within N, a pledge registered
within N, a trigger cured within N (keyed by the trigger's condition, in prose and in the trigger table) …"""

from __future__ import annotations

import re
from collections import defaultdict

from docgen.review.check_text import DocText, excerpt

RULE = "time-limit"
N = r"(\d+)\s*(个工作日|个交易日|日|Business Days?|Trading Days?|days?)"
UNIT = {"个工作日": "business", "个交易日": "trading", "日": "calendar"}
# obligation -> patterns (n and unit are the last two groups; a first named group `key` narrows the obligation)
OBLIGATIONS = {
    "event disclosure": [re.compile(N + r"内披露(?!决议)"), re.compile(r"disclos\w* (?:it |an? [a-z ]+)?within " + N)],
    "holders' meeting convened": [re.compile(N + r"内召集"), re.compile(r"within " + N + r" convenes")],
    "holders' meeting notice": [re.compile(r"会议召开" + N + r"前")],
    "pledge registration": [re.compile(r"生效之日起" + N + r"内[^。；]{0,60}?质押登记")],
    "AMAC filing": [re.compile(N + r"内向中国证券投资基金业协会备案")],
    "put registration period": [re.compile(r"回售登记期不少于" + N)],
    "coupon reset notice": [re.compile(r"回售登记期开始前" + N)],
    "redemption notice": [re.compile(r"赎回日前" + N + r"书面通知")],
    "cure period": [re.compile(r"(?P<key>[^，。；：（）()]{4,80})，且未在" + N + r"内纠正"),
                    re.compile(r"(?P<key>[^;:()]{8,160}?) and the failure is not cured within " + N)],
}
ALONE = re.compile(r"^" + N + r"$")  # a cell that is only a period: the trigger table's cure column


def _norm(n: str, unit: str) -> tuple[int, str]:
    u = unit.lower()
    kind = UNIT.get(unit) or ("business" if u.startswith("business") else "trading" if u.startswith("trading") else "calendar")
    return int(n), kind


def check(docs: list[DocText], deal=None):
    found: dict[tuple, dict[tuple[int, str], list[tuple[DocText, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for d in docs:
        for u in d.units:
            for what, patterns in OBLIGATIONS.items():
                for rx in patterns:
                    for m in rx.finditer(u.text):
                        key = m.groupdict().get("key")
                        value = _norm(m.group(m.lastindex - 1), m.group(m.lastindex))
                        found[d.group, what, (key or "").strip()][value].append((d, u.where, excerpt(u.text, m.start())))
        for row in d.table_rows:  # condition | cure | … : the cure period of that condition
            cure = [c for c in row if ALONE.match(c.text)]
            if len(cure) == 1:
                m = ALONE.match(cure[0].text)
                value = _norm(m.group(1), m.group(2))
                for c in row:
                    if c is not cure[0] and c.lang == cure[0].lang and len(c.text) >= 4 and not ALONE.match(c.text):
                        found[d.group, "cure period", c.text.strip()][value].append((d, c.where, c.text))
    for (_group, what, key), values in sorted(found.items(), key=lambda kv: kv[0]):
        if len(values) < 2:
            continue
        shown = "; ".join(f"{n} {unit} in {', '.join(sorted({f'{d.document} ({at})' for d, at, _ in places}))}"
                          for (n, unit), places in sorted(values.items()))
        for (n, unit), places in sorted(values.items()):
            for d, at, text in places:
                about = f"{what} of ‘{excerpt(key, 0, 40)}’" if key else what
                yield (d.file, RULE, f"{about} is printed as {n} {unit} days here ({at}: “{text}”); the pack prints {shown}")
