from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "incare.reports"
    label = "reports"
