from django.contrib import admin

from reports.models import ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "as_of", "status", "number", "issued_on"]
    list_filter = ["status", "issuer"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan", "created_by"]
    readonly_fields = ["number", "issued_on", "version", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None):
        # An issued report is frozen, as an issued plan is.
        return not (obj and obj.is_issued) and super().has_change_permission(request, obj)
