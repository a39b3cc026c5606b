from django.contrib import admin
from django.urls import include, path

from arraigo.core.health import healthz

urlpatterns = [
    path("", include("arraigo.home.urls")),
    path("accounts/", include("arraigo.accounts.urls")),
    path("households/", include("arraigo.registry.urls")),
    path("households/", include("arraigo.casefile.urls")),  # notes and transfers of a case
    path("places/", include("arraigo.places.urls")),
    path("jobs/", include("arraigo.jobs.urls")),
    path("matching/", include("arraigo.matching.urls")),
    path("relocation/", include("arraigo.relocation.urls")),
    path("referrals/", include("arraigo.referrals.urls")),
    path("casework/", include("arraigo.casework.urls")),
    path("files/", include("arraigo.attachments.urls")),  # files on cases, scoped
    path("feedback/", include("arraigo.feedback.urls")),
    path("monitoring/", include("arraigo.monitoring.urls")),
    path("background/", include("arraigo.background.urls")),
    path("notifications/", include("arraigo.notifications.urls")),
    path("imports/", include("arraigo.bulk.urls")),
    path("webhooks/", include("arraigo.webhooks.urls")),
    path("privacy/", include("arraigo.privacy.urls")),  # erasure requests (#15)
    path("hooks/", include("arraigo.monitoring.urls_hooks")),  # KoboToolbox REST Services
    path("api/", include("arraigo.api.urls")),  # /api/v1/ (REST API) and the token pages
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
