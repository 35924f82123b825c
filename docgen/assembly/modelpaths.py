"""Static checking of a template's expressions against the deal model, for `docgen lint`.

Walks the Jinja AST with a small type inference over the pydantic models and projection dataclasses:
an attribute the model does not have (`deal.plan.nmae`) is an error, and so is a path *through* an
optional field (`deal.credit_enhancement.guarantee.guarantor`) or a printed optional value, unless a
condition mentions it: the clause's `when` (or an ancestor's), an enclosing `{% if %}`, the left side
of `and`, a conditional expression's test. `deal.has_guarantor` counts as mentioning
`deal.credit_enhancement.guarantee` (read from the property's `is not None` body). A heuristic, as
intended: it finds the forgotten guard, not every possible None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import inspect
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from jinja2 import nodes
from pydantic import BaseModel

from docgen.model.deal import Deal, Party, Tranche
from docgen.model.typeinfo import unwrap
from docgen.projection.result import Projection


@dataclass(frozen=True)
class T:
    """What lint knows about an expression: its type (None: unknown), path text, whether it may be None."""

    tp: object = None
    path: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class Fn:
    """A callable: an API helper (by name) or a model method."""

    name: str
    returns: object = None


@dataclass(frozen=True)
class Finding:
    lineno: int
    message: str
    variable: str | None = None


API_TYPES: dict[str, T] = {
    "deal": T(Deal, "deal"), "proj": T(Projection, "proj"), "lang": T(str, "lang"), "doc": T(str, "doc"),
    **{n: T(Fn(n, str), n) for n in ("t", "money", "money_exact", "upper", "words", "date", "pct", "num", "mult",
                                      "cn_num", "ordinal", "term", "ref", "doc_ref")},
    "party": T(Fn("party", Party), "party"), "parties": T(Fn("parties", list[Party]), "parties"),
    "tranche": T(Fn("tranche", Tranche), "tranche"),
}
PRIMITIVES = (str, int, float, bool, Decimal, dt.date, dt.datetime)
DICT_METHODS = {"items", "values", "keys", "get"}
ELEMENT_FILTERS = {"first", "last", "random"}
SAME_FILTERS = {"list", "sort", "unique", "reverse", "selectattr", "rejectattr", "batch", "slice"}
GUARD_FILTERS = {"default", "d"}


# ----------------------------------------------------------------------------- types
def _strip(tp):
    """(type without Annotated/Optional, may be None); a union without its None, a Literal as the type
    of its first value."""
    tp, _, optional = unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(a for a in typing.get_args(tp) if a is not type(None))], optional
    if origin is typing.Literal:
        return type(typing.get_args(tp)[0]), optional
    return tp, optional


def _is_model(tp) -> bool:
    return isinstance(tp, type) and (issubclass(tp, BaseModel) or dataclasses.is_dataclass(tp))


@functools.lru_cache(maxsize=None)
def _fields(cls) -> dict:
    if issubclass(cls, BaseModel):
        return {n: f.annotation for n, f in cls.model_fields.items()}
    try:
        return typing.get_type_hints(cls)
    except Exception:
        return {f.name: None for f in dataclasses.fields(cls)}


def _returns(fn) -> object:
    try:
        return typing.get_type_hints(fn).get("return")
    except Exception:
        return None


def _member(cls, name: str):
    """(found, type) of an attribute of a model / dataclass class."""
    if name.startswith("_"):
        return False, None
    f = _fields(cls)
    if name in f:
        return True, f[name]
    try:
        static = inspect.getattr_static(cls, name)
    except AttributeError:
        return False, None
    if isinstance(static, property):
        return True, _returns(static.fget)
    if callable(static) or isinstance(static, (staticmethod, classmethod)):
        fn = static.__func__ if isinstance(static, (staticmethod, classmethod)) else static
        return True, Fn(name, _returns(fn))
    return True, None


def _names(cls) -> list[str]:
    out = list(_fields(cls))
    out += [n for n, v in vars(cls).items() if isinstance(v, property)]
    return out


@functools.lru_cache(maxsize=None)
def aliases() -> dict[str, str]:
    """deal.has_guarantor → deal.credit_enhancement.guarantee (from `return self.X is not None`)."""
    out = {}
    for name, v in vars(Deal).items():
        if isinstance(v, property):
            try:
                src = inspect.getsource(v.fget)
            except (OSError, TypeError):
                continue
            m = re.search(r"return\s+self\.([\w.]+)\s+is\s+not\s+None\s*$", src.strip())
            if m:
                out[f"deal.{name}"] = f"deal.{m.group(1)}"
    return out


def selected_attrs(iterable, name: str) -> frozenset:
    """`for f in fees | selectattr('amount')`: every `f` has an `amount`, which guards `f.amount`."""
    out = set()
    for f in [iterable, *iterable.find_all(nodes.Filter)]:
        if isinstance(f, nodes.Filter) and f.name == "selectattr" and f.args and isinstance(f.args[0], nodes.Const):
            out.add(f"{name}.{f.args[0].value}")
    return frozenset(out)


# ----------------------------------------------------------------------------- the checker
class Checker:
    def __init__(self, guards: tuple[frozenset, ...] = ()):
        self.findings: list[Finding] = []
        self.base_guards = guards
        self.calls: list[tuple[str, str | None, int]] = []  # (helper, literal arg or None, line)

    # ---- guards
    def mentions(self, node, scope) -> frozenset:
        out = set()
        for n in [node, *node.find_all((nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Call))]:
            p = self.path_of(n, scope)
            if p:
                out.add(p)
                if p in aliases():
                    out.add(aliases()[p])
        return frozenset(out)

    def guarded(self, path: str | None, guards) -> bool:
        if not path:
            return True
        for g in (*self.base_guards, *guards):
            for m in g:
                if m == path or m.startswith(path + ".") or m.startswith(path + "["):
                    return True
        return False

    def path_of(self, node, scope) -> str | None:
        if isinstance(node, nodes.Name):
            t = scope.get(node.name)
            return t.path if t and t.path else node.name
        if isinstance(node, nodes.Getattr):
            base = self.path_of(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = self.path_of(node.node, scope)
            if base and isinstance(node.arg, nodes.Const):
                return f"{base}[{node.arg.value!r}]"
            return None
        if isinstance(node, nodes.Call):
            base = self.path_of(node.node, scope)
            args = [self.path_of(a, scope) if not isinstance(a, nodes.Const) else repr(a.value) for a in node.args]
            if base and all(args):
                return f"{base}({', '.join(args)})"
        return None

    def flag(self, node, msg, variable=None):
        self.findings.append(Finding(getattr(node, "lineno", 1) or 1, msg, variable))

    # ---- attribute typing
    def attr(self, base: T, name: str, node, guards, path: str | None) -> T:
        tp = base.tp
        if tp is None or isinstance(tp, Fn):
            return T(None, path)
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            members = typing.get_args(tp)
            hits = [(m, *_member(m, name)) for m in members if _is_model(m)]
            having = [h for h in hits if h[1]]
            if not having:
                self.unknown(node, base, name, members[0], path)
                return T(None, path)
            if len(having) < len(members) and not any("kind" in m for g in (*self.base_guards, *guards) for m in g):
                only = ", ".join(h[0].__name__ for h in having)
                self.flag(node, f"'{path}' exists only on {only}: guard it with a condition on '{base.path}.kind'", path)
            rt, opt = _strip(having[0][2]) if having[0][2] is not None else (None, False)
            return T(rt, path, opt)
        origin = typing.get_origin(tp) or tp
        if _is_model(tp):
            found, rt = _member(tp, name)
            if not found:
                self.unknown(node, base, name, tp, path)
                return T(None, path)
            if isinstance(rt, Fn):
                return T(rt, path)
            rt, opt = _strip(rt) if rt is not None else (None, False)
            return T(rt, path, opt)
        if origin is dict:
            args = typing.get_args(tp)
            kt, vt = (args + (None, None))[:2]
            if name in DICT_METHODS:
                ret = {"items": list[tuple[kt, vt]], "values": list[vt], "keys": list[kt], "get": typing.Optional[vt]}[name]
                return T(Fn(name, ret), path)
            rt, opt = _strip(vt) if vt is not None else (None, False)
            return T(rt, path, opt)  # Jinja reads deal.parties.manager as an item
        if origin in (list, tuple, set) or (isinstance(origin, type) and issubclass(origin, PRIMITIVES + (Enum,))):
            if not hasattr(origin, name):
                self.unknown(node, base, name, origin, path)
                return T(None, path)
            return T(Fn(name, None), path)
        return T(None, path)

    def unknown(self, node, base: T, name: str, cls, path):
        have = _names(cls) if _is_model(cls) else [n for n in dir(cls) if not n.startswith("_")]
        near = difflib.get_close_matches(name, have, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        cname = getattr(cls, "__name__", str(cls))
        self.flag(node, f"'{path}': {cname} has no attribute '{name}'{hint}", path)

    def item_of(self, tp):
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (list, set) and args:
            return _strip(args[0])
        if origin is tuple and args:
            if len(args) == 2 and args[1] is Ellipsis:
                return _strip(args[0])
            return (None, False)
        if origin is dict and args:
            return _strip(args[0])
        return (None, False)

    # ---- expressions
    def expr(self, node, scope, guards, use: str = "value") -> T:
        out = self._expr(node, scope, guards)
        if use == "value" and out.optional and not self.guarded(out.path, guards):
            self.flag(node, f"'{out.path}' may be None: guard it with `when` or {{% if %}}", out.path)
        return out

    def _expr(self, node, scope, guards) -> T:
        E = self.expr
        if isinstance(node, nodes.Name):
            return scope.get(node.name, T(None, node.name))
        if isinstance(node, nodes.Getattr):
            base = E(node.node, scope, guards, "base")
            path = f"{base.path}.{node.attr}" if base.path else None
            if base.optional and not self.guarded(base.path, guards):
                self.flag(node, f"'{path}' goes through '{base.path}', which may be None: guard it with `when` or {{% if %}}", path)
            return self.attr(base, node.attr, node, guards, path)
        if isinstance(node, nodes.Getitem):
            base = E(node.node, scope, guards, "base")
            E(node.arg, scope, guards, "test")
            path = self.path_of(node, scope)
            if base.optional and not self.guarded(base.path, guards):
                self.flag(node, f"'{path or base.path}' goes through '{base.path}', which may be None", path)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attr(base, node.arg.value, node, guards, path)
            if isinstance(node.arg, nodes.Slice):
                return T(base.tp, path)
            tp, opt = self.item_of(base.tp) if base.tp is not None else (None, False)
            if typing.get_origin(base.tp) is dict:
                tp, opt = _strip(typing.get_args(base.tp)[1])
            return T(tp, path, opt)
        if isinstance(node, nodes.Call):
            f = E(node.node, scope, guards, "base")
            for a in node.args:
                E(a, scope, guards, "value")
            for k in node.kwargs:
                E(k.value, scope, guards, "value")
            for d in (node.dyn_args, node.dyn_kwargs):
                if d is not None:
                    E(d, scope, guards, "test")
            if isinstance(node.node, nodes.Name) and node.node.name in ("term", "ref", "doc_ref"):
                arg = node.args[0] if node.args else None
                lit = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
                self.calls.append((node.node.name, lit, node.lineno))
            if isinstance(f.tp, Fn):
                rt, opt = _strip(f.tp.returns) if f.tp.returns is not None else (None, False)
                return T(rt, self.path_of(node, scope), opt)
            return T(None, self.path_of(node, scope))
        if isinstance(node, nodes.Filter):
            subj = T()
            if node.node is not None:
                subj = E(node.node, scope, guards, "test" if node.name in GUARD_FILTERS else "value")
            for a in node.args:
                E(a, scope, guards, "test")
            for k in node.kwargs:
                E(k.value, scope, guards, "test")
            if node.name in ELEMENT_FILTERS and subj.tp is not None:
                tp, opt = self.item_of(subj.tp)
                return T(tp, None, opt)
            if node.name in SAME_FILTERS:
                return T(subj.tp, None)
            if node.name in ("length", "count"):
                return T(int)
            return T()
        if isinstance(node, nodes.Test):
            E(node.node, scope, guards, "test")
            for a in node.args:
                E(a, scope, guards, "test")
            return T(bool)
        if isinstance(node, nodes.CondExpr):
            E(node.test, scope, guards, "test")
            g = guards + (self.mentions(node.test, scope),)
            a = E(node.expr1, scope, g, "test")
            if node.expr2 is not None:
                E(node.expr2, scope, g, "test")
            return T(a.tp)
        if isinstance(node, (nodes.And, nodes.Or)):
            E(node.left, scope, guards, "test")
            E(node.right, scope, guards + (self.mentions(node.left, scope),), "test")
            return T(bool)
        if isinstance(node, nodes.Not):
            E(node.node, scope, guards, "test")
            return T(bool)
        if isinstance(node, nodes.Compare):
            E(node.expr, scope, guards, "test")
            for op in node.ops:
                E(op.expr, scope, guards, "test")
            return T(bool)
        if isinstance(node, nodes.Const):
            return T(type(node.value))
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                E(child, scope, guards, "value")
        return T()

    def printed(self, node, t: T) -> None:
        """A value printed as it is: amounts and dates must go through the formatting helpers."""
        tp = t.tp
        what = t.path or "this value"
        if isinstance(tp, type) and issubclass(tp, Decimal):
            self.flag(node, f"'{what}' is printed raw: use money(), money_exact(), num(), pct() or mult()", t.path)
        elif isinstance(tp, type) and issubclass(tp, dt.date):
            self.flag(node, f"'{what}' is printed raw: use date()", t.path)
        elif _is_model(tp) or typing.get_origin(tp) in (list, tuple, dict):
            name = getattr(tp, "__name__", None) or str(typing.get_origin(tp).__name__)
            self.flag(node, f"'{what}' prints a whole {name}: print one of its fields", t.path)

    # ---- statements
    def bind(self, target, t: T, scope: dict):
        if isinstance(target, nodes.Name):
            scope[target.name] = T(t.tp, target.name, t.optional)
        elif isinstance(target, nodes.Tuple):
            args = typing.get_args(t.tp) if typing.get_origin(t.tp) is tuple else ()
            for i, item in enumerate(target.items):
                tp, opt = _strip(args[i]) if i < len(args) and args[i] is not Ellipsis else (None, False)
                self.bind(item, T(tp, None, opt), scope)

    def body(self, stmts, scope, guards):
        for s in stmts:
            self.stmt(s, scope, guards)

    def stmt(self, node, scope, guards):
        if isinstance(node, nodes.Output):
            for n in node.nodes:
                if not isinstance(n, nodes.TemplateData):
                    self.printed(n, self.expr(n, scope, guards, "value"))
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope, guards, "test")
            g = guards + (self.mentions(node.test, scope),)
            self.body(node.body, dict(scope), g)
            for e in node.elif_:
                self.stmt(e, scope, g)
            self.body(node.else_, dict(scope), g)
        elif isinstance(node, nodes.For):
            it = self.expr(node.iter, scope, guards, "value")
            inner = dict(scope)
            tp, opt = self.item_of(it.tp) if it.tp is not None else (None, False)
            self.bind(node.target, T(tp, None, opt), inner)
            inner["loop"] = T(None, "loop")
            if isinstance(node.target, nodes.Name):
                guards = guards + (selected_attrs(node.iter, node.target.name),)
            if node.test is not None:
                self.expr(node.test, inner, guards, "test")
                guards = guards + (self.mentions(node.test, inner),)
            self.body(node.body, inner, guards)
            self.body(node.else_, dict(scope), guards)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope, guards, "test"), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, dict(scope), guards)
            self.bind(node.target, T(str), scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope, guards, "test"), inner)
            self.body(node.body, inner, guards)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for a in node.args:
                inner[a.name] = T(None, a.name)
            inner.update({"caller": T(), "varargs": T(), "kwargs": T()})
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope, guards, "test")
            self.body(node.body, inner, guards)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.stmt(child, scope, guards)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, scope, guards, "value")
