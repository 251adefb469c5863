from django.urls import path

from incare.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
]
