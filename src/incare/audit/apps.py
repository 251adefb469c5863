from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "incare.audit"
    label = "audit"
    verbose_name = "Audit log"
