from django.urls import path

from incare.returns import views

urlpatterns = [
    path("", views.import_runs, name="import-runs"),
]
