"""The Jinja environment every clause text runs in, and located error reports.

Sandboxed and immutable (no `''.__class__.__mro__`, no mutating deal data), `StrictUndefined` (a
misspelt name is an error, never a blank in a draft), no loader (a clause cannot read files or import
templates), autoescape off (the output is a tree; the writers escape). Jinja's errors do not say where
they happened: `located()` recovers the template line from the traceback and maps it to the YAML line.
"""

from __future__ import annotations

import re
import threading
import traceback
from dataclasses import is_dataclass
from enum import Enum

from jinja2 import BaseLoader, StrictUndefined, meta, nodes, pass_context
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from pydantic import BaseModel

from docgen.assembly.errors import Problem, TemplateApiError
from docgen.assembly.inline import protect
from docgen.assembly.spec import Library, Src

MAX_SEQ = 100_000
# every {% for %} of one clause text together: a real clause loops over periods, tranches or assets (a few
# thousand turns); nested loops over ranges would otherwise run for hours
MAX_ITERATIONS = 1_000_000
FORBIDDEN = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class _Msg(str):
    """An undefined-error message that also carries the missing name (Jinja passes only a string)."""

    variable: str | None = None
    attribute: bool = False


class _Undefined(StrictUndefined):
    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name = self._undefined_name
        obj = self._undefined_obj
        if self._undefined_hint:
            m = _Msg(self._undefined_hint)
        elif obj is missing:
            m = _Msg(f"undefined variable '{name}'")
        elif isinstance(obj, dict) or not isinstance(name, str):
            m = _Msg(f"{type(obj).__name__} has no item {name!r}")
        elif obj is None:
            m = _Msg(f"'{name}' read from None (an optional value is missing)")
        else:
            m = _Msg(f"{type(obj).__name__} has no attribute '{name}'")
        m.variable = str(name) if name is not None else None
        m.attribute = obj is not missing
        return m


class _NoFiles(BaseLoader):
    def get_source(self, environment, template):
        raise SecurityError(f"clause texts cannot read files or import templates ('{template}')")


