"""Cross-field rules on a parsed deal (shared/domain/model.md §1.10), one module per family:

- `tranches`: tranche-sum, tranche-ids, maturity-order, amortisation, coupons, interest-frequency
- `parties`: party-references, roles, recommended-roles, licence-dates, accounts
- `dates`: payment-dates, legal-maturity-gap, document-dates, signing
- `regulatory`: retention, sweep, full-sweep, term, licence, concentration, stress-scenarios, specified-periods
- `pool`: seasonality, history, history-order, om-costs, pool-data, scenarios
- `waivers`: waivers (a waiver names a regulatory rule; see `waived`)
- `credit_support`: undertaking, triggers, sub-income
- `amounts`: rates, plan-size
- `registrar`: registrar (the depository follows the exchange)
- `disclosures`: disclosure-project, disclosure-encumbrances, disclosure-credit-support, disclosure-obligors,
  disclosure-due-diligence, disclosure-independence (regulatory: required disclosures) and disclosure-references

`registry` holds `@rule`, `RULES`, `REGULATORY` and `run_rules`. A regulatory rule's errors do not stop the
analysis and a deal may waive them for rendering; a structural rule's errors stop everything.
"""

from __future__ import annotations

from docgen.model.rules import (  # noqa: F401 (registers)
    amounts, credit_support, dates, disclosures, parties, pool, registrar, regulatory, tranches, waivers)
from docgen.model.rules.registry import REGULATORY, RULES, Finding, kind, rule, run_rules

# The order the rules run in, so findings on one line of the file keep the order they always had
# (`compare` reports the first error).
ORDER = (
    "tranche-sum", "tranche-ids", "maturity-order", "payment-dates", "amortisation", "party-references",
    "roles", "rates", "seasonality", "history", "history-order", "licence", "licence-dates", "retention", "sweep", "full-sweep", "term",
    "specified-periods", "undertaking", "concentration", "scenarios", "signing", "plan-size",
    "recommended-roles", "triggers", "stress-scenarios", "legal-maturity-gap", "document-dates", "om-costs",
    "pool-data", "coupons", "interest-frequency", "accounts", "sub-income", "registrar", "disclosure-references", "disclosure-project",
    "disclosure-encumbrances", "disclosure-credit-support", "disclosure-obligors", "disclosure-due-diligence",
    "disclosure-independence", "waivers",
)
assert set(ORDER) == set(RULES), sorted(set(ORDER) ^ set(RULES))
_registered = dict(RULES)
RULES.clear()
RULES.update((name, _registered[name]) for name in ORDER)

__all__ = ["ORDER", "REGULATORY", "RULES", "Finding", "kind", "rule", "run_rules"]
