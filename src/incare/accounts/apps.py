from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "incare.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
