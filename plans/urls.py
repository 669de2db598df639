from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/export.json", views.plan_export_json, name="plan-export-json"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/import/", views.plan_import, name="plan-import"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/parts/<slug:kind>/add/", views.plan_part_add, name="plan-part-add"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/", views.plan_part_edit, name="plan-part-edit"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/delete/", views.plan_part_delete, name="plan-part-delete"),
    path("plans/<int:pk>/parts/<slug:kind>/<int:part_pk>/move/", views.plan_part_move, name="plan-part-move"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan-return"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan-issue"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/amend/", views.plan_amend, name="plan-amend"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan-history"),
    path("plans/<int:pk>/remarks/", views.remark_add, name="remark-add"),
    path("plans/<int:pk>/remarks/<int:remark_pk>/resolve/", views.remark_resolve, name="remark-resolve"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/progress/new", views.progress_create, name="progress-create"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
]
