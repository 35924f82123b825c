"""Assembly: outlines and clauses + deal + projection → one bilingual document tree."""
