from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from gaoxin.api import api, unknown_path
from gaoxin.core import views as core_views

admin.site.site_header = _("高新 · 管理后台")
admin.site.site_title = _("高新管理后台")
admin.site.index_title = _("系统管理")

# A database gone away while a middleware used it (the session saved after the view) is a 503, not a 500.
handler500 = "gaoxin.core.middleware.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("audit/", core_views.audit_log, name="audit-log"),
    path("", include("gaoxin.accounts.urls")),  # before the admin site: it owns admin/login/
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/", unknown_path),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gaoxin.cases.urls")),
    path("", include("gaoxin.catalog.urls")),
    path("", include("gaoxin.documents.urls")),
    path("", include("gaoxin.certificates.urls")),
    path("", include("gaoxin.ratings.urls")),
    path("", include("gaoxin.projects.urls")),
    path("", include("gaoxin.economy.urls")),
    path("", include("gaoxin.demands.urls")),
    path("", include("gaoxin.cockpit.urls")),
    path("", include("gaoxin.notifications.urls")),
]
