"""Third-party apps as the Django admin names them, in the admin's language: axes, the TOTP
plugin and the task queue give no (or no Russian) name of their own, and the admin's index
showed «AXES», «OTP_TOTP» and «Task Results». INSTALLED_APPS names these configs instead of
the packages' own."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Попытки входа и блокировки")


class TotpConfig(TotpAppConfig):
    verbose_name = _("Второй фактор: приложения-генераторы кодов")


class TasksConfig(TasksAppConfig):
    verbose_name = _("Фоновые задачи")  # type: ignore[assignment]  # a lazy str is a str here

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # The package's model names have no Russian translation.
        DBTaskResult._meta.verbose_name = _("результат задачи")
        DBTaskResult._meta.verbose_name_plural = _("результаты задач")
