from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "incare.strategies"
    label = "strategies"
