from django.contrib import admin
from django.urls import include, path

from incare.returns.urls import imports_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("incare.accounts.urls")),
    path("imports/", include(imports_urlpatterns)),
    path("data/", include("incare.returns.urls")),
    path("children/", include("incare.children.urls")),
    path("audit/", include("incare.audit.urls")),
    path("records/", include("incare.records.urls")),
    path("worklists/", include("incare.worklists.urls")),
    path("strategies/", include("incare.strategies.urls")),
    path("strategies/", include("incare.reports.urls")),
    path("indicators/", include("incare.indicators_web.urls")),
    path("", include("incare.core.urls")),
]
