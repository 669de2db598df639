from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/pdf", views.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/docx", views.plan_docx, name="plan-docx"),
    path("plans/<int:plan_pk>/reports/", views.report_list, name="report-list"),
    path("plans/<int:plan_pk>/reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/recompile/", views.report_recompile, name="report-recompile"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report-approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report-return"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report-issue"),
    path("reports/<int:pk>/pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/docx", views.report_docx, name="report-docx"),
]
