from django.contrib import admin

from reports.models import Delivery, DeliveryDownload, Notification, PlanDeadline, ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "as_of", "status", "number", "issued_on"]
    list_filter = ["status", "issuer"]
    search_fields = ["title", "plan__title", "issuer__short_name"]
    list_select_related = ["issuer"]
    autocomplete_fields = ["plan", "issuer"]
    # As for plans, the status and number move only through the workflow pages.
    readonly_fields = ["status", "number", "issued_on", "version", "created_by", "created_at", "updated_at"]

    # An issued report is frozen, as an issued plan is: its number and its
    # deliveries stand for a document that was sent.
    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_issued) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_issued) and super().has_delete_permission(request, obj)


class DeliveryDownloadInline(admin.TabularInline):
    model = DeliveryDownload
    extra = 0
    readonly_fields = ["user", "format", "downloaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only record of what was sent to whom; the pages act on it, the back office only looks."""

    list_display = ["organization", "plan", "report", "created_at", "email_status", "first_read_at", "confirmed_at"]
    list_filter = ["email_status", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["organization__short_name", "plan__title", "report__title", "label"]
    list_select_related = ["organization", "plan__issuer", "report"]
    inlines = [DeliveryDownloadInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A record of who was told what; made by the workflow, never by hand."""

    list_display = ["created_at", "user", "kind", "subject", "read_at", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["subject", "user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanDeadline)
class PlanDeadlineAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "due_on", "set_by"]
    list_filter = ["year"]
    list_select_related = ["unit", "set_by"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["set_by"]
