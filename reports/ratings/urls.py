"""Mounted by htxplan/urls.py ahead of the cooperatives app's own URLs."""

from django.urls import path

from reports.ratings import views

app_name = "ratings"

urlpatterns = [
    path("cooperatives/ratings/summary/", views.rating_summary, name="summary"),
    path("cooperatives/ratings/summary.pdf", views.rating_summary_pdf, name="summary-pdf"),
    path("cooperatives/ratings/summary.xlsx", views.rating_summary_xlsx, name="summary-xlsx"),
    path("cooperatives/ratings/summary/issue/", views.rating_summary_issue, name="summary-issue"),
    path("cooperatives/ratings/reports/<int:pk>.pdf", views.rating_report_pdf, name="report-pdf"),
]
