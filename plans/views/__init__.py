"""The plans app's pages, one module per job: pages.py (dashboard, list,
plan page, history, JSON), authoring.py (create and edit a draft),
workflow.py (submit, approve, return, issue, copy, amend, remarks),
imports.py (a plan from a Word or text file) and documents.py (the view
helpers every numbered document's pages share). Progress pages are in
plans/progress/views.py."""
