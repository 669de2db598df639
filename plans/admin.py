from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Evidence,
    ExtraSection,
    LegalBasis,
    NumberRegister,
    Objective,
    Plan,
    ProgressUpdate,
    Recipient,
    Remark,
    SentReminder,
    Solution,
    Task,
)


class FrozenWhenIssuedMixin:
    """Issued plans are read-only here as everywhere else."""

    def _frozen(self, obj) -> bool:
        plan = obj if isinstance(obj, Plan) else getattr(obj, "plan", None)
        if plan is None:
            return False
        # The history pages pass an old version of the row (a plan still
        # "approved"): whether it may change is decided by the plan as it is now.
        return plan.is_issued or Plan.objects.filter(pk=plan.pk, status=Plan.Status.ISSUED).exists()

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a "revert" for anyone who may merely view the
        # history; saving an old version needs the right to change the row.
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenInlineMixin(FrozenWhenIssuedMixin):
    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)


class PartInline(FrozenInlineMixin, admin.StackedInline):
    extra = 0
    ordering = ["position", "id"]


class LegalBasisInline(PartInline):
    model = LegalBasis


class ObjectiveInline(PartInline):
    model = Objective


class TaskInline(PartInline):
    model = Task
    autocomplete_fields = ["cooperative"]


class SolutionInline(PartInline):
    model = Solution
    fields = ["position", "parent", "title", "body"]


class ExtraSectionInline(PartInline):
    model = ExtraSection


class RecipientInline(FrozenInlineMixin, admin.TabularInline):
    model = Recipient
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Plan)
class PlanAdmin(FrozenWhenIssuedMixin, SimpleHistoryAdmin):
    list_display = ["title", "issuer", "year", "number_label", "status", "updated_at"]
    list_filter = ["status", "year", "issuer"]
    search_fields = ["title", "issuer__short_name"]
    autocomplete_fields = ["issuer", "supersedes", "copied_from", "cooperatives"]
    list_select_related = ["issuer"]
    # The status, number and date change only through the workflow pages
    # (plans/services.py): a status set here would issue a plan without a
    # number from the register, or skip the approval.
    readonly_fields = ["status", "number", "issued_on", "version", "created_by", "created_at", "updated_at"]
    inlines = [LegalBasisInline, ObjectiveInline, TaskInline, SolutionInline, ExtraSectionInline, RecipientInline]

    @admin.display(description=_("Số, ký hiệu"))
    def number_label(self, obj):
        return obj.number_label or "—"


@admin.register(Task)
class TaskAdmin(FrozenWhenIssuedMixin, SimpleHistoryAdmin):
    list_display = ["title", "plan", "cooperative", "due_on", "weight"]
    list_filter = ["plan__year", "cooperative"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan__issuer", "cooperative__organization"]
    autocomplete_fields = ["plan", "cooperative"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A task is never added to, or moved into, an issued plan.
        if db_field.name == "plan":
            kwargs["queryset"] = Plan.objects.exclude(status=Plan.Status.ISSUED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(NumberRegister)
class NumberRegisterAdmin(admin.ModelAdmin):
    list_display = ["issuer", "year", "last_number"]
    list_filter = ["year"]
    # Numbers are never edited by hand: Decree 30 forbids reuse and gaps come
    # only from cancelled documents.
    readonly_fields = ["issuer", "year", "last_number"]
    list_select_related = ["issuer"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deleted register would start again at 1 and give out numbers already issued.
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "file"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "reported_on", "percent", "status", "author"]
    list_filter = ["status", "reported_on"]
    search_fields = ["task__title", "work_done"]
    list_select_related = ["task", "author"]
    autocomplete_fields = ["task"]
    inlines = [EvidenceInline]


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    list_display = ["plan", "author", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "plan__title", "author__username"]
    list_select_related = ["plan__issuer", "author"]
    autocomplete_fields = ["plan"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Read-only: the record of what the reminder command already sent."""

    list_display = ["sent_on", "kind", "user", "task_count"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
