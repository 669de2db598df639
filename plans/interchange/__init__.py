"""The plan interchange format "htxplan.plan/1" (DESIGN.md section 6).

Lossless for everything a plan's document shows: export then import gives
the same rows. Writing it is `export.plan_to_dict`, reading it back into
rows `load.plan_import`; the importer of Word and text files
(plans/imports/) produces it too, and depends on nothing else of plans.
"""

FORMAT = "htxplan.plan/1"
