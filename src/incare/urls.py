from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("incare.accounts.urls")),
    path("imports/", include("incare.returns.urls")),
    path("records/", include("incare.records.urls")),
    path("worklists/", include("incare.worklists.urls")),
    path("strategies/", include("incare.strategies.urls")),
    path("indicators/", include("incare.indicators_web.urls")),
    path("", include("incare.core.urls")),
]
