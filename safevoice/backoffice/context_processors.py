from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from safevoice.backoffice.access import access_of, is_signed_in
from safevoice.backoffice.roles import Capability


def staff_navigation(request: HttpRequest) -> dict[str, Any]:
    """The staff menu, for pages under /staff/ seen by someone signed in: only the parts their roles open."""
    if not request.path.startswith("/staff/") or not is_signed_in(request):
        return {}
    access = access_of(request)
    items = [(_("Consultations"), reverse("backoffice:home"))]
    if access.can(Capability.CHECK_SUPPORT_SERVICES):
        items.append((_("Support services"), reverse("backoffice:support_services")))
    if access.can(Capability.MANAGE_STAFF):
        items.append((_("Staff"), reverse("backoffice:staff_list")))
    if access.can(Capability.READ_AUDIT_LOG):
        items.append((_("Audit log"), reverse("backoffice:audit_log")))
    items.append((_("Your account"), reverse("backoffice:account")))
    home = reverse("backoffice:home")

    def current(url: str) -> bool:
        return request.path == url if url == home else request.path.startswith(url)

    return {
        "staff_navigation": [{"label": label, "url": url, "current": current(url)} for label, url in items]
    }
