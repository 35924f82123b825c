"""Table builders, one module per document or topic; each registers with `@table(ID)`."""
