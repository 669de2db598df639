"""The district (or province) office's view over its communes: the
overview page (overview.py), the summary table with its chart and
spreadsheet (summary.py), their filter form and their pages (views.py)."""
