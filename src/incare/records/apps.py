from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "incare.records"
    label = "records"
    verbose_name = "records beyond the 903"
