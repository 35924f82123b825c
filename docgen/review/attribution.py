"""Which articles each change of a deal touches: the change applied *alone* to the OLD deal, the pack
re-assembled (trees only, nothing written) and diffed clause by clause against OLD's trees. A change that
does not make a valid deal alone is applied together with the change(s) it needs; failing that, the
articles come from the full NEW version. The result says which."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.review import dealdiff
from docgen.review.dealdiff import Change, DealDiff
from docgen.review.sides import Side
from docgen.review.treediff import Ref, touched
from docgen.review.trees import Builder


@dataclass
class Attribution:
    method: str  # alone | together | full
    partners: list[Change] = field(default_factory=list)
    reason: str = ""
    affects: list[tuple[str, Ref]] = field(default_factory=list)  # (document id, level-1 ref)


def validate(data: dict):
    """(deal, "", []) when `data` is a valid deal, else (None, the first error's text, the error paths)."""
    from pydantic import ValidationError

    from docgen.model.deal import Deal
    from docgen.model.rules import kind, run_rules

    try:
        deal = Deal.model_validate(data)
    except ValidationError as e:
        errs = e.errors(include_url=False)
        first = errs[0]
        return None, f"{dealdiff.dotted(tuple(first['loc']))}: {first['msg']}", [tuple(x["loc"]) for x in errs]
    except (ValueError, TypeError, ArithmeticError) as e:
        return None, str(e), []
    # a regulatory error does not stop the documents from being assembled: only a structural one does
    errors = [(p, msg) for p, sev, rule, msg in run_rules(deal) if sev == "error" and kind(rule) == "structural"]
    if errors:
        p, msg = errors[0]
        return None, f"{dealdiff.dotted(p)}: {msg}", [tuple(p) for p, _ in errors]
    return deal, "", []


def touched_pack(old_trees: dict, trees: dict, order) -> list[tuple[str, Ref]]:
    """(document, level-1 part) for every part whose text differs, documents in `order`."""
    out = []
    for doc in order(set(old_trees) | set(trees)):
        for ref in touched(old_trees.get(doc), trees.get(doc)):
            out.append((doc, ref))
    return out


MAX_PARTNER_TRIES = 12  # pairs tried for a change that is invalid alone
MAX_ASSEMBLIES = 40  # distinct re-assemblies; past it, changes are attributed from the full NEW version


def _prefix(a: tuple, b: tuple) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _partners_by_relevance(diff: DealDiff, i: int, error_paths: list[tuple]) -> list[int]:
    """The other changes, those nearest to the errors (or to the change itself) first."""
    changes = diff.changes
    own = dealdiff.yaml_path(diff.old_data, changes[i].path) or ()

    def score(j: int) -> int:
        p = dealdiff.yaml_path(diff.new_data, changes[j].path) or dealdiff.yaml_path(diff.old_data, changes[j].path) or ()
        near_error = max((_prefix(p, e) for e in error_paths), default=0)
        return 2 * near_error + _prefix(p, own)

    others = [j for j in range(len(changes)) if j != i]
    return sorted(others, key=lambda j: -score(j))  # stable: file order among equals


def attribute(diff: DealDiff, build: Builder, old: Side, old_trees: dict, new_trees: dict) -> list[Attribution]:
    """For each change, the articles it touches on its own (or with the changes it needs)."""
    changes = diff.changes
    plans: list[tuple[str, list[int], str, object]] = []  # method, member indexes, reason, deal
    for i, c in enumerate(changes):
        deal, why, error_paths = _try(diff, [c])
        if deal is not None:
            plans.append(("alone", [i], "", deal))
            continue
        found = None
        ranked = _partners_by_relevance(diff, i, error_paths)
        for j in ranked[:MAX_PARTNER_TRIES]:
            deal2, _, _ = _try(diff, [c, changes[j]])
            if deal2 is not None:
                found = ("together", sorted([i, j]), why, deal2)
                break
        k = 2
        while found is None and k < len(ranked):
            # the nearest k other changes together, k doubling
            members = sorted([i] + ranked[:k])
            deal3, _, _ = _try(diff, [changes[m] for m in members])
            if deal3 is not None:
                found = ("together", members, why, deal3)
            k *= 2
        plans.append(found or ("full", list(range(len(changes))), why, None))
    results: list[Attribution] = []
    cache: dict[tuple, list] = {}  # member indexes -> affected parts
    failed: dict[tuple, str] = {}  # member indexes -> why they could not be assembled
    full: list | None = None
    for i, (method, members, why, deal) in enumerate(plans):
        key = tuple(members)
        if method != "full" and key not in cache and key not in failed and len(cache) + len(failed) >= MAX_ASSEMBLIES:
            method, why = "full", f"more than {MAX_ASSEMBLIES} separate changes: not re-assembled one by one"
        if method != "full" and key not in cache and key not in failed:
            try:
                cache[key] = touched_pack(old_trees, build(deal, date=old.date, draft=old.draft), build.order)
            except Exception as e:  # the change alone assembles to nothing sensible: use the full version
                failed[key] = f"the documents cannot be assembled with this change alone ({short_error(e)})"
        if key in failed:
            method, why = "full", failed[key]
        if method == "full":
            if full is None:
                full = touched_pack(old_trees, new_trees, build.order)
            affects = full
        else:
            affects = cache[key]
        partners = [changes[m] for m in members if m != i] if method == "together" else []
        results.append(Attribution(method, partners, why if method != "alone" else "", affects))
    return results


def _try(diff: DealDiff, changes: list[Change]):
    try:
        data = dealdiff.apply_changes(diff.old_data, changes, diff.new_data)
    except (KeyError, IndexError, TypeError) as e:
        return None, f"cannot apply: {e}", []
    return validate(data)


def short_error(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0][:200]}" if text else type(e).__name__
