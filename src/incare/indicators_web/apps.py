from django.apps import AppConfig


class IndicatorsWebConfig(AppConfig):
    name = "incare.indicators_web"
    label = "indicators_web"
    verbose_name = "Indicator pages"
