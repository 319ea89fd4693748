"""Back issues: OCR of printed pages (plain text, hOCR, ALTO) → an edition folder.

    import_pages(files, out_dir, ImportOptions(paper=…, date=…)) → ImportResult

This stage reads only the files it is given and the spec's own definitions;
it writes only inside `out_dir`.
"""
from .importer import ImportOptions, ImportResult, import_pages, read_page

__all__ = ["ImportOptions", "ImportResult", "import_pages", "read_page"]
