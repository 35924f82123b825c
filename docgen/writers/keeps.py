"""What every writer keeps together over a page break, decided once from the layout tree.

- A table's caption stays with its first rows (pdf.css `caption`, Word's Caption style keeps with the
  next paragraph, Typst's sticky caption block).
- No data row stands alone on a page: the first data row keeps with the second (never alone under the
  header at the foot of a page), the last but one with the last (never alone at the top of the next).
- A total row stays with the row above it (`Table.total_rows`).
- A form's closing lines — the right-aligned signatory, seal and date lines (`Para.style == "right"`) —
  stay with the text they close (`closing`).
"""

from __future__ import annotations

from docgen.tree import Para, Parallel


def keeps_with_next(i: int, n: int, first_total: int) -> bool:
    """Whether body row `i` of `n` (total rows from `first_total`) stays on the page of the row after it."""
    if i >= n - 1:
        return False
    return (i == 0 and first_total > 1) or i == first_total - 2 or i >= first_total - 1


def closing(p: Parallel) -> bool:
    """A parallel row of closing lines only, which keeps with the row before it."""
    blocks = p.zh + p.en
    return bool(blocks) and all(isinstance(b, Para) and b.style == "right" for b in blocks)
