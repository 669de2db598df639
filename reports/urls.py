from django.urls import path

from reports import views
from reports.distribution import views as distribution_views
from reports.district import views as district_views
from reports.notifications import views as notification_views
from reports.reminders import views as reminder_views

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/pdf", views.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/pdf/status", views.plan_pdf_status, name="plan-pdf-status"),
    path("plans/<int:pk>/docx", views.plan_docx, name="plan-docx"),
    path("plans/<int:plan_pk>/reports/", views.report_list, name="report-list"),
    path("plans/<int:plan_pk>/reports/new/", views.report_create, name="report-create"),
    # The district office: its dashboard over the communes and the summary of a district or province.
    path("district/", district_views.district, name="district"),
    path("reports/", views.report_index, name="report-index"),
    path("reports/summary/", district_views.summary, name="summary"),
    path("reports/summary.pdf", district_views.summary_pdf, name="summary-pdf"),
    path("reports/summary.xlsx", district_views.summary_xlsx, name="summary-xlsx"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/recompile/", views.report_recompile, name="report-recompile"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report-approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report-return"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report-issue"),
    path("reports/<int:pk>/remarks/", views.report_remark_add, name="report-remark-add"),
    path(
        "reports/<int:pk>/remarks/<int:remark_pk>/resolve/", views.report_remark_resolve, name="report-remark-resolve"
    ),
    path("reports/<int:pk>/pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/docx", views.report_docx, name="report-docx"),
    # Distribution (Nơi nhận): the recipients' inbox and the issuer's delivery table.
    path("inbox/", distribution_views.inbox, name="inbox"),
    path("inbox/<int:pk>/open", distribution_views.delivery_open, name="delivery-open"),
    path("inbox/<int:pk>/pdf", distribution_views.delivery_pdf, name="delivery-pdf"),
    path("inbox/<int:pk>/docx", distribution_views.delivery_docx, name="delivery-docx"),
    path("inbox/<int:pk>/confirm/", distribution_views.delivery_confirm, name="delivery-confirm"),
    path("deliveries/<int:pk>/retry/", distribution_views.delivery_retry, name="delivery-retry"),
    path("plans/<int:pk>/deliveries/", distribution_views.plan_recipient_link, name="plan-recipient-link"),
    path("reports/<int:pk>/deliveries/", distribution_views.report_recipient_link, name="report-recipient-link"),
    # The bell: notifications of each workflow step, remark and delivery.
    path("notifications/", notification_views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification-open"),
    path("notifications/read-all/", notification_views.notifications_read_all, name="notifications-read-all"),
    path("notifications/settings/", notification_views.notification_settings, name="notification-settings"),
    path("district/deadlines/", reminder_views.plan_deadlines, name="plan-deadlines"),
]