class _Env(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        # Bound the sizes a template can make: `'x' * 10**9` would otherwise exhaust memory.
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("exponent too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SEQ:
                    raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


@pass_context
def _finalize(ctx, value):
    if value is None:
        raise TemplateApiError("printed None: an optional value is missing (guard it with `when` or {% if %})")
    if isinstance(value, Enum):
        value = value.value
    elif hasattr(value, "zh") and hasattr(value, "en") and not isinstance(value, str):
        value = value["zh" if ctx.get("lang") == "zh" else "en"]  # a BiText prints in the current language
    elif isinstance(value, (BaseModel, list, tuple, dict, set)) or is_dataclass(value):
        # str() of these is Python's repr: never text for a legal document
        raise TemplateApiError(f"printed a whole {type(value).__name__}: print one of its fields instead")
    return protect(str(value))


class _Budget(threading.local):
    left = MAX_ITERATIONS
    depth = 0


_BUDGET = _Budget()
LOOP_GUARD = "__docgen_loop_guard"  # the global every compiled {% for %} iterates through


def _loop_guard(iterable):
    """Count the turns of a {% for %} against the clause render's budget."""
    it = iter(iterable)  # an undefined or non-iterable value fails here, as it would without the guard

    def turns():
        for x in it:
            _BUDGET.left -= 1
            if _BUDGET.left < 0:
                raise SecurityError(f"the loops of this text ran more than {MAX_ITERATIONS:,} times "
                                    "(a loop nested in a loop over a range?)")
            yield x
    return turns()


def _make_env() -> _Env:
    env = _Env(undefined=_Undefined, autoescape=False, loader=_NoFiles(), finalize=_finalize,
               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    return env


ENV = _make_env()
GLOBALS = frozenset(ENV.globals)
ENV.globals[LOOP_GUARD] = _loop_guard


class RenderFailure(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _tb_line(exc: BaseException, filename: str) -> int | None:
    line = None
    for fs in traceback.extract_tb(exc.__traceback__):
        if fs.filename == filename:
            line = fs.lineno
    return line


_PATH_BEFORE = r"([A-Za-z_]\w*(?:\([^()]*\))?(?:\.[A-Za-z_]\w*|\[[^\]]*\])*)\.{name}\b"


def _variable_path(src: Src, tline: int | None, name: str) -> str:
    """`nmae` → `deal.plan.nmae`, read back from the template line (the error only has the name)."""
    lines = src.text.splitlines() or [""]
    text = lines[tline - 1] if tline and tline <= len(lines) else src.text
    m = re.search(_PATH_BEFORE.format(name=re.escape(name)), text)
    return f"{m.group(1)}.{name}" if m else name


def located(src: Src, exc: BaseException, tline: int | None = None) -> Problem:
    """The problem an exception raised while compiling or rendering `src` stands for."""
    if tline is None:
        tline = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else _tb_line(exc, _fname(src))
    variable = None
    if isinstance(exc, UndefinedError):
        msg = exc.args[0] if exc.args else str(exc)
        variable = getattr(msg, "variable", None)
        if variable and getattr(msg, "attribute", False):
            variable = _variable_path(src, tline, variable)
            message = f"undefined variable '{variable}': {msg}"
        else:
            message = str(msg)
    elif isinstance(exc, SecurityError):
        message = f"refused by the sandbox: {exc}"
    elif isinstance(exc, TemplateSyntaxError):
        message = f"template syntax: {exc.message}"
    elif isinstance(exc, (TemplateApiError, TemplateError)):
        message = str(exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    return Problem(src.file, src.yaml_line(tline), src.owner, message, variable=variable, where=src.where,
                   template_line=tline)


def _fname(src: Src) -> str:
    return f"{src.file}#{src.owner}#{src.where}"


def check_forbidden(src: Src, ast: nodes.Template) -> None:
    for node in ast.find_all(FORBIDDEN):
        tag = {"Include": "include", "Import": "import", "FromImport": "from … import", "Extends": "extends"}[type(node).__name__]
        raise RenderFailure(Problem(src.file, src.yaml_line(node.lineno), src.owner,
                                    f"{{% {tag} %}} is not allowed: clause texts cannot read files or import templates",
                                    where=src.where, template_line=node.lineno))


def _compile_template(src: Src):
    ast = ENV.parse(src.text, name=src.owner, filename=_fname(src))
    check_forbidden(src, ast)
    for loop in ast.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.Name(LOOP_GUARD, "load", lineno=loop.lineno), [loop.iter], [], None, None,
                               lineno=loop.lineno)
    return ENV.compile(ast, name=src.owner, filename=_fname(src))


def _compile_expression(src: Src):
    # what Environment.compile_expression does, stopping at the code object so that it can be cached
    parser = Parser(ENV, src.text, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
    expr.set_environment(ENV)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    return ENV.compile(nodes.Template(body, lineno=1))


def compiled(lib: Library, src: Src, *, expression: bool = False):
    """The compiled template (or expression) of a text, cached in the library; RenderFailure if broken."""
    key = (src, expression)
    hit = lib.compiled.get(key)
    if hit is None:
        try:
            ckey = f"{int(expression)}\0{_fname(src)}\0{src.text}"
            code = lib.codes.get(ckey)
            if code is None:
                code = _compile_expression(src) if expression else _compile_template(src)
                lib.codes[ckey] = code
                lib.codes_dirty = True
            hit = ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)
            if expression:
                hit = TemplateExpression(hit, False)
        except RenderFailure as e:
            hit = e
        except TemplateSyntaxError as e:
            hit = RenderFailure(located(src, e, e.lineno))
        lib.compiled[key] = hit
    if isinstance(hit, RenderFailure):
        raise hit
    return hit


def plain_output(text: str) -> str | None:
    """What a text without any template syntax renders to, without compiling it (a third of the texts of
    a pack): the text less one trailing newline (`keep_trailing_newline=False`). None when the text has a
    brace (perhaps `{{`, `{%` or `{#`) or a carriage return (Jinja rewrites newlines): Jinja renders those."""
    if "{" in text or "\r" in text:
        return None
    return text[:-1] if text.endswith("\n") else text


def render(lib: Library, src: Src, variables: dict) -> str:
    out = plain_output(src.text)
    if out is not None:
        return out
    t = compiled(lib, src)
    if _BUDGET.depth == 0:
        _BUDGET.left = MAX_ITERATIONS
    _BUDGET.depth += 1
    try:
        return t.render(variables)
    except RenderFailure:
        raise
    except Exception as e:  # every failure of a clause text is reported, located
        raise RenderFailure(located(src, e)) from None
    finally:
        _BUDGET.depth -= 1


def evaluate(lib: Library, src: Src, variables: dict):
    """A `when` or `for` expression (one line: errors point at the YAML line of the key)."""
    f = compiled(lib, src, expression=True)
    try:
        value = f(**variables)
        if isinstance(value, StrictUndefined):
            value._fail_with_undefined_error()
        return value
    except RenderFailure:
        raise
    except Exception as e:
        raise RenderFailure(located(src, e, 1)) from None


def free_names(lib: Library, src: Src) -> frozenset:
    """The variables an expression reads (to tell a `when` about the loop element from one that is not)."""
    key = (src, "names")
    hit = lib.compiled.get(key)
    if hit is None:
        try:
            hit = frozenset(meta.find_undeclared_variables(ENV.parse(f"{{{{ {src.text} }}}}")))
        except TemplateSyntaxError:
            hit = frozenset()
        lib.compiled[key] = hit
    return hit


def condition(lib: Library, src: Src | None, variables: dict) -> bool:
    if src is None:
        return True
    v = evaluate(lib, src, variables)
    try:
        return bool(v)
    except Exception as e:
        raise RenderFailure(located(src, e, 1)) from None
