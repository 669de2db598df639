from django.urls import include, path

from plans.views import authoring, imports, pages, workflow

app_name = "plans"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("plans/", pages.plan_list, name="plan-list"),
    path("plans/<int:pk>/", pages.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/export.json", pages.plan_export_json, name="plan-export-json"),
    path("plans/<int:pk>/history/", pages.plan_history, name="plan-history"),
    path("plans/new/", authoring.plan_create, name="plan-create"),
    path("plans/import/", imports.plan_import, name="plan-import"),
    path("plans/<int:pk>/edit/", authoring.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/parts/<slug:kind>/add/", authoring.plan_part_add, name="plan-part-add"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/", authoring.plan_part_edit, name="plan-part-edit"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/delete/", authoring.plan_part_delete, name="plan-part-delete"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/move/", authoring.plan_part_move, name="plan-part-move"),
    path("plans/<int:pk>/submit/", workflow.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve/", workflow.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", workflow.plan_return, name="plan-return"),
    path("plans/<int:pk>/issue/", workflow.plan_issue, name="plan-issue"),
    path("plans/<int:pk>/copy/", workflow.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/amend/", workflow.plan_amend, name="plan-amend"),
    path("plans/<int:pk>/remarks/", workflow.remark_add, name="remark-add"),
    path("plans/<int:pk>/remarks/<int:remark_pk>/resolve/", workflow.remark_resolve, name="remark-resolve"),
    path("", include("plans.progress.urls")),
]
