"""Writers: layout tree → PDF (WeasyPrint) and DOCX (python-docx)."""
