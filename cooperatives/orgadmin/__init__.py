"""Organisations of a district's communes and cooperatives, and their first
leaders, made by its administrator; people imported from XLSX."""
