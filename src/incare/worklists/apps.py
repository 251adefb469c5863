from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "incare.worklists"
    label = "worklists"
    verbose_name = "Statutory worklists"
