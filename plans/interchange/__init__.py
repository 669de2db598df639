"""The plan interchange format "htxplan.plan/1" (DESIGN.md section 6).

Lossless for everything a plan's document shows: export then import gives
the same rows. Writing it is `export.plan_to_dict`, reading it back into
rows `load.plan_import`; the importer of Word and text files
(plans/imports/) produces it too, and depends on nothing else of plans.
"""

FORMAT = "htxplan.plan/1"

# Keys added since the first files were written, all optional, so that every
# "htxplan.plan/1" file still imports: a task's "group", "period", "product",
# "note" and "extra" (the columns of a task table the model has no field
# for, {label: value}); "task_appendix" ({"title", "listing"}: where the
# document lists the tasks); "appendices" ([{"title", "body", "columns",
# "rows", "note"}], a row of one cell being a grouping row).
