"""Texts without template syntax are printed without compiling them, exactly as Jinja would print them."""

from __future__ import annotations

import pytest

from docgen.assembly.sandbox import ENV, plain_output

PLAIN = ["", "\n", "text", "text\n", "text\n\n", "  leading and trailing  ", "a\nb\n", "100% # not a comment",
         "} a closing brace alone", "\u7532\u65b9\uff08\u4e00\uff09\n", "tab\there\n", "end %}"]


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_text_prints_as_jinja_prints_it(text):
    assert plain_output(text) == ENV.from_string(text).render()


@pytest.mark.parametrize("text", ["{{ x }}", "{% if true %}a{% endif %}", "{# note #}a", "a {b}", "line\r\nnext"])
def test_a_text_with_a_brace_or_a_carriage_return_goes_to_jinja(text):
    assert plain_output(text) is None
