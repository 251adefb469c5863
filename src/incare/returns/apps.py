from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "incare.returns"
    label = "returns"
