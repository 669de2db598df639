from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Văn bản, báo cáo")

    def ready(self) -> None:
        # plans never imports reports: what reports adds to a plan is attached here.
        from django.core import checks as system_checks

        from cooperatives.profile.panels import profile_page_register
        from cooperatives.rating.events import listen as rating_listen
        from plans.dashboard import dashboard_key_register, dashboard_queue_register
        from plans.events import listen
        from plans.pages import plan_page_key_register, plan_page_register
        from plans.services.lifecycle import on_issue
        from reports import checks, plan_page, versions
        from reports.dashboard import reports_queue, reports_queue_key
        from reports.distribution import document_distribute
        from reports.notifications.profile import profile_summary
        from reports.notifications.rating import rating_notify
        from reports.notifications.services import notify_event

        on_issue(document_distribute)
        listen(notify_event)
        rating_listen(rating_notify)
        dashboard_queue_register(reports_queue)
        dashboard_key_register(reports_queue_key)
        plan_page_register("actions", plan_page.plan_actions)
        plan_page_register("panels", plan_page.plan_deliveries)
        plan_page_register("document", plan_page.plan_official_document)
        plan_page_key_register(plan_page.deliveries_key)
        profile_page_register(profile_summary)
        versions.connect()
        system_checks.register(checks.several_hosts_share_the_cache, "htxplan")
