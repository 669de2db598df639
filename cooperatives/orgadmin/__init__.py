"""Organisations made by a district's (or province's) administrator: the
communes with their People's Committee, cooperatives and offices, their
first leaders, and people imported from a spreadsheet, without the Django
admin."""
