from django.contrib import admin

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "unit", "abbreviation", "email", "is_common_recipient"]
    list_filter = ["kind", "unit__level", "is_common_recipient"]
    search_fields = ["name", "short_name", "abbreviation"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit"]
    inlines = [MembershipInline]


class CooperativeRatingInline(admin.TabularInline):
    model = CooperativeRating
    extra = 0


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "registration_code", "founded_on", "sector", "status"]
    list_filter = ["status", "sector"]
    search_fields = ["organization__name", "organization__short_name", "registration_code"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [CooperativeRatingInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__short_name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
