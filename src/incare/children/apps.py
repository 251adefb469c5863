from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "incare.children"
    label = "children"
