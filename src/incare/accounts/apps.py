from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "incare.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from incare.accounts.sessions import stamp_new_session

        # Session bookkeeping, not an audit record: the backends audit each sign-in.
        user_logged_in.connect(stamp_new_session, dispatch_uid="incare-session-stamp")
