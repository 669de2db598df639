"""The rating summary of a district or province for a year: the confirmed
results of cooperatives/models.CooperativeRating counted per category and
size class, listed, and set beside the year before; a page, an official PDF
and an XLSX built from one structure (summary.py)."""
