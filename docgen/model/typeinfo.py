"""What a model field's type annotation says once its wrappers are taken off: shared by the deal reference
(`docgen.model.reference`) and the template linter (`docgen.assembly.modelpaths`)."""

from __future__ import annotations

import types
import typing


def unwrap(tp) -> tuple[object, list, bool]:
    """(type, metadata list, optional?) with `Annotated` and `| None` taken off. A union of several types
    other than None comes back as it is (None included)."""
    meta: list = []
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            tp, meta = args[0], meta + list(args[1:])
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) < len(typing.get_args(tp)):
                optional = True
            if len(args) == 1:
                tp = args[0]
                continue
        return tp, meta, optional
