"""Official documents: what they are made of (official.py), the cache of
their rendered files (cache.py), the PDF (pdf.py) and DOCX (word.py)
renderers, the renders of each document (renders.py) and their downloads
(downloads.py)."""
