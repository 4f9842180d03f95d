"""Staff screens for what the content files do not hold: events, privacy notice addresses, results date, and a
place to check support services. What comes from the content folder is shown read-only, because the next load
of the folder would overwrite an edit made here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from safevoice.consultations.models import (
    Consultation,
    ConsultationSection,
    Event,
    PrivacyNotice,
    SupportService,
)

FROM_CONTENT_FOLDER = _(
    "Set in the consultation's content folder; change it there and load the folder again."
)


class SectionInline(admin.TabularInline):
    model = ConsultationSection
    fields = ("position", "key", "heading", "shows")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PrivacyNoticeInline(admin.TabularInline):
    model = PrivacyNotice
    fields = ("position", "title", "url")
    readonly_fields = ("position", "title")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "slug",
        "state_label",
        "opens_at",
        "closes_at",
        "is_demonstration",
        "content_version",
    )
    list_filter = ("is_demonstration",)
    search_fields = ("title", "slug")
    readonly_fields = (
        "slug",
        "title",
        "summary",
        "content_version",
        "opens_at",
        "closes_at",
        "is_demonstration",
        "contact_email",
        "share_text",
        "loaded_at",
    )
    fieldsets = (
        (_("From the content folder"), {"fields": readonly_fields, "description": FROM_CONTENT_FOLDER}),
        (_("Results"), {"fields": ("results_published_at",)}),
    )
    inlines = (SectionInline, PrivacyNoticeInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A consultation starts life as a content folder (manage.py load_consultation), never as a blank form.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Responses hang off a consultation: removing one is a decision for the database, not a button.
        return False

    @admin.display(description=_("State now"))
    def state_label(self, obj: Consultation) -> str:
        return str(obj.state.label)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "consultation", "starts_at", "ends_at", "venue_name", "is_published")
    list_filter = ("is_published", "consultation")
    search_fields = ("title", "venue_name", "address")
    fields = (
        "consultation",
        "title",
        "starts_at",
        "ends_at",
        "venue_name",
        "address",
        "access_information",
        "is_published",
        "uid",
    )
    readonly_fields = ("uid",)
    date_hierarchy = "starts_at"


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "consultation", "url", "position")
    list_filter = ("consultation",)
    fields = ("consultation", "title", "url", "position")
    readonly_fields = ("consultation", "title", "position")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "phone", "website", "is_verified", "verification_note")
    list_filter = ("is_verified", "category")
    search_fields = ("name", "category", "details")
    fields = (
        "name",
        "category",
        "phone",
        "website",
        "coverage",
        "details",
        "notes_as_found",
        "is_verified",
        "verification_note",
        "source",
        "position",
    )
