from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "incare.core"
    label = "core"
